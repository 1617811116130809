"""The page data: its tree view and the WXML-style paths the phone can show."""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QTreeWidgetItem

from ..i18n import tr

DEFAULT_PREVIEW_PATH = "answer"
_TREE_MAX_CHILDREN = 500  # children shown per object or array; the rest is summarised in one row
_TREE_VALUE_CHARS = 300  # characters of a value shown in the tree (the tooltip has more)
MAX_PATHS = 200  # data paths offered in the phone's "Show" list

_PATH_TOKEN = re.compile(r"\[(\d+)\]|([^.\[\]]+)")


def value_at(data: Any, path: str) -> tuple[bool, Any]:
    """The value at a WXML-style path (``answer``, ``list[0].text``, ``a.b``): (found, value)."""
    value = data
    path = path.strip()
    if not path:
        return False, None
    for m in _PATH_TOKEN.finditer(path):
        index, key = m.group(1), m.group(2)
        if index is not None and isinstance(value, list):
            i = int(index)
            if i >= len(value):
                return False, None
            value = value[i]
        elif key is not None and isinstance(value, dict) and key in value:
            value = value[key]
        elif key is not None and key.isdigit() and isinstance(value, list) and int(key) < len(value):
            value = value[int(key)]
        else:
            return False, None
    return True, value


def data_paths(data: Any, prefix: str = "", depth: int = 4) -> Iterator[str]:
    """Paths into the page data, strings first within each level (what a phone would show)."""
    if depth <= 0:
        return
    if isinstance(data, dict):
        items = [(f"{prefix}.{k}" if prefix else str(k), v) for k, v in data.items()]
    elif isinstance(data, list):
        items = [(f"{prefix}[{i}]", v) for i, v in enumerate(data[:20])]
    else:
        return
    items.sort(key=lambda kv: not isinstance(kv[1], str))
    for path, value in items:
        yield path
        yield from data_paths(value, path, depth - 1)


def preview_text(value: Any) -> str:
    if isinstance(value, str):
        return value
    if value is None:
        return ""
    if isinstance(value, bool | int | float):
        return json.dumps(value)
    return json.dumps(value, ensure_ascii=False, indent=2)


def _describe(value: Any) -> tuple[str, str]:
    """How the tree shows a value: (value text, type)."""
    if isinstance(value, str):
        text = json.dumps(value, ensure_ascii=False)
        if len(text) > _TREE_VALUE_CHARS:
            text = text[:_TREE_VALUE_CHARS] + "…"
        return text, tr("string ({n})").format(n=len(value))
    if isinstance(value, bool) or value is None:
        return json.dumps(value), tr("boolean") if isinstance(value, bool) else "null"
    if isinstance(value, int | float):
        return json.dumps(value), tr("number")
    if isinstance(value, dict):
        return "{…}", tr("object ({n})").format(n=len(value))
    if isinstance(value, list):
        return "[…]", tr("array ({n})").format(n=len(value))
    return str(value), type(value).__name__


def sync_tree(parent: QTreeWidgetItem, value: Any, *, top: bool = False) -> None:
    """Make ``parent``'s children show ``value``, reusing items so expansion and selection stay."""
    if isinstance(value, dict):
        children: list[tuple[str, Any]] = [(str(k), v) for k, v in value.items()]
    elif isinstance(value, list):
        children = [(str(i), v) for i, v in enumerate(value)]
    else:
        children = []
    extra = len(children) - _TREE_MAX_CHILDREN
    children = children[:_TREE_MAX_CHILDREN]
    for i, (key, child) in enumerate(children):
        item = parent.child(i)
        new = item is None
        if new:
            item = QTreeWidgetItem(parent)
        shown, kind = _describe(child)
        if item.text(0) != key:
            item.setText(0, key)
        if item.text(1) != shown:
            item.setText(1, shown)
            item.setToolTip(1, preview_text(child)[:2000])
        if item.text(2) != kind:
            item.setText(2, kind)
        item.setData(1, Qt.ItemDataRole.UserRole, child if not isinstance(child, dict | list) else None)
        sync_tree(item, child)
        if new and top and isinstance(child, dict | list) and len(children) < 20:
            item.setExpanded(True)
    keep = len(children) + (1 if extra > 0 else 0)
    while parent.childCount() > keep:
        parent.takeChild(parent.childCount() - 1)
    if extra > 0:
        more = parent.child(len(children)) or QTreeWidgetItem(parent)
        more.setText(0, "…")
        more.setText(1, tr("{n} more not shown").format(n=extra))
        more.setText(2, "")
        more.setData(1, Qt.ItemDataRole.UserRole, None)
        while more.childCount():
            more.takeChild(0)

