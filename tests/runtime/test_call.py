"""Calling page methods from outside: ``calls=`` (``--call``) each once the page is idle, and
``program.call`` from another thread, with a device-like event."""

from __future__ import annotations

import subprocess
import sys
import threading
from pathlib import Path

import pytest

from simulator.runtime import MiniProgram, PageCall, parse_call


def test_calls_wait_for_on_ready_then_for_each_request_and_timeout_to_finish(demo_url: str):
    src = """
    Page({
      data: { log: [] },
      note(what) { this.setData({ log: this.data.log.concat(what) }) },
      onLoad() { this.note('onLoad') },
      onReady() { setTimeout(() => this.note('onReady timer'), 30) },
      fetch() {
        this.note('fetch')
        wx.request({ url: this.options.base + '/text', complete: () => this.note('fetched') })
      },
      later() { this.note('later'); setTimeout(() => this.note('later timer'), 20) },
      last() { this.note('last') },
    })
    """
    result = MiniProgram(src, query={"base": demo_url}, timeout_ms=20000,
                         calls=[PageCall("fetch"), PageCall("later"), PageCall("last")]).run()
    assert result.errors == []
    assert result.data["log"] == ["onLoad", "onReady timer", "fetch", "fetched", "later", "later timer", "last"]


def test_an_interval_does_not_hold_the_calls():
    src = """
    Page({
      data: { ticks: 0, called: false },
      onLoad() { this.timer = setInterval(() => this.setData({ ticks: this.data.ticks + 1 }), 5) },
      stop() { clearInterval(this.timer); this.setData({ called: true }) },
    })
    """
    result = MiniProgram(src, calls=[PageCall("stop")], timeout_ms=10000).run()
    assert result.end_reason == "idle"
    assert result.data["called"] is True


def test_the_event_is_device_like_and_the_given_fields_override_it():
    src = """
    Page({
      data: {},
      onInput(e) {
        this.setData({ type: e.type, value: e.detail.value, hasTargets: 'dataset' in e.target &&
          'id' in e.currentTarget, stamp: typeof e.timeStamp, id: e.currentTarget.id })
      },
    })
    """
    call = parse_call('onInput={"type":"input","detail":{"value":"你好"},"currentTarget":{"id":"box","dataset":{}}}')
    result = MiniProgram(src, calls=[call], timeout_ms=10000).run()
    assert result.data == {"type": "input", "value": "你好", "hasTargets": True, "stamp": "number", "id": "box"}


def test_a_call_from_another_thread_runs_as_the_next_task():
    src = """
    Page({
      data: { said: '' },
      onReady() { this.keep = setInterval(() => {}, 10) },
      say(e) { this.setData({ said: e.detail.text }); clearInterval(this.keep) },
    })
    """
    program = MiniProgram(src, timeout_ms=10000)

    def on_page(route: str, methods: list[str], data: dict) -> None:
        assert "say" in methods
        threading.Thread(target=program.call, args=("say", {"detail": {"text": "hi"}})).start()

    program.on_page = on_page
    result = program.run()
    assert result.data == {"said": "hi"}


def test_calling_a_name_that_is_not_a_method_lists_the_methods_in_the_console():
    src = "Page({ data: { n: 0 }, onReady() { this.keep = setInterval(() => {}, 10) }, send() {}, onInput() {} })"
    program = MiniProgram(src, timeout_ms=10000)
    program.on_page = lambda route, methods, data: program.call("nope")
    program.on_console = lambda level, text, line: "no method nope" in text and program.stop()
    result = program.run()
    assert any("has no method nope; its methods: onInput, onReady, send" in c.text for c in result.console)


@pytest.mark.parametrize(("text", "says"), [
    ("send=", "not valid JSON"),
    ("send={", "not valid JSON"),
    ("send=[1]", "must be a JSON object"),
    ("a b", "NAME must be a page method name"),
], ids=["empty-json", "broken-json", "not-an-object", "not-a-name"])
def test_parse_call_rejects_bad_input_with_one_line(text: str, says: str):
    with pytest.raises(ValueError) as info:
        parse_call(text)
    assert says in str(info.value) and "\n" not in str(info.value)


def run_cli(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "simulator", "run", *args], capture_output=True, text=True,
                          timeout=60)


def test_cli_call_of_a_name_that_is_not_a_function_exits_2_listing_methods(tmp_path: Path):
    script = tmp_path / "page.js"
    script.write_text("Page({ data: { x: 1 }, sendMessage() {}, onInput() {} })", encoding="utf-8")
    proc = run_cli(str(script), "--call", "x")
    assert proc.returncode == 2
    assert proc.stderr.strip().splitlines() == [
        "mpsim run: --call x: the page has no method x; its methods: onInput, sendMessage"]


def test_cli_call_with_bad_json_exits_2_with_one_line(tmp_path: Path):
    script = tmp_path / "page.js"
    script.write_text("Page({ send() {} })", encoding="utf-8")
    proc = run_cli(str(script), "--call", "send={oops}")
    assert proc.returncode == 2
    assert len(proc.stderr.strip().splitlines()) == 1 and "Traceback" not in proc.stderr
