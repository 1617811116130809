"""Hostile chunk logs, generated here, through every command that reads logs, as a user runs them.

Each case: the command ends within its limit with one clear stderr line and no traceback, the log
is not changed, nothing is written where an export failed; a log cut by a kill still gives what it
holds. Also: ``replay --serve`` ends a cut recording cut and serves no secret headers.
"""

from __future__ import annotations

import json
import os
from collections.abc import Callable
from pathlib import Path

import httpx
import pytest
from mpsim_cli import assert_one_clear_line, files_holding, mpsim

from simulator.core.chunklog import read_log
from simulator.server.replay import ReplayServer

SCRIPT = """
Page({
  data: { text: '' },
  onLoad() {
    const task = wx.request({ url: 'http://127.0.0.1:9/s', enableChunked: true });
    task.onChunkReceived((res) => {
      const bytes = new Uint8Array(res.data);
      let s = '';
      for (const b of bytes) s += String.fromCharCode(b);
      this.setData({ text: this.data.text + s });
    });
  },
});
"""


def _lines(good: bytes) -> list[bytes]:
    return good.split(b"\n")[:-1]


def _join(lines: list[bytes]) -> bytes:
    return b"".join(x + b"\n" for x in lines)


def _edit(kind: str, change: Callable[[dict], None], nth: int = 0) -> Callable[[bytes], bytes]:
    def damage(good: bytes) -> bytes:
        lines = _lines(good)
        hits = [i for i, x in enumerate(lines) if json.loads(x).get("type") == kind]
        rec = json.loads(lines[hits[nth]])
        change(rec)
        lines[hits[nth]] = json.dumps(rec).encode()
        return _join(lines)
    return damage


def _swap(i: int, j: int) -> Callable[[bytes], bytes]:
    def damage(good: bytes) -> bytes:
        lines = _lines(good)
        lines[i], lines[j] = lines[j], lines[i]
        return _join(lines)
    return damage


DAMAGED: dict[str, Callable[[bytes], bytes]] = {
    "empty": lambda good: b"",
    "not-json": lambda good: b"this is not a log\n",
    "other-json": lambda good: b'{"log": {"version": "1.2"}}\n',
    "newer-version": lambda good: good.replace(b'"version":2', b'"version":99', 1),
    "binary": lambda good: bytes(range(256)) * 4,
    "deep-nesting": lambda good: _lines(good)[0] + b"\n" + b"[" * 200_000 + b"]" * 200_000 + b"\n",
    "seq-text": _edit("chunk", lambda r: r.update(seq="1")),
    "seq-bool": _edit("chunk", lambda r: r.update(seq=False), 2),
    "bad-base64": _edit("chunk", lambda r: r.update(b64="@@@@")),
    "size-lies": _edit("chunk", lambda r: r.update(size=12345)),
    "off-beyond": _edit("chunk", lambda r: r.update(off=99_999), 1),
    "level-unknown": _edit("chunk", lambda r: r.update(level="radio")),
    "status-text": _edit("response", lambda r: r.update(status="200 OK")),
    "headers-dict": _edit("response", lambda r: r.update(headers={"a": "b"})),
    "request-missing": _edit("header", lambda r: r.pop("request")),
    "request-body-not-b64": _edit("header", lambda r: r["request"].update(body_b64="***")),
    "end-reason-number": _edit("end", lambda r: r.update(reason=7)),
    "nan-time": lambda good: good.replace(b'"t":2.000', b'"t":NaN', 1),
    "infinite-time": lambda good: good.replace(b'"t":2.000', b'"t":1e999', 1),
    "response-after-chunk": _swap(1, 2),
    "line-after-end": lambda good: good + _lines(good)[2] + b"\n",
    "array-line": lambda good: good.replace(b"\n", b"\n[1, 2, 3]\n", 1),
    "blank-line": lambda good: good.replace(b"\n", b"\n\n", 2),
    "unknown-type": _edit("end", lambda r: r.update(type="footer")),
}
COMMANDS = ["export-har", "export-stdout", "replay", "check", "serve"]


@pytest.fixture
def good_log(write_chunk_log, tmp_path) -> bytes:
    return write_chunk_log(tmp_path / "good.jsonl", pieces=[b"data: \xe4\xbd", b"\xa0\n\n", b"data: [DONE]\n\n"],
                           ).read_bytes()


def run_command(command: str, log: Path, tmp_path: Path):
    home, out = tmp_path / "home", tmp_path / "out"
    out.mkdir(exist_ok=True)
    if command == "export-har":
        return mpsim(home, "export", str(log), "--format", "har", "-o", str(out / "x.har"))
    if command == "export-stdout":
        return mpsim(home, "export", str(log), "--format", "jsonl")
    if command == "replay":
        return mpsim(home, "replay", str(log), "--speed", "0")
    if command == "check":
        script = tmp_path / "page.js"
        script.write_text(SCRIPT)
        return mpsim(home, "check", str(script), "--log", str(log), "--trials", "3", timeout=60)
    return mpsim(home, "replay", str(log), "--serve", "--port", "0", timeout=10)  # must refuse, not serve


CASES = [(name, COMMANDS[i % len(COMMANDS)]) for i, name in enumerate(DAMAGED)]
CASES += [("seq-text", c) for c in COMMANDS if ("seq-text", c) not in CASES]


@pytest.mark.parametrize(("damage", "command"), CASES, ids=[f"{d}-{c}" for d, c in CASES])
def test_a_damaged_log_gets_one_clear_line(good_log, tmp_path, damage, command):
    log = tmp_path / "bad.jsonl"
    log.write_bytes(DAMAGED[damage](good_log))
    before = log.read_bytes()
    r = run_command(command, log, tmp_path)
    line = assert_one_clear_line(r, 2)
    assert str(log) in line or log.name in line
    assert log.read_bytes() == before  # never clobbered
    assert list((tmp_path / "out").iterdir()) == []  # no export, no *.part


@pytest.mark.parametrize("command", ["export-har", "export-stdout"])
def test_a_log_cut_by_a_kill_exports_what_it_holds_with_one_note(write_chunk_log, tmp_path, command):
    log = write_chunk_log(tmp_path / "cut.jsonl", pieces=[b"data: one\n\n", b"data: two\n\n"], end=None)
    log.write_bytes(log.read_bytes()[:-5])  # the recorder was killed inside the last line
    r = run_command(command, log, tmp_path)
    line = assert_one_clear_line(r, 0, "note", "interrupted", "cut off")
    assert line
    text = (tmp_path / "out" / "x.har").read_text() if command == "export-har" else r.stdout
    assert "data: one" in text or "ZGF0YTogb25l" in text


def test_a_log_without_an_end_replays_as_interrupted(write_chunk_log, tmp_path):
    log = write_chunk_log(tmp_path / "cut.jsonl", pieces=[b"data: one\n\n"], end=None)
    r = mpsim(tmp_path, "replay", str(log), "--speed", "0")
    assert r.returncode == 1 and "data: one" in r.stdout
    assert "Traceback" not in r.stderr and "incomplete" in r.stderr


# -- replay --serve: end as the original did, serve no secrets ------------------------------------
def fetch(url: str) -> tuple[httpx.Response, bytes, Exception | None]:
    body = bytearray()
    with httpx.Client(timeout=10) as client, client.stream("GET", url) as resp:
        try:
            for piece in resp.iter_raw():
                body += piece
        except httpx.HTTPError as exc:
            return resp, bytes(body), exc
    return resp, bytes(body), None


@pytest.mark.parametrize("end", [None, "disconnect", "abort", "timeout"], ids=["no-end-line", "disconnect",
                                                                                "abort", "timeout"])
def test_serving_a_recording_that_did_not_complete_ends_it_cut(write_chunk_log, tmp_path, end):
    log = write_chunk_log(tmp_path / "cut.jsonl", pieces=[b"data: one\n\n", b"data: two\n\n"], end=end)
    with ReplayServer(read_log(log), speed=0) as srv:
        resp, body, error = fetch(srv.url)
    assert resp.status_code == 200 and body == b"data: one\n\ndata: two\n\n"
    assert isinstance(error, httpx.RemoteProtocolError)  # no terminating chunk: the stream was cut


def test_serving_a_complete_recording_ends_it_cleanly(write_chunk_log, tmp_path):
    log = write_chunk_log(tmp_path / "ok.jsonl", pieces=[b"data: one\n\n"])
    with ReplayServer(read_log(log), speed=0) as srv:
        _, body, error = fetch(srv.url)
    assert body == b"data: one\n\n" and error is None


SECRET_HEADERS = [("Set-Cookie", "sid=SESSION-8f3a9c1e; HttpOnly"), ("x-api-key", "KEY-77d1e0aa93"),
                  ("X-Auth-Token", "AUTH-5c2b7e19d4"), ("content-type", "text/event-stream")]


@pytest.mark.parametrize("keep", [False, True], ids=["default", "keep-secrets"])
def test_served_recordings_carry_no_secret_headers_unless_kept(write_chunk_log, tmp_path, keep):
    log = write_chunk_log(tmp_path / "s.jsonl", pieces=[b"data: x\n\n"], response_headers=SECRET_HEADERS,
                          keep_secrets=True)  # an old log, or one recorded with --keep-secrets
    with ReplayServer(read_log(log), speed=0, keep_secrets=keep) as srv:
        resp, _, _ = fetch(srv.url)
    served = {k.lower() for k in resp.headers}
    assert ("set-cookie" in served) == keep and ("x-api-key" in served) == keep
    assert ("x-auth-token" in served) == keep and resp.headers["content-type"] == "text/event-stream"


def test_no_export_of_a_kept_secret_log_holds_the_secrets(write_chunk_log, tmp_path):
    secrets = ["SESSION-8f3a9c1e", "KEY-77d1e0aa93", "AUTH-5c2b7e19d4", "TOKEN-a81c2e5f", "PASSWORD-0b7d1f"]
    log = write_chunk_log(
        tmp_path / "kept.jsonl", keep_secrets=True, response_headers=SECRET_HEADERS,
        url="http://127.0.0.1:9/s?access_token=TOKEN-a81c2e5f&q=1",
        body=json.dumps({"messages": [{"role": "user"}], "auth": {"password": "PASSWORD-0b7d1f"}}).encode())
    out = tmp_path / "out"
    out.mkdir()
    for fmt in ("jsonl", "har", "csv", "events", "text"):
        r = mpsim(tmp_path / "home", "export", str(log), "--format", fmt, "-o", str(out / f"x.{fmt}"))
        assert r.returncode == 0, r.stderr
    for secret in secrets:
        assert files_holding(secret, out, tmp_path / "home") == []
        assert files_holding(secret, tmp_path / "kept.jsonl")  # the planted secrets were there to find
    assert sorted(os.listdir(out)) == sorted(f"x.{f}" for f in ("jsonl", "har", "csv", "events", "text"))
