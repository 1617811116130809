"""The mini-program panel end to end: real scripts on V8 against the real demo server on loopback.

No sleeps: ``qtbot.waitSignal`` on the panel's ``runFinished`` and ``waitUntil`` for what the views show.
"""

from __future__ import annotations

import time

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QTextCursor, QTextFormat
from PySide6.QtWidgets import QMenu, QTreeWidgetItem

from simulator import ASSETS
from simulator.gui import create_main
from simulator.gui.miniprogram import (
    ConsoleEntry,
    ConsoleView,
    ScriptPanelController,
    data_paths,
    example_scripts,
    parse_query,
    value_at,
)
from simulator.server.demo import DEMO_ANSWER

RUN_TIMEOUT_MS = 20000

NEVER_ENDING = """\
Page({
  data: { chunks: 0, status: 'streaming' },
  onLoad(options) {
    const task = wx.request({
      url: options.base + '/fault/never-ending',
      enableChunked: true,
      fail: (err) => this.setData({ status: err.errMsg }),
    });
    task.onChunkReceived(() => this.setData({ chunks: this.data.chunks + 1 }));
  },
});
"""


def example_action(main, name: str):
    menu = main.window.findChild(QMenu, "examplesMenu")
    assert menu is not None, "the Examples menu is in the menu bar"
    return next(a for a in menu.actions() if a.data() and a.data().endswith(name))


def run(qtbot, controller: ScriptPanelController, *, timeout: int = RUN_TIMEOUT_MS):
    """Click Run and wait for the run to end; returns its RunResult."""
    with qtbot.waitSignal(controller.runFinished, timeout=timeout) as blocker:
        qtbot.mouseClick(controller.view.run_button, Qt.MouseButton.LeftButton)
    return blocker.args[0]


def run_source(qtbot, controller: ScriptPanelController, source: str, *, query: str = ""):
    controller.view.editor.setPlainText(source)
    controller.view.query.setText(query)
    return run(qtbot, controller)


def top_item(controller: ScriptPanelController, key: str) -> QTreeWidgetItem:
    tree = controller.view.data_tree
    items = [tree.topLevelItem(i) for i in range(tree.topLevelItemCount())]
    return next(i for i in items if i.text(0) == key)


def click_console_row(qtbot, controller: ScriptPanelController, row: int) -> None:
    console = controller.view.console
    console.setTextCursor(QTextCursor(console.document().findBlockByNumber(row)))
    console.ensureCursorVisible()
    qtbot.mouseClick(console.viewport(), Qt.MouseButton.LeftButton, pos=console.row_rect(row).center())


# -- end to end -----------------------------------------------------------------------------------
def test_streaming_example_fills_page_data_phone_and_the_stream_views(panel, qtbot, demo_url):
    main, controller = panel
    example_action(main, "streaming-decoder.js").trigger()
    assert controller.view.editor.toPlainText() == (ASSETS / "examples" / "streaming-decoder.js").read_text("utf-8")
    assert controller.script_name == "streaming-decoder.js"
    controller.view.query.setText(f"base={demo_url}")

    result = run(qtbot, controller)

    assert result.end_reason == "idle" and result.error is None and result.requests == 1
    answer = top_item(controller, "answer")
    assert answer.data(1, Qt.ItemDataRole.UserRole) == DEMO_ANSWER
    assert answer.text(1).startswith('"你好')
    assert top_item(controller, "status").data(1, Qt.ItemDataRole.UserRole) == "done (HTTP 200)"
    # The phone shows the answer, Chinese and emoji intact, as the page grew it.
    assert controller.view.phone.text() == DEMO_ANSWER
    assert controller.view.phone.title() == "streaming-decoder"
    # The request went through the window's views like a Send from the request bar.
    qtbot.waitUntil(lambda: main.stream.chunk_model.rowCount() > 0, timeout=5000)
    qtbot.waitUntil(lambda: main.stream.state == "idle", timeout=5000)
    assert main.stream.store.end is not None and main.stream.store.end.reason == "complete"
    assert main.window.events_pane.table.model().rowCount() > 0
    # Another data path on the phone.
    controller.set_preview_path("status")
    assert controller.view.phone.text() == "done (HTTP 200)"
    assert {"answer", "events", "status"} <= {controller.view.path.itemText(i)
                                                for i in range(controller.view.path.count())}
    assert controller.view.run_action.isEnabled() and not controller.view.stop_action.isEnabled()


def test_first_start_runs_the_streaming_example_against_the_built_in_demo(panel, qtbot):
    """Nothing typed: the panel opens on the streaming example, and Run starts the window's demo
    server and points options.base at it."""
    main, controller = panel
    assert controller.script_name == "streaming-decoder.js"
    assert controller.view.query.text() == "" and main.request.demo_server is None

    result = run(qtbot, controller)

    assert main.request.demo_server is not None
    assert controller.view.query.text() == f"base={main.request.demo_server.url}"
    assert result.error is None and result.data["answer"] == DEMO_ANSWER


def test_naive_decoder_garbles_the_answer_under_utf8_cut(panel, qtbot, demo_url):
    main, controller = panel
    example_action(main, "naive-decoder.js").trigger()
    controller.view.query.setText(f"base={demo_url}")
    main.window.request_bar.profile.setCurrentText("utf8-cut")

    result = run(qtbot, controller)

    assert result.end_reason == "idle"
    shown = controller.view.phone.text()
    assert shown and shown != DEMO_ANSWER
    assert result.data["fallbacks"] > 0
    assert any("delivery utf8-cut" in e.text for e in controller.console_entries())


def test_syntax_error_shows_its_line_and_a_click_goes_there(panel, qtbot):
    main, controller = panel
    result = run_source(qtbot, controller, "const a = 1;\nconst b = 2;\nconst x = ;\nconsole.log(a + b);\n")

    assert result.error is not None and result.error.line == 3
    rows = [i for i, e in enumerate(controller.console_entries()) if e.level == "error"]
    assert rows, "the error is in the console"
    entry = controller.console_entries()[rows[0]]
    assert "SyntaxError" in entry.text and entry.line == 3
    assert "bad" not in controller.view.status.text() and "line 3" in controller.view.status.text()
    controller.view.editor.go_to_line(1)

    click_console_row(qtbot, controller, rows[0])

    assert controller.view.editor.current_line() == 3
    assert controller.view.editor.marked_line() == 3
    # The window lives on, and a fixed script runs.
    assert main.window.isVisible()
    controller.view.editor.setPlainText("Page({ data: { answer: 'ok' } });\n")
    with qtbot.waitSignal(controller.runFinished, timeout=RUN_TIMEOUT_MS) as blocker:
        qtbot.keyClick(controller.view.editor, Qt.Key.Key_R, Qt.KeyboardModifier.ControlModifier)  # Run
    assert blocker.args[0].error is None and controller.view.phone.text() == "ok"


def test_uncaught_error_in_a_callback_names_its_line(panel, qtbot):
    _main, controller = panel
    result = run_source(qtbot, controller,
                        "Page({\n  data: { answer: '' },\n  onLoad() {\n    missing.call();\n  },\n});\n")

    assert result.error is not None
    entry = next(e for e in controller.console_entries() if e.level == "error")
    assert "ReferenceError" in entry.text and entry.line == 4
    assert controller.view.phone.page.toPlainText() == ""  # an empty answer, not a placeholder


def test_runaway_loop_is_interrupted_with_a_clear_message(panel, qtbot):
    main, controller = panel
    controller.script_timeout_ms = 300

    result = run_source(qtbot, controller, "console.log('before');\nwhile (true) {}\n")

    assert result.errors
    texts = [e.text for e in controller.console_entries() if e.level == "error"]
    assert any("endless loop" in t and "interrupted" in t for t in texts), texts
    assert main.window.isVisible() and not controller.running


def test_stop_during_a_never_ending_stream_finishes_promptly(panel, qtbot, demo_url):
    main, controller = panel
    controller.view.editor.setPlainText(NEVER_ENDING)
    controller.view.query.setText(f"base={demo_url}")
    with qtbot.waitSignal(controller.runStarted):
        qtbot.mouseClick(controller.view.run_button, Qt.MouseButton.LeftButton)
    assert controller.view.stop_action.isEnabled() and not controller.view.run_action.isEnabled()
    qtbot.waitUntil(lambda: controller.page_data.get("chunks", 0) >= 2, timeout=RUN_TIMEOUT_MS)
    qtbot.waitUntil(lambda: main.stream.chunk_model.rowCount() > 0, timeout=5000)

    t0 = time.monotonic()
    with qtbot.waitSignal(controller.runFinished, timeout=3000) as blocker:
        qtbot.mouseClick(controller.view.stop_button, Qt.MouseButton.LeftButton)

    assert time.monotonic() - t0 < 3.0
    assert blocker.args[0].end_reason == "stopped"
    assert "Stopped" in controller.view.status.text()
    qtbot.waitUntil(lambda: main.stream.state == "idle", timeout=5000)  # the views saw the abort too
    assert controller.view.run_action.isEnabled()


def test_closing_the_window_stops_a_running_script(panel, qtbot, demo_url):
    main, controller = panel
    controller.view.editor.setPlainText(NEVER_ENDING)
    controller.view.query.setText(f"base={demo_url}")
    assert controller.run()
    qtbot.waitUntil(lambda: controller.page_data.get("chunks", 0) >= 1, timeout=RUN_TIMEOUT_MS)
    script_run = controller._run
    assert script_run is not None

    t0 = time.monotonic()
    main.window.close()

    assert time.monotonic() - t0 < 5.0
    assert script_run.done and script_run.result is not None
    # Stopped by the panel, or ended first because the window's views aborted the request they showed.
    assert script_run.result.end_reason in ("stopped", "idle")


def test_stop_while_a_request_waits_for_the_views_does_not_hang(panel, qtbot, demo_url):
    """The runtime holds each request until the GUI thread attached the views: a stop in between
    releases it, and the task starts unwatched instead of waiting."""
    _main, controller = panel
    controller.view.editor.setPlainText(NEVER_ENDING)
    controller.view.query.setText(f"base={demo_url}")
    with qtbot.waitSignal(controller.runFinished, timeout=RUN_TIMEOUT_MS):
        assert controller.run()
        controller.stop()  # before the event loop could deliver the request to the views


def test_two_requests_at_once_both_complete(panel, qtbot, demo_url):
    """The views show one stream: a second request of the same run is not attached (which would
    abort the first), and the script sees both complete."""
    _main, controller = panel
    source = """\
Page({
  data: { done: [] },
  onLoad(options) {
    for (const path of ['/sse/append', '/text']) {
      wx.request({ url: options.base + path, enableChunked: true,
                   success: () => this.setData({ done: [...this.data.done, path] }) });
    }
  },
});
"""
    result = run_source(qtbot, controller, source, query=f"base={demo_url}")

    assert sorted(result.data["done"]) == ["/sse/append", "/text"]
    assert any("not shown in the views" in e.text for e in controller.console_entries())


def test_a_chatty_script_shows_its_newest_lines_and_its_errors(panel, qtbot):
    _main, controller = panel
    # 500 lines a callback, each callback reported on its own (its timer falls due after the 20 ms one
    # report covers, BATCH_BUDGET_MS in runtime/program.py): a report keeps at most 1,000 lines
    # (docs/pages.md, "The console in a runaway loop").
    source = ("let i = 0\n"
              "function burst() {\n"
              "  for (const stop = i + 500; i < stop; i++) {\n"
              "    console.log('line', i); if (i === 5) console.error('bad', i)\n"
              "  }\n"
              "  if (i < 6000) setTimeout(burst, 25)\n"
              "}\n"
              "burst()\n")
    result = run_source(qtbot, controller, source)

    assert len(result.console) == 6001 and result.error is None
    entries = controller.console_entries()
    assert len(entries) <= ConsoleView.MAX_LINES
    texts = [e.text for e in entries]
    assert texts[-2] == "line 5999" and texts[-1].startswith("Finished")
    assert "bad 5" in texts  # an error is never the line left out
    assert any("not shown" in t for t in texts)
    assert "6,003" in controller.view.console_count.text() or "6003" in controller.view.console_count.text()


# -- editor, files, settings ----------------------------------------------------------------------------
def test_examples_menu_has_one_titled_action_per_example(panel):
    main, controller = panel
    examples = example_scripts()
    assert {e.path.name for e in examples} >= {"naive-decoder.js", "streaming-decoder.js", "overwrite.js",
                                               "abort-button.js"}
    menu = main.window.findChild(QMenu, "examplesMenu")
    assert len(menu.actions()) == len(examples)
    streaming = example_action(main, "streaming-decoder.js")
    assert "correct way to turn onChunkReceived bytes" in streaming.text()
    naive = next(e for e in examples if e.path.name == "naive-decoder.js")
    assert naive.title.endswith("garbles Chinese on a phone")


def test_save_open_recent_and_the_last_script_comes_back(panel, qtbot, tmp_path):
    main, controller = panel
    editor = controller.view.editor
    editor.setPlainText("Page({ data: { answer: '保存' } });\n")
    target = tmp_path / "mine.js"
    assert controller.save_to(target)
    assert target.read_text("utf-8") == editor.toPlainText()
    assert not editor.document().isModified() and controller.path == target
    assert [a.data() for a in controller.view.recent_menu.actions() if a.data()] == [str(target.resolve())]
    editor.appendPlainText("// not saved yet")
    assert controller.view.file_label.text().startswith("●")
    controller.view.query.setText("k=v&base=http://example.invalid")
    main.window.close()

    again = create_main()
    qtbot.addWidget(again.window)
    restored = again.script
    again.window.show()
    try:
        assert restored.view.editor.toPlainText().endswith("// not saved yet")
        assert restored.path == target and restored.view.editor.document().isModified()
        assert restored.view.query.text() == "k=v&base=http://example.invalid"
        assert [a.data() for a in restored.view.recent_menu.actions() if a.data()] == [str(target.resolve())]
        other = tmp_path / "other.js"
        other.write_text("console.log(1);\n", "utf-8")
        assert restored.open_file(other)
        assert restored.view.editor.toPlainText() == "console.log(1);\n"
        assert [a.data() for a in restored.view.recent_menu.actions() if a.data()][0] == str(other.resolve())
        assert not restored.open_file(tmp_path / "missing.js")
        assert "missing.js" in again.window.banner.message()
    finally:
        again.window.close()


def test_an_unreadable_example_is_a_banner_and_the_editor_keeps_its_text(panel, tmp_path):
    main, controller = panel
    controller.view.editor.setPlainText("// mine\n")
    latin = tmp_path / "latin1.js"
    latin.write_bytes("// caf\xe9\n".encode("latin-1"))
    assert not controller.load_example(latin, start_demo=False)
    message = main.window.banner.message()
    assert message.startswith("Cannot open the example") and "latin1.js" in message
    assert controller.view.editor.toPlainText() == "// mine\n"

def test_bad_delivery_profile_is_a_banner_not_a_run(panel):
    main, controller = panel
    main.window.request_bar.profile.setCurrentText("fixed:banana")
    assert not controller.run()
    assert main.window.banner.message() and not controller.running


def test_editor_has_line_numbers_and_javascript_colours(panel):
    _main, controller = panel
    editor = controller.view.editor
    editor.setPlainText("const s = 'if'; // while\n/* a\n const */ let t = `x\n${y} for` + 42;\n")
    editor.highlighter.rehighlight()
    assert editor.line_numbers.width() >= editor.line_number_width() > 0
    fmts = editor.highlighter.formats

    def format_at(line: int, column: int) -> str | None:
        """The kind of token the highlighter coloured at (line, column), by its colour."""
        ranges = editor.document().findBlockByNumber(line).layout().formats()
        colors = {f.foreground().color().name(): kind for kind, f in fmts.items()}
        for r in ranges:
            if r.start <= column < r.start + r.length:
                return colors.get(r.format.foreground().color().name())
        return None

    assert format_at(0, 0) == "keyword"  # const
    assert format_at(0, 11) == "string"  # 'if' is a string, not a keyword
    assert format_at(0, 19) == "comment"  # // while
    assert format_at(1, 3) == "comment"  # /* a
    assert format_at(2, 2) == "comment"  # const */ (still the comment)
    assert format_at(2, 10) == "keyword"  # let
    assert format_at(3, 0) == "template"  # the template literal goes on over the line break
    assert format_at(3, 12) == "number"  # 42


# -- pieces ------------------------------------------------------------------------------------------------
def test_console_rows_carry_level_colours_and_lines(qtbot):
    console = ConsoleView()
    qtbot.addWidget(console)
    console.append_entries([ConsoleEntry("log", "hello", 1, time.time(), "page.js"),
                            ConsoleEntry("warn", "careful", None, time.time(), "page.js")])
    console.append_entries([ConsoleEntry("error", "Uncaught TypeError: x\n    at page.js:3:1", 3, time.time(),
                                         "page.js")])
    doc = console.document()
    assert doc.blockCount() == len(console.entries) == 4  # the error's stack frame is a row of its own
    assert doc.findBlockByNumber(2).text().endswith("Uncaught TypeError: x   (page.js:3)")
    assert doc.findBlockByNumber(3).text().strip() == "at page.js:3:1"
    assert console.entries[3].line == 3
    error_block = doc.findBlockByNumber(2)
    assert error_block.blockFormat().background().color().name() == "#fdecea"  # errors are tinted red
    assert error_block.charFormat().foreground().color().name() == "#b71c1c"
    assert doc.findBlockByNumber(1).blockFormat().background().color().name() == "#fff4d6"  # warnings amber
    assert not doc.findBlockByNumber(0).blockFormat().hasProperty(QTextFormat.Property.BackgroundBrush)


def test_console_keeps_the_newest_lines(qtbot):
    console = ConsoleView(max_lines=10)
    qtbot.addWidget(console)
    console.append_entries([ConsoleEntry("log", str(i), None, 0.0) for i in range(8)])
    console.append_entries([ConsoleEntry("log", str(i), None, 0.0) for i in range(8, 15)])
    assert [e.text for e in console.entries] == [str(i) for i in range(5, 15)]
    assert [console.document().findBlockByNumber(i).text()[-2:].strip() for i in range(10)] == \
        [str(i) for i in range(5, 15)]


def test_stack_frames_are_rows_that_name_their_own_line():
    entry = ConsoleEntry("error", "Uncaught Error: x [Page.onLoad]\n    at f (page.js:7:3)\n    at <anonymous>:1:9", 2,
                         0.0, "page.js")
    rows = entry.rows()
    assert [r.text for r in rows] == ["Uncaught Error: x [Page.onLoad]", "    at f (page.js:7:3)",
                                      "    at <anonymous>:1:9"]
    assert [r.line for r in rows] == [2, 7, None]
    assert [r.continued for r in rows] == [False, True, True]


@pytest.mark.parametrize(("text", "expected"), [
    ("", {}),
    ("base=http://127.0.0.1:8765", {"base": "http://127.0.0.1:8765"}),
    ("?a=1&b=&c", {"a": "1", "b": "", "c": ""}),
    ("q=%E4%BD%A0&x=a=b", {"q": "%E4%BD%A0", "x": "a=b"}),
], ids=["empty", "url-value", "blanks", "not-decoded"])
def test_parse_query(text, expected):
    assert parse_query(text) == expected


def test_data_paths_and_values():
    data = {"n": 1, "list": [{"text": "a"}], "answer": "x"}
    paths = list(data_paths(data))
    assert paths[0] == "answer" and "list[0].text" in paths
    assert value_at(data, "list[0].text") == (True, "a")
    assert value_at(data, "list.0.text") == (True, "a")
    assert value_at(data, "nope") == (False, None)
