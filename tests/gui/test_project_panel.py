"""A mini-program project in the window, end to end: open it, pick the page, run it, call its methods
with events, map its remote host to the demo server on loopback; the answer reaches the page data and
the chunk views, storage edits reach the page, toasts show over the phone.

No sleeps: ``qtbot.waitUntil`` on what the user would see.
"""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest
from PySide6.QtCore import QMimeData, QPoint, QPointF, Qt, QUrl
from PySide6.QtGui import QDragEnterEvent, QDropEvent, QTextCursor
from PySide6.QtWidgets import QApplication, QMenu

from simulator.gui import create_main
from simulator.gui.miniprogram import ConsoleEntry
from simulator.gui.miniprogram.domains import load_domains, save_domains
from simulator.gui.miniprogram.map_remote import MapRow, load_rules, save_rules
from simulator.gui.miniprogram.page_methods import input_event, parse_event
from simulator.gui.miniprogram.phone import PhonePreview
from simulator.gui.settings import Settings
from simulator.runtime.storage import ProjectStorage
from simulator.server.demo import DEMO_ANSWER

PROJECTS = Path(__file__).parents[1] / "projects"
GUI_CHAT = PROJECTS / "gui-chat"
API = "https://api.gui-chat.example"
WAIT_MS = 20000


def data_value(controller, key: str):
    return controller.page_data.get(key)


def tree_value(controller, key: str):
    tree = controller.view.data_tree
    for i in range(tree.topLevelItemCount()):
        item = tree.topLevelItem(i)
        if item.text(0) == key:
            return item.data(1, Qt.ItemDataRole.UserRole)
    return None


def start(qtbot, controller, demo_url: str | None = None) -> None:
    """Map the project's API host to the demo server (when given) and Run; wait for the page."""
    if demo_url is not None:
        controller.view.map_remote.add_rule(MapRow(API, demo_url))
    with qtbot.waitSignal(controller.runStarted, timeout=WAIT_MS):
        qtbot.mouseClick(controller.view.run_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: controller.page.route == "pages/chat/chat", timeout=WAIT_MS)


def stop(qtbot, controller):
    with qtbot.waitSignal(controller.runFinished, timeout=WAIT_MS) as blocker:
        qtbot.mouseClick(controller.view.stop_button, Qt.MouseButton.LeftButton)
    return blocker.args[0]


def test_open_project_shows_files_pages_entry_first_and_the_entry_page(panel):
    main, controller = panel
    assert controller.open_project(GUI_CHAT)
    v = controller.view
    assert v.project_tree.isVisible() and v.page_picker.isVisible()
    assert [v.page_picker.itemText(i) for i in range(v.page_picker.count())] == \
        ["pages/chat/chat", "pages/about/about"]  # entryPagePath first, then app.json's order
    assert controller.path == GUI_CHAT / "pages" / "chat" / "chat.js"
    assert "send: function" in v.editor.toPlainText()
    # File menu: Open Project… and the project in Recent Projects.
    titles = [a.text() for a in main.window.file_menu.actions()]
    assert "Open Project…" in titles
    recent = main.window.findChild(QMenu, "recentProjectsMenu")
    assert recent.actions()[0].data() == str(GUI_CHAT.resolve())
    # Picking another page opens its file.
    v.page_picker.setCurrentText("pages/about/about")
    assert controller.path == GUI_CHAT / "pages" / "about" / "about.js"


def test_the_window_with_a_project_open_fits_a_1366_by_768_screen(panel, qtbot):
    main, controller = panel
    controller.open_project(GUI_CHAT)
    qtbot.waitUntil(lambda: main.window.width() == 1366)
    hint = main.window.minimumSizeHint()
    assert hint.width() <= 1366 and hint.height() <= 768


def test_not_a_project_is_a_banner_and_nothing_changes(panel, tmp_path):
    main, controller = panel
    before = controller.view.editor.toPlainText()
    assert not controller.open_project(tmp_path)
    assert main.window.banner.isVisible() and "project" in main.window.banner._text.text().lower()
    assert "\n" not in main.window.banner._text.text()
    assert controller.project.project is None and controller.view.editor.toPlainText() == before


def test_send_with_an_input_streams_the_answer_into_page_data_and_the_chunk_views(panel, qtbot, demo_url):
    main, controller = panel
    controller.open_project(GUI_CHAT)
    start(qtbot, controller, demo_url)
    methods = controller.view.page_methods
    assert methods.input_method.currentText() == "onInput"  # the input handler is guessed by name
    methods.input_text.setText("你好")
    qtbot.mouseClick(methods.input_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: data_value(controller, "input") == "你好", timeout=WAIT_MS)
    names = [methods.method_list.item(i).text() for i in range(methods.method_list.count())]
    methods.method_list.setCurrentRow(names.index("send"))
    qtbot.mouseClick(methods.call_button, Qt.MouseButton.LeftButton)

    qtbot.waitUntil(lambda: data_value(controller, "status") == "done", timeout=WAIT_MS)
    qtbot.waitUntil(lambda: tree_value(controller, "answer") == DEMO_ANSWER, timeout=WAIT_MS)
    # The request went to the demo server through the Map remote rule, and through the window's views.
    qtbot.waitUntil(lambda: main.stream.chunk_model.rowCount() > 0, timeout=WAIT_MS)
    qtbot.waitUntil(lambda: main.stream.state == "idle", timeout=WAIT_MS)
    assert main.stream.store.end is not None and main.stream.store.end.reason == "complete"
    assert main.window.events_pane.table.model().rowCount() > 0
    console = "\n".join(e.text for e in controller.console_entries())
    assert f"{API}/v1/chat/completions went to {demo_url}/v1/chat/completions" in console
    assert controller.view.status.text().endswith(
        f"Request 1, Map remote: {API}/v1/chat/completions → {demo_url}/v1/chat/completions")
    # The toast the page showed when the answer was complete is over the phone.
    qtbot.waitUntil(lambda: controller.view.phone.overlay.shown() == ["toast: ✓ Answered"], timeout=WAIT_MS)
    assert controller.view.phone.overlay.isVisible()
    # The page's storage is in the Storage view, live.
    assert controller.view.storage.snapshot() == {"lastQuestion": "你好"}
    result = stop(qtbot, controller)
    assert result.end_reason == "stopped" and result.error is None and result.data["answer"] == DEMO_ANSWER


def test_a_component_page_with_npm_and_behaviors_streams_in_the_window(panel, qtbot, demo_url):
    """The CommonJS fixture as real projects write it: a Component page, a Behavior, miniprogram_npm."""
    main, controller = panel
    assert controller.open_project(PROJECTS / "cjs-chat")
    controller.view.map_remote.add_rule(MapRow("https://api.example.com", demo_url))
    with qtbot.waitSignal(controller.runStarted, timeout=WAIT_MS):
        controller.run()
    qtbot.waitUntil(lambda: "onSend" in controller.page.methods, timeout=WAIT_MS)
    # wx.setNavigationBarTitle in pageLifetimes.show titles the phone.
    qtbot.waitUntil(lambda: controller.view.phone.title() == "与 AI 聊天", timeout=WAIT_MS)
    methods = controller.view.page_methods
    methods.input_text.setText("你好")
    methods.input_method.setCurrentText("bindInput")
    qtbot.mouseClick(methods.input_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: data_value(controller, "inputValue") == "你好", timeout=WAIT_MS)
    assert controller.call("onSend")

    def answered() -> bool:
        messages = data_value(controller, "messages") or []
        return len(messages) == 2 and messages[1]["content"] == DEMO_ANSWER

    qtbot.waitUntil(answered, timeout=WAIT_MS)
    qtbot.waitUntil(lambda: main.stream.state == "idle" and main.stream.chunk_model.rowCount() > 0, timeout=WAIT_MS)
    assert stop(qtbot, controller).error is None


def test_run_saves_the_edited_file_first_and_runs_what_is_on_disk(panel, qtbot, tmp_path):
    _main, controller = panel
    project = tmp_path / "gui-chat"
    shutil.copytree(GUI_CHAT, project)
    controller.open_project(project)
    editor = controller.view.editor
    cursor = editor.textCursor()  # an edit as typing makes it (setPlainText would not mark it modified)
    cursor.select(QTextCursor.SelectionType.Document)
    cursor.insertText(editor.toPlainText().replace("status: 'idle'", "status: 'edited'"))
    assert controller.view.file_label.text().startswith("● ")  # modified, not saved yet
    start(qtbot, controller)
    qtbot.waitUntil(lambda: data_value(controller, "status") == "edited", timeout=WAIT_MS)
    assert "status: 'edited'" in (project / "pages" / "chat" / "chat.js").read_text("utf-8")
    stop(qtbot, controller)


def test_storage_edits_reach_the_running_page_and_the_file(panel, qtbot):
    _main, controller = panel
    controller.open_project(GUI_CHAT)
    storage = ProjectStorage.for_project(GUI_CHAT)  # touristappid names no project: keyed by folder
    storage.save({"signature": "from the file"})
    controller.project.open_project(GUI_CHAT)  # the view reads the file again
    assert controller.view.storage.snapshot() == {"signature": "from the file"}
    start(qtbot, controller)
    qtbot.waitUntil(lambda: data_value(controller, "signature") == "from the file", timeout=WAIT_MS)

    view = controller.view.storage
    view.valueEdited.emit("signature", "edited in the window")  # what an edit of the Value cell sends
    qtbot.waitUntil(lambda: view.snapshot().get("signature") == "edited in the window", timeout=WAIT_MS)
    assert controller.call("readSignature")
    qtbot.waitUntil(lambda: data_value(controller, "signature") == "edited in the window", timeout=WAIT_MS)
    stop(qtbot, controller)
    assert storage.load() == {"signature": "edited in the window"}
    # With nothing running, edits go to the project's storage file.
    view.removeRequested.emit("signature")
    assert view.snapshot() == {} and storage.load() == {}


def test_editing_a_value_cell_parses_json_and_keeps_plain_text(panel, qtbot):
    _main, controller = panel
    controller.open_project(GUI_CHAT)
    view = controller.view.storage
    view.valueEdited.emit("n", "")
    row = view.keys().index("n")
    view.table.item(row, 1).setText('{"a": [1, 2]}')
    assert view.snapshot()["n"] == {"a": [1, 2]}
    view.table.item(row, 1).setText("plain words")
    assert view.snapshot()["n"] == "plain words"
    assert view.info.text().startswith("1 key(s) · ")


def test_a_call_with_a_bad_event_says_why_and_calls_nothing(panel, qtbot):
    _main, controller = panel
    controller.open_project(GUI_CHAT)
    start(qtbot, controller)
    methods = controller.view.page_methods
    methods.method_list.setCurrentRow(0)
    methods.event_editor.setPlainText("{not json")
    before = len(controller.console_entries())
    qtbot.mouseClick(methods.call_button, Qt.MouseButton.LeftButton)
    assert methods.message.text().startswith("The event is not valid JSON")
    assert len(controller.console_entries()) == before
    stop(qtbot, controller)


def test_window_settings_draw_the_navigation_bar(panel, qtbot):
    _main, controller = panel
    controller.open_project(GUI_CHAT)
    phone = controller.view.phone
    assert phone.title() == "Ask"  # pages/chat/chat.json over app.json's window
    assert phone.navigation_bar() == ("#07c160", "#ffffff")


def test_map_remote_rules_are_kept_per_project(panel, demo_url):
    main, controller = panel
    controller.open_project(GUI_CHAT)
    controller.view.map_remote.add_rule(MapRow(API, demo_url))
    assert load_rules(main.settings, str(GUI_CHAT.resolve())) == [MapRow(API, demo_url, True)]
    controller.view.map_remote.add_rule(MapRow("api.example.com", demo_url))
    assert "FROM must start with http" in controller.view.map_remote.message.text()
    assert controller.project.run_options()["maps"] == [(API, demo_url)]  # the bad row is not used
    controller.open_project(PROJECTS / "cjs-chat")
    assert controller.view.map_remote.rules() == []
    controller.open_project(GUI_CHAT)
    assert controller.view.map_remote.rules()[0] == MapRow(API, demo_url, True)


def test_a_console_line_with_a_file_opens_that_file_at_its_line(panel, qtbot):
    _main, controller = panel
    controller.open_project(GUI_CHAT)
    controller.view.page_picker.setCurrentText("pages/about/about")
    controller.view.console.append_entries([ConsoleEntry("error", "boom", 11, 0.0, "utils/sse.js", col=5)])
    row = len(controller.view.console.entries) - 1
    qtbot.mouseClick(controller.view.console.viewport(), Qt.MouseButton.LeftButton,
                     pos=controller.view.console.row_rect(row).center())
    assert controller.path == GUI_CHAT / "utils" / "sse.js"
    assert controller.view.editor.current_line() == 11 and controller.view.editor.current_column() == 5
    assert controller.view.editor.marked_line() == 11


def test_a_folder_dropped_on_the_window_opens_as_a_project(panel):
    main, controller = panel
    mime = QMimeData()
    mime.setUrls([QUrl.fromLocalFile(str(GUI_CHAT))])
    enter = QDragEnterEvent(QPoint(10, 10), Qt.DropAction.CopyAction, mime, Qt.MouseButton.LeftButton,
                            Qt.KeyboardModifier.NoModifier)
    QApplication.sendEvent(main.window, enter)
    assert enter.isAccepted()  # the window takes a folder
    drop = QDropEvent(QPointF(10, 10), Qt.DropAction.CopyAction, mime, Qt.MouseButton.LeftButton,
                      Qt.KeyboardModifier.NoModifier)
    QApplication.sendEvent(main.window, drop)
    assert controller.project.project is not None
    assert controller.project.project.folder.resolve() == GUI_CHAT.resolve()


def test_gui_with_a_folder_opens_it_as_a_project(qtbot):
    main = create_main(str(GUI_CHAT))
    qtbot.addWidget(main.window)
    assert main.script.project.project is not None
    assert main.script.view.page_picker.currentText() == "pages/chat/chat"
    main.window.close()


def test_the_project_comes_back_on_the_next_start(qtbot):
    first = create_main()
    qtbot.addWidget(first.window)
    first.script.open_project(GUI_CHAT)
    first.window.close()
    second = create_main()
    qtbot.addWidget(second.window)
    assert second.script.project.project is not None
    assert second.script.path == GUI_CHAT / "pages" / "chat" / "chat.js"
    second.script.project.close_project()
    assert not second.script.view.project_tree.isVisible() and second.script.script_name.endswith(".js")
    second.window.close()


# -- pieces --------------------------------------------------------------------------------------------------
def test_overlay_shows_toast_loading_and_modal(qtbot):
    phone = PhonePreview()
    qtbot.addWidget(phone)
    phone.show()
    overlay = phone.overlay
    overlay.show_ui("loading", {"title": "发送中"})
    assert overlay.shown() == ["loading: … 发送中"]
    overlay.show_ui("hideToast", {})  # hideToast does not hide a loading box
    assert overlay.shown() == ["loading: … 发送中"]
    overlay.show_ui("hideLoading", {})
    assert overlay.shown() == [] and not overlay.isVisible()
    overlay.show_ui("toast", {"title": "已复制", "icon": "none", "duration": 50})
    assert overlay.shown() == ["toast: 已复制"]
    qtbot.waitUntil(lambda: overlay.shown() == [], timeout=2000)  # gone after its duration
    overlay.show_ui("modal", {"title": "提示", "content": "确定删除？"})
    assert overlay.shown() == ["modal: 提示 — 确定删除？"]
    qtbot.mouseClick(overlay, Qt.MouseButton.LeftButton, pos=QPoint(5, 5))  # a click dismisses it
    assert overlay.shown() == []


@pytest.mark.parametrize(("text", "expected"), [
    ("", {"type": "tap", "detail": {}}),
    ('{"detail": {"value": "x"}}', {"detail": {"value": "x"}}),
], ids=["empty-is-a-tap", "fields"])
def test_parse_event(text, expected):
    assert parse_event(text) == expected


@pytest.mark.parametrize("text", ["[1]", "{nope", '"tap"'], ids=["array", "broken", "string"])
def test_parse_event_rejects_what_is_not_an_object(text):
    with pytest.raises(ValueError) as info:
        parse_event(text)
    assert "\n" not in str(info.value)


def test_input_event_carries_the_value_as_bindinput_does():
    assert input_event("你好")["detail"] == {"value": "你好", "cursor": 2, "keyCode": 0}
    assert json.dumps(input_event("a"))


def test_the_file_tree_shows_a_page_files_names_whole_at_1366x768(panel, qtbot):
    main, controller = panel
    web_chat = PROJECTS.parent / "view" / "fixtures" / "web-chat"  # a page with its four files
    controller.open_project(web_chat)
    tree = controller.view.project_tree
    current = tree.currentIndex()
    qtbot.waitUntil(lambda: tree.visualRect(tree.currentIndex()).isValid(), timeout=WAIT_MS)
    folder = current.parent()
    qtbot.waitUntil(lambda: tree.model().rowCount(folder) == len(list((web_chat / "pages" / "chat").iterdir())),
                    timeout=WAIT_MS)
    names = [folder.model().index(r, 0, folder) for r in range(tree.model().rowCount(folder))]
    assert {i.data() for i in names} >= {"chat.js", "chat.json", "chat.wxml", "chat.wxss"}
    room = tree.viewport().width()
    for index in names:
        rect = tree.visualRect(index)
        text_left = rect.left() + tree.iconSize().width() + 8  # the file's icon and its margins
        assert text_left + tree.fontMetrics().horizontalAdvance(index.data()) <= room, index.data()


def test_map_rules_and_domains_are_kept_per_project_and_an_emptied_list_forgets_only_its_own(tmp_path, monkeypatch):
    monkeypatch.setenv("MPSIM_HOME", str(tmp_path))
    settings = Settings()
    save_rules(settings, "/p/a", [MapRow(API, "http://127.0.0.1:1")])
    save_rules(settings, "/p/b", [MapRow("https://api.b.example", "http://127.0.0.1:2", False)])
    save_domains(settings, "/p/a", " api.a.example ", True)
    save_domains(settings, "/p/b", "api.b.example", False)
    save_rules(settings, "/p/a", [])
    save_domains(settings, "/p/b", "  ", False)
    settings.sync()
    again = Settings()  # what the next start reads
    assert load_rules(again, "/p/a") == []
    assert load_rules(again, "/p/b") == [MapRow("https://api.b.example", "http://127.0.0.1:2", False)]
    assert load_domains(again, "/p/a") == ("api.a.example", True) and load_domains(again, "/p/b") == ("", False)
    assert set(again.get_json("project/maps")) == {"/p/b"} and set(again.get_json("project/domains")) == {"/p/a"}
