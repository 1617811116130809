"""The phone in QtWebEngine: a chat page rendered by Chromium, typed into and tapped, streamed into,
and saved headless as a PNG (tests/view/fixtures/web-chat is the page)."""

from __future__ import annotations

import json
import threading
from http.server import BaseHTTPRequestHandler
from pathlib import Path
from typing import Any

import pytest
from peers import serving
from PySide6.QtCore import QBuffer, QIODevice, QPoint, Qt
from PySide6.QtGui import QColor, QImage
from PySide6.QtTest import QTest

from simulator.core.hostmap import HostMap
from simulator.gui.webphone import DEVICES, PhoneLink, ScreenshotError, WebPhone, render_screenshot
from simulator.runtime.program import MiniProgram
from simulator.runtime.project import load_project
from simulator.view import ViewRenderer, folder_reader

CHAT = Path(__file__).parents[1] / "view" / "fixtures" / "web-chat"

DATA: dict[str, Any] = {
    "messages": [{"id": 1, "role": "user", "text": "你好"},
                 {"id": 2, "role": "assistant", "text": "你好！有什么可以帮你？"}],
    "answer": "",
    "question": "",
    "note": "<b>提示</b>：回答由 <i>AI</i> 生成<script>document.title = 'ran'</script>",
    "sending": False,
}


@pytest.fixture
def chat_view():
    with ViewRenderer(folder_reader(CHAT), "/pages/chat/chat") as view:
        yield view


@pytest.fixture
def phone(qtbot, chat_view):
    phone = WebPhone(DEVICES[0])
    qtbot.addWidget(phone)
    phone.set_window_config({"navigationBarTitleText": "问答", "navigationBarBackgroundColor": "#07c160"})
    phone.show()
    with qtbot.waitSignal(phone.page_shown, timeout=20_000):
        phone.show_page(chat_view, DATA, assets=CHAT)
    return phone


def snapshot(qtbot, phone: WebPhone) -> dict[str, Any]:
    """What the page shows once everything sent so far is painted."""
    with qtbot.waitCallback(timeout=10_000) as painted:
        phone.when_painted(painted)
    with qtbot.waitCallback(timeout=10_000) as shot:
        phone.snapshot(shot)
    return shot.args[0]


def click(phone: WebPhone, box: dict[str, float]) -> None:
    """A real mouse click at the middle of an element's box (CSS px, scaled by the zoom)."""
    z = phone.zoom
    at = QPoint(round((box["x"] + box["width"] / 2) * z), round((box["y"] + box["height"] / 2) * z))
    QTest.mouseClick(phone.view.focusProxy(), Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier, at)


def test_the_chat_page_renders_with_its_flexbox_rpx_and_imported_styles(qtbot, phone):
    shown = snapshot(qtbot, phone)
    assert shown["text"].splitlines() == ["你好", "你好！有什么可以帮你？", "提示：回答由 AI 生成", "发送"]
    boxes = shown["boxes"]
    width, height = phone.page_size()
    assert (width, height) == (375, 667 - 44)
    assert boxes["ruler"]["width"] == width  # 750rpx is the screen's width
    # flex column over 100vh: the composer sits on the bottom edge, the list takes the rest
    assert boxes["composer"]["y"] + boxes["composer"]["height"] == pytest.approx(height)
    assert boxes["messages"]["height"] > height / 2
    # flex row: the input grows, the send button keeps its size to its right
    assert boxes["question"]["x"] + boxes["question"]["width"] < boxes["send"]["x"]
    assert boxes["question"]["width"] > 3 * boxes["send"]["width"]
    # bubble.wxss (an @import): the user's bubble is pushed right by margin-left: auto, 20rpx from the edge
    assert boxes["msg-1"]["x"] + boxes["msg-1"]["width"] == pytest.approx(width - 10)
    assert boxes["msg-2"]["x"] == pytest.approx(10)
    assert phone.page.title() != "ran"  # a rich-text <script> never runs


def test_the_navigation_bar_follows_the_window_config(qtbot, phone):
    bar = phone.navigation_bar
    assert bar.text() == "问答" and "#07c160" in bar.styleSheet() and "#ffffff" in bar.styleSheet()
    phone.set_window_config({"navigationBarTitleText": "Chat", "navigationBarTextStyle": "black"})
    assert bar.text() == "Chat" and "#000000; color: #000000" in bar.styleSheet()
    phone.set_window_config({"navigationStyle": "custom"})
    assert not bar.isVisible() and phone.page_size() == (375, 667)
    assert phone.view.height() == 667


def test_typing_into_the_input_fires_bindinput_with_the_value_and_enter_confirms(qtbot, phone):
    calls: list[tuple[str, Any, dict[str, Any]]] = []
    phone.event_fired.connect(lambda handler, owner, event: calls.append((handler, owner, event)))
    click(phone, snapshot(qtbot, phone)["boxes"]["question"])
    QTest.keyClicks(phone.view.focusProxy(), "hi")
    qtbot.waitUntil(lambda: [c[2]["detail"]["value"] for c in calls if c[0] == "onInput"] == ["h", "hi"],
                    timeout=10_000)
    handler, owner, event = next(c for c in calls if c[0] == "onInput" and c[2]["detail"]["value"] == "hi")
    assert owner is None and event["type"] == "input"
    assert event["detail"]["cursor"] == 2 and event["currentTarget"]["id"] == "question"
    QTest.keyClick(phone.view.focusProxy(), Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: any(c[0] == "onSend" and c[2]["type"] == "confirm" for c in calls), timeout=10_000)
    confirm = next(c for c in calls if c[2]["type"] == "confirm")
    assert confirm[2]["detail"] == {"value": "hi"}


def test_a_value_returned_from_bindinput_replaces_what_the_input_shows(qtbot, phone):
    values: list[str] = []
    phone.event_fired.connect(lambda handler, owner, event: values.append(event["detail"].get("value", "")))
    click(phone, snapshot(qtbot, phone)["boxes"]["question"])
    QTest.keyClicks(phone.view.focusProxy(), "abc")
    qtbot.waitUntil(lambda: "abc" in values, timeout=10_000)
    phone.set_input_value("ABC")
    with qtbot.waitCallback(timeout=10_000) as shown:
        phone.run_js("document.querySelector('#question input').value", shown)
    assert shown.args == ["ABC"]


def test_tapping_send_fires_its_bindtap_handler_with_its_dataset(qtbot, phone):
    with qtbot.waitSignal(phone.event_fired, timeout=10_000) as fired:
        click(phone, snapshot(qtbot, phone)["boxes"]["send"])
    handler, owner, event = fired.args
    assert (handler, owner, event["type"]) == ("onSend", None, "tap")
    assert event["currentTarget"] == {"id": "send", "dataset": {"mode": "stream"}}
    assert event["detail"]["x"] > 300 and len(event["touches"]) == 1


def test_a_disabled_send_button_shows_disabled_after_set_data(qtbot, phone):
    phone.set_data({"sending": True})
    with qtbot.waitCallback(timeout=10_000) as state:
        phone.when_painted(lambda: phone.run_js("document.getElementById('send').hasAttribute('disabled')", state))
    assert state.args == [True]


def test_a_streamed_answer_set_piece_by_piece_shows_in_the_page_text(qtbot, phone):
    answer = "流式回答：" + "".join(f"第{i}段。" for i in range(60))
    for end in range(1, len(answer) + 1, 3):
        phone.set_data({"answer": answer[:end]})
    phone.set_data({"answer": answer, "messages[1].text": "改过的"})
    shown = snapshot(qtbot, phone)
    assert answer in shown["text"] and "改过的" in shown["text"]
    assert shown["boxes"]["answer"]["height"] > 37  # the long answer wraps over several lines


def test_another_device_loads_the_page_again_with_its_data_and_zoom_scales_the_view(qtbot, phone):
    phone.set_data({"answer": "留下来"})
    snapshot(qtbot, phone)
    with qtbot.waitSignal(phone.page_shown, timeout=20_000):
        phone.set_device(DEVICES[1])
    shown = snapshot(qtbot, phone)
    assert shown["boxes"]["ruler"]["width"] == 430 and "留下来" in shown["text"]
    phone.set_zoom(0.5)
    assert (phone.view.width(), phone.view.height()) == (215, round((932 - 44) * 0.5))
    qtbot.waitUntil(lambda: snapshot(qtbot, phone)["boxes"]["ruler"]["width"] == 430)


def test_highlight_outlines_what_a_selector_matches_or_says_why_not(qtbot, phone):
    snapshot(qtbot, phone)
    for selector, count, message in [(".bubble", 2, ""), ("scroll-view view text", 2, ""),
                                      ("#nothing", 0, "#nothing matches nothing on this page")]:
        with qtbot.waitCallback(timeout=10_000) as done:
            phone.highlight(selector, done)
        assert done.args == [count, message]
    with qtbot.waitCallback(timeout=10_000) as done:
        phone.highlight("[data-mode", done)
    assert done.args[0] == 0 and done.args[1]
    with qtbot.waitCallback(timeout=10_000) as outlined:
        phone.highlight("#send", lambda n, m: phone.run_js(
            "JSON.stringify([...document.querySelectorAll('.mpsim-highlight')].map(b => b.getBoundingClientRect()))",
            outlined))
    (box,) = json.loads(outlined.args[0])
    send = snapshot(qtbot, phone)["boxes"]["send"]
    assert (box["x"], box["y"], box["width"]) == pytest.approx((send["x"], send["y"], send["width"]))


def test_the_tree_is_the_element_tree_for_a_wxml_inspector(qtbot, phone):
    with qtbot.waitCallback(timeout=10_000) as got:
        phone.tree(got)
    tree = got.args[0]
    chat = tree["children"][0]
    assert (chat["tag"], chat["classes"]) == ("view", ["chat"])
    scroll = chat["children"][0]
    assert scroll["tag"] == "scroll-view" and scroll["attrs"]["scroll-y"] is True
    assert [c["id"] for c in scroll["children"]] == ["msg-1", "msg-2"]
    assert scroll["loc"].endswith("chat.wxml:3:3")


def test_the_phone_shows_a_grab_of_its_bar_and_page(qtbot, phone):
    image = phone.screenshot()
    assert (image.width(), image.height()) == (375, 667)
    bar = image.pixelColor(5, 5).name()
    assert bar == "#07c160"


def test_a_headless_screenshot_saves_the_page_and_says_what_it_shows(qtbot, tmp_path):
    data = dict(DATA, answer="截图里的回答")
    shot = render_screenshot(CHAT, data, tmp_path / "chat.png")
    image = QImage(str(tmp_path / "chat.png"))
    assert (image.width(), image.height()) == (375, 667)
    # not a blank page: the user's green bubble and the page's grey background are both there
    colours = {image.pixelColor(x, y).name() for x in range(0, 375, 5) for y in range(0, 667, 5)}
    assert {"#95ec69", "#ededed"} <= colours
    assert "截图里的回答" in shot.text and shot.boxes["ruler"]["width"] == 375
    assert shot.boxes["composer"]["y"] + shot.boxes["composer"]["height"] == pytest.approx(667)

    big = render_screenshot({k: v for k, v in _files(CHAT).items()}, data, tmp_path / "big.png", size=(430, 932),
                            page="/pages/chat/chat")
    assert big.boxes["ruler"]["width"] == 430 and QImage(str(tmp_path / "big.png")).height() == 932


def test_a_headless_screenshot_without_a_page_to_render_is_one_clear_error(qtbot, tmp_path):
    with pytest.raises(ScreenshotError, match="no page to render"):
        render_screenshot(tmp_path, {}, tmp_path / "x.png")
    assert not (tmp_path / "x.png").exists()


def _files(root: Path) -> dict[str, str]:
    return {"/" + p.relative_to(root).as_posix(): p.read_text(encoding="utf-8") for p in root.rglob("*") if p.is_file()}


def test_the_first_render_reports_its_components_and_warnings_once_the_window_listens(qtbot):
    files = {"/pages/index/index.wxml": '<card title="{{title}}"/><text>{{missing(1)}}</text>',
             "/pages/index/index.json": '{"usingComponents": {"card": "/card"}}',
             "/card.wxml": '<view class="card">{{title}}</view>'}
    reports: list[dict[str, Any]] = []
    with ViewRenderer(files.get, "/pages/index/index") as view:
        phone = WebPhone()
        qtbot.addWidget(phone)
        phone.rendered.connect(reports.append)
        phone.show()
        with qtbot.waitSignal(phone.page_shown, timeout=20_000):
            phone.show_page(view, {"title": "卡片"})
        qtbot.waitUntil(lambda: len(reports) == 1)
        (card,) = reports[0]["components"]
        assert (card["path"], card["props"]) == ("/card", {"title": "卡片"})
        assert any("index.wxml:1:" in w and "missing" in w for w in reports[0]["warnings"])
        phone.set_data({"title": "新标题"})
        qtbot.waitUntil(lambda: len(reports) == 2)
        assert reports[1]["components"][0]["props"] == {"title": "新标题"}


def test_scroll_into_view_brings_the_last_message_into_sight_in_the_list(qtbot, phone):
    messages = [{"id": i, "role": "user" if i % 2 else "assistant", "text": f"第 {i} 条"} for i in range(1, 41)]
    phone.set_data({"messages": messages, "lastId": "msg-40"})
    shown = snapshot(qtbot, phone)
    box, last = shown["boxes"]["messages"], shown["boxes"]["msg-40"]
    assert box["y"] <= last["y"] and last["y"] + last["height"] <= box["y"] + box["height"]
    assert shown["boxes"]["msg-1"]["y"] < box["y"]  # scrolled out of sight above
    assert shown["boxes"]["composer"]["y"] + shown["boxes"]["composer"]["height"] == pytest.approx(phone.page_size()[1])


@pytest.fixture
def image_server():
    """A loopback server with one 40×30 PNG at /face.png; records the paths asked for."""
    buffer = QBuffer()
    buffer.open(QIODevice.OpenModeFlag.WriteOnly)
    face = QImage(40, 30, QImage.Format.Format_RGB32)
    face.fill(QColor("#ff8800"))
    face.save(buffer, "PNG")
    png = bytes(buffer.data().data())
    asked: list[str] = []

    class Handler(BaseHTTPRequestHandler):
        def do_GET(self) -> None:  # noqa: N802 (http.server's name)
            asked.append(self.path)
            found = self.path == "/face.png"
            self.send_response(200 if found else 404)
            self.send_header("Content-Type", "image/png")
            self.send_header("Content-Length", str(len(png) if found else 0))
            self.end_headers()
            if found:
                self.wfile.write(png)

        def log_message(self, *args: Any) -> None:
            pass

    with serving(Handler) as url:
        yield url, asked, png


def test_images_load_from_the_project_and_remote_ones_through_the_host_map(qtbot, tmp_path, image_server):
    url, asked, png = image_server
    (tmp_path / "pages" / "index").mkdir(parents=True)
    (tmp_path / "images").mkdir()
    (tmp_path / "images" / "logo.png").write_bytes(png)
    (tmp_path / "pages" / "index" / "index.wxml").write_text(
        '<image id="logo" src="/images/logo.png" mode="widthFix" style="width: 80px"/>'
        '<image id="near" src="../../images/logo.png" style="width: 20px; height: 15px"/>'
        '<image id="face" src="https://img.example.com/face.png" style="width: 40px; height: 30px"/>',
        encoding="utf-8")
    with ViewRenderer(folder_reader(tmp_path), "/pages/index/index") as view:
        phone = WebPhone()
        qtbot.addWidget(phone)
        phone.set_host_map(HostMap.parse([f"https://img.example.com={url}"]))
        phone.show()
        with qtbot.waitSignal(phone.page_shown, timeout=20_000):
            phone.show_page(view, {}, assets=tmp_path)
        natural = ("JSON.stringify([...document.querySelectorAll('wx-image img')]"
                   ".map(i => [i.complete, i.naturalWidth]))")

        def loaded() -> list[Any]:
            with qtbot.waitCallback(timeout=10_000) as got:
                phone.run_js(natural, got)
            return json.loads(got.args[0])

        qtbot.waitUntil(lambda: loaded() == [[True, 40]] * 3, timeout=10_000)
        assert asked == ["/face.png"]
        # widthFix: the height follows the picture's proportions (40×30 at 80px wide)
        assert snapshot(qtbot, phone)["boxes"]["logo"]["height"] == 60


FORM = {"/pages/index/index.wxml": """
<checkbox-group id="tags" bindchange="onTags">
  <checkbox id="c-a" value="a">甲</checkbox><checkbox id="c-b" value="b">乙</checkbox>
  <checkbox id="c-c" value="c">丙</checkbox>
</checkbox-group>
<radio-group id="model" bindchange="onModel">
  <radio id="r-1" value="fast" checked>快</radio><radio id="r-2" value="smart">聪明</radio>
</radio-group>
<textarea id="draft" auto-height style="width: 300px; height: 500px" bindinput="onDraft"/>
"""}


def test_checkbox_and_radio_groups_report_their_values_and_a_textarea_grows_with_its_text(qtbot):
    calls: list[tuple[str, Any]] = []
    with ViewRenderer(FORM.get, "/pages/index/index") as view:
        phone = WebPhone()
        qtbot.addWidget(phone)
        phone.event_fired.connect(lambda handler, owner, event: calls.append((handler, event["detail"]["value"])))
        phone.show()
        with qtbot.waitSignal(phone.page_shown, timeout=20_000):
            phone.show_page(view, {})
        boxes = snapshot(qtbot, phone)["boxes"]
        for element in ["c-b", "c-c", "c-b", "r-2", "r-1"]:
            click(phone, boxes[element])
        qtbot.waitUntil(lambda: len(calls) == 5, timeout=10_000)
        assert calls == [("onTags", ["b"]), ("onTags", ["b", "c"]), ("onTags", ["c"]),
                         ("onModel", "smart"), ("onModel", "fast")]

        one_line = boxes["draft"]["height"]
        assert one_line < 100  # auto-height: the style's 500px does not apply
        click(phone, boxes["draft"])
        for line in ["one", "two", "three"]:  # QTest types Latin-1 only
            QTest.keyClicks(phone.view.focusProxy(), line)
            QTest.keyClick(phone.view.focusProxy(), Qt.Key.Key_Return)
        qtbot.waitUntil(lambda: calls[-1][1] == "one\ntwo\nthree\n", timeout=10_000)
        assert snapshot(qtbot, phone)["boxes"]["draft"]["height"] >= 3 * one_line


def test_rich_text_nodes_as_an_array_render_without_their_scripts_and_handlers(qtbot):
    files = {"/pages/index/index.wxml": '<rich-text id="rt" nodes="{{nodes}}"/>'}
    nodes = [{"name": "div", "attrs": {"style": "color: #ff0000", "onclick": "document.title = 'ran'", "id": "box"},
              "children": [{"type": "text", "text": "红色 &lt;3"}, {"name": "script", "children": [
                  {"type": "text", "text": "document.title = 'ran'"}]}]}]
    with ViewRenderer(files.get, "/pages/index/index") as view:
        phone = WebPhone()
        qtbot.addWidget(phone)
        phone.show()
        with qtbot.waitSignal(phone.page_shown, timeout=20_000):
            phone.show_page(view, {"nodes": nodes})
        shown = snapshot(qtbot, phone)
        assert shown["text"] == "红色 <3"
        click(phone, shown["boxes"]["box"])
        with qtbot.waitCallback(timeout=10_000) as got:
            phone.run_js("[getComputedStyle(document.getElementById('box')).color, document.title,"
                         " document.getElementById('box').hasAttribute('onclick')].join('|')", got)
        assert got.args == ["rgb(255, 0, 0)||false"]


@pytest.mark.parametrize("profile", ["passthrough", "wire", "fixed:3", "utf8-cut", "random"])
def test_typing_a_question_and_tapping_send_streams_the_answer_into_the_page(qtbot, tmp_path, demo_server, profile):
    """The whole loop: the project's own page on the phone, its own JS in the run, the demo's answer
    streamed into its WXML, under every delivery profile."""
    project = load_project(CHAT)
    phone = WebPhone()
    qtbot.addWidget(phone)
    phone.show()
    link = PhoneLink(project, phone)
    pages: list[dict[str, Any]] = []
    program = MiniProgram(project=project, view=link, maps=[("https://chat.example.com", demo_server.url)],
                          profile=profile, seed=7, stay_open=True, log_dir=tmp_path, on_data=pages.append)
    link.attach(program)
    run = threading.Thread(target=program.run, daemon=True)
    with qtbot.waitSignal(phone.page_shown, timeout=20_000):
        run.start()
    try:
        boxes = snapshot(qtbot, phone)["boxes"]
        click(phone, boxes["question"])
        QTest.keyClicks(phone.view.focusProxy(), "tell me a story, please")  # 23 characters
        # onInput returns the question cut at 20 characters: the input shows that, and so does the data
        qtbot.waitUntil(lambda: bool(pages) and pages[-1]["question"] == "tell me a story, ple", timeout=10_000)
        with qtbot.waitCallback(timeout=10_000) as typed:
            phone.when_painted(lambda: phone.run_js("document.querySelector('#question input').value", typed))
        assert typed.args == ["tell me a story, ple"]

        click(phone, boxes["send"])
        qtbot.waitUntil(lambda: bool(pages[-1]["answer"]) and not pages[-1]["sending"], timeout=20_000)
        answer = pages[-1]["answer"]
        qtbot.waitUntil(lambda: answer in snapshot(qtbot, phone)["text"], timeout=10_000)
        shown = snapshot(qtbot, phone)["text"]
        assert "tell me a story, ple" in shown and "mode: stream" in shown
        assert "\ufffd" not in shown  # no character broken by the random cuts
    finally:
        program.stop()
        run.join(10)
        link.close()
