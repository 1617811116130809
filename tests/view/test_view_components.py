"""Custom components from usingComponents: their own template, properties, slots, instance data."""

from __future__ import annotations

import json

PAGE_JSON = json.dumps({"usingComponents": {"chat-bubble": "/components/bubble/bubble"}})
BUBBLE = """<view class="bubble {{role}}" bindtap="onTap">
  <slot name="avatar"/><text class="body">{{text}}</text><text class="n">{{taps}}</text><slot/>
</view>"""
PAGE = """<chat-bubble wx:for="{{msgs}}" wx:key="id" text="{{item.text}}" role="{{item.role}}" max-lines="3"
    bind:retry="onRetry"><image slot="avatar" src="/a.png"/><text class="time">{{item.time}}</text></chat-bubble>"""


def files(bubble_json: dict | None = None) -> dict[str, str]:
    return {"/pages/index/index.wxml": PAGE, "/pages/index/index.json": PAGE_JSON,
            "/components/bubble/bubble.wxml": BUBBLE,
            "/components/bubble/bubble.json": json.dumps({"component": True, **(bubble_json or {})})}


DATA = {"msgs": [{"id": 1, "text": "你好", "role": "me", "time": "9:00"},
                 {"id": 2, "text": "hello", "role": "bot", "time": "9:01"}]}


def test_component_renders_its_template_with_the_properties_given(open_page):
    r = open_page(files()).render(DATA)
    hosts = r.tree.find_all("chat-bubble")
    assert [h.find(".body").text_content for h in hosts] == ["你好", "hello"]
    assert [h.find(".bubble").classes for h in hosts] == [["bubble", "me"], ["bubble", "bot"]]
    assert [c["props"] for c in r.components] == [
        {"text": "你好", "role": "me", "maxLines": "3"}, {"text": "hello", "role": "bot", "maxLines": "3"}]
    assert r.warnings == []


def test_slot_content_goes_to_named_and_default_slots_and_stays_the_pages(open_page):
    r = open_page(files()).render(DATA)
    bubble = r.tree.find("chat-bubble .bubble")
    assert [c.tag for c in bubble.children] == ["image", "text", "text", "text"]
    time = bubble.find(".time")
    assert time.text_content == "9:00" and time.owner is None
    assert bubble.owner == r.components[0]["id"]


def test_events_inside_a_component_belong_to_the_instance_and_on_the_host_to_the_page(open_page):
    r = open_page(files()).render(DATA)
    host = r.tree.find("chat-bubble")
    assert host.owner is None and host.events["retry"][0].handler == "onRetry"
    inner = host.find(".bubble")
    assert (inner.owner, inner.events["tap"][0].handler) == (host.component_id, "onTap")


def test_instance_data_from_the_logic_layer_renders_in_that_instance_only(open_page):
    view = open_page(files())
    first = view.render(DATA).components[0]["id"]
    r = view.set_component_data(first, {"taps": 2, "text": "ignored: properties win"})
    assert [n.text_content for n in r.tree.find_all(".n")] == ["2", ""]
    assert r.tree.find(".body").text_content == "你好"


def test_instance_ids_stay_the_same_across_renders(open_page):
    view = open_page(files())
    ids = [c["id"] for c in view.render(DATA).components]
    assert len(set(ids)) == 2
    assert [c["id"] for c in view.apply({"msgs[0].text": "changed"}).components] == ids


def test_component_elements_carry_their_style_scope_unless_shared(open_page):
    isolated = open_page(files()).render(DATA)
    assert isolated.scopes == {"components-bubble-bubble": "isolated"}
    shared = open_page(files({"styleIsolation": "shared"})).render(DATA)
    assert shared.scopes == {"components-bubble-bubble": "shared"}
    apply_shared = open_page(files({"addGlobalClass": True})).render(DATA)
    assert apply_shared.scopes == {"components-bubble-bubble": "apply-shared"}


def test_missing_component_is_a_warning_and_renders_as_a_block(open_page):
    r = open_page({"/pages/index/index.wxml": "<chat-bubble><text>x</text></chat-bubble>",
                   "/pages/index/index.json": PAGE_JSON}).render({})
    assert r.tree.text_content == "x"
    assert r.warnings == ["/pages/index/index.wxml:1:1: component /components/bubble/bubble.wxml not found"]


def test_app_json_components_are_known_everywhere(open_page):
    view = open_page({"/pages/index/index.wxml": '<chat-bubble text="hi"/>', **{k: v for k, v in files().items()
                      if k.startswith("/components")}}, global_components={"chat-bubble": "components/bubble/bubble"})
    assert view.render({}).tree.find(".body").text_content == "hi"


def test_page_styles_include_each_components_sheet_scoped(open_page):
    view = open_page({**files(), "/components/bubble/bubble.wxss": ".bubble { padding: 20rpx }",
                      "/pages/index/index.wxss": ".bubble { color: red }"})
    view.render(DATA)
    css = view.styles(screen_width=375).css
    assert ".components-bubble-bubble--bubble { padding: 10px }" in css
    assert css.index("components-bubble-bubble--bubble") < css.index(".bubble { color: red }")
