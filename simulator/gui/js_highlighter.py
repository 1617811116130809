"""``JsHighlighter``: JavaScript syntax colours for the mini-program editor.

A small hand-written scanner, not a chain of regular expressions: strings, template literals and
comments hide keywords and each other, and only a left-to-right scan gets ``'//'`` inside a string
or ``/* "a */`` right. Block comments and template literals span lines, carried to the next block
in ``QSyntaxHighlighter``'s block state. Regular-expression literals are not recognised (telling
``a / b / c`` from ``/b/`` needs a parser); they show as plain text.
"""

from __future__ import annotations

import re

from PySide6.QtGui import QColor, QFont, QSyntaxHighlighter, QTextCharFormat, QTextDocument

__all__ = ["JsHighlighter", "KEYWORDS"]

KEYWORDS = frozenset("""
    async await break case catch class const continue debugger default delete do else export extends
    finally for from function get if import in instanceof let new of return set static super switch
    throw try typeof var void while with yield
""".split())
_CONSTANTS = frozenset("true false null undefined this NaN Infinity".split())
# What a mini-program page reaches for most: shown like built-ins so a typo (Wx, page) stands out.
_BUILTINS = frozenset("""
    wx Page App Component getApp getCurrentPages console setTimeout setInterval clearTimeout
    clearInterval Promise JSON Math Object Array String Number Boolean Symbol Error TypeError
    Uint8Array ArrayBuffer DataView TextDecoder TextEncoder Map Set WeakMap Date RegExp
""".split())

_IDENT = re.compile(r"[A-Za-z_$][\w$]*")
_NUMBER = re.compile(
    r"(?:0[xX][0-9a-fA-F_]+|0[bB][01_]+|0[oO][0-7_]+|(?:\d[\d_]*\.?[\d_]*|\.\d[\d_]*)(?:[eE][+-]?\d[\d_]*)?)n?")

_NORMAL, _IN_COMMENT, _IN_TEMPLATE = 0, 1, 2


def _format(color: str, *, bold: bool = False, italic: bool = False) -> QTextCharFormat:
    fmt = QTextCharFormat()
    fmt.setForeground(QColor(color))
    if bold:
        fmt.setFontWeight(QFont.Weight.Bold)
    fmt.setFontItalic(italic)
    return fmt


class JsHighlighter(QSyntaxHighlighter):
    """Keywords, constants, well-known globals, strings (template literals too), numbers, comments."""

    def __init__(self, document: QTextDocument) -> None:
        super().__init__(document)
        self.formats = {
            "keyword": _format("#7b1fa2", bold=True),
            "constant": _format("#0d47a1"),
            "builtin": _format("#00796b"),
            "string": _format("#2e7d32"),
            "template": _format("#558b2f"),
            "number": _format("#c2185b"),
            "comment": _format("#78909c", italic=True),
        }

    def highlightBlock(self, text: str) -> None:
        f = self.formats
        i, n = 0, len(text)
        state = self.previousBlockState()
        if state == _IN_COMMENT:
            i = self._block_comment(text, 0, continued=True)
        elif state == _IN_TEMPLATE:
            i = self._template(text, 0, continued=True)
        self.setCurrentBlockState(_NORMAL if i >= 0 else state)
        if i < 0:
            return
        while i < n:
            c = text[i]
            if c == "/" and text.startswith("//", i):
                self.setFormat(i, n - i, f["comment"])
                return
            if c == "/" and text.startswith("/*", i):
                i = self._block_comment(text, i)
                if i < 0:
                    self.setCurrentBlockState(_IN_COMMENT)
                    return
            elif c in "'\"":
                end = _string_end(text, i + 1, c)
                self.setFormat(i, end - i, f["string"])
                i = end
            elif c == "`":
                i = self._template(text, i)
                if i < 0:
                    self.setCurrentBlockState(_IN_TEMPLATE)
                    return
            elif c.isdigit() or (c == "." and i + 1 < n and text[i + 1].isdigit()):
                m = _NUMBER.match(text, i)
                end = m.end() if m and m.end() > i else i + 1
                self.setFormat(i, end - i, f["number"])
                i = end
            elif c.isalpha() or c in "_$":
                m = _IDENT.match(text, i)
                end = m.end() if m else i + 1
                word = text[i:end]
                # A property name (obj.then, task.abort) is never a keyword.
                prop = i > 0 and text[i - 1] == "." and not (i > 1 and text[i - 2] == ".")  # not ...spread
                if not prop:
                    kind = ("keyword" if word in KEYWORDS else "constant" if word in _CONSTANTS
                            else "builtin" if word in _BUILTINS else None)
                    if kind:
                        self.setFormat(i, end - i, f[kind])
                i = end
            else:
                i += 1

    def _block_comment(self, text: str, start: int, *, continued: bool = False) -> int:
        """Colour a block comment from ``start`` (its ``/*``, or the line's start when ``continued``
        from the line before); its end, or -1 when it goes on past this line."""
        end = text.find("*/", start if continued else start + 2)
        stop = len(text) if end < 0 else end + 2
        self.setFormat(start, stop - start, self.formats["comment"])
        return -1 if end < 0 else stop

    def _template(self, text: str, start: int, *, continued: bool = False) -> int:
        """Colour a template literal from ``start`` (its backquote, or the line's start when
        ``continued`` from the line before); its end, or -1 when it goes on past this line.

        The ``${...}`` parts are coloured as the literal: enough to see where it ends."""
        i = start if continued else start + 1
        while i < len(text):
            c = text[i]
            if c == "\\":
                i += 2
                continue
            if c == "`":
                self.setFormat(start, i + 1 - start, self.formats["template"])
                return i + 1
            i += 1
        self.setFormat(start, len(text) - start, self.formats["template"])
        return -1


def _string_end(text: str, i: int, quote: str) -> int:
    """The index after a quoted string's closing quote (or the line's end: an unterminated string)."""
    n = len(text)
    while i < n:
        c = text[i]
        if c == "\\":
            i += 2
            continue
        if c == quote:
            return i + 1
        i += 1
    return n
