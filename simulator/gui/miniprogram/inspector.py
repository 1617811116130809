"""The WXML inspector, as DevTools' Wxml panel: the rendered page's element tree (tag, id, classes),
the element under the mouse outlined on the phone, and the selected element's attributes, dataset,
classes, event bindings and where it is written.

``WxmlInspector`` is the layout; ``InspectorController`` reads the tree from the phone
(``WebPhone.tree``, docs/wxml.md's vnode tree) and outlines elements (``WebPhone.highlight``).
"""

from __future__ import annotations

import json
from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QEvent, QObject, Qt, QTimer, Signal
from PySide6.QtGui import QShowEvent
from PySide6.QtWidgets import (
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QSplitter,
    QToolButton,
    QTreeWidget,
    QTreeWidgetItem,
    QVBoxLayout,
    QWidget,
)

from ..webphone import WebPhone

PATH_ROLE = Qt.ItemDataRole.UserRole
TEXT_SHOWN = 40  # characters of a text node shown in the tree


def element_label(node: dict[str, Any]) -> str:
    """How the tree names an element: ``<view#send.bubble.user>``; a text node is its text, quoted."""
    tag = str(node.get("tag", ""))
    if tag == "#text":
        text = " ".join(str(node.get("text", "")).split())
        return json.dumps(text if len(text) <= TEXT_SHOWN else text[: TEXT_SHOWN - 1] + "…", ensure_ascii=False)
    ident = f"#{node['id']}" if node.get("id") else ""
    classes = "".join(f".{c}" for c in node.get("classes") or [])
    return f"<{tag}{ident}{classes}>"


def _value_text(value: Any) -> str:
    return value if isinstance(value, str) else json.dumps(value, ensure_ascii=False)


class _ElementTree(QTreeWidget):
    left = Signal()  # the mouse left the tree

    def leaveEvent(self, event: QEvent) -> None:
        super().leaveEvent(event)
        self.left.emit()


class WxmlInspector(QWidget):
    """The element tree above, the selected element's details below, a Refresh button. No behaviour."""

    shown = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("wxmlInspector")
        self.tree = _ElementTree()
        self.tree.setObjectName("wxmlTree")
        self.tree.setHeaderHidden(True)
        self.tree.setUniformRowHeights(True)
        self.tree.setMouseTracking(True)  # itemEntered: the element under the mouse is outlined
        self.details = QTreeWidget()
        self.details.setObjectName("wxmlDetails")
        self.details.setColumnCount(2)
        self.details.setHeaderLabels([self.tr("Name"), self.tr("Value")])
        self.details.setUniformRowHeights(True)
        self.details.header().setSectionResizeMode(0, QHeaderView.ResizeMode.ResizeToContents)
        self.splitter = QSplitter(Qt.Orientation.Vertical)
        self.splitter.setObjectName("wxmlSplitter")
        self.splitter.setChildrenCollapsible(False)
        self.splitter.addWidget(self.tree)
        self.splitter.addWidget(self.details)
        self.splitter.setStretchFactor(0, 3)
        self.splitter.setStretchFactor(1, 2)
        self.message = QLabel()
        self.message.setObjectName("wxmlMessage")
        self.message.setWordWrap(True)
        self.refresh_button = QToolButton()
        self.refresh_button.setText(self.tr("Refresh"))
        self.refresh_button.setToolTip(self.tr("Read the element tree from the phone again"))
        self.refresh_button.setAutoRaise(True)
        row = QHBoxLayout()
        row.setContentsMargins(4, 0, 4, 0)
        row.addWidget(self.message, 1)
        row.addWidget(self.refresh_button)
        box = QVBoxLayout(self)
        box.setContentsMargins(0, 0, 0, 0)
        box.setSpacing(2)
        box.addWidget(self.splitter, 1)
        box.addLayout(row)

    def showEvent(self, event: QShowEvent) -> None:
        super().showEvent(event)
        self.shown.emit()


class InspectorController(QObject):
    """Behaviour of the WXML inspector over ``phone()`` (None while no page is rendered).

    ``refresh()`` reads the tree now; ``schedule()`` at most every ``REFRESH_MS`` while it is shown
    (a streamed answer changes the page many times a second). ``refreshed`` follows each read.
    """

    refreshed = Signal()
    REFRESH_MS = 400

    def __init__(self, view: WxmlInspector, phone: Callable[[], WebPhone | None]) -> None:
        super().__init__(view)
        self.view = view
        self._phone = phone
        self._nodes: dict[tuple[int, ...], dict[str, Any]] = {}
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.setInterval(self.REFRESH_MS)
        self._timer.timeout.connect(self.refresh)
        view.tree.itemEntered.connect(self._on_item_entered)
        view.tree.currentItemChanged.connect(self._on_current_changed)
        view.tree.left.connect(self._on_mouse_left)
        view.refresh_button.clicked.connect(self.refresh)
        view.shown.connect(self.refresh)
        self._show_message()

    # -- public ------------------------------------------------------------------------------------
    def schedule(self) -> None:
        if self.view.isVisible() and not self._timer.isActive():
            self._timer.start()

    def refresh(self) -> None:
        phone = self._phone()
        if phone is None:
            self._fill({})
            return
        phone.tree(self._fill)

    def elements(self) -> list[str]:
        """Every element's label in tree order (what the tree lists)."""
        return [element_label(node) for node in self._nodes.values()]

    def select(self, label: str) -> bool:
        """Select the first element named ``label`` (``<button#send.send>``); False when none is."""
        for item in self._items():
            if item.text(0) == label:
                self.view.tree.setCurrentItem(item)
                return True
        return False

    def details(self) -> dict[str, dict[str, str]]:
        """The selected element's details by group (``Attributes``, ``Dataset``, ...) as shown."""
        out: dict[str, dict[str, str]] = {}
        root = self.view.details.invisibleRootItem()
        for i in range(root.childCount()):
            group = root.child(i)
            out[group.text(0)] = {group.child(j).text(0): group.child(j).text(1) for j in range(group.childCount())}
        return out

    # -- the tree ----------------------------------------------------------------------------------
    def _fill(self, vnode: dict[str, Any]) -> None:
        tree = self.view.tree
        current = tree.currentItem()
        selected = tuple(current.data(0, PATH_ROLE)) if current is not None else None
        expanded = {tuple(item.data(0, PATH_ROLE)) for item in self._items() if item.isExpanded()}
        first = not self._nodes
        self._nodes = {}
        tree.setUpdatesEnabled(False)
        blocked = tree.blockSignals(True)
        try:
            tree.clear()
            if vnode:
                self._add(tree.invisibleRootItem(), vnode, ())
            for item in self._items():
                path = tuple(item.data(0, PATH_ROLE))
                item.setExpanded(path in expanded or (first and len(path) < 4))
                if path == selected:
                    tree.setCurrentItem(item)
        finally:
            tree.blockSignals(blocked)
            tree.setUpdatesEnabled(True)
        self._show_details(self._nodes.get(selected) if selected is not None else None)
        self._show_message()
        self.refreshed.emit()

    def _add(self, parent: QTreeWidgetItem, node: dict[str, Any], path: tuple[int, ...]) -> None:
        self._nodes[path] = node
        item = QTreeWidgetItem(parent, [element_label(node)])
        item.setData(0, PATH_ROLE, list(path))
        if node.get("loc"):
            item.setToolTip(0, str(node["loc"]))
        for i, child in enumerate(node.get("children") or []):
            self._add(item, child, (*path, i))

    def _items(self) -> list[QTreeWidgetItem]:
        out: list[QTreeWidgetItem] = []
        stack = [self.view.tree.invisibleRootItem()]
        while stack:
            item = stack.pop()
            children = [item.child(i) for i in range(item.childCount())]
            out.extend(children)
            stack.extend(reversed(children))
        return out

    def _show_message(self) -> None:
        count = len(self._nodes)
        self.view.message.setText(self.tr("%n element(s); hover one to outline it on the phone", "", count)
                                  if count else self.tr("Run a project's page: its element tree shows here."))

    # -- the selected element ----------------------------------------------------------------------
    def _show_details(self, node: dict[str, Any] | None) -> None:
        details = self.view.details
        details.clear()
        if node is None:
            return
        groups = [
            (self.tr("Attributes"), {k: _value_text(v) for k, v in (node.get("attrs") or {}).items()}),
            (self.tr("Dataset"), {k: _value_text(v) for k, v in (node.get("dataset") or {}).items()}),
            (self.tr("Classes"), {str(c): "" for c in node.get("classes") or []}),
            (self.tr("Events"), {t: ", ".join(str(b.get("handler", "")) for b in bindings)
                                 for t, bindings in (node.get("events") or {}).items()}),
            (self.tr("Element"), {k: _value_text(node[k]) for k in ("tag", "id", "style", "loc", "text")
                                  if node.get(k)}),
        ]
        for title, rows in groups:
            group = QTreeWidgetItem(details, [title, "" if rows else self.tr("(none)")])
            for name, value in rows.items():
                QTreeWidgetItem(group, [name, value])
            group.setExpanded(True)

    def _on_current_changed(self, current: QTreeWidgetItem | None, _previous: QTreeWidgetItem | None) -> None:
        path = tuple(current.data(0, PATH_ROLE)) if current is not None else None
        self._show_details(self._nodes.get(path) if path is not None else None)
        self._outline(path)

    def _on_item_entered(self, item: QTreeWidgetItem, _column: int) -> None:
        self._outline(tuple(item.data(0, PATH_ROLE)))

    def _outline(self, path: tuple[int, ...] | None) -> None:
        phone = self._phone()
        if phone is not None:
            phone.highlight(None if path is None else [list(path)])

    def _on_mouse_left(self) -> None:
        current = self.view.tree.currentItem()  # the selected element stays outlined
        self._outline(tuple(current.data(0, PATH_ROLE)) if current is not None else None)
