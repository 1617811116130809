"""Lexing and parsing WXML: every node located, errors located, the rest of the file kept."""

from __future__ import annotations

import pytest

from simulator.view.wxml_lexer import SourceText
from simulator.view.wxml_parser import Element, TextNode, parse


def parsed(text: str) -> tuple[Element, list]:
    return parse(SourceText("/p.wxml", text))


def test_nodes_know_their_file_line_and_column():
    root, errors = parsed('<view>\n  <text id="t">hi</text>\n</view>')
    text = root.children[0].children[1]
    assert errors == []
    assert (text.tag, str(text.loc), str(text.attr("id").value_loc)) == ("text", "/p.wxml:2:3", "/p.wxml:2:13")


def test_bindings_may_hold_angle_brackets():
    root, errors = parsed("<text>{{a < b ? '<' : '>'}}</text>")
    assert errors == [] and root.children[0].children[0].value == "{{a < b ? '<' : '>'}}"


def test_wxs_content_is_raw_script():
    root, errors = parsed('<wxs module="m">var a = 1 < 2 && "<view>"; module.exports = a;</wxs><view/>')
    assert errors == []
    assert root.children[0].children[0].value == 'var a = 1 < 2 && "<view>"; module.exports = a;'
    assert root.children[1].tag == "view"


@pytest.mark.parametrize(("source", "attrs"), [
    ('<scroll-view scroll-y enable-flex/>', [("scroll-y", None), ("enable-flex", None)]),
    ("<image src='a.png' mode=aspectFill/>", [("src", "a.png"), ("mode", "aspectFill")]),
    ('<view class="a {{b ? \'c\' : \'\'}}"/>', [("class", "a {{b ? 'c' : ''}}")]),
    ("<image src=a.png/>", [("src", "a.png")]),
], ids=["boolean", "single-quoted-and-bare", "binding-with-quotes", "bare-before-slash"])
def test_attribute_forms(source, attrs):
    root, errors = parsed(source)
    assert errors == [] and [(a.name, a.value) for a in root.children[0].attrs] == attrs


def test_comments_are_dropped():
    root, errors = parsed("<!-- <view>not this</view> --><text>this</text>")
    assert errors == [] and [c.tag for c in root.children] == ["text"]


def test_input_without_a_slash_still_ends_and_an_explicit_end_is_fine():
    root, errors = parsed('<view><input value="x"><text>after</text><image src="a"></image></view>')
    assert errors == []
    assert [c.tag for c in root.children[0].children] == ["input", "text", "image"]


def test_checkbox_holds_its_label():
    root, errors = parsed('<checkbox value="a">Apples</checkbox>')
    assert errors == [] and root.children[0].children[0].value == "Apples"


@pytest.mark.parametrize(("source", "message", "kept"), [
    ("<view>\n<text>a</view>", "/p.wxml:2:8: </view> closes <text> opened at 2:1 (missing </text>)", "a"),
    ("<view>a</text></view>", "/p.wxml:1:8: </text> closes nothing that is open", "a"),
    ("<view>\n  <text>a", "/p.wxml:2:3: <text> is never closed", "a"),
    ('<view class="x>a</view>\n<text>b</text>', '/p.wxml:1:13: attribute class of <view> has no closing "', ""),
    ("<view class='x'\n<text>b</text>", "/p.wxml:2:1: expected '>' to end <view>", "b"),
    ("<text>a</text><!-- never closed", "/p.wxml:1:15: comment is never closed (missing -->)", "a"),
    ("<text>{{ a</text><view>b</view>{{c}}", "/p.wxml:1:7: '{{' is never closed by '}}'", "b"),
], ids=["wrong-end", "stray-end", "unclosed", "unclosed-quote", "missing-gt", "comment", "unclosed-binding"])
def test_syntax_errors_are_located_and_parsing_goes_on(source, message, kept):
    root, errors = parsed(source)
    assert str(errors[0]) == message
    assert kept in "".join(n.value for n in _walk(root) if isinstance(n, TextNode))


def test_error_format_shows_the_line_and_a_caret():
    _, errors = parsed("<view>\n  <text>a</view>")
    assert errors[0].format().splitlines()[1:] == ["      <text>a</view>", " " * 13 + "^"]


def _walk(node):
    yield node
    for child in getattr(node, "children", []):
        yield from _walk(child)
