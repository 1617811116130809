"""A script can break only itself: endless loops, memory hogs and errors are reported, never raised."""

from __future__ import annotations

import threading

import pytest

from simulator.runtime import MiniProgram

# The page goes on after the loop was stopped: the second timer still sets `after`.
AFTER = "Page({ data: {}, onLoad() { setTimeout(() => this.setData({ after: true }), 5); LOOP } });"


def run(source: str, **kw):
    kw.setdefault("timeout_ms", 15000)
    kw.setdefault("script_timeout_ms", 300)
    return MiniProgram(source, **kw).run()


@pytest.mark.parametrize(
    ("where", "src"),
    [
        ("the page script", "while (true) {}\nPage({ data: { after: true } });"),
        ("Page.onLoad", AFTER.replace("LOOP", "while (true) {}")),
        ("setTimeout callback", AFTER.replace("LOOP", "setTimeout(() => { for (;;) {} }, 0);")),
        ("setInterval callback", AFTER.replace("LOOP", "setInterval(() => { while (1) {} }, 1);")),
    ],
    ids=["top-level", "lifecycle", "timer", "interval"],
)
def test_an_endless_loop_is_stopped_with_a_clear_message_and_the_page_goes_on(where, src):
    result = run(src)
    assert result.end_reason == "idle"  # a stopped interval does not keep the run alive
    assert result.error is not None and result.error.where == where
    assert "ran longer than 300 ms" in result.error.message and "endless loop" in result.error.message
    assert any(c.level == "error" and "Script stopped" in c.text for c in result.console)
    if where != "the page script":
        assert result.data == {"after": True}


def test_an_endless_loop_in_a_chunk_listener_is_stopped_and_the_request_completes(demo_url):
    src = """
    Page({
      data: { chunks: 0 },
      onLoad(options) {
        const task = wx.request({ url: options.base + '/sse/append', enableChunked: true,
                                  success: () => this.setData({ done: true }) });
        task.onChunkReceived(() => { if (++this.data.chunks === 1) while (true) {} });
      },
    });
    """
    result = run(src, query={"base": demo_url})
    assert result.data["done"] is True and result.data["chunks"] > 1
    assert result.error.where == "onChunkReceived listener"


def test_an_endless_loop_after_await_ends_the_run_with_a_clear_message():
    result = run("Page({ data: { a: 1 }, async onLoad() { this.setData({ a: 2 }); await null; while (true) {} } });")
    assert result.end_reason == "wedged"
    assert "await" in result.error.message and "endless loop" in result.error.message


def test_runaway_memory_is_stopped():
    result = run("const hog = []; while (true) hog.push(new Array(1e5).fill(1.5));", max_memory_mb=64,
                 script_timeout_ms=20000)
    assert result.end_reason == "memory"
    assert "more than 64 MB" in result.error.message


@pytest.mark.parametrize(
    ("src", "line", "message"),
    [
        ("const a = 1;\n\nundefinedFunction();\n", 3, "ReferenceError: undefinedFunction is not defined"),
        ("Page({\n  data: {},\n  onLoad() {\n    this.data.x.y = 1;\n  },\n});", 4,
         "TypeError: Cannot set properties of undefined"),
        ("Page({ data: {},\n  async onLoad() {\n    await null;\n    throw new Error('late');\n  } });", 4,
         "Error: late"),
        ("const ok = 1;\nfunction broken( {\n", 2, "SyntaxError"),
        ("Page({ data: {}, onLoad() {\n  setTimeout(() => {\n    JSON.parse('{oops');\n  }, 0);\n} });", 3,
         "SyntaxError"),
    ],
    ids=["top-level", "lifecycle", "async-rejection", "syntax-error", "timer"],
)
def test_an_uncaught_error_reports_message_and_line(src, line, message):
    result = run(src)
    assert result.error is not None
    assert result.error.line == line
    assert result.error.message.startswith(message)
    errors = [c for c in result.console if c.level == "error"]
    assert errors and errors[0].line == line and "Uncaught" in errors[0].text


def test_the_overall_timeout_ends_the_run_and_says_so():
    result = run("Page({ data: {}, onLoad() { setInterval(() => {}, 5); } });", timeout_ms=200)
    assert result.timed_out and result.end_reason == "timeout"
    assert result.error is None
    assert any("timed out after 200 ms with 0 requests and 1 timer still pending" in c.text for c in result.console)


def test_stop_from_another_thread_ends_the_run_and_aborts_requests(demo_url):
    tasks = []
    src = """
    Page({ data: {}, onLoad(options) {
      const task = wx.request({ url: options.base + '/fault/never-ending', enableChunked: true });
      task.onChunkReceived(() => console.log('chunk'));
    } });
    """
    program: MiniProgram

    def on_console(level: str, text: str, line: int | None) -> None:
        threading.Thread(target=program.stop).start()

    program = MiniProgram(src, query={"base": demo_url}, on_console=on_console, on_request=tasks.append)
    result = program.run()
    assert result.end_reason == "stopped" and not result.timed_out
    assert tasks[0].done and tasks[0].end.reason == "abort"


def test_scripts_have_no_file_process_or_network_access_beyond_wx():
    src = """
    Page({ data: {}, onLoad() {
      this.setData({ types: ['require', 'process', 'fetch', 'XMLHttpRequest', 'WebSocket', 'importScripts', 'Deno']
        .map((n) => typeof globalThis[n]) });
    } });
    """
    assert run(src).data == {"types": ["undefined"] * 7}


def test_a_run_happens_once():
    program = MiniProgram("1;")
    program.run()
    with pytest.raises(RuntimeError, match="runs once"):
        program.run()
