"""WXML source to tokens: text, start tags with their attributes, end tags (comments dropped).

WXML looks like XML but is not: ``{{ }}`` in text may hold ``<`` (``{{a < b}}``), attribute values
are ``{{ }}`` templates, ``<wxs>`` holds raw JavaScript, and a lone attribute name (``scroll-y``)
means ``true``. The syntax is described at
https://developers.weixin.qq.com/miniprogram/dev/reference/wxml/ .

Every token carries the offset where it starts; ``SourceText.position`` turns an offset into a
1-based line and column. The lexer never raises: a problem becomes a ``WxmlError`` in ``errors``
and lexing goes on from the next sensible place, so the rest of the page still renders.
"""

from __future__ import annotations

import bisect
import re
from dataclasses import dataclass, field

__all__ = ["Attribute", "EndTag", "SourceText", "StartTag", "Text", "Token", "WxmlError", "tokenize"]

# Elements whose content is raw text, not markup (https://developers.weixin.qq.com/miniprogram/dev/reference/wxs/).
RAW_TEXT_TAGS = frozenset({"wxs"})

_TAG_NAME = re.compile(r"[A-Za-z][\w:.\-]*")
_ATTR_NAME = re.compile(r"[^\s\"'<>/=]+")
_SPACE = re.compile(r"\s*")
_UNQUOTED_VALUE = re.compile(r"[^\s>]+")


class SourceText:
    """One WXML/WXS/WXSS file's text with its name, answering "which line and column is offset N"."""

    def __init__(self, name: str, text: str) -> None:
        self.name = name
        self.text = text
        self._line_starts = [0] + [m.end() for m in re.finditer("\n", text)]

    def position(self, offset: int) -> tuple[int, int]:
        index = bisect.bisect_right(self._line_starts, offset) - 1
        return index + 1, offset - self._line_starts[index] + 1

    def line_text(self, line: int) -> str:
        start = self._line_starts[line - 1]
        end = self.text.find("\n", start)
        return self.text[start:] if end < 0 else self.text[start:end]

    def error(self, offset: int, message: str) -> WxmlError:
        line, col = self.position(offset)
        return WxmlError(self.name, line, col, message, self.line_text(line).rstrip("\r"))


@dataclass
class WxmlError(Exception):
    """A problem in a template file, located as ``file:line:col`` with the offending line kept."""

    file: str
    line: int
    col: int
    message: str
    source_line: str = ""

    def __str__(self) -> str:
        return f"{self.file}:{self.line}:{self.col}: {self.message}"

    def format(self) -> str:
        """The message, then the line and a caret under the column (for consoles)."""
        caret = " " * (self.col - 1) + "^"
        return f"{self}\n    {self.source_line}\n    {caret}"


@dataclass
class Attribute:
    name: str
    value: str | None  # None: written without a value (``<scroll-view scroll-y>``)
    offset: int
    value_offset: int


@dataclass
class Text:
    value: str
    offset: int


@dataclass
class StartTag:
    name: str
    attrs: list[Attribute] = field(default_factory=list)
    self_closing: bool = False
    offset: int = 0


@dataclass
class EndTag:
    name: str
    offset: int


Token = Text | StartTag | EndTag


def tokenize(source: SourceText) -> tuple[list[Token], list[WxmlError]]:
    return _Lexer(source).run()


class _Lexer:
    def __init__(self, source: SourceText) -> None:
        self.src = source
        self.text = source.text
        self.pos = 0
        self.tokens: list[Token] = []
        self.errors: list[WxmlError] = []

    def run(self) -> tuple[list[Token], list[WxmlError]]:
        text = self.text
        while self.pos < len(text):
            if text.startswith("<!--", self.pos):
                end = text.find("-->", self.pos + 4)
                if end < 0:
                    self.errors.append(self.src.error(self.pos, "comment is never closed (missing -->)"))
                    break
                self.pos = end + 3
            elif text.startswith("</", self.pos) and _TAG_NAME.match(text, self.pos + 2):
                self._end_tag()
            elif text.startswith("<", self.pos) and _TAG_NAME.match(text, self.pos + 1):
                tag = self._start_tag()
                if tag.name in RAW_TEXT_TAGS and not tag.self_closing:
                    self._raw_text(tag.name)
            else:
                self._text()
        return self.tokens, self.errors

    def _text(self) -> None:
        start = self.pos
        text = self.text
        i = start
        while i < len(text):
            if text.startswith("{{", i):
                # A binding is opaque: ``{{a < b}}`` is an expression, not a tag.
                close = text.find("}}", i + 2)
                if close < 0 or "</" in text[i:close]:
                    # An unclosed binding must not swallow the markup after it.
                    self.errors.append(self.src.error(i, "'{{' is never closed by '}}'"))
                    i += 2
                    continue
                i = close + 2
                continue
            if text[i] == "<" and self._markup_at(i):
                break
            i += 1
        if i == start:  # a "<" that starts nothing: keep it as text
            i += 1
        self.tokens.append(Text(text[start:i], start))
        self.pos = i

    def _markup_at(self, i: int) -> bool:
        text = self.text
        return (text.startswith("<!--", i) or bool(_TAG_NAME.match(text, i + 1))
                or (text.startswith("</", i) and bool(_TAG_NAME.match(text, i + 2))))

    def _end_tag(self) -> None:
        start = self.pos
        m = _TAG_NAME.match(self.text, start + 2)
        assert m
        self.pos = _SPACE.match(self.text, m.end()).end()
        if self.text.startswith(">", self.pos):
            self.pos += 1
        else:
            self.errors.append(self.src.error(self.pos, f"expected '>' to end </{m.group()}>"))
        self.tokens.append(EndTag(m.group(), start))

    def _start_tag(self) -> StartTag:
        start = self.pos
        m = _TAG_NAME.match(self.text, start + 1)
        assert m
        tag = StartTag(m.group(), offset=start)
        self.tokens.append(tag)
        self.pos = m.end()
        text = self.text
        while True:
            self.pos = _SPACE.match(text, self.pos).end()
            if self.pos >= len(text):
                self.errors.append(self.src.error(start, f"<{tag.name}> is never closed (missing '>')"))
                return tag
            if text.startswith("/>", self.pos):
                tag.self_closing = True
                self.pos += 2
                return tag
            if text[self.pos] == ">":
                self.pos += 1
                return tag
            if text[self.pos] == "<":
                # ``<view class="a"`` followed by another tag: end this one here and go on.
                self.errors.append(self.src.error(self.pos, f"expected '>' to end <{tag.name}>"))
                return tag
            name = _ATTR_NAME.match(text, self.pos)
            if not name:
                self.errors.append(self.src.error(self.pos, f"unexpected {text[self.pos]!r} in <{tag.name}>"))
                self.pos += 1
                continue
            tag.attrs.append(self._attribute(tag.name, name))

    def _attribute(self, tag_name: str, name: re.Match[str]) -> Attribute:
        text = self.text
        after = _SPACE.match(text, name.end()).end()
        if not text.startswith("=", after):
            self.pos = name.end()
            return Attribute(name.group(), None, name.start(), name.end())
        value_start = _SPACE.match(text, after + 1).end()
        quote = text[value_start: value_start + 1]
        if quote in ("'", '"'):
            close = text.find(quote, value_start + 1)
            if close < 0:
                self.errors.append(self.src.error(value_start, f"attribute {name.group()} of <{tag_name}> has no "
                                                               f"closing {quote}"))
                close = len(text)
            self.pos = close + 1
            return Attribute(name.group(), text[value_start + 1: close], name.start(), value_start + 1)
        value = _UNQUOTED_VALUE.match(text, value_start)
        if not value:
            self.errors.append(self.src.error(value_start, f"attribute {name.group()} of <{tag_name}> has no value"))
            self.pos = value_start
            return Attribute(name.group(), "", name.start(), value_start)
        raw = value.group()
        if raw.endswith("/") and text.startswith(">", value.end()):
            raw = raw[:-1]  # ``<image src=a.png/>``: the slash closes the tag
        self.pos = value_start + len(raw)
        return Attribute(name.group(), raw, name.start(), value_start)

    def _raw_text(self, name: str) -> None:
        end = self.text.find(f"</{name}", self.pos)
        if end < 0:
            self.errors.append(self.src.error(self.pos, f"<{name}> is never closed (missing </{name}>)"))
            end = len(self.text)
        if end > self.pos:
            self.tokens.append(Text(self.text[self.pos:end], self.pos))
        self.pos = end
