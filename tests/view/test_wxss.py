"""WXSS to CSS: rpx, @import, the page selector, component isolation; problems are warnings."""

from __future__ import annotations

import pytest

from simulator.view.wxss import page_styles, rpx_to_px, wxss_to_css


@pytest.mark.parametrize(("width", "css", "expected"), [
    (375, "width: 750rpx; margin: -20rpx .5rpx", "width: 375px; margin: -10px 0.25px"),
    (414, "padding: 30rpx 1rpx", "padding: 16.56px 0.552px"),
    (375, "width: calc(100% - 24rpx)", "width: calc(100% - 12px)"),
], ids=["small-iphone", "large-iphone", "calc"])
def test_rpx_is_a_750th_of_the_screen_width(width, css, expected):
    assert rpx_to_px(css, width) == expected


def test_tag_and_page_selectors_name_the_phone_elements():
    files = {"/a.wxss": "page { background: #eee } view.msg > text, .x image::after { color: red }\n"
                        "input:nth-child(2n+1), :not(button) {}"}
    css = wxss_to_css(files.get, "/a.wxss").css
    assert "wx-page { background: #eee }" in css
    assert "wx-view.msg > wx-text, .x wx-image::after { color: red }" in css
    assert "wx-input:nth-child(2n+1), :not(wx-button) {}" in css


def test_import_relative_and_from_the_root_in_place():
    files = {"/pages/chat/chat.wxss": '@import "../../styles/base.wxss";\n@import "/styles/theme";\n.me { a: 1 }',
             "/styles/base.wxss": ".base { width: 750rpx }",
             "/styles/theme.wxss": "@import './base.wxss'; .theme {}"}
    sheet = wxss_to_css(files.get, "/pages/chat/chat.wxss")
    assert sheet.warnings == []
    css = sheet.css
    assert css.index(".base { width: 375px }") < css.index(".theme") < css.index(".me")


def test_missing_import_and_cycles_are_warnings_and_the_rest_stays():
    files = {"/a.wxss": '@import "gone.wxss";\n@import "b.wxss";\n.a { color: red }',
             "/b.wxss": '@import "a.wxss"; .b {}'}
    sheet = wxss_to_css(files.get, "/a.wxss")
    assert sheet.warnings == ["/a.wxss:1: style sheet /gone.wxss not found",
                              "/b.wxss:1: /a.wxss imports itself; the inner import is left out"]
    assert ".a { color: red }" in sheet.css and ".b {}" in sheet.css


def test_broken_braces_are_warnings_with_lines():
    sheet = wxss_to_css({"/a.wxss": ".a { color: red }\n}\n.b { color: blue"}.get, "/a.wxss")
    assert sheet.warnings == ["/a.wxss:2: '}' closes nothing; ignored", "/a.wxss:3: 1 block(s) never closed; closed "
                                                                         "at the end"]
    assert sheet.css.count("{") == sheet.css.count("}")


def test_media_and_keyframes_keep_their_shape():
    css = wxss_to_css({"/a.wxss": "@media (max-width: 400px) { .a { w: 10rpx } }\n"
                                  "@keyframes blink { from { opacity: 0 } 50% { opacity: 1 } }"}.get,
                      "/a.wxss", scope="c").css
    assert "@media (max-width: 400px) { .c--a { w: 5px } }" in css
    assert "@keyframes blink { from { opacity: 0 } 50% { opacity: 1 } }" in css


@pytest.mark.parametrize(("isolation", "selector"), [
    ("isolated", ".card--title"), ("apply-shared", ".card--title"), ("shared", ".title")])
def test_component_classes_are_scoped_unless_shared(isolation, selector):
    css = wxss_to_css({"/c.wxss": ".title { color: red }"}.get, "/c.wxss", scope="card", isolation=isolation).css
    assert css == f"{selector} {{ color: red }}"


def test_host_selector_names_the_component_host():
    css = wxss_to_css({"/c.wxss": ":host { display: flex } :host(.wide) .t {}"}.get, "/c.wxss", scope="card").css
    assert css == '[wx-host="card"] { display: flex } [wx-host="card"].card--wide .card--t {}'


def test_comments_go_and_lines_stay():
    sheet = wxss_to_css({"/a.wxss": "/* a { } */\n/* } */\n}"}.get, "/a.wxss")
    assert sheet.warnings == ["/a.wxss:3: '}' closes nothing; ignored"]


def test_page_styles_are_app_then_components_then_page():
    files = {"/app.wxss": ".t { color: black }", "/pages/p.wxss": ".t { color: red }",
             "/comp/c.wxss": ".t { color: blue }"}
    sheet = page_styles(files.get, "/pages/p", components={"/comp/c.wxss": ("comp-c", "isolated")})
    css = sheet.css
    assert css.index("color: black") < css.index(".comp-c--t { color: blue }") < css.index("color: red")
    assert sheet.warnings == []
    assert page_styles({}.get, "/pages/p").css == ""
