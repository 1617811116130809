"""The Network panel end to end: the request bar's and the page's requests in one list, two runs
compared, why the naive decoder garbles, curl paste and the request bar's habits.

Real requests to the demo server on loopback; no sleeps (``waitSignal``/``waitUntil``).
"""

from __future__ import annotations

import json

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QGuiApplication
from PySide6.QtTest import QAbstractItemModelTester
from PySide6.QtWidgets import QMenu

from simulator.core.chunklog import read_log
from simulator.core.curl import parse_curl
from simulator.gui.answer import TextMode
from simulator.server.demo import DEMO_ANSWER

RUN_TIMEOUT_MS = 20000


def run_naive_decoder(qtbot, main, demo_url: str, profile: str):
    script = main.script
    menu = main.window.findChild(QMenu, "examplesMenu")
    next(a for a in menu.actions() if a.data() and a.data().endswith("naive-decoder.js")).trigger()
    script.view.query.setText(f"base={demo_url}")
    main.window.request_bar.profile.setCurrentText(profile)
    with qtbot.waitSignal(script.runFinished, timeout=RUN_TIMEOUT_MS) as blocker:
        qtbot.mouseClick(script.view.run_button, Qt.MouseButton.LeftButton)
    return blocker.args[0]


def send_from_bar(qtbot, main, url: str):
    bar = main.window.request_bar
    bar.method.setCurrentText("GET")
    bar.url.setCurrentText(url)
    main.window.request_details.body.setPlainText("")
    qtbot.mouseClick(bar.send_button, Qt.MouseButton.LeftButton)


def test_the_list_holds_the_request_bars_request_and_the_pages_and_shows_either_in_every_view(
        panel, qtbot, demo_url):
    main, _ = panel
    network = main.network
    send_from_bar(qtbot, main, demo_url + "/sse/append")
    qtbot.waitUntil(lambda: len(network.entries()) == 1 and not network.entries()[0].live, timeout=RUN_TIMEOUT_MS)
    qtbot.waitUntil(lambda: main.stream.state == "idle", timeout=5000)
    result = run_naive_decoder(qtbot, main, demo_url, "passthrough")
    assert result.data["answer"] == DEMO_ANSWER

    bar_entry, page_entry = network.entries()
    assert (bar_entry.source_label(), page_entry.source_label()) == ("request bar", "page")
    assert (bar_entry.method, page_entry.method) == ("GET", "POST")
    assert page_entry.url == demo_url + "/v1/chat/completions"
    model = network.model
    row = [model.data(model.index(1, c)) for c in range(model.columnCount())]
    assert row[3] == "200" and row[10] == "complete"
    delivered = [c.data for c in read_log(page_entry.log_path).chunks("delivered")]
    assert row[6] == f"{len(delivered):,}" and row[7] == f"{sum(map(len, delivered)):,}"
    assert page_entry.ttfb_ms is not None and 0 < page_entry.ttfb_ms <= page_entry.duration_ms

    # Selecting the first request shows it again in every view (the page's is showing now).
    assert main.stream.log_path == page_entry.log_path
    network.panel.table.selectRow(0)
    qtbot.waitUntil(lambda: main.stream.log_path == bar_entry.log_path and main.stream.state == "idle", timeout=5000)
    assert main.stream.event_model.rowCount() > 0
    headers = network.panel.response_headers
    names = [headers.item(r, 0).text().lower() for r in range(headers.rowCount())]
    assert "content-type" in names
    assert "text/event-stream" in headers.item(names.index("content-type"), 1).text()

    network.panel.filter.setText("completions 200")
    assert network.proxy.rowCount() == 1
    assert network.panel.count.text() == "1 of 2"
    network.panel.filter.setText("")
    assert network.proxy.rowCount() == 2


def test_two_pinned_runs_show_their_cuts_on_one_axis_and_the_page_text_beside_the_correct_one(
        panel, qtbot, demo_url):
    main, _ = panel
    network = main.network
    run_naive_decoder(qtbot, main, demo_url, "passthrough")
    run_naive_decoder(qtbot, main, demo_url, "utf8-cut")
    clean, cut = network.entries()
    network.pin(0, clean)
    network.pin(1, cut)

    a, b = network.panel.compare.runs
    assert a is not None and b is not None
    assert a.size == b.size == network.panel.compare.axis.axis_bytes  # the same bytes, cut differently
    assert a.cuts_inside == 0 and b.cuts_inside > 0
    assert a.page_text == a.correct_text == DEMO_ANSWER
    assert b.correct_text == DEMO_ANSWER and b.page_text != DEMO_ANSWER
    compare = network.panel.compare
    assert compare.page_texts[1].toPlainText() == b.page_text.replace("\xa0", " ")  # Qt shows NBSP as a space
    assert compare.correct_texts[1].toPlainText() == DEMO_ANSWER
    assert "matches the correct decoding" in compare.summaries[0].text()
    assert "cuts this character" in compare.summaries[1].text()
    assert network.panel.tabs.currentWidget() is compare
    assert model_text(network, 0, 0).startswith("A") and model_text(network, 1, 0).startswith("B")


def model_text(network, row: int, col: int) -> str:
    return network.model.data(network.model.index(row, col))


def test_after_a_garbling_run_the_window_says_where_and_jumps_to_the_chunk(panel, qtbot, demo_url):
    main, script = panel
    network = main.network
    with qtbot.waitSignal(network.explained, timeout=RUN_TIMEOUT_MS) as told:
        run_naive_decoder(qtbot, main, demo_url, "utf8-cut")
    g = told.args[0]
    entry = network.entries()[-1]
    body = b"".join(c.data for c in read_log(entry.log_path).chunks("delivered"))

    assert g is not None and g.char == "你"
    assert g.offset == body.index("你".encode())
    assert g.offset < g.boundary < g.offset + 3
    said = [e.text for e in script.console_entries() if e.text == g.en or e.text == g.zh]
    assert len(said) == 1  # once, in plain words
    explanation = network.panel.garble.explanation.text()
    assert f"byte {g.offset}" in explanation and "e4 bd a0" in explanation

    qtbot.mouseClick(network.panel.garble.show_chunk_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: main.stream.selected_chunk == ("delivered", g.chunk), timeout=5000)
    shown = main.window.chunk_inspector.content()  # the hex view shows that chunk, ending inside "你"
    ends = [len(b"".join(c.data for c in list(read_log(entry.log_path).chunks("delivered"))[:i + 1]))
            for i in range(g.chunk + 1)]
    assert shown is not None and shown.data == body[ends[-1] - len(shown.data):ends[-1]]
    assert g.offset < ends[-1] < g.offset + 3 and shown.marks.ends_inside


def test_a_pasted_curl_command_fills_the_bar_without_sending(panel, qtbot):
    main, _ = panel
    command = ("curl 'http://127.0.0.1:9/v1/chat/completions' \\\n  -H 'content-type: application/json' \\\n"
               "  -H 'x-trace: 7' \\\n  --data-raw '{\"stream\":true,\"q\":\"你好\"}' --compressed")
    QGuiApplication.clipboard().setText(command)
    line = main.window.request_bar.url.lineEdit()
    line.setFocus()
    qtbot.keyClick(line, Qt.Key.Key_V, Qt.KeyboardModifier.ControlModifier)

    bar, details = main.window.request_bar, main.window.request_details
    assert bar.method.currentText() == "POST"
    assert bar.url.currentText() == "http://127.0.0.1:9/v1/chat/completions"
    assert details.header_pairs() == [("content-type", "application/json"), ("x-trace", "7")]
    assert '"q": "你好"' in details.body.toPlainText()
    assert main.stream.state == "idle" and main.network.entries() == []
    assert "--compressed" in main.window.banner.message()

    # Copy as cURL gives back the same request; Copy as wx.request code writes the call with listeners.
    main.network.copy_curl_action.trigger()
    copied = QGuiApplication.clipboard().text()
    back = parse_curl(copied)
    assert (back.method, back.url, back.headers[1:], json.loads(back.body or "")) == (
        "POST", "http://127.0.0.1:9/v1/chat/completions", [("x-trace", "7")], {"stream": True, "q": "你好"})
    main.network.copy_wx_action.trigger()
    code = QGuiApplication.clipboard().text()
    assert "enableChunked: true" in code and "task.onChunkReceived(" in code and "q: '你好'" in code


def test_a_bad_curl_command_says_why_in_one_line(panel, qtbot):
    main, _ = panel
    line = main.window.request_bar.url.lineEdit()
    line.setText("curl -X POST 'http://h/unclosed")
    qtbot.keyClick(line, Qt.Key.Key_Return)
    assert main.window.banner.level == "error" and "quote" in main.window.banner.message()
    assert main.network.entries() == []


def test_throttling_presets_set_the_pacing_and_send_nothing(panel, qtbot):
    main, _ = panel
    bar = main.window.request_bar
    bar.profile.setCurrentText("utf8-cut")
    main.network.pacing_actions["Slow 3G"].trigger()
    assert bar.profile.currentText().startswith("utf8-cut,latency=")
    assert main.stream.state == "idle" and main.network.entries() == []
    main.network.pacing_actions["No throttling"].trigger()
    assert bar.profile.currentText() == "utf8-cut"


def test_a_second_send_while_streaming_says_it_replaced_the_first(panel, qtbot, demo_url):
    main, _ = panel
    send_from_bar(qtbot, main, demo_url + "/fault/never-ending")
    qtbot.waitUntil(lambda: main.stream.state == "streaming", timeout=RUN_TIMEOUT_MS)
    send_from_bar(qtbot, main, demo_url + "/sse/append")
    qtbot.waitUntil(lambda: "replaced it" in main.window.banner.message(), timeout=5000)
    first, second = main.network.entries()
    assert f"#{first.number} was aborted" in main.window.banner.message()
    qtbot.waitUntil(lambda: not first.live and not second.live, timeout=RUN_TIMEOUT_MS)
    assert first.end.reason == "abort" and second.end.reason == "complete"


def test_opening_a_recording_restores_its_request_names_the_file_and_lists_it(panel, qtbot, tmp_path,
                                                                              write_chunk_log):
    main, _ = panel
    log = write_chunk_log(tmp_path / "chat-run.jsonl", url="http://127.0.0.1:9/v1/chat", method="POST",
                          headers=(("content-type", "application/json"), ("x-trace", "7")),
                          body='{"q":"你好"}'.encode())
    assert main.logs.open_log(log)

    bar, details = main.window.request_bar, main.window.request_details
    assert (bar.method.currentText(), bar.url.currentText()) == ("POST", "http://127.0.0.1:9/v1/chat")
    assert ("x-trace", "7") in details.header_pairs()
    assert '"q": "你好"' in details.body.toPlainText()
    assert bar.profile.currentText() == "passthrough"
    assert "chat-run.jsonl" in main.window.windowTitle()
    (entry,) = main.network.entries()
    assert entry.source_label() == "recording" and entry.log_path == log and entry.end.reason == "complete"
    assert main.stream.state in ("replaying", "idle")  # nothing was sent


def test_the_timeout_field_shows_the_platform_cap_and_the_effective_value(panel):
    main, _ = panel
    bar, note = main.window.request_bar, main.network.timeout_note
    bar.platform.setCurrentIndex(bar.platform.findData("android"))
    bar.timeout.setValue(120_000)
    assert main.network.effective_timeout_ms() == (60_000, 60_000)
    assert "60 s" in note.text()
    bar.platform.setCurrentIndex(bar.platform.findData("devtools"))
    assert main.network.effective_timeout_ms() == (120_000, None)
    assert note.text() == "no cap"


def test_find_boxes_select_the_chunk_and_the_event_holding_the_text(panel, qtbot, demo_url):
    main, _ = panel
    run_naive_decoder(qtbot, main, demo_url, "utf8-cut")
    qtbot.waitUntil(lambda: main.stream.state == "idle", timeout=5000)
    # From the last chunk Enter wraps to the first 你 (from chunk 0 it would go on to the next one
    # whenever the cut leaves 你's first byte in chunk 0).
    model = main.stream.chunk_model
    main.stream.select_chunk(*model.chunk_at(model.rowCount() - 1))
    find = main.network.find
    find.chunks.setText("e4 bd a0")  # 你, cut by every boundary under utf8-cut: the match spans two chunks
    found = find.find_chunk()
    assert found is not None and found[0] == "delivered"
    entry = main.network.entries()[-1]
    chunks = [c.data for c in read_log(entry.log_path).chunks("delivered")]
    start = sum(map(len, chunks[:found[1]]))
    body = b"".join(chunks)
    assert start <= body.index("你".encode()) < start + len(chunks[found[1]])
    assert main.stream.selected_chunk == found

    find.events.setText("[DONE]")
    i = find.find_event()
    assert i is not None and main.stream.store.events[i][0].data == "[DONE]"
    assert main.window.events_pane.table.currentIndex().row() == i
    find.chunks.setText("not in this stream")
    assert find.find_chunk() is None and find.chunks.styleSheet()


def test_filter_buttons_show_only_the_chunks_and_events_holding_the_text(panel, qtbot, demo_url):
    main, _ = panel
    run_naive_decoder(qtbot, main, demo_url, "passthrough")
    qtbot.waitUntil(lambda: main.stream.state == "idle", timeout=5000)
    find, stream = main.network.find, main.stream
    chunk_table, event_table = main.window.chunk_pane.table, main.window.events_pane.table
    every_chunk = stream.chunk_model.rowCount()
    find.chunks.setText("[DONE]")
    find.chunk_filter.setChecked(True)
    shown = find.shown_rows(chunk_table)
    assert 0 < len(shown) < every_chunk
    assert all(b"[DONE]" in stream.store.data(stream.chunk_model.store_row(r)) for r in shown)
    # The rows keep their numbers: selecting a shown row selects that chunk in every view.
    chunk_table.setCurrentIndex(stream.chunk_model.index(shown[0], 0))
    assert stream.selected_chunk == stream.chunk_model.chunk_at(shown[0])
    find.events.setText("[DONE]")
    find.event_filter.setChecked(True)
    assert [stream.store.events[r][0].data for r in find.shown_rows(event_table)] == ["[DONE]"]
    # Another level re-lists the chunks, still filtered; the filter off shows every row again.
    combo = main.window.chunk_pane.level
    combo.setCurrentIndex(combo.findData("read"))
    assert 0 < len(find.shown_rows(chunk_table)) < stream.chunk_model.rowCount()
    find.chunk_filter.setChecked(False)
    find.event_filter.setChecked(False)
    assert len(find.shown_rows(chunk_table)) == stream.chunk_model.rowCount()
    assert len(find.shown_rows(event_table)) == len(stream.store.events)


def test_export_goes_to_a_real_folder_remembered_and_the_banner_opens_it(panel, qtbot, demo_url, mpsim_home,
                                                                         tmp_path):
    from PySide6.QtWidgets import QDialog

    main, _ = panel
    send_from_bar(qtbot, main, demo_url + "/sse/append")
    qtbot.waitUntil(lambda: main.stream.state == "idle", timeout=RUN_TIMEOUT_MS)
    dialog = main.logs.show_export_dialog()
    assert dialog.out_path().parent == mpsim_home / "exports"  # not the recordings folder
    with qtbot.waitSignal(main.logs.exported, timeout=RUN_TIMEOUT_MS) as blocker:
        dialog.done(QDialog.DialogCode.Accepted)
    written = blocker.args[0]
    assert written.is_file() and written.parent == mpsim_home / "exports"
    banner = main.window.banner
    assert str(written.resolve()) in banner.message()
    assert banner.action_button.isVisible() and banner.action_button.text() == "Open Folder"
    # Another folder picked once is where the next export goes.
    dialog = main.logs.show_export_dialog()
    dialog.path_edit.setText(str(tmp_path / "elsewhere" / "answer.txt"))
    with qtbot.waitSignal(main.logs.exported, timeout=RUN_TIMEOUT_MS):
        dialog.done(QDialog.DialogCode.Accepted)
    assert main.logs.show_export_dialog().out_path().parent == tmp_path / "elsewhere"
    banner.dismiss()
    assert not banner.action_button.isVisible()


@pytest.mark.parametrize(("path", "mode", "merge", "field"), [
    ("/v1/chat/completions", "append", True, "text"),
    ("/sse/overwrite", "overwrite", False, "text"),
    ("/sse/append", "append", False, "text"),
    ("/ndjson", "body", False, "text"),
], ids=["openai-merge", "overwrite", "append", "no-sse"])
def test_opening_a_recording_picks_the_text_mode_from_its_content(panel, qtbot, demo_url, path, mode, merge,
                                                                     field):
    main, _ = panel
    send_from_bar(qtbot, main, demo_url + path)
    qtbot.waitUntil(lambda: main.stream.state == "idle", timeout=RUN_TIMEOUT_MS)
    log = main.stream.log_path
    pane = main.window.text_pane
    # Whatever the view showed before, the recording decides.
    main.stream.set_text_mode(TextMode.OVERWRITE if mode != "overwrite" else TextMode.BODY, merge_openai=not merge,
                              json_field="other")
    with qtbot.waitSignal(main.stream.finished, timeout=RUN_TIMEOUT_MS):
        assert main.logs.open_log(log)
    assert (pane.mode.currentData(), pane.merge.isChecked()) == (mode, merge)
    if mode == "overwrite":
        assert pane.field.text() == field and pane.text().startswith(DEMO_ANSWER[:10])


def test_the_network_list_and_its_filter_pass_the_model_tester_while_requests_run(panel, qtbot, qtmodeltester,
                                                                                  demo_url):
    main, _ = panel
    network = main.network
    # The testers stay attached: every row added, refreshed while live, pinned, filtered and cleared
    # below is checked as it happens (qtmodeltester keeps one tester: the proxy gets its own).
    qtmodeltester.check(network.model)
    proxy_tester = QAbstractItemModelTester(network.proxy, QAbstractItemModelTester.FailureReportingMode.Warning)
    send_from_bar(qtbot, main, demo_url + "/sse/append")
    run_naive_decoder(qtbot, main, demo_url, "utf8-cut")
    qtbot.waitUntil(lambda: len(network.entries()) == 2 and not any(e.live for e in network.entries()),
                    timeout=RUN_TIMEOUT_MS)
    network.pin(0, network.entries()[0])
    network.panel.filter.setText("completions")
    assert network.proxy.rowCount() == 1
    network.clear()
    assert network.model.rowCount() == network.proxy.rowCount() == 0
    del proxy_tester
