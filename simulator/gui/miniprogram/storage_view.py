"""The page's storage, like DevTools' Storage panel: key, value (JSON), size; edit, add, delete, clear.

What ``wx.setStorageSync`` keeps, live while the page runs (``on_storage`` snapshots) and from the
project's storage file when nothing runs. The view only shows and asks: ``StorageController`` in
``controller.py`` decides where an edit goes (the running page, or the file).
"""

from __future__ import annotations

import json
from typing import Any

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from simulator.runtime.storage import LIMIT_KB, item_size

from ..i18n import tr

_KEY, _VALUE, _SIZE = range(3)


def value_text(value: Any) -> str:
    """A stored value as the table shows and edits it: JSON (a string in quotes)."""
    return json.dumps(value, ensure_ascii=False)


def parse_value(text: str) -> Any:
    """What the user typed: JSON when it is JSON, else the text itself as a string (as DevTools does)."""
    try:
        return json.loads(text)
    except ValueError:
        return text


def format_size(n: int) -> str:
    return f"{n} B" if n < 1024 else f"{n / 1024:.1f} KB"


class StorageView(QWidget):
    """A table of the stored keys and the buttons around it.

    Signals (the user's edits): ``valueEdited(key, value)``, ``keyRenamed(old, new, value)``,
    ``removeRequested(key)``, ``clearRequested()``.
    """

    valueEdited = Signal(str, object)
    keyRenamed = Signal(str, str, object)
    removeRequested = Signal(str)
    clearRequested = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("storageView")
        self._snapshot: dict[str, Any] = {}
        self._filling = False
        self.table = QTableWidget(0, 3)
        self.table.setObjectName("storageTable")
        self.table.setHorizontalHeaderLabels([self.tr("Key"), self.tr("Value"), self.tr("Size")])
        self.table.verticalHeader().setVisible(False)
        self.table.setAlternatingRowColors(True)
        self.table.setSelectionBehavior(QTableWidget.SelectionBehavior.SelectRows)
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(_KEY, QHeaderView.ResizeMode.Interactive)
        header.setSectionResizeMode(_VALUE, QHeaderView.ResizeMode.Stretch)
        header.setSectionResizeMode(_SIZE, QHeaderView.ResizeMode.ResizeToContents)
        self.table.setColumnWidth(_KEY, 120)
        self.add_button = QPushButton(self.tr("Add"))
        self.delete_button = QPushButton(self.tr("Delete"))
        self.clear_button = QPushButton(self.tr("Clear"))
        self.info = QLabel()
        self.info.setObjectName("storageInfo")
        self.info.setWordWrap(True)
        row = QHBoxLayout()
        row.addStretch(1)
        for b in (self.add_button, self.delete_button, self.clear_button):
            row.addWidget(b)
        box = QVBoxLayout(self)
        box.setContentsMargins(4, 4, 4, 4)
        box.addWidget(self.info)
        box.addWidget(self.table, 1)
        box.addLayout(row)
        self.table.itemChanged.connect(self._on_item_changed)
        self.add_button.clicked.connect(self._on_add)
        self.delete_button.clicked.connect(self._on_delete)
        self.clear_button.clicked.connect(self.clearRequested)
        self.show_snapshot({})

    # -- showing ---------------------------------------------------------------------------------
    def show_snapshot(self, snapshot: dict[str, Any]) -> None:
        """Show the storage as it is now (a row being edited is left alone until the edit ends)."""
        if self.table.state() == QTableWidget.State.EditingState:
            self._snapshot = dict(snapshot)
            return
        self._snapshot = dict(snapshot)
        self._filling = True
        try:
            self.table.setRowCount(len(snapshot))
            for row, (key, value) in enumerate(snapshot.items()):
                key_item = QTableWidgetItem(key)
                value_item = QTableWidgetItem(value_text(value))
                value_item.setToolTip(value_text(value)[:2000])
                size_item = QTableWidgetItem(format_size(item_size(key, value)))
                size_item.setFlags(size_item.flags() & ~Qt.ItemFlag.ItemIsEditable)
                size_item.setTextAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
                for col, item in ((_KEY, key_item), (_VALUE, value_item), (_SIZE, size_item)):
                    self.table.setItem(row, col, item)
        finally:
            self._filling = False
        total = sum(item_size(k, v) for k, v in snapshot.items())
        self.info.setText(tr("%n key(s)", "", len(snapshot)) + " · " + tr("{size} of {limit} KB").format(
            size=format_size(total), limit=LIMIT_KB))
        self.delete_button.setEnabled(bool(snapshot))
        self.clear_button.setEnabled(bool(snapshot))

    def snapshot(self) -> dict[str, Any]:
        return dict(self._snapshot)

    def keys(self) -> list[str]:
        return list(self._snapshot)

    # -- the user's edits ----------------------------------------------------------------------------
    def edit_value(self, key: str) -> None:
        """Open the value of ``key`` for editing (Add does this for a new key)."""
        for row in range(self.table.rowCount()):
            item = self.table.item(row, _KEY)
            if item is not None and item.text() == key:
                self.table.setCurrentCell(row, _VALUE)
                self.table.editItem(self.table.item(row, _VALUE))
                return

    def _on_item_changed(self, item: QTableWidgetItem) -> None:
        if self._filling:
            return
        row = item.row()
        keys = list(self._snapshot)
        old_key = keys[row] if row < len(keys) else None
        key_item, value_item = self.table.item(row, _KEY), self.table.item(row, _VALUE)
        if key_item is None or value_item is None or old_key is None:
            return
        if item.column() == _VALUE:
            self.valueEdited.emit(old_key, parse_value(value_item.text()))
        elif item.column() == _KEY:
            new_key = key_item.text()
            if new_key and new_key != old_key:
                self.keyRenamed.emit(old_key, new_key, self._snapshot[old_key])
            else:  # an empty key is not a key: put the old one back
                self.show_snapshot(self._snapshot)

    def _on_add(self) -> None:
        n = 1
        while (key := f"key{n}") in self._snapshot:
            n += 1
        self.valueEdited.emit(key, "")

    def _on_delete(self) -> None:
        rows = sorted({i.row() for i in self.table.selectedItems()})
        keys = list(self._snapshot)
        for row in rows:
            if row < len(keys):
                self.removeRequested.emit(keys[row])
