"""The compiled render program, run in V8: what a page shows for given data."""

from __future__ import annotations

import pytest

from simulator.view import compile_page


def texts(result) -> list[str]:
    return [e.text for e in result.tree.iter() if e.tag == "#text"]


def test_text_binding_shows_data_and_missing_names_show_nothing(render):
    r = render("<view>Hi {{name}}!{{nobody}}</view>", {"name": "小明"})
    assert r.tree.find("view").text_content == "Hi 小明!"
    assert r.warnings == []


def test_expressions_are_javascript(render):
    r = render("<text>{{a + b * 2}} {{list.length > 1 ? 'many' : 'one'}} {{obj.k}} {{ n < 3 }}</text>",
               {"a": 1, "b": 2, "list": [1, 2], "obj": {"k": "v"}, "n": 1})
    assert r.tree.text_content == "5 many v true"


def test_class_and_style_bind_inside_attribute_strings(render):
    r = render("<view class=\"bubble {{mine ? 'me' : ''}} x\" style=\"color: {{c}}; width: {{w}}px\"/>",
               {"mine": True, "c": "red", "w": 10})
    view = r.tree.find("view")
    assert view.classes == ["bubble", "me", "x"]
    assert view.style == "color: red; width: 10px"


def test_a_whole_binding_keeps_its_type(render):
    r = render('<rich-text nodes="{{nodes}}"/><input disabled="{{off}}" focus/>',
               {"nodes": [{"name": "b", "children": []}], "off": False})
    assert r.tree.find("rich-text").attrs["nodes"] == [{"name": "b", "children": []}]
    assert r.tree.find("input").attrs == {"disabled": False, "focus": True}


def test_wx_for_with_item_index_and_key(render):
    r = render('<view wx:for="{{msgs}}" wx:for-item="m" wx:for-index="i" wx:key="id" class="msg">'
               '{{i}}:{{m.text}}</view>',
               {"msgs": [{"id": "a1", "text": "你好"}, {"id": "b2", "text": "🙂"}]})
    rows = r.tree.find_all(".msg")
    assert [row.text_content for row in rows] == ["0:你好", "1:🙂"]
    assert [row.key for row in rows] == ["a1", "b2"]


@pytest.mark.parametrize(("value", "shown"), [
    ([3, 4], ["3", "4"]),
    ("ab", ["a", "b"]),
    ({"x": 1, "y": 2}, ["x=1", "y=2"]),
    (None, []),
], ids=["array", "string", "object-keys-as-index", "nothing"])
def test_wx_for_iterates_like_wechat(render, value, shown):
    r = render('<text wx:for="{{v}}" wx:key="*this">{{index}}={{item}}</text>', {"v": value})
    got = [t.text_content.split("=", 1)[1] if isinstance(value, list | str) else t.text_content
           for t in r.tree.find_all("text")]
    assert got == shown


def test_wx_key_star_this_keys_by_the_item(render):
    r = render('<view wx:for="{{tags}}" wx:key="*this">{{item}}</view>', {"tags": ["a", "b"]})
    assert [v.key for v in r.tree.find_all("view")] == ["a", "b"]


@pytest.mark.parametrize(("state", "shown"), [("loading", "wait"), ("error", "oops"), ("done", "ok")])
def test_if_elif_else_picks_one(render, state, shown):
    r = render("""
      <text wx:if="{{state === 'loading'}}">wait</text>
      <text wx:elif="{{state === 'error'}}">oops</text>
      <text wx:else>ok</text>""", {"state": state})
    assert texts(r) == [shown]


def test_wx_if_on_a_for_element_tests_each_item(render):
    r = render('<text wx:for="{{n}}" wx:if="{{item % 2}}">{{item}}</text>', {"n": [1, 2, 3]})
    assert texts(r) == ["1", "3"]


def test_hidden_keeps_the_element_but_marks_it(render):
    r = render('<view hidden="{{!show}}">x</view>', {"show": False})
    assert r.tree.find("view").attrs["hidden"] is True


def test_block_renders_only_its_children(render):
    r = render('<view><block wx:for="{{[1, 2]}}"><text>{{item}}</text><text>!</text></block></view>')
    assert [c.tag for c in r.tree.find("view").children] == ["text"] * 4
    assert [c.key for c in r.tree.find("view").children] == [None] * 4


def test_events_in_every_form(render):
    r = render('<view bindtap="a" catch:longpress="b" mut-bind:touchstart="c" capture-bind:tap="d" '
               'capture-catch:touchend="e" bind:myevent="f"/>')
    events = {t: [(b.handler, b.catch, b.capture, b.mut) for b in bs] for t, bs in r.tree.find("view").events.items()}
    assert events == {"tap": [("a", False, False, False), ("d", False, True, False)],
                      "longpress": [("b", True, False, False)], "touchstart": [("c", False, False, True)],
                      "touchend": [("e", True, True, False)], "myevent": [("f", False, False, False)]}


def test_dataset_and_id_as_wechat_names_them(render):
    r = render('<view id="{{\'row-\' + n}}" data-element-type="msg" data-userName="x" data-index="{{n}}"/>', {"n": 7})
    view = r.tree.find("view")
    assert view.id == "row-7"
    assert view.dataset == {"elementType": "msg", "username": "x", "index": 7}


def test_expression_that_throws_is_empty_with_a_warning_at_its_line(render):
    r = render("<view>\n  <text>{{formatTime(ts)}}</text><text>after</text>\n</view>", {"ts": 1})
    assert texts(r) == ["", "after"]
    assert r.warnings == ["/pages/index/index.wxml:2:9: {{formatTime(ts)}} failed: formatTime is not a function "
                          "(WXML calls only functions of WXS modules, not the page's methods: "
                          "https://developers.weixin.qq.com/miniprogram/dev/reference/wxs/)"]


def test_a_property_of_nothing_is_nothing_as_in_wxml_data_paths(render):
    r = render("<text>{{chat.messages.length - 1}}|{{user.name}}|{{list[3].text}}|{{a.b ? 'y' : 'n'}}</text>",
               {"chat": {}, "list": [1]})
    assert r.tree.text_content == "NaN|||n"
    assert r.warnings == []


def test_expression_that_does_not_parse_is_a_warning_and_the_rest_renders(render):
    r = render("<text>{{a +}}</text><text>{{b}}</text>", {"b": "still here"})
    assert texts(r) == ["", "still here"]
    assert len(r.warnings) == 1 and r.warnings[0].startswith("/pages/index/index.wxml:1:7: cannot read {{a +}}")


def test_unknown_tags_render_as_blocks_and_are_listed_once(render):
    r = render("<fancy-box><text>in</text></fancy-box><fancy-box/><view/>")
    assert [c.tag for c in r.tree.children] == ["fancy-box", "fancy-box", "view"]
    assert r.tree.text_content == "in"
    assert r.warnings == ["/pages/index/index.wxml:1:1: unknown tag <fancy-box> is shown as a block"]


def test_syntax_error_is_located_and_the_page_still_renders(render):
    r = render("<view>\n  <text>one</view>\n<view>two</view>")
    assert "two" in r.tree.text_content and "one" in r.tree.text_content
    assert r.warnings[0] == "/pages/index/index.wxml:2:12: </view> closes <text> opened at 2:3 (missing </text>)"


# ----- templates, import, include ----------------------------------------------------------------
def test_a_template_that_calls_itself_stops_with_a_warning_and_the_page_still_renders(render):
    result = render("""
      <template name="tree"><view class="node">{{node.name}}</view>
        <block wx:for="{{node.kids}}" wx:for-item="kid"><template is="tree" data="{{node: kid}}"/></block>
      </template>
      <template name="forever"><template is="forever"/></template>
      <view id="before">before</view>
      <template is="tree" data="{{node: root}}"/>
      <template is="forever"/>
      <view id="after">after</view>""", {"root": {"name": "a", "kids": [{"name": "b", "kids": []}]}})
    assert [e.text_content for e in result.tree.find_all(".node")] == ["a", "b"]
    assert result.tree.find("#after") is not None and result.tree.find("#before") is not None
    assert any('template "forever" nests deeper than 64 templates' in w for w in result.warnings)


def test_template_with_spread_data_and_dynamic_name(render):
    r = render("""
      <template name="me"><text class="me">{{text}} ({{who}})</text></template>
      <template name="bot"><text class="bot">{{text}} ({{who}})</text></template>
      <block wx:for="{{msgs}}"><template is="{{item.role}}" data="{{...item, who}}"/></block>""",
               {"who": "Ann", "msgs": [{"role": "me", "text": "q"}, {"role": "bot", "text": "a"}]})
    assert [(t.classes, t.text_content) for t in r.tree.find_all("text")] == [(["me"], "q (Ann)"), (["bot"], "a (Ann)")]


def test_template_sees_only_its_data(render):
    r = render('<template name="t"><text>{{secret}}|{{shown}}</text></template><template is="t" data="{{shown}}"/>',
               {"secret": "s", "shown": "v"})
    assert r.tree.text_content == "|v"


def test_import_brings_templates_but_not_the_ones_it_imports(render):
    files = {"/common/a.wxml": '<import src="b.wxml"/><template name="a"><text>A</text></template>',
             "/common/b.wxml": '<template name="b"><text>B</text></template>'}
    r = render('<import src="/common/a"/><template is="a"/><template is="b"/>', files=files)
    assert r.tree.text_content == "A"
    assert r.warnings == ['/pages/index/index.wxml:1:44: template "b" not found']


def test_include_copies_all_but_templates(render):
    files = {"/pages/index/header.wxml": '<template name="x"><text>T</text></template><view class="h">{{title}}</view>'}
    r = render('<include src="./header.wxml"/><text>body</text>', {"title": "Chat"}, files)
    assert [c.tag for c in r.tree.children] == ["view", "text"]
    assert r.tree.find(".h").text_content == "Chat"


def test_missing_import_and_include_are_warnings(render):
    r = render('<import src="nope.wxml"/><include src="gone"/><text>ok</text>')
    assert r.tree.text_content == "ok"
    assert r.warnings == ["/pages/index/index.wxml:1:1: import /pages/index/nope.wxml not found",
                          "/pages/index/index.wxml:1:26: include /pages/index/gone.wxml not found"]


# ----- wxs -------------------------------------------------------------------------------------
def test_inline_and_file_wxs_modules_with_require(render):
    files = {"/utils/fmt.wxs": "var pad = require('./pad.wxs');\nmodule.exports.time = function (s) "
                               "{ return pad.two(Math.floor(s / 60)) + ':' + pad.two(s % 60); };",
             "/utils/pad.wxs": "module.exports = { two: function (n) { return n < 10 ? '0' + n : '' + n; } };"}
    r = render("""<wxs module="fmt" src="/utils/fmt.wxs"/>
      <wxs module="m">var re = getRegExp('\\\\d+', 'g');
        module.exports.digits = function (s) { return s.match(re).join(','); };
        module.exports.year = function (t) { return getDate(t).getUTCFullYear(); };</wxs>
      <text>{{fmt.time(seconds)}} {{m.digits('a1b22')}} {{m.year(0)}}</text>""", {"seconds": 125}, files)
    assert r.tree.text_content == "02:05 1,22 1970"
    assert r.warnings == []


def test_wxs_module_that_throws_is_a_warning(render):
    r = render('<wxs module="bad">throw new Error("boom")</wxs><text>{{bad.x}}|ok</text>')
    assert r.tree.text_content == "|ok"
    assert any("wxs module /pages/index/index.wxml#bad failed: boom" in w for w in r.warnings)


def test_compiled_source_is_one_program_with_no_eval_of_page_data():
    compiled = compile_page({"/p.wxml": "<text>{{a}}</text>"}.get, "/p")
    assert compiled.source.startswith("MpsimView.define(") and compiled.errors == []
    assert compiled.files == ["/p.wxml"]


def test_included_text_calls_templates_the_includer_knows(render):
    files = {"/pages/index/row.wxml": '<template is="cell" data="{{v: 1}}"/>',
             "/pages/index/cells.wxml": '<template name="cell"><text>cell {{v}}</text></template>'}
    r = render('<import src="cells"/><include src="row"/>', files=files)
    assert r.tree.text_content == "cell 1" and r.warnings == []


def test_a_key_the_items_do_not_have_is_no_key(render):
    r = render('<view wx:for="{{[\'a\', \'b\']}}" wx:key="index">{{item}}</view>')
    assert [v.key for v in r.tree.find_all("view")] == [None, None]


def test_a_wxs_function_as_handler_is_a_warning_not_source_text(render):
    r = render('<wxs module="h">module.exports.tap = function () {};</wxs><view bindtap="{{h.tap}}"/>')
    assert r.tree.find("view").events == {}
    assert r.warnings == ["/pages/index/index.wxml:1:59: bind:tap names a WXS function; only page and component "
                          "methods are called"]
