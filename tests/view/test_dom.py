"""dom.js in V8 over a tiny fake DOM (tests/view/fake_dom.js): the phone's elements, keyed patching,
and DOM events turned into WeChat events for the host, as the page in QtWebEngine does."""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path

import pytest

from simulator.runtime.engine import MiniRacerEngine
from simulator.view import compile_page, dom_js, render_js


class Phone:
    """render.js + a compiled page + dom.js + the fake DOM in one isolate, like the phone's page."""

    def __init__(self, wxml: str) -> None:
        self.engine = MiniRacerEngine()
        compiled = compile_page({"/p.wxml": wxml}.get, "/p")
        self.engine.eval(render_js())
        self.engine.eval(dom_js())
        self.engine.eval((Path(__file__).parent / "fake_dom.js").read_text(encoding="utf-8"))
        self.engine.eval(f"""var page = {compiled.source}; var calls = [];
            var root = fakeDocument.createElement("wx-page");
            var phone = new MpsimDom.PhoneView(root, {{document: fakeDocument, now: () => 7,
                                                     host: {{event: (c) => calls.push(c)}}}});
            phone.listen(); void 0""")

    def show(self, data: dict) -> None:
        self.engine.eval(f"phone.update(page.render({json.dumps(data)})); void 0")

    def js(self, source: str):
        value = self.engine.eval(f"JSON.stringify({source})")
        return json.loads(value) if isinstance(value, str) else None

    def outline(self, attrs: tuple[str, ...] = ("class",)) -> str:
        return self.js(f"outline(root, {json.dumps(list(attrs))})")

    def calls(self) -> list[dict]:
        return self.js("calls.splice(0)")


@pytest.fixture
def phone() -> Iterator[type[Phone]]:
    made: list[Phone] = []

    def make(wxml: str) -> Phone:
        made.append(Phone(wxml))
        return made[-1]

    yield make
    for p in made:
        p.engine.close()


def test_components_become_phone_elements_with_real_controls(phone):
    p = phone('<view class="bar"><input value="{{q}}" placeholder="ask"/><button type="primary" disabled>'
              'Send</button><text decode space="nbsp">a&lt;b c</text><view hidden>gone</view></view>')
    p.show({"q": "你好"})
    assert p.outline(("class", "type", "disabled")) == (
        "<wx-page><wx-view class=bar><wx-input><input></input></wx-input>"
        "<wx-button type=primary disabled>Send</wx-button>"
        "<wx-text>a<b\u00a0c</wx-text><wx-view>gone</wx-view></wx-view></wx-page>")
    assert p.js("root.childNodes[0].childNodes[0].childNodes[0].value") == "你好"
    assert p.js("root.childNodes[0].childNodes[3].getAttribute('style')") == "display: none !important;"


def test_image_modes_map_to_object_fit(phone):
    p = phone('<image src="/a.png" mode="aspectFill"/><image src="/b.png" mode="widthFix"/>')
    p.show({})
    assert p.js("root.childNodes.map(n => [n.childNodes[0].src, n.childNodes[0].style.objectFit, "
                "n.childNodes[0].style.height])") == [["/a.png", "cover", "100%"], ["/b.png", "fill", "auto"]]


def test_keyed_rows_keep_their_dom_nodes_when_reordered(phone):
    p = phone('<view wx:for="{{rows}}" wx:key="id" class="row">{{item.t}}</view>')
    p.show({"rows": [{"id": 1, "t": "a"}, {"id": 2, "t": "b"}, {"id": 3, "t": "c"}]})
    p.js("root.childNodes.forEach((n, i) => { n.mark = 'first-' + i; })")
    p.show({"rows": [{"id": 3, "t": "c!"}, {"id": 1, "t": "a"}]})
    assert p.js("root.childNodes.map(n => [n.mark, n.textContent])") == [["first-2", "c!"], ["first-0", "a"]]


def test_streamed_text_updates_in_place(phone):
    p = phone('<scroll-view scroll-y scroll-top="{{top}}"><text class="answer">{{answer}}</text></scroll-view>')
    for i, answer in enumerate(["你", "你好", "你好，世界"]):
        p.show({"answer": answer, "top": i * 100})
    assert p.js("[root.childNodes[0].textContent, root.childNodes[0].scrollTop, root.childNodes[0].style.overflowY]") \
        == ["你好，世界", 200, "auto"]


def test_click_becomes_a_tap_that_bubbles_until_catch(phone):
    p = phone('<view catchtap="onBar" data-area="bar"><view bindtap="onRow" data-row-id="{{7}}">'
              '<button id="send" bindtap="onSend">Send</button></view></view>')
    p.show({})
    p.js("fire(root, 'click', root.childNodes[0].childNodes[0].childNodes[0].childNodes[0], {pageX: 5, pageY: 9})")
    calls = p.calls()
    assert [(c["handler"], c["owner"]) for c in calls] == [("onSend", None), ("onRow", None), ("onBar", None)]
    row = calls[1]["event"]
    assert row["type"] == "tap" and row["timeStamp"] == 7 and row["detail"] == {"x": 5, "y": 9}
    assert row["target"] == {"id": "send", "dataset": {}}
    assert row["currentTarget"] == {"id": "", "dataset": {"rowId": 7}}


def test_typing_sends_input_with_value_cursor_and_key_code_and_enter_confirms(phone):
    p = phone('<input bindinput="onInput" bindconfirm="onConfirm" confirm-type="send"/>')
    p.show({})
    p.js("(() => { const box = root.childNodes[0].childNodes[0]; box.value = '你好'; box.selectionStart = 2;"
         "fire(root, 'keydown', box, {keyCode: 229, key: 'Process'}); fire(root, 'input', box);"
         "fire(root, 'keydown', box, {keyCode: 13, key: 'Enter'}); })()")
    calls = p.calls()
    assert [c["handler"] for c in calls] == ["onInput", "onConfirm"]
    assert calls[0]["event"]["detail"] == {"value": "你好", "cursor": 2, "keyCode": 229}
    assert calls[1]["event"]["detail"] == {"value": "你好"}
    assert p.js("root.childNodes[0].childNodes[0].enterKeyHint") == "send"


def test_submit_button_submits_the_forms_named_fields(phone):
    p = phone('<form bindsubmit="onSubmit"><input name="q" value="hi"/><switch name="deep" checked/>'
              '<button form-type="submit">Go</button></form>')
    p.show({})
    p.js("fire(root, 'click', root.childNodes[0].childNodes[2])")
    (call,) = p.calls()
    assert (call["handler"], call["event"]["detail"]) == ("onSubmit", {"value": {"q": "hi", "deep": True}})


def test_rich_text_nodes_array_builds_elements_without_handlers(phone):
    p = phone('<rich-text nodes="{{nodes}}"/>')
    p.show({"nodes": [{"name": "p", "attrs": {"class": "x", "onclick": "evil()"},
                       "children": [{"type": "text", "text": "a &amp; b"}]}, {"name": "script"}]})
    assert p.outline(("class", "onclick")) == "<wx-page><wx-rich-text><p class=x>a & b</p></wx-rich-text></wx-page>"


def test_checkbox_shows_its_label_after_the_box(phone):
    p = phone('<checkbox value="a" checked="{{on}}">{{label}}</checkbox>')
    p.show({"on": True, "label": "Apples"})
    p.show({"on": False, "label": "Pears"})
    assert p.outline() == "<wx-page><wx-checkbox><input></input>Pears</wx-checkbox></wx-page>"
    assert p.js("root.childNodes[0].childNodes[0].checked") is False
