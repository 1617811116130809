"""Limits a device has: 10 requests at a time (the rest queued), the 60 s cap shown, and requests
failing with ``request:fail interrupted`` 5 s after the mini-program went to the background."""

import json
import subprocess
import sys
import threading
from http.server import BaseHTTPRequestHandler

import pytest
from peers import serving

from simulator.runtime import MiniProgram, program


class _Counting(BaseHTTPRequestHandler):
    """Holds every request until ten are in at once (or 5 s pass), counting how many it holds at once;
    a request that comes after those ten is held 0.3 s, so that it answers after them."""

    protocol_version = "HTTP/1.1"
    lock = threading.Lock()
    inflight = 0
    most = 0
    ten_in = threading.Event()

    def do_GET(self) -> None:
        cls = type(self)
        with cls.lock:
            cls.inflight += 1
            cls.most = max(cls.most, cls.inflight)
            late = cls.ten_in.is_set()
            if cls.inflight >= 10:
                cls.ten_in.set()
        if late:
            threading.Event().wait(0.3)
        else:
            cls.ten_in.wait(5.0)  # the page's others pile up behind these
        with cls.lock:
            cls.inflight -= 1
        body = self.path.encode()
        self.send_response(200)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, *args) -> None:
        pass


@pytest.fixture
def counting_url():
    _Counting.inflight = _Counting.most = 0
    _Counting.ten_in = threading.Event()
    with serving(_Counting) as url:
        yield url


TWELVE = """
Page({ data: { done: [], errors: [] }, onLoad(q) {
  for (let i = 1; i <= 12; i++) {
    wx.request({ url: q.base + '/r' + i, dataType: 'text',
      success: (res) => this.setData({ done: this.data.done.concat([res.data]) }),
      fail: (err) => this.setData({ errors: this.data.errors.concat([err.errMsg]) }) });
  }
} });
"""


def test_an_eleventh_request_waits_for_one_of_ten_to_end(counting_url):
    result = MiniProgram(TWELVE, query={"base": counting_url}, timeout_ms=20000).run()
    assert result.data["errors"] == []
    assert sorted(result.data["done"]) == sorted(f"/r{i}" for i in range(1, 13))
    assert _Counting.most == 10
    # The queued ones go in call order, after the first ten.
    assert set(result.data["done"][-2:]) == {"/r11", "/r12"}
    assert any("waits for one of them" in line.text for line in result.console)


def test_aborting_a_queued_request_fails_it_without_sending_it(counting_url):
    page = """
    Page({ data: { log: [] }, onLoad(q) {
      for (let i = 1; i <= 10; i++) wx.request({ url: q.base + '/r' + i });
      const t = wx.request({ url: q.base + '/queued',
        fail: (e) => this.setData({ log: this.data.log.concat(['fail ' + e.errMsg]) }),
        complete: () => this.setData({ log: this.data.log.concat(['complete']) }) });
      t.abort();
    } });
    """
    result = MiniProgram(page, query={"base": counting_url}, timeout_ms=20000).run()
    assert result.data["log"] == ["fail request:fail abort", "complete"]
    assert result.requests == 10


STREAM = """
Page({ data: { chunks: 0, result: '' }, onLoad(q) {
  const t = wx.request({ url: q.base + '/fault/never-ending', enableChunked: true,
    fail: (e) => this.setData({ result: e.errMsg + ' ' + e.errno }) });
  t.onChunkReceived(() => this.setData({ chunks: this.data.chunks + 1 }));
} });
"""


def test_in_the_background_a_running_request_is_interrupted(demo_url, monkeypatch):
    monkeypatch.setattr(program, "BACKGROUND_GRACE_S", 0.3)  # the documented 5 s, shortened
    prog = MiniProgram(STREAM, query={"base": demo_url}, timeout_ms=20000,
                       on_request=lambda task: prog.to_background())
    result = prog.run()
    assert result.data["result"] == "request:fail interrupted 600003"
    assert result.data["chunks"] > 0  # it streamed until the grace period ended


def test_a_request_made_in_the_background_fails_at_once_and_works_again_in_front(demo_url):
    page = """
    Page({ data: { log: [] }, onLoad(q) { this.q = q; this.go(); },
      go() { wx.request({ url: this.q.base + '/sse/fast', enableChunked: true,
        success: () => this.setData({ log: this.data.log.concat(['ok']) }),
        fail: (e) => this.setData({ log: this.data.log.concat([e.errMsg]) }) }); } });
    """
    prog = MiniProgram(page, query={"base": demo_url}, timeout_ms=20000, stay_open=True)
    prog.to_background()
    seen = threading.Event()
    calls = iter([lambda: (prog.to_foreground(), prog.call("go")), prog.stop])

    def on_data(data):
        if len(data.get("log", [])) in (1, 2) and not seen.is_set():
            if len(data["log"]) == 2:
                seen.set()
            next(calls)()
    prog.on_data = on_data
    result = prog.run()
    assert result.data["log"] == ["request:fail interrupted", "ok"]


def test_a_timeout_over_60_s_is_said_to_be_cut_on_a_device(demo_url):
    page = f"wx.request({{ url: '{demo_url}/sse/fast', timeout: 300000 }});"
    result = MiniProgram(page, timeout_ms=20000, platform="android").run()
    assert any("300000 ms is cut to 60000 ms" in line.text for line in result.console)
    quiet = MiniProgram(page, timeout_ms=20000, platform="devtools").run()
    assert not any("cut to" in line.text for line in quiet.console)


def test_mpsim_run_background_at_interrupts_a_stream_after_5_s(demo_url, tmp_path):
    script = tmp_path / "page.js"
    script.write_text(STREAM)
    done = subprocess.run([sys.executable, "-m", "simulator.cli", "run", str(script), "--query", f"base={demo_url}",
                           "--background-at", "100", "--timeout", "20000", "-o", str(tmp_path / "r.jsonl")],
                          capture_output=True, text=True, timeout=60)
    data = json.loads(done.stdout.strip().splitlines()[-1])
    assert data["result"] == "request:fail interrupted 600003"


def test_mpsim_run_background_at_rejects_a_bad_spec(tmp_path):
    script = tmp_path / "page.js"
    script.write_text("Page({})")
    done = subprocess.run([sys.executable, "-m", "simulator.cli", "run", str(script), "--background-at", "9:2"],
                          capture_output=True, text=True, timeout=60)
    assert done.returncode == 2 and "--background-at" in done.stderr and "Traceback" not in done.stderr
