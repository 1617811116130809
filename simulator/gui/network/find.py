"""Find boxes on the chunk table and the event table: Enter selects the next chunk (or event) holding
what was typed, in every view. Chunks are searched as bytes — the text's UTF-8, or hex pairs such as
``e4 bd a0`` — including a match cut by a chunk boundary (it selects the chunk where it starts)."""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

from PySide6.QtCore import QObject
from PySide6.QtWidgets import QBoxLayout, QLineEdit, QWidget

if TYPE_CHECKING:
    from simulator.gui.main_window import MainWindow
    from simulator.gui.stream_controller import StreamController

__all__ = ["StreamFind", "query_bytes"]

_HEX = re.compile(r"(?:[0-9a-fA-F]{2})(?:\s+[0-9a-fA-F]{2})+")
_MISSING = "background: #ffebee;"


def query_bytes(text: str) -> bytes:
    """What a chunk must hold: hex pairs as bytes (``e4 bd a0``), anything else as UTF-8."""
    text = text.strip()
    if _HEX.fullmatch(text):
        return bytes.fromhex(text)
    return text.encode("utf-8")


def _head_row(pane: QWidget) -> QBoxLayout | None:
    layout = pane.layout()
    item = layout.itemAt(0) if layout is not None and layout.count() else None
    row = item.layout() if item is not None else None
    return row if isinstance(row, QBoxLayout) else None


class StreamFind(QObject):
    def __init__(self, window: MainWindow, stream: StreamController, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._window = window
        self._stream = stream
        w = window
        self.chunks = QLineEdit()
        self.chunks.setObjectName("findChunk")
        self.chunks.setClearButtonEnabled(True)
        self.chunks.setPlaceholderText(self.tr("Find: text or hex e4 bd a0 (Enter)"))
        self.events = QLineEdit()
        self.events.setObjectName("findEvent")
        self.events.setClearButtonEnabled(True)
        self.events.setPlaceholderText(self.tr("Find in event data (Enter)"))
        for edit, pane in ((self.chunks, w.chunk_pane), (self.events, w.events_pane.widget(0))):
            row = _head_row(pane)
            if row is not None:
                row.insertWidget(max(0, row.count() - 2), edit, 1)
        self.chunks.returnPressed.connect(self.find_chunk)
        self.events.returnPressed.connect(self.find_event)
        self.chunks.textChanged.connect(lambda _t: self.chunks.setStyleSheet(""))
        self.events.textChanged.connect(lambda _t: self.events.setStyleSheet(""))

    def find_chunk(self) -> tuple[str, int] | None:
        """Select the next chunk (after the selected one, wrapping) holding the query."""
        query = query_bytes(self.chunks.text())
        model = self._stream.chunk_model
        n = model.rowCount()
        if not query or not n:
            return None
        current = self._window.chunk_pane.table.currentIndex().row()
        for start, stop in ((current + 1, n), (0, current + 1)):
            hit = self._scan(query, range(max(0, start), stop))
            if hit is not None:
                level, seq = model.chunk_at(hit)
                self._stream.select_chunk(level, seq)
                return level, seq
        self.chunks.setStyleSheet(_MISSING)
        return None

    def _scan(self, query: bytes, rows: range) -> int | None:
        """The row where the first match in ``rows`` starts; a match may span several chunks."""
        model, store = self._stream.chunk_model, self._stream.store
        window = b""  # the last bytes seen, fewer than the query
        starts: list[tuple[int, int]] = []  # (row, offset in ``window`` + dropped) of the rows in it
        dropped = 0  # bytes dropped from the front of ``window``
        for row in rows:
            starts.append((row, dropped + len(window)))
            window += store.data(model.store_row(row))
            at = window.find(query)
            if at >= 0:
                return max(r for r, off in starts if off <= dropped + at)
            keep = len(query) - 1
            cut = max(0, len(window) - keep)
            dropped += cut
            window = window[cut:]
            first = max((i for i, (_r, off) in enumerate(starts) if off <= dropped), default=0)
            starts = starts[first:]  # the row holding the window's first byte, and those after it
        return None

    def find_event(self) -> int | None:
        """Select the next event whose data holds the text."""
        text = self.events.text().strip()
        events = self._stream.store.events
        n = len(events)
        if not text or not n:
            return None
        table = self._window.events_pane.table
        current = table.currentIndex().row()
        for i in [*range(current + 1, n), *range(0, current + 1)]:
            if text in events[i][0].data:
                table.selectRow(i)
                return i
        self.events.setStyleSheet(_MISSING)
        return None
