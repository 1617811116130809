"""Selectors and events on the rendered tree: what --tap / --input reach, in what order."""

from __future__ import annotations

import pytest

from simulator.view import SelectorError, event_path, input_event, split_selector_text, tap_event

CHAT = """
<view id="page" class="chat" bindtap="onPage">
  <scroll-view class="list" scroll-y>
    <view wx:for="{{msgs}}" wx:key="id" class="msg {{item.role}}" data-msg-id="{{item.id}}" bindtap="onMsg">
      <text class="body">{{item.text}}</text>
    </view>
  </scroll-view>
  <view class="bar" catchtap="onBar">
    <input class="ask" value="{{draft}}" bindinput="onInput" placeholder="问点什么"/>
    <button id="send" type="primary" data-kind="send" bindtap="onSend">发送</button>
  </view>
</view>"""
DATA = {"msgs": [{"id": "m1", "role": "me", "text": "hi"}, {"id": "m2", "role": "bot", "text": "yo"}], "draft": ""}


@pytest.fixture
def chat(render):
    return render(CHAT, DATA).tree


@pytest.mark.parametrize(("selector", "found"), [
    ("#send", ["发送"]),
    (".msg", ["hi", "yo"]),
    (".msg.bot", ["yo"]),
    ("text", ["hi", "yo"]),
    ("[data-msg-id=m2]", ["yo"]),
    ('[data-msg-id="m1"] .body', ["hi"]),
    ("[data-kind]", ["发送"]),
    ("scroll-view > .msg > text", ["hi", "yo"]),
    (".chat > .msg", []),
    (".chat .msg", ["hi", "yo"]),
    ("[placeholder=问点什么]", [""]),
    ("#send, .bot", ["yo", "发送"]),
    # a tab among items whose ids are random (a UI library's tabs): by its place
    (".msg:nth-child(2)", ["yo"]),
    (".msg:first-child .body", ["hi"]),
    (".bar > :last-child", ["发送"]),
    (".msg:nth-child(3)", []),
], ids=lambda v: v if isinstance(v, str) else None)
def test_selectors_find_what_a_user_means(chat, selector, found):
    assert [e.text_content for e in chat.find_all(selector)] == found


@pytest.mark.parametrize("bad", ["", ".", "#", "> .a", "a[b", ".a >", ".a:nth-child(x)", ":hover"])
def test_unreadable_selector_is_one_clear_error(chat, bad):
    with pytest.raises(SelectorError) as info:
        chat.find_all(bad)
    assert "\n" not in str(info.value)


@pytest.mark.parametrize(("argument", "parts"), [
    ("#ask=hello", ("#ask", "hello")),
    ("[data-k=v]=a=b", ("[data-k=v]", "a=b")),
    ('.ask [data-x="1=2"]=', ('.ask [data-x="1=2"]', "")),
    ("input=你好", ("input", "你好")),
])
def test_selector_text_splits_at_the_first_equals_outside_brackets(argument, parts):
    assert split_selector_text(argument) == parts


@pytest.mark.parametrize("bad", ["#ask", "=text", "[a=b]"])
def test_selector_text_without_a_text_is_an_error(bad):
    with pytest.raises(SelectorError, match="SELECTOR=TEXT"):
        split_selector_text(bad)


def test_tap_bubbles_with_target_and_current_target_datasets(chat):
    calls = tap_event(chat.find('[data-msg-id=m2] .body'), time_stamp=42)
    assert [c.handler for c in calls] == ["onMsg", "onPage"]
    msg = calls[0].event
    assert msg["type"] == "tap" and msg["timeStamp"] == 42
    assert msg["target"] == {"id": "", "dataset": {}}
    assert msg["currentTarget"] == {"id": "", "dataset": {"msgId": "m2"}}
    assert calls[1].event["currentTarget"]["id"] == "page"


def test_catch_stops_the_tap_from_bubbling(chat):
    calls = tap_event(chat.find("#send"))
    assert [c.handler for c in calls] == ["onSend", "onBar"]
    assert calls[0].event["target"] == {"id": "send", "dataset": {"kind": "send"}}


def test_capture_runs_first_from_the_top_and_capture_catch_stops_all(render):
    tree = render('<view id="a" capture-bind:tap="capA" bindtap="bubA"><view id="b" capture-catch:tap="capB">'
                  '<view id="c" bindtap="bubC"/></view></view>').tree
    assert [b.handler for _, b in event_path(tree.find("#c"), "tap")] == ["capA", "capB"]
    tree = render('<view id="a" capture-bind:tap="capA" bindtap="bubA"><view id="c" bindtap="bubC"/></view>').tree
    assert [b.handler for _, b in event_path(tree.find("#c"), "tap")] == ["capA", "bubC", "bubA"]


def test_mut_bind_handlers_exclude_each_other_but_not_bind(render):
    tree = render('<view mut-bind:tap="outer" bindtap="plain"><view mut-bind:tap="inner" id="t"/></view>').tree
    assert [b.handler for _, b in event_path(tree.find("#t"), "tap")] == ["inner", "plain"]


def test_marks_merge_from_target_up(render):
    tree = render('<view mark:row="{{3}}" bindtap="onTap"><text mark:part="name" id="t">x</text></view>').tree
    (call,) = tap_event(tree.find("#t"))
    assert call.event["mark"] == {"row": 3, "part": "name"}


def test_input_event_stays_on_the_field_with_value_cursor_and_key_code(chat):
    (call,) = input_event(chat.find(".bar"), "你好")
    assert call.handler == "onInput" and call.element.tag == "input"
    assert call.event["detail"] == {"value": "你好", "cursor": 2, "keyCode": ord("好")}


def test_tap_inside_a_component_is_seen_from_the_page_as_a_tap_on_its_host(open_page):
    view = open_page({"/pages/index/index.wxml": '<card id="c1" data-n="1" bindtap="onCard"/>',
                      "/pages/index/index.json": '{"usingComponents": {"card": "/card"}}',
                      "/card.wxml": '<view id="inner" bindtap="onInner">x</view>'})
    tree = view.render({}).tree
    inner, page = tap_event(tree.find("#inner"))
    assert (inner.handler, inner.owner, inner.event["target"]["id"]) == ("onInner", tree.find("card").component_id,
                                                                          "inner")
    assert (page.handler, page.owner, page.event["target"]) == ("onCard", None, {"id": "c1", "dataset": {"n": "1"}})
