"""Hostile command lines, run as a user runs them: one clear line, nothing clobbered, no secret on disk.

Every case runs ``python -m simulator`` in a private ``MPSIM_HOME`` under ``tmp_path`` (so the
recordings folder is the test's) and checks: the exit code, exactly one stderr line starting with
``mpsim`` and no traceback, and what is on disk afterwards.
"""

from __future__ import annotations

import json
import os
import socket
import stat
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler

import pytest
from mpsim_cli import assert_one_clear_line, files_holding, mpsim
from peers import reading_fifo, serving

SECRETS = {
    "authorization": "BEARER-3e9f1c7a2b", "x-api-key": "APIKEY-51d0c8e2f4", "x-auth-token": "XAUTH-8a7c6b5d4e",
    "query": "QTOKEN-c4e1a9f07b", "sign": "QSIGN-2f6d9e1b3a", "json": "JSONPW-7b3e0d9c1f",
    "set-cookie": "COOKIE-0d4f7a2c9e", "resp-key": "RESPKEY-9c1e5b7a3d",
}


class _SecretServer(BaseHTTPRequestHandler):
    """Streams an SSE answer whose response headers carry secrets (a session cookie, an API key)."""

    protocol_version = "HTTP/1.1"
    received: list[bytes] = []

    def _answer(self) -> None:
        length = int(self.headers.get("Content-Length") or 0)
        self.received.append(self.rfile.read(length) if length else b"")
        self.send_response(200)
        self.send_header("Content-Type", "text/event-stream")
        self.send_header("Set-Cookie", f"sid={SECRETS['set-cookie']}; HttpOnly")
        self.send_header("x-api-key", SECRETS["resp-key"])
        self.send_header("Transfer-Encoding", "chunked")
        self.end_headers()
        for data in (b"data: hello\n\n", b"data: [DONE]\n\n"):
            self.wfile.write(b"%X\r\n%b\r\n" % (len(data), data))
        self.wfile.write(b"0\r\n\r\n")

    do_GET = do_POST = _answer

    def log_message(self, *args) -> None:
        pass


@pytest.fixture(scope="module")
def secret_server() -> Iterator[str]:
    with serving(_SecretServer) as url:
        yield url


@pytest.fixture
def log(write_chunk_log, tmp_path):
    return write_chunk_log(tmp_path / "rec.jsonl", pieces=[b"data: one\n\n", b"data: [DONE]\n\n"])


def planted_record_args(url: str) -> list[str]:
    return ["record", f"{url}/v1/chat?access_token={SECRETS['query']}&sign={SECRETS['sign']}&q=1", "-X", "POST",
            "-H", f"Authorization: Bearer {SECRETS['authorization']}", "-H", f"X-Api-Key: {SECRETS['x-api-key']}",
            "-H", f"X-Auth-Token: {SECRETS['x-auth-token']}",
            "-d", json.dumps({"model": "m", "user": {"login": {"password": SECRETS["json"]}}, "max_tokens": 9})]


# -- bad usage: one line, exit 2 -------------------------------------------------------------------
def _binary_file(tmp_path):
    p = tmp_path / "body.bin"
    p.write_bytes(b"\x89PNG\r\n\x1a\n\x00\xff\xfe")
    return str(p)


BAD_USAGE = {
    "record-o-folder": (lambda t, u: ["record", u, "-o", str(t)], "is a folder"),
    "record-d-binary": (lambda t, u: ["record", u, "-d", "@" + _binary_file(t)], "not UTF-8 text"),
    "record-d-missing": (lambda t, u: ["record", u, "-d", f"@{t}/nope.json"], "cannot read request body"),
    "record-d-folder": (lambda t, u: ["record", u, "-d", f"@{t}"], "cannot read request body"),
    "record-o-under-a-file": (lambda t, u: ["record", u, "-o", f"{_binary_file(t)}/x.jsonl"], "cannot write the log"),
    "record-timeout-0": (lambda t, u: ["record", u, "--timeout", "0"], "--timeout"),
    "record-header-no-colon": (lambda t, u: ["record", u, "-H", "Authorization"], "Name: value"),
    "record-not-http": (lambda t, u: ["record", "ftp://127.0.0.1/x"], "http://"),
    "serve-port-99999": (lambda t, u: ["serve", "--port", "99999"], "65535"),
    "serve-port-text": (lambda t, u: ["serve", "--port", "eighty"], "invalid port"),
    "replay-serve-port-99999": (lambda t, u: ["replay", f"{t}/rec.jsonl", "--serve", "--port", "99999"], "65535"),
    "replay-serve-port-negative": (lambda t, u: ["replay", f"{t}/rec.jsonl", "--serve", "--port=-1"], "65535"),
    "replay-speed-negative": (lambda t, u: ["replay", f"{t}/rec.jsonl", "--speed", "-1"], "--speed"),
    "export-o-folder": (lambda t, u: ["export", f"{t}/rec.jsonl", "--format", "har", "-o", str(t)], "folder"),
    "export-o-missing-folder": (lambda t, u: ["export", f"{t}/rec.jsonl", "--format", "csv", "-o", f"{t}/no/x.csv"],
                                "cannot write"),
    "export-o-dev-full": (lambda t, u: ["export", f"{t}/rec.jsonl", "--format", "har", "-o", "/dev/full"],
                          "No space left on device"),
    "export-unknown-format": (lambda t, u: ["export", f"{t}/rec.jsonl", "--format", "pdf"], "invalid choice"),
    "export-missing-log": (lambda t, u: ["export", f"{t}/none.jsonl", "--format", "har"], "cannot read"),
    "export-folder-as-log": (lambda t, u: ["export", str(t), "--format", "text"], "not a file"),
}


@pytest.mark.parametrize("case", BAD_USAGE.values(), ids=BAD_USAGE.keys())
def test_bad_usage_gets_one_clear_line(log, tmp_path, secret_server, case):
    make_args, words = case
    args = make_args(tmp_path, secret_server)
    before = {p: p.read_bytes() for p in tmp_path.iterdir() if p.is_file()}
    r = mpsim(tmp_path / "home", *args, timeout=20)
    assert_one_clear_line(r, 2, words)
    after = {p: p.read_bytes() for p in tmp_path.iterdir() if p.is_file()}
    assert after == before  # nothing clobbered, nothing half-written left
    recordings = tmp_path / "home" / "recordings"
    assert not recordings.exists() or list(recordings.iterdir()) == []


def test_replay_serve_on_a_busy_port_says_so(log, tmp_path):
    with socket.create_server(("127.0.0.1", 0)) as busy:
        r = mpsim(tmp_path / "home", "replay", str(log), "--serve", "--port", str(busy.getsockname()[1]), timeout=10)
    assert_one_clear_line(r, 2, "cannot listen")


def test_a_full_disk_while_recording_is_one_clear_line(tmp_path, secret_server):
    r = mpsim(tmp_path / "home", "record", f"{secret_server}/s", "-o", "/dev/full")
    assert_one_clear_line(r, 1, "No space left on device")
    assert stat.S_ISCHR(os.stat("/dev/full").st_mode)


# -- where exports go: through pipes and devices, along symlinks -----------------------------------
def test_export_to_dev_stdout_writes_through(log, tmp_path):
    r = mpsim(tmp_path / "home", "export", str(log), "--format", "text", "-o", "/dev/stdout")
    assert r.returncode == 0 and r.stdout == "data: one\n\ndata: [DONE]\n\n" and r.stderr == ""


def test_export_to_a_fifo_writes_through(log, tmp_path):
    fifo = tmp_path / "pipe"
    with reading_fifo(fifo) as got:
        r = mpsim(tmp_path / "home", "export", str(log), "--format", "events", "-o", str(fifo))
    assert r.returncode == 0, r.stderr
    assert [json.loads(x)["data"] for x in got[0].splitlines()] == ["one", "[DONE]"]
    assert stat.S_ISFIFO(os.lstat(fifo).st_mode)


def test_export_along_a_symlink_keeps_the_link(log, tmp_path):
    (tmp_path / "exports").mkdir()
    target = tmp_path / "exports" / "real.har"
    target.write_text("old")
    link = tmp_path / "latest.har"
    link.symlink_to(target)
    r = mpsim(tmp_path / "home", "export", str(log), "--format", "har", "-o", str(link))
    assert r.returncode == 0, r.stderr
    assert link.is_symlink() and json.loads(target.read_text())["log"]["version"] == "1.2"
    assert sorted(os.listdir(tmp_path / "exports")) == ["real.har"]


def test_export_to_a_device_node_keeps_the_node(log, tmp_path):
    null = tmp_path / "null"
    try:
        os.mknod(null, stat.S_IFCHR | 0o666, os.makedev(1, 3))
    except PermissionError:
        pytest.skip("making a device node needs root")
    r = mpsim(tmp_path / "home", "export", str(log), "--format", "har", "-o", str(null))
    assert r.returncode == 0 and stat.S_ISCHR(os.lstat(null).st_mode)


# -- planted secrets: in no file written ----------------------------------------------------------
def test_recording_with_planted_secrets_writes_none_of_them(tmp_path, secret_server):
    home, out = tmp_path / "home", tmp_path / "out"
    out.mkdir()
    r = mpsim(home, *planted_record_args(secret_server), "-q")
    assert r.returncode == 0, r.stderr
    assert SECRETS["json"].encode() in _SecretServer.received[-1]  # the server did get them
    (log,) = (home / "recordings").glob("*.jsonl")  # beside it: its body file
    for fmt in ("jsonl", "har", "csv", "events", "text"):
        assert mpsim(home, "export", str(log), "--format", fmt, "-o", str(out / f"x.{fmt}")).returncode == 0
    for name, secret in SECRETS.items():
        assert files_holding(secret, home, out) == [], name
    header = json.loads(log.read_text().splitlines()[0])
    assert header["redacted"] is True and "[redacted]" in header["request"]["url"]


def test_keep_secrets_keeps_them_in_the_log_but_not_in_exports(tmp_path, secret_server):
    home, out = tmp_path / "home", tmp_path / "out"
    out.mkdir()
    log = tmp_path / "kept.jsonl"
    r = mpsim(home, *planted_record_args(secret_server), "-q", "--keep-secrets", "-o", str(log))
    assert r.returncode == 0, r.stderr
    assert all(files_holding(s, log) for s in SECRETS.values())
    for fmt in ("jsonl", "har"):
        assert mpsim(home, "export", str(log), "--format", fmt, "-o", str(out / f"x.{fmt}")).returncode == 0
    for name, secret in SECRETS.items():
        assert files_holding(secret, out) == [], name
    kept = mpsim(home, "export", str(log), "--format", "har", "--no-redact")
    assert SECRETS["set-cookie"] in kept.stdout and SECRETS["query"] in kept.stdout


@pytest.mark.parametrize("keep", [False, True], ids=["default", "keep-secrets"])
def test_a_page_script_get_data_token_is_written_only_when_kept(tmp_path, secret_server, keep):
    script = tmp_path / "page.js"
    script.write_text(
        "Page({ onLoad() { wx.request({ url: 'URL/s', method: 'GET', enableChunked: true,"
        " header: { 'X-Auth-Token': 'AUTH' }, data: { q: 'hi', access_token: 'TOKEN' } }); } });"
        .replace("URL", secret_server).replace("AUTH", SECRETS["x-auth-token"]).replace("TOKEN", SECRETS["query"]))
    log = tmp_path / "run.jsonl"
    r = mpsim(tmp_path / "home", "run", str(script), "-o", str(log), *(["--keep-secrets"] if keep else []), timeout=60)
    assert r.returncode == 0, r.stderr
    assert b"q=hi" in log.read_bytes()
    for secret in (SECRETS["x-auth-token"], SECRETS["query"]):
        assert sorted(files_holding(secret, tmp_path)) == sorted([script, log] if keep else [script])
