"""WXSS to the CSS the phone's web page uses.

What WXSS adds to CSS (https://developers.weixin.qq.com/miniprogram/dev/framework/view/wxss.html):
``rpx`` (750rpx is the screen width), ``@import`` of other ``.wxss`` files (relative or from the
project root), the ``page`` selector for the page root, and, for custom components, style
isolation (https://developers.weixin.qq.com/miniprogram/dev/framework/custom-component/wxml-wxss.html#组件样式隔离).

On the phone every built-in component is an element named ``wx-<tag>`` (as DevTools renders them),
so tag selectors become ``wx-view``, ``wx-text``, and ``page`` becomes ``wx-page``. A component's
classes become ``<scope>--<class>`` in its own sheet and on its own elements (``js/dom.js``), which
keeps its styles in and, unless it shares, the page's out. Nothing here is fatal: a problem is a
warning with file:line and the rest of the sheet is kept.
"""

from __future__ import annotations

import posixpath
import re
from dataclasses import dataclass, field

from .wxml_compiler import ReadFile
from .wxml_lexer import SourceText

__all__ = ["StyleSheet", "page_styles", "wxss_to_css"]

DESIGN_WIDTH_RPX = 750

_COMMENT = re.compile(r"/\*.*?(\*/|\Z)", re.S)
_RPX = re.compile(r"(?<![\w.\-])(-?(?:\d+\.?\d*|\.\d+))rpx\b")
_IMPORT = re.compile(r"""^@import\s+(?:url\(\s*)?(['"]?)([^'")\s;]+)\1\s*\)?\s*$""")
_NESTING_AT_RULES = ("@media", "@supports", "@document", "@container", "@layer")
_IDENT = r"-?[_a-zA-Z\u0080-\uffff][\w\-\u0080-\uffff]*"
_SELECTOR_TOKEN = re.compile(rf"""
    (?P<string>"[^"]*"|'[^']*')
  | (?P<attr>\[[^\]]*\])
  | \.(?P<cls>{_IDENT})
  | (?P<id>\#[\w\-\u0080-\uffff]+)
  | (?P<pseudo>::?{_IDENT})
  | (?P<ident>{_IDENT})
  | (?P<other>.)
""", re.X | re.S)
# Pseudo-classes whose argument is a selector; any other argument (nth-child(2n+1)) is kept as is.
_SELECTOR_PSEUDOS = frozenset({":not", ":is", ":where", ":has", ":host", ":host-context"})


@dataclass
class StyleSheet:
    css: str
    warnings: list[str] = field(default_factory=list)


def rpx_to_px(css: str, screen_width: float) -> str:
    def px(m: re.Match[str]) -> str:
        value = float(m.group(1)) * screen_width / DESIGN_WIDTH_RPX
        return f"{value:.4f}".rstrip("0").rstrip(".") + "px"

    return _RPX.sub(px, css)


def wxss_to_css(read: ReadFile, path: str, *, screen_width: float = 375, scope: str | None = None,
                isolation: str = "isolated") -> StyleSheet:
    """One ``.wxss`` file (with what it imports) as CSS; ``scope`` names a component's sheet."""
    converter = _Converter(read, screen_width, scope if isolation != "shared" else None)
    css = converter.file(path, None)
    return StyleSheet(css or "", converter.warnings)


def page_styles(read: ReadFile, page: str, *, screen_width: float = 375,
                components: dict[str, tuple[str, str]] | None = None) -> StyleSheet:
    """``app.wxss``, then each component's sheet (``{wxss path: (scope, styleIsolation)}``), then the
    page's own: later rules win ties, as the page's own styles win over app.wxss on a device."""
    parts: list[str] = []
    warnings: list[str] = []
    sheets = [("/app.wxss", None, "isolated", False)]
    sheets += [(path, scope, isolation, True) for path, (scope, isolation) in (components or {}).items()]
    sheets.append((page if page.endswith(".wxss") else page + ".wxss", None, "isolated", False))
    for path, scope, isolation, required in sheets:
        if read(path) is None and not required:
            continue  # app.wxss and a page's .wxss are optional
        sheet = wxss_to_css(read, path, screen_width=screen_width, scope=scope, isolation=isolation)
        parts.append(f"/* {path} */\n{sheet.css}")
        warnings.extend(sheet.warnings)
    return StyleSheet("\n".join(parts), warnings)


class _Converter:
    def __init__(self, read: ReadFile, screen_width: float, scope: str | None) -> None:
        self.read = read
        self.width = screen_width
        self.scope = scope
        self.warnings: list[str] = []
        self.open_files: list[str] = []

    def file(self, path: str, importer: str | None) -> str | None:
        text = self.read(path)
        if text is None:
            self.warnings.append(f"{importer + ': ' if importer else ''}style sheet {path} not found")
            return None
        if path in self.open_files:
            self.warnings.append(f"{importer}: {path} imports itself; the inner import is left out")
            return ""
        self.open_files.append(path)
        try:
            return self._convert(SourceText(path, text))
        finally:
            self.open_files.pop()

    def _convert(self, source: SourceText) -> str:
        # Comments become spaces of the same shape, so offsets (and so warnings' lines) stay true.
        text = _COMMENT.sub(lambda m: re.sub(r"[^\n]", " ", m.group()), source.text)
        text = rpx_to_px(text, self.width)
        out: list[str] = []
        stack: list[str] = []  # "rules" (a block of rules), "keyframes", "declarations"
        start = i = 0
        while i < len(text):
            c = text[i]
            if c in "\"'":
                end = text.find(c, i + 1)
                i = len(text) if end < 0 else end + 1
                continue
            if c == "{":
                prelude = text[start:i]
                context = stack[-1] if stack else "rules"
                kind = "declarations"
                head = prelude.strip()
                if context == "rules" and head.startswith("@"):
                    name = head.split(None, 1)[0].lower() if head else ""
                    kind = ("rules" if name.startswith(_NESTING_AT_RULES)
                            else "keyframes" if name.endswith("keyframes") else "declarations")
                    out.append(prelude)
                elif context == "rules":
                    out.append(self._selectors(prelude))
                else:
                    out.append(prelude)
                stack.append(kind)
                out.append("{")
                start = i + 1
            elif c == "}":
                out.append(text[start:i])
                if stack:
                    stack.pop()
                    out.append("}")
                else:
                    self._warn(source, i, "'}' closes nothing; ignored")
                start = i + 1
            elif c == ";" and (not stack or stack[-1] == "rules") and text[start:i].strip().startswith("@import"):
                out.append(self._import(source, text[start:i], start))
                start = i + 1
            i += 1
        out.append(text[start:])
        if stack:
            self._warn(source, len(text), f"{len(stack)} block(s) never closed; closed at the end")
            out.append("}" * len(stack))
        return "".join(out)

    def _import(self, source: SourceText, statement: str, offset: int) -> str:
        m = _IMPORT.match(statement.strip())
        if not m:
            self._warn(source, offset + len(statement) - len(statement.lstrip()), f"cannot read {statement.strip()!r}")
            return ""
        ref = m.group(2)
        base = "/" if ref.startswith("/") else posixpath.dirname(source.name)
        target = posixpath.normpath(posixpath.join(base, ref.lstrip("/")))
        if not target.endswith(".wxss"):
            target += ".wxss"
        line, _ = source.position(offset + len(statement) - len(statement.lstrip()))
        css = self.file(target, f"{source.name}:{line}")
        return "" if css is None else f"\n{css}\n"

    def _warn(self, source: SourceText, offset: int, message: str) -> None:
        line, _ = source.position(offset)
        self.warnings.append(f"{source.name}:{line}: {message}")

    def _selectors(self, prelude: str) -> str:
        out: list[str] = []
        pos = 0
        tokens = prelude
        while pos < len(tokens):
            m = _SELECTOR_TOKEN.match(tokens, pos)
            assert m  # "other" matches any character
            pos = m.end()
            if m["cls"]:
                out.append(f".{self.scope}--{m['cls']}" if self.scope else m.group())
            elif m["ident"]:
                out.append(f"wx-{m['ident']}")
            elif m["pseudo"]:
                name = m["pseudo"]
                if name == ":host" and self.scope:
                    out.append(f'[wx-host="{self.scope}"]')
                    if tokens.startswith("(", pos):  # :host(.x) -> [wx-host].x
                        close = tokens.find(")", pos)
                        close = len(tokens) if close < 0 else close
                        out.append(self._selectors(tokens[pos + 1: close]))
                        pos = close + 1
                    continue
                out.append(name)
                if tokens.startswith("(", pos) and name not in _SELECTOR_PSEUDOS:
                    close = tokens.find(")", pos)
                    close = len(tokens) if close < 0 else close + 1
                    out.append(tokens[pos:close])
                    pos = close
            else:
                out.append(m.group())
        return "".join(out)
