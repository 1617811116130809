"""The window's phone shows the project's rendered page (PRODUCT.md J): the user types a question into
the page's own input, taps its send button, and the demo server's answer streams into the page's WXML
and the page data; the WXML inspector lists and outlines its elements; the Data choice shows one data
path as text. No sleeps: ``qtbot.waitUntil`` and callbacks on what the user would see.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtTest import QTest
from test_project_panel import tree_value  # the page data tree's value of a key
from test_webphone import click, snapshot  # a real click in Chromium; what the page shows once painted

from simulator.gui.miniprogram.map_remote import MapRow
from simulator.gui.webphone import DEVICES, WebPhone
from simulator.server.demo import DEMO_ANSWER

WEB_CHAT = Path(__file__).parents[1] / "view" / "fixtures" / "web-chat"
GUI_CHAT = Path(__file__).parents[1] / "projects" / "gui-chat"
API = "https://chat.example.com"  # web-chat's app.js globalData.api
WAIT_MS = 20000


def web(controller) -> WebPhone:
    phone = controller.view.rendered.web
    assert phone is not None
    return phone


@pytest.fixture
def running_chat(panel, qtbot, demo_server):
    """web-chat open in the window, its API mapped to the demo server, running, its page on the phone."""
    main, controller = panel
    assert controller.open_project(WEB_CHAT)
    assert controller.phone.mode == "page"  # a page with WXML: rendered by default
    controller.view.map_remote.add_rule(MapRow(API, demo_server.url))
    with qtbot.waitSignals([controller.runStarted, controller.phone.pageShown], timeout=WAIT_MS):
        qtbot.mouseClick(controller.view.run_button, Qt.MouseButton.LeftButton)
    assert controller.view.rendered.showing_page()
    return main, controller  # closing the window stops the run


def test_typing_and_tapping_send_on_the_rendered_page_streams_the_answer_into_its_wxml(running_chat, qtbot):
    _main, controller = running_chat
    phone = web(controller)
    assert phone.isVisible() and phone.navigation_bar.text() == "问答"  # the page's json over app.json
    assert "#07c160" in phone.navigation_bar.styleSheet()
    # Fitted to the panel: the whole phone is in sight without scrolling.
    room = controller.view.rendered.room()
    assert phone.width() <= room.width() and phone.height() <= room.height()

    boxes = snapshot(qtbot, phone)["boxes"]
    click(phone, boxes["question"])
    QTest.keyClicks(phone.view.focusProxy(), "hello there")
    qtbot.waitUntil(lambda: tree_value(controller, "question") == "hello there", timeout=WAIT_MS)
    click(phone, boxes["send"])

    qtbot.waitUntil(lambda: tree_value(controller, "answer") == DEMO_ANSWER, timeout=WAIT_MS)
    qtbot.waitUntil(lambda: tree_value(controller, "sending") is False, timeout=WAIT_MS)
    shown = snapshot(qtbot, phone)["text"]
    assert DEMO_ANSWER in shown and "hello there" in shown and "mode: stream" in shown
    assert "\ufffd" not in shown
    # The console shows no error of the page's handlers.
    assert not [e for e in controller.console_entries() if e.level == "error"]


def test_the_page_methods_call_still_reaches_the_rendered_page(running_chat, qtbot):
    _main, controller = running_chat
    methods = controller.view.page_methods
    methods.input_text.setText("from the tab")
    methods.input_method.setCurrentText("onInput")
    qtbot.mouseClick(methods.input_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: tree_value(controller, "question") == "from the tab", timeout=WAIT_MS)
    phone = web(controller)
    qtbot.waitUntil(lambda: phone_input(qtbot, phone) == "from the tab", timeout=WAIT_MS)


def phone_input(qtbot, phone: WebPhone) -> str:
    with qtbot.waitCallback(timeout=10_000) as value:
        phone.when_painted(lambda: phone.run_js("document.querySelector('#question input').value", value))
    return value.args[0]


def test_the_inspector_lists_the_elements_and_outlines_the_one_under_the_mouse(running_chat, qtbot):
    _main, controller = running_chat
    view = controller.view
    inspector = controller.phone.inspector
    with qtbot.waitSignal(inspector.refreshed, timeout=WAIT_MS):
        view.tabs.setCurrentWidget(view.inspector)
    labels = inspector.elements()
    assert "<input#question.question>" in labels and "<button#send.send>" in labels
    assert "<scroll-view#messages.messages>" in labels

    assert inspector.select("<button#send.send>")
    details = inspector.details()
    assert details["Dataset"] == {"mode": "stream"}
    assert details["Classes"] == {"send": ""}
    assert details["Events"] == {"tap": "onSend"}
    assert details["Attributes"]["type"] == "primary"
    assert details["Element"]["loc"].endswith("chat.wxml:14:5")

    # Hovering a row outlines that element on the phone, where it is.
    tree = view.inspector.tree
    item = next(i for i in tree.findItems("<input#question.question>", Qt.MatchFlag.MatchExactly
                                          | Qt.MatchFlag.MatchRecursive))
    tree.scrollToItem(item)
    QTest.mouseMove(tree.viewport(), tree.visualItemRect(item).center())
    phone = web(controller)
    outline = ("JSON.stringify([...document.querySelectorAll('.mpsim-highlight')]"
               ".map(b => b.getBoundingClientRect()))")

    def outlined() -> list[dict[str, float]]:
        with qtbot.waitCallback(timeout=10_000) as got:
            phone.run_js(outline, got)
        return json.loads(got.args[0])

    boxes = snapshot(qtbot, phone)["boxes"]

    def outlines(element: str) -> bool:
        box = boxes[element]
        # Within half a CSS pixel: at a fractional zoom Chromium lays the outline out to device pixels.
        return [all(abs(b[k] - box[k]) < 0.5 for k in ("x", "y", "width")) for b in outlined()] == [True]

    qtbot.waitUntil(lambda: outlines("question"), timeout=WAIT_MS)
    # The mouse leaves the tree: the selected element is outlined again.
    QTest.mouseMove(view.inspector.details.viewport())
    qtbot.waitUntil(lambda: outlines("send"), timeout=WAIT_MS)


def test_the_data_choice_shows_one_data_path_as_text_and_page_comes_back(running_chat, qtbot):
    _main, controller = running_chat
    view = controller.view
    qtbot.mouseClick(view.data_mode_button, Qt.MouseButton.LeftButton)
    assert view.phone.isVisible() and not view.rendered.isVisible() and view.path.isVisible()
    controller.call("onInput", {"type": "input", "detail": {"value": "as text"}})
    controller.set_preview_path("question")
    qtbot.waitUntil(lambda: view.phone.text() == "as text", timeout=WAIT_MS)
    assert view.phone.title() == "问答"
    qtbot.mouseClick(view.page_mode_button, Qt.MouseButton.LeftButton)
    assert view.rendered.isVisible() and not view.path.isVisible() and view.device_button.isVisible()
    qtbot.waitUntil(lambda: phone_input(qtbot, web(controller)) == "as text", timeout=WAIT_MS)


def test_a_toast_lies_over_the_rendered_page(running_chat, qtbot):
    _main, controller = running_chat
    overlay = controller.view.phone.overlay
    controller.page.show_reports([("ui", ("toast", {"title": "已复制", "icon": "none"}))])
    phone = web(controller)
    assert overlay.parentWidget() is phone and overlay.isVisible()
    assert overlay.geometry() == phone.view.geometry()
    assert overlay.shown() == ["toast: 已复制"]


def test_device_presets_and_zoom_change_the_rendered_phone(running_chat, qtbot):
    _main, controller = running_chat
    phone = web(controller)
    menu = controller.view.device_menu
    actions = {a.text(): a for a in menu.actions() if a.isCheckable()}
    with qtbot.waitSignal(phone.page_shown, timeout=WAIT_MS):
        actions[DEVICES[2].name].trigger()
    assert snapshot(qtbot, phone)["boxes"]["ruler"]["width"] == pytest.approx(393, abs=0.5)  # 750rpx: the new width
    actions["100 %"].trigger()
    qtbot.waitUntil(lambda: phone.zoom == 1.0)
    assert phone.view.width() == 393
    actions["Fit the panel"].trigger()
    qtbot.waitUntil(lambda: phone.zoom < 1.0)
    room = controller.view.rendered.room()
    assert phone.height() <= room.height()


def test_a_plain_script_keeps_the_text_phone_and_a_page_without_wxml_shows_its_data(panel, qtbot):
    _main, controller = panel
    view = controller.view
    assert not view.page_mode_button.isVisible() and view.phone.isVisible() and view.path.isVisible()
    assert view.rendered.web is None  # no Chromium started for a script
    controller.open_project(GUI_CHAT)  # its page has no .wxml
    assert view.page_mode_button.isVisible() and not view.page_mode_button.isEnabled()
    assert controller.phone.mode == "data" and view.phone.isVisible()


def test_the_phone_takes_half_the_panel_at_1366x768_so_its_text_is_readable(running_chat):
    main, controller = running_chat
    assert main.window.width() <= 1366 and main.window.minimumSizeHint().width() <= 1366
    tabs, phone_column = controller.view.output_splitter.sizes()
    assert phone_column >= tabs - 40
    assert web(controller).zoom >= 0.6  # 14 px text of the page shows at 8.4 px or more


def test_after_the_run_ends_the_phone_says_taps_go_nowhere_until_run_again(running_chat, qtbot):
    _main, controller = running_chat
    note = controller.view.rendered.ended_note
    assert not note.isVisible()
    controller.stop()
    qtbot.waitUntil(lambda: not controller.running, timeout=WAIT_MS)
    qtbot.waitUntil(note.isVisible, timeout=WAIT_MS)
    assert note.text() == "Run ended — press Run to run again"
    assert controller.view.rendered.showing_page()  # the page stays in sight under it
    with qtbot.waitSignals([controller.runStarted, controller.phone.pageShown], timeout=WAIT_MS):
        qtbot.mouseClick(controller.view.run_button, Qt.MouseButton.LeftButton)
    assert not note.isVisible()


def test_the_page_is_never_a_pixel_narrower_than_the_phone_at_any_zoom(running_chat, qtbot):
    """A zoom whose page size rounds down (375 × 0.58 = 217.49…) used to leave Chromium a viewport of
    374.1 CSS px: the page scrolled sideways by a pixel, with scroll bars over the phone."""
    _main, controller = running_chat
    phone = web(controller)
    for zoom in (0.47, 0.58, 0.61):
        phone.set_zoom(zoom)
        with qtbot.waitCallback(timeout=10_000) as painted:
            phone.when_painted(painted)
        with qtbot.waitCallback(timeout=10_000) as size:
            phone.run_js("window.innerWidth + ' ' + document.documentElement.scrollWidth", size)
        inner, scrolled = map(int, size.args[0].split())
        assert inner == phone.device.width and scrolled <= inner, zoom
