"""Run a compiled page in a V8 isolate of its own and get its vnode tree for given data.

The view has its own isolate, apart from the logic engine, as the view and logic layers of a device
are apart (https://developers.weixin.qq.com/miniprogram/dev/framework/quickstart/framework.html):
only compiled templates and WXS run here; page data arrives as ``setData`` changes.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass, field
from importlib import resources
from pathlib import Path
from typing import Any

from .tree import Element
from .wxml_compiler import CompiledView, ReadFile, compile_page
from .wxml_lexer import WxmlError
from .wxss import StyleSheet, page_styles

__all__ = ["RenderResult", "ViewRenderer", "base_css", "dom_js", "folder_reader", "js_value", "render_js"]

# A render of a 1,000-message list takes well under a second (bench/view_render.py); this only
# stops a template that never ends (a runaway WXS loop).
_RENDER_TIMEOUT_MS = 10_000


_LONE_SURROGATE = re.compile("[\ud800-\udfff]")


def js_value(value: Any) -> str:
    """``value`` as a JavaScript expression, for page data on its way into a view.

    A page may hold half of an emoji (``text.slice`` or ``text[i]`` cuts UTF-16 code units, and a
    typewriter shows a streamed answer one unit at a time); such a lone surrogate cannot be encoded
    as UTF-8 for the engine, so it travels as a ``\\uD83D`` escape, as ``JSON.stringify`` writes it
    (ECMA-262 "Well-formed JSON.stringify", ES2019). JSON is a JavaScript expression (U+2028 and
    U+2029 inside strings too, since ES2019).
    """
    return _LONE_SURROGATE.sub(lambda m: f"\\u{ord(m.group()):04x}", json.dumps(value, ensure_ascii=False))


def _packaged_text(name: str) -> str:
    """A file of the view's ``js`` folder (package data, shipped by pyproject and build.spec)."""
    return resources.files(__package__).joinpath("js", name).read_text(encoding="utf-8")


def render_js() -> str:
    """The view runtime's JavaScript (also loaded by the phone's web page)."""
    return _packaged_text("render.js")


def dom_js() -> str:
    """The phone page's DOM builder and event bridge (``js/dom.js``), for the web page only."""
    return _packaged_text("dom.js")


def base_css() -> str:
    """How the built-in components look before the project's WXSS (``js/base.css``)."""
    return _packaged_text("base.css")


def folder_reader(root: str | Path) -> ReadFile:
    """``read`` for a project folder: ``/pages/a.wxml`` is ``root/pages/a.wxml``; nothing outside root."""
    base = Path(root).resolve()

    def read(path: str) -> str | None:
        target = (base / path.lstrip("/")).resolve()
        if not target.is_relative_to(base) or not target.is_file():
            return None
        return target.read_text(encoding="utf-8", errors="replace")

    return read


@dataclass
class RenderResult:
    """One render: ``components`` as docs/wxml.md lists them, each with its ``host`` element's ``tag``,
    ``id``, ``classes``, ``dataset`` and ``events``; ``tree`` is built from ``vnode`` on first use (a
    streaming page renders often and its tree is read rarely)."""

    vnode: dict[str, Any]
    warnings: list[str] = field(default_factory=list)
    components: list[dict[str, Any]] = field(default_factory=list)
    scopes: dict[str, str] = field(default_factory=dict)
    _tree: Element | None = field(default=None, init=False, repr=False, compare=False)

    @property
    def tree(self) -> Element:
        if self._tree is None:
            self._tree = Element.from_vnode(self.vnode)
        return self._tree


class ViewRenderer:
    """One page's view: compile once, then ``render(data)`` or ``apply(changes)`` as setData arrives."""

    def __init__(self, read: ReadFile, page: str, *, global_components: dict[str, str] | None = None) -> None:
        from simulator.runtime.engine import MiniRacerEngine

        self.compiled: CompiledView = compile_page(read, page, global_components=global_components)
        self._read = read
        self._engine = MiniRacerEngine(max_memory_mb=256)
        self._engine.eval(render_js())
        self._engine.eval(f"var __page = {self.compiled.source};")
        # __json(result): the render's result as JSON, with each component instance's host element.
        self._engine.eval(_packaged_text("result.js"))

    @property
    def errors(self) -> list[WxmlError]:
        """Syntax errors in the page's WXML files (the page renders around them)."""
        return self.compiled.errors

    def styles(self, screen_width: float = 375) -> StyleSheet:
        """The page's CSS: app.wxss, the components' sheets, the page's own (``wxss.page_styles``)."""
        components = {str(c["path"]) + ".wxss": (str(c["scope"]), str(c["styleIsolation"]))
                      for c in self.compiled.components.values()}
        return page_styles(self._read, self.compiled.entry[: -len(".wxml")], screen_width=screen_width,
                           components=components)

    def render(self, data: dict[str, Any] | None = None) -> RenderResult:
        """Render with ``data`` as the whole page data (or the data as it stands, when None)."""
        arg = "" if data is None else js_value(data)
        return self._result(f"__json(__page.render({arg}))")

    def apply(self, changes: dict[str, Any]) -> RenderResult:
        """Apply a ``setData`` object (keys may be paths like ``list[3].text``) and render again."""
        return self._result(f"__page.setData({js_value(changes)});"
                            "__json(__page.render())")

    def set_component_data(self, instance_id: str, changes: dict[str, Any]) -> RenderResult:
        """Apply a component instance's ``setData`` (its id from ``RenderResult.components``) and render."""
        return self._result(f"__page.setComponentData({json.dumps(instance_id)}, "
                            f"{js_value(changes)}); __json(__page.render())")

    def update(self, changes: dict[str, Any] | None = None,
               components: dict[str, dict[str, Any]] | None = None) -> RenderResult:
        """The page's ``setData`` and component instances' ``setData`` (by instance id), one render."""
        code = [f"__page.setData({js_value(changes or {})});"]
        for instance_id, data in (components or {}).items():
            code.append(f"__page.setComponentData({js_value(instance_id)}, {js_value(data)});")
        code.append("__json(__page.render())")
        return self._result("".join(code))

    def _result(self, source: str) -> RenderResult:
        raw = self._engine.eval(source, timeout_ms=_RENDER_TIMEOUT_MS)
        out = json.loads(raw) if isinstance(raw, str) else {}
        warnings = [str(e) for e in self.compiled.errors] + self.compiled.warnings + out.get("warnings", [])
        return RenderResult(out.get("tree", {"tag": "page"}), warnings,
                            out.get("components", []), out.get("scopes", {}))

    def close(self) -> None:
        self._engine.close()

    def __enter__(self) -> ViewRenderer:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()
