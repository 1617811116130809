"""Pluggable renderers for a chunk or an event's data (as mitmproxy's ``contentviews``).

A renderer is a small object: a ``name``, ``accepts(content)`` and a widget it ``render``s into. A
``RendererHost`` holds several, picks the first that accepts (or the one the user chose) and falls
back to raw text, which accepts anything. Adding a view (NDJSON, protobuf, …) is one class and one
``RendererHost.add`` call.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from typing import Any, Protocol

from PySide6.QtCore import Qt
from PySide6.QtGui import QFontDatabase
from PySide6.QtWidgets import (
    QComboBox,
    QHBoxLayout,
    QLabel,
    QPlainTextEdit,
    QSizePolicy,
    QStackedWidget,
    QTreeWidget,
    QTreeWidgetItem,
    QVBoxLayout,
    QWidget,
)

from simulator.core.text import ChunkMarks

from .hexview import HexView, layout_chunk
from .i18n import tr

__all__ = ["Content", "HexRenderer", "JsonTreeRenderer", "RawTextRenderer", "Renderer", "RendererHost"]


@dataclass(frozen=True, slots=True)
class Content:
    """What to render: bytes (a chunk) or text (an event's data), with what is known about it."""

    data: bytes
    title: str = ""
    text: str | None = None  # already decoded, e.g. an SSE event's data
    marks: ChunkMarks | None = None  # UTF-8 marks of a chunk (core.text.chunk_marks)
    before: bytes = b""  # the stream's bytes right before a chunk (to name a cut character)
    after: bytes = b""

    @property
    def is_text(self) -> bool:
        return self.text is not None

    def decoded(self) -> str:
        if self.text is not None:
            return self.text
        return self.data.decode("utf-8", "backslashreplace")


class Renderer(Protocol):
    name: str

    def accepts(self, content: Content) -> bool: ...

    def widget(self) -> QWidget: ...

    def render(self, content: Content | None) -> None: ...


def _mono_font() -> Any:
    return QFontDatabase.systemFont(QFontDatabase.SystemFont.FixedFont)


class RawTextRenderer:
    """The fallback: the text as is (bytes decoded, undecodable bytes as ``\\xNN``)."""

    def __init__(self) -> None:
        self.name = tr("Raw text")
        self._edit = QPlainTextEdit()
        self._edit.setReadOnly(True)
        self._edit.setUndoRedoEnabled(False)
        self._edit.setFont(_mono_font())
        self._edit.setObjectName("rawTextRenderer")

    def accepts(self, content: Content) -> bool:
        return True

    def widget(self) -> QWidget:
        return self._edit

    def render(self, content: Content | None) -> None:
        self._edit.setPlainText(content.decoded() if content is not None else "")


class HexRenderer:
    """A chunk's bytes with offsets and decoded text; cut and invalid bytes coloured."""

    def __init__(self) -> None:
        self.name = tr("Hex")
        self._view = HexView()
        self._view.set_placeholder(tr("Select a chunk to see its bytes."))

    def accepts(self, content: Content) -> bool:
        return not content.is_text

    def widget(self) -> QWidget:
        return self._view

    @property
    def view(self) -> HexView:
        return self._view

    def render(self, content: Content | None) -> None:
        if content is None:
            self._view.set_layout(None)
            return
        self._view.set_layout(layout_chunk(content.data, content.marks, content.before, content.after,
                                           tr=tr))


class JsonTreeRenderer:
    """JSON data as a tree: key, value, type."""

    MAX_NODES = 5000

    def __init__(self) -> None:
        self.name = tr("JSON tree")
        self._tree = QTreeWidget()
        self._tree.setObjectName("jsonTree")
        self._tree.setColumnCount(3)
        self._tree.setHeaderLabels([tr("Key"), tr("Value"), tr("Type")])
        self._tree.setUniformRowHeights(True)
        self._tree.setColumnWidth(0, 160)
        self._tree.setColumnWidth(1, 260)
        self._tree.itemExpanded.connect(lambda _item: self._fit_keys())
        self._cache: tuple[str, Any] | None = None

    def _parse(self, content: Content) -> Any:
        text = content.decoded()
        if self._cache is not None and self._cache[0] == text:
            return self._cache[1]
        try:
            value = json.loads(text)
        except ValueError:
            value = None
        self._cache = (text, value)
        return value

    def accepts(self, content: Content) -> bool:
        return isinstance(self._parse(content), dict | list)

    def widget(self) -> QWidget:
        return self._tree

    @property
    def tree(self) -> QTreeWidget:
        return self._tree

    def render(self, content: Content | None) -> None:
        self._tree.clear()
        if content is None:
            return
        value = self._parse(content)
        budget = [self.MAX_NODES]
        root = self._tree.invisibleRootItem()
        self._add(root, "$", value, budget)
        self._tree.expandToDepth(2)
        self._fit_keys()

    def _fit_keys(self) -> None:
        """The key column as wide as the keys shown, up to half the view: the values need the rest."""
        self._tree.resizeColumnToContents(0)
        self._tree.setColumnWidth(0, min(self._tree.columnWidth(0), max(60, self._tree.viewport().width() // 2)))

    def _add(self, parent: QTreeWidgetItem, key: str, value: Any, budget: list[int]) -> None:
        if budget[0] <= 0:
            return
        budget[0] -= 1
        item = QTreeWidgetItem(parent)
        item.setText(0, key)
        if isinstance(value, dict):
            item.setText(1, "{…}" if value else "{}")
            item.setText(2, tr("object ({n})").format(n=len(value)))
            for k, v in value.items():
                self._add(item, str(k), v, budget)
        elif isinstance(value, list):
            item.setText(1, "[…]" if value else "[]")
            item.setText(2, tr("array ({n})").format(n=len(value)))
            for i, v in enumerate(value):
                self._add(item, str(i), v, budget)
        else:
            shown = json.dumps(value, ensure_ascii=False)
            item.setText(1, shown)
            item.setToolTip(1, shown[:2000])
            item.setText(2, {str: tr("string"), bool: tr("boolean"), type(None): "null"}.get(type(value), tr("number")))


class RendererHost(QWidget):
    """A title, a renderer chooser ("Auto" picks the first renderer that accepts) and the renderer."""

    def __init__(self, renderers: list[Renderer], parent: QWidget | None = None, *,
                 placeholder: str = "") -> None:
        super().__init__(parent)
        self._renderers: list[Renderer] = []
        self._fallback = RawTextRenderer()
        self._content: Content | None = None
        self._title = QLabel(placeholder)
        self._title.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        # One line, clipped when narrow (the full title is the tooltip): never a jumping layout.
        self._title.setSizePolicy(QSizePolicy.Policy.Ignored, QSizePolicy.Policy.Preferred)
        self._choice = QComboBox()
        self._choice.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToContents)
        self._choice.addItem(self.tr("Auto"), None)
        self._stack = QStackedWidget()
        head = QHBoxLayout()
        head.setContentsMargins(4, 2, 4, 2)
        head.addWidget(self._title, 1)
        head.addWidget(self._choice)
        box = QVBoxLayout(self)
        box.setContentsMargins(0, 0, 0, 0)
        box.setSpacing(0)
        box.addLayout(head)
        box.addWidget(self._stack, 1)
        for r in renderers:
            self.add(r)
        self._stack.addWidget(self._fallback.widget())
        self._choice.addItem(self._fallback.name, self._fallback.name)
        self._choice.currentIndexChanged.connect(lambda _i: self._render())

    def add(self, renderer: Renderer) -> None:
        """Register a renderer; earlier ones win in Auto mode, raw text is always last."""
        self._renderers.append(renderer)
        self._stack.insertWidget(len(self._renderers) - 1, renderer.widget())
        self._choice.insertItem(len(self._renderers), renderer.name, renderer.name)

    def renderer(self, name: str) -> Renderer | None:
        return next((r for r in [*self._renderers, self._fallback] if r.name == name), None)

    @property
    def current(self) -> Renderer:
        widget = self._stack.currentWidget()
        return next((r for r in [*self._renderers, self._fallback] if r.widget() is widget), self._fallback)

    def show_content(self, content: Content | None) -> None:
        self._content = content
        self._title.setText(content.title if content is not None else "")
        self._title.setToolTip(content.title if content is not None else "")
        self._render()

    def content(self) -> Content | None:
        return self._content

    def _pick(self, content: Content | None) -> Renderer:
        wanted = self._choice.currentData()
        candidates = [*self._renderers, self._fallback]
        if wanted:
            chosen = next(r for r in candidates if r.name == wanted)
            if content is None or chosen.accepts(content):
                return chosen
        if content is None:
            return candidates[0]
        return next(r for r in candidates if r.accepts(content))

    def _render(self) -> None:
        renderer = self._pick(self._content)
        renderer.render(self._content)
        self._stack.setCurrentWidget(renderer.widget())
