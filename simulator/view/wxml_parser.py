"""Tokens to a tree of ``Element`` and ``TextNode``, each knowing its file, line and column.

Recovery, so that one mistake does not blank the page: an end tag that closes an outer element
closes the ones left open inside it (each reported); an end tag that matches nothing open is
reported and skipped; elements still open at the end of the file are reported and closed there.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from .wxml_lexer import EndTag, SourceText, StartTag, Text, WxmlError, tokenize

__all__ = ["Element", "Location", "TextNode", "parse"]

# Components that never have content; written without "/>" they still end at once, as DevTools
# accepts ``<input ...>`` (https://developers.weixin.qq.com/miniprogram/dev/component/input.html).
VOID_TAGS = frozenset({"import", "include", "input", "image", "icon", "progress", "switch", "slider"})


@dataclass(frozen=True)
class Location:
    file: str
    line: int
    col: int

    def __str__(self) -> str:
        return f"{self.file}:{self.line}:{self.col}"


@dataclass
class AttributeNode:
    name: str
    value: str | None
    loc: Location
    value_loc: Location


@dataclass
class TextNode:
    value: str
    loc: Location


@dataclass
class Element:
    tag: str
    attrs: list[AttributeNode] = field(default_factory=list)
    children: list[Element | TextNode] = field(default_factory=list)
    loc: Location = Location("", 0, 0)

    def attr(self, name: str) -> AttributeNode | None:
        for a in self.attrs:
            if a.name == name:
                return a
        return None

    def has(self, name: str) -> bool:
        return self.attr(name) is not None


Node = Element | TextNode


def parse(source: SourceText) -> tuple[Element, list[WxmlError]]:
    """The file as a root element (tag ``#root``) and every syntax error found on the way."""
    tokens, errors = tokenize(source)

    def loc(offset: int) -> Location:
        return Location(source.name, *source.position(offset))

    root = Element("#root", loc=Location(source.name, 1, 1))
    stack = [root]
    for token in tokens:
        if isinstance(token, Text):
            stack[-1].children.append(TextNode(token.value, loc(token.offset)))
        elif isinstance(token, StartTag):
            element = Element(token.name, [AttributeNode(a.name, a.value, loc(a.offset), loc(a.value_offset))
                                           for a in token.attrs], [], loc(token.offset))
            stack[-1].children.append(element)
            if not token.self_closing and token.name not in VOID_TAGS:
                stack.append(element)
        elif isinstance(token, EndTag):
            _close(stack, token, source, errors)
    for element in reversed(stack[1:]):
        errors.append(WxmlError(element.loc.file, element.loc.line, element.loc.col,
                                f"<{element.tag}> is never closed", source.line_text(element.loc.line)))
    return root, errors


def _close(stack: list[Element], token: EndTag, source: SourceText, errors: list[WxmlError]) -> None:
    open_names = [e.tag for e in stack[1:]]
    if token.name not in open_names:
        if token.name not in VOID_TAGS:
            errors.append(source.error(token.offset, f"</{token.name}> closes nothing that is open"))
        return
    while stack[-1].tag != token.name:
        left = stack.pop()
        errors.append(source.error(token.offset, f"</{token.name}> closes <{left.tag}> opened at "
                                                 f"{left.loc.line}:{left.loc.col} (missing </{left.tag}>)"))
    stack.pop()
