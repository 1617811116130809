"""``MiniProgram(on_device_note=)``: why each request would go otherwise on a phone, as data a window
can list beside the request (docs/device.md, "In the window"); the console still says each cause once."""

from __future__ import annotations

from http.server import BaseHTTPRequestHandler

import pytest
from peers import serving

from simulator.runtime import MiniProgram
from simulator.runtime.program import DeviceNote

PAGE = """
Page({ data: { results: [] }, onLoad(q) {
  for (const path of ['/a', '/b']) {
    wx.request({ url: q.base + path, dataType: 'text', timeout: 90000,
      success: (res) => this.setData({ results: this.data.results.concat(['ok ' + res.data]) }),
      fail: (err) => this.setData({ results: this.data.results.concat([err.errMsg]) }) });
  }
} });
"""


class _Echo(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"
    hits = 0

    def do_GET(self) -> None:  # noqa: N802 - http.server's name
        type(self).hits += 1
        body = self.path.encode()
        self.send_response(200)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, *_args: object) -> None:
        pass


@pytest.fixture
def base():
    _Echo.hits = 0
    with serving(_Echo) as url:
        yield url


def run(base: str, **kw) -> tuple[list[DeviceNote], MiniProgram, dict]:
    notes: list[DeviceNote] = []
    program = MiniProgram(PAGE, query={"base": base}, on_device_note=notes.append, **kw)
    result = program.run()
    return notes, program, result


def test_each_request_gets_its_notes_while_the_console_says_each_cause_once(base):
    notes, _program, result = run(base, platform="android")
    assert sorted(result.data["results"]) == ["ok /a", "ok /b"]  # sent: a warning only
    by_request = {(n.request, n.kind) for n in notes}
    assert by_request == {(1, "cap"), (1, "domain"), (2, "cap"), (2, "domain")}
    domain = next(n for n in notes if n.kind == "domain" and n.request == 2)
    assert domain.url == base + "/b" and not domain.refused
    assert "127.0.0.1 is this device itself" in domain.text
    assert "cut to 60000 ms on android" in next(n for n in notes if n.kind == "cap").text
    console = [line.text for line in result.console]
    assert sum("would fail on a phone" in t for t in console) == 1
    assert sum("is cut to 60000 ms" in t for t in console) == 1


def test_strict_domains_refuse_without_sending_and_the_note_says_so(base):
    notes, _program, result = run(base, platform="ios", strict_domains=True)
    assert result.data["results"] == ["request:fail url not in domain list"] * 2
    assert _Echo.hits == 0
    assert [n.refused for n in notes if n.kind == "domain"] == [True, True]


def test_devtools_has_nothing_to_say(base):
    notes, _program, result = run(base, platform="devtools")
    assert sorted(result.data["results"]) == ["ok /a", "ok /b"]
    assert notes == []
