"""Shapes of WXML that real chat mini-programs use and that once broke the view: a UI library's
shared templates, data named with reserved words, half an emoji in a typewriter's text."""

from __future__ import annotations

import json

import pytest

from simulator.view import base_css, js_value
from simulator.view.wxml_compiler import expression_code


def texts(result) -> list[str]:
    return [e.text for e in result.tree.iter() if e.tag == "#text"]


@pytest.mark.parametrize(("source", "object_literal", "code"), [
    ("class", False, '__scope["class"]'),
    ("'t-icon ' + (class || '')", False, "'t-icon ' + (__scope[\"class\"] || '')"),
    ("item.class", False, "item?.class"),
    ("'class' + x", False, "'class' + x"),
    ("...item, class", True, '...item, "class": __scope["class"]'),
    ("class: 1, name", True, "class: 1, name"),
    ("ok ? default : 'x'", False, "ok ? __scope[\"default\"] : 'x'"),
], ids=["alone", "in-string-concat", "property", "inside-quotes", "shorthand-key", "key", "ternary"])
def test_reserved_words_used_as_data_names_read_the_scope(source, object_literal, code):
    assert expression_code(source, object_literal=object_literal) == code


def test_a_template_reads_class_and_default_from_its_data(render):
    r = render('<template name="tag"><view class="tag {{class}}">{{default}}</view></template>'
               '<template is="tag" data="{{class: \'red\', default: label}}"/>'
               '<template is="tag" data="{{...opts}}"/>',
               {"label": "新对话", "opts": {"class": "blue", "default": "继续"}})
    assert [v.classes for v in r.tree.find_all("view")] == [["tag", "red"], ["tag", "blue"]]
    assert texts(r) == ["新对话", "继续"]
    assert r.warnings == []


# A UI library as `构建 npm` lays it out: the button component imports a shared template file that
# has no .json of its own and draws <ui-icon>, which only the button declares.
LIBRARY = {
    "/pages/index/index.json": json.dumps({"usingComponents": {"ui-button": "mini-ui/button/button"}}),
    "/pages/index/index.wxml": '<ui-button class="send" icon="arrow-up" bind:tap="send">发送</ui-button>',
    "/miniprogram_npm/mini-ui/button/button.json": json.dumps(
        {"component": True, "usingComponents": {"ui-icon": "../icon/icon"}}),
    "/miniprogram_npm/mini-ui/button/button.wxml":
        '<import src="../common/template/icon.wxml"/>'
        '<view class="ui-button"><template wx:if="{{icon}}" is="icon" data="{{name: icon, class: \'btn-icon\'}}"/>'
        '<slot/></view>',
    "/miniprogram_npm/mini-ui/common/template/icon.wxml":
        '<template name="icon"><ui-icon name="{{name}}" class="{{class}}"/></template>',
    "/miniprogram_npm/mini-ui/icon/icon.json": json.dumps({"component": True}),
    "/miniprogram_npm/mini-ui/icon/icon.wxml": '<text class="ui-icon">[{{name}}]</text>',
}


def test_a_shared_template_draws_the_components_of_the_file_that_imports_it(open_page):
    r = open_page(LIBRARY).render({})
    icon = r.tree.find(".ui-button ui-icon")
    assert icon is not None and icon.classes == ["btn-icon"]
    assert r.tree.text_content == "[arrow-up]发送"
    assert [c["path"] for c in r.components] == ["/miniprogram_npm/mini-ui/button/button",
                                                 "/miniprogram_npm/mini-ui/icon/icon"]
    assert r.components[1]["props"] == {"name": "arrow-up"}
    assert not [w for w in r.warnings if "unknown tag" in w]


def test_a_template_file_imported_where_its_tag_is_not_a_component_shows_it_as_a_block(open_page):
    files = {"/pages/index/index.wxml": '<import src="/tpl/icon.wxml"/><template is="icon" data="{{name: 1}}"/>',
             "/tpl/icon.wxml": '<template name="icon"><ui-icon name="{{name}}"/></template>'}
    r = open_page(files).render({})
    assert r.tree.find("ui-icon") is not None and r.components == []
    assert [w for w in r.warnings if "unknown tag <ui-icon>" in w] == ["/tpl/icon.wxml:1:23: unknown tag <ui-icon> "
                                                                       "is shown as a block"]


def test_half_an_emoji_in_page_data_renders_and_the_next_update_completes_it(open_page):
    # A typewriter that shows answer[:n] by UTF-16 units holds a lone surrogate between two steps.
    view = open_page({"/pages/index/index.wxml": "<text>{{answer}}</text>"})
    half = "好\ud83d"  # "好🚀".slice(0, 2) in JavaScript
    assert view.render({"answer": half}).tree.text_content == half
    assert view.apply({"answer": "好🚀"}).tree.text_content == "好🚀"


def test_js_value_escapes_only_lone_surrogates():
    assert js_value({"t": "好\ud83d", "e": "🚀"}) == '{"t": "好\\ud83d", "e": "🚀"}'


def component(path: str, wxml: str, script: str | None = None, **config: object) -> dict[str, str]:
    """A custom component's files: ``path.json`` (``component: true`` and ``config``), ``.wxml``, ``.js``."""
    files = {f"{path}.json": json.dumps({"component": True, **config}), f"{path}.wxml": wxml}
    if script is not None:
        files[f"{path}.js"] = script
    return files


def page_using(**components: str) -> dict[str, str]:
    return {"/pages/index/index.json": json.dumps({"usingComponents": components})}


# A markdown renderer's parts: the outer component shares its sheet with the page from its script's
# options; the inner one applies shared styles; a third says nothing and stays isolated.
def markdown_files(outer_js: str) -> dict[str, str]:
    return {
        **page_using(md="/md/md"),
        "/pages/index/index.wxml": "<md/>",
        **component("/md/md", "<md-list/><md-raw/>", outer_js,
                    usingComponents={"md-list": "./list", "md-raw": "./raw"}),
        "/md/md.wxss": ".md__ol { list-style-type: decimal; }",
        **component("/md/list", '<view class="md__ol"><view class="md__li">一</view></view>',
                    "Component({\n  options: {\n    styleIsolation: 'apply-shared'\n  }\n})"),
        **component("/md/raw", '<view class="md__ol">二</view>',
                    "Component({ properties: { styleIsolation: String } })"),
    }


def test_style_isolation_set_in_a_components_script_options_applies(open_page):
    view = open_page(markdown_files('Component({ options: { styleIsolation: "shared", multipleSlots: true } })'))
    r = view.render({})
    assert r.scopes == {"md-md": "shared", "md-list": "apply-shared", "md-raw": "isolated"}
    css = view.styles().css
    assert ".md__ol { list-style-type: decimal; }" in css  # the shared sheet is not scoped: it reaches the page


def test_add_global_class_in_a_components_script_applies_shared_styles(open_page):
    r = open_page(markdown_files("Component({ options: { addGlobalClass: true } })")).render({})
    assert r.scopes["md-md"] == "apply-shared"


def test_a_class_array_keeps_its_truthy_names_as_a_uni_app_build_writes_them(render):
    r = render("<view class=\"{{['tab', 'data-v-1', active && 'tab--on', [extra], '']}}\"/>",
               {"active": False, "extra": "wide"})
    assert r.tree.find("view").classes == ["tab", "data-v-1", "wide"]
    assert render("<view class=\"{{['tab', on && 'tab--on']}}\"/>", {"on": True}).tree.find(".tab--on") is not None


def test_a_virtual_host_component_has_no_box_of_its_own(open_page):
    # uni-app's Vue 3 build marks its components virtualHost: their host must not break a flex row.
    files = {
        **page_using(**{"ui-tabs": "/ui/tabs", "ui-card": "/ui/card"}),
        "/pages/index/index.wxml": '<view class="row"><ui-tabs/><ui-card/></view>',
        **component("/ui/tabs", '<view class="tab">首页</view>',
                    "Component({ options: { virtualHost: true, styleIsolation: 'shared' } })"),
        **component("/ui/card", '<view class="card">卡片</view>'),
    }
    view = open_page(files)
    tabs, card = view.render({}).vnode["children"][0]["children"]
    assert (tabs.get("virtualHost"), card.get("virtualHost")) == (True, None)
    assert "[wx-virtual-host] { display: contents; }" in base_css()
