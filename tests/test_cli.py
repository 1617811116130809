"""The `mpsim` command line end to end: real processes against the real demo server."""

from __future__ import annotations

import json
import os
import subprocess
import sys

import pytest

from simulator.server.demo import DEMO_ANSWER

CHAT_BODY = json.dumps({"stream": True, "messages": [{"role": "user", "content": "你好"}]}, ensure_ascii=False)


def mpsim(*args: str, timeout: float = 60) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "simulator.cli", *args], capture_output=True, text=True,
                          timeout=timeout, env={**os.environ, "PYTHONIOENCODING": "utf-8"})


def test_record_then_export_events_ends_with_done_and_merges_to_the_chinese_answer(demo_url, tmp_path):
    log = tmp_path / "chat.jsonl"
    r = mpsim("record", f"{demo_url}/v1/chat/completions", "-X", "POST", "-d", CHAT_BODY,
              "-H", "Authorization: Bearer sk-test", "--profile", "random", "--seed", "4", "-o", str(log))
    assert r.returncode == 0, r.stderr
    summary = r.stdout.strip()
    assert summary.startswith("200 OK") and "events" in summary and "complete" in summary and "first byte" in summary
    ev = mpsim("export", str(log), "--format", "events")
    events = [json.loads(x) for x in ev.stdout.splitlines()]
    assert events[-1]["data"] == "[DONE]"
    merged = "".join(json.loads(e["data"])["choices"][0]["delta"].get("content", "") for e in events[:-1])
    assert merged == DEMO_ANSWER
    assert "sk-test" not in log.read_text()


@pytest.mark.parametrize("fmt", ["jsonl", "har", "csv", "events", "text"])
def test_export_writes_every_format(demo_url, tmp_path, fmt):
    log = tmp_path / "a.jsonl"
    assert mpsim("record", f"{demo_url}/sse/append", "-q", "-o", str(log)).returncode == 0
    out = tmp_path / f"out.{fmt}"
    r = mpsim("export", str(log), "--format", fmt, "-o", str(out))
    assert r.returncode == 0, r.stderr
    assert out.stat().st_size > 0


def test_record_exits_1_on_the_fail_callback_and_says_why(demo_url, tmp_path):
    r = mpsim("record", f"{demo_url}/fault/disconnect", "-o", str(tmp_path / "d.jsonl"))
    assert r.returncode == 1
    assert "disconnect" in r.stdout
    assert r.stderr.count("\n") == 1 and "request:fail" in r.stderr
    # what arrived before the disconnect is in the log
    assert mpsim("export", str(tmp_path / "d.jsonl"), "--format", "text").stdout


def test_record_on_an_error_status_is_still_success(demo_url, tmp_path):
    r = mpsim("record", f"{demo_url}/fault/status/500", "-o", str(tmp_path / "e.jsonl"))
    assert r.returncode == 0 and r.stdout.startswith("500")


def test_invalid_utf8_is_replaced_in_text_and_kept_raw_in_the_log(demo_url, tmp_path):
    log = tmp_path / "bad.jsonl"
    r = mpsim("record", f"{demo_url}/fault/invalid-utf8", "-o", str(log))
    assert r.returncode == 0 and "U+FFFD" in r.stderr
    text = mpsim("export", str(log), "--format", "text").stdout
    assert "\ufffd" in text
    csv_rows = mpsim("export", str(log), "--format", "csv").stdout
    assert "ff" in csv_rows  # the hex preview keeps the raw byte


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["record", "not a url", "-o", "x.jsonl"], "invalid url"),
        (["record", "http://127.0.0.1:9/", "-o", "{tmp}/u.jsonl"], "connection refused"),
        (["record", "http://127.0.0.1:9/", "--profile", "chaos"], "unknown delivery profile"),
        (["record", "http://127.0.0.1:9/", "-H", "NoColon"], "must look like"),
        (["export", "{tmp}/missing.jsonl", "--format", "text"], "cannot read"),
        (["export", "{tmp}/notalog.jsonl", "--format", "text"], "not a chunk log"),
        (["export", "{tmp}/notalog.jsonl", "--format", "xml"], "invalid choice"),
        (["record"], "required"),
    ],
    ids=["bad-url", "unreachable", "bad-profile", "bad-header", "missing-log", "not-a-log", "bad-format", "no-url"],
)
def test_bad_input_is_one_clear_line_on_stderr_and_nonzero_exit(tmp_path, args, message):
    (tmp_path / "notalog.jsonl").write_text("hello\n")
    r = mpsim(*[a.replace("{tmp}", str(tmp_path)) for a in args])
    assert r.returncode != 0
    assert message in r.stderr
    assert len(r.stderr.strip().splitlines()) == 1, r.stderr
    assert "Traceback" not in r.stderr


def test_export_of_a_log_cut_off_by_a_kill_works_up_to_the_last_whole_line(demo_url, tmp_path):
    log = tmp_path / "k.jsonl"
    assert mpsim("record", f"{demo_url}/sse/append", "-q", "-o", str(log)).returncode == 0
    data = log.read_bytes()
    log.write_bytes(data[: len(data) // 2])
    r = mpsim("export", str(log), "--format", "text")
    assert r.returncode == 0 and r.stdout
    assert "interrupted" in r.stderr


def test_help_for_each_command():
    for cmd in ("serve", "record", "export", "replay", "run", "check", "gui"):
        r = mpsim(cmd, "--help")
        assert r.returncode == 0 and "usage: mpsim " + cmd in r.stdout


def test_serve_prints_its_url_and_serves():
    import httpx

    proc = subprocess.Popen([sys.executable, "-m", "simulator.cli", "serve", "--port", "0"], stdout=subprocess.PIPE,
                            text=True)
    try:
        line = proc.stdout.readline()
        url = line.split()[4].rstrip("/")
        assert url.startswith("http://127.0.0.1:")
        assert "/v1/chat/completions" in httpx.get(url + "/").text
    finally:
        proc.terminate()
        proc.wait(10)


@pytest.mark.skipif(not os.path.exists("/proc/self/status"), reason="reads the peak RSS from /proc")
def test_100_mb_without_a_newline_is_recorded_in_bounded_memory(demo_url, tmp_path):
    # VmHWM is the peak RSS of this process image alone (ru_maxrss would include the forked test runner).
    code = ("import sys; from simulator.cli import main; rc = main(sys.argv[1:]); "
            "print([x for x in open('/proc/self/status') if x.startswith('VmHWM')][0], file=sys.stderr); "
            "sys.exit(rc)")
    log = tmp_path / "nl.jsonl"
    r = subprocess.run([sys.executable, "-c", code, "record", f"{demo_url}/fault/no-newline?mb=100", "-o", str(log)],
                       capture_output=True, text=True, timeout=120)
    assert r.returncode == 0, r.stderr
    assert "104857600 bytes" in r.stdout and "0 events" in r.stdout
    peak_mb = int(r.stderr.split("VmHWM:")[1].split()[0]) / 1024
    assert peak_mb < 150  # the 100 MB line is never held whole
