"""Find boxes on the chunk table and the event table: Enter selects the next chunk (or event) holding
what was typed, in every view. Chunks are searched as bytes — the text's UTF-8, or hex pairs such as
``e4 bd a0`` — including a match cut by a chunk boundary (it selects the chunk where it starts).

The Filter button beside each box shows only the rows holding the text (a chunk's own bytes; an
event's type or data), also as rows arrive. It hides the others rather than putting a proxy model
between the table and the stream's model, so every row number the stream controller and the find
boxes use is still the model's.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import TYPE_CHECKING

from PySide6.QtCore import QModelIndex, QObject, QTimer
from PySide6.QtWidgets import QBoxLayout, QLineEdit, QTableView, QToolButton, QWidget

if TYPE_CHECKING:
    from simulator.gui.main_window import MainWindow
    from simulator.gui.stream_controller import StreamController

__all__ = ["StreamFind", "query_bytes"]

_HEX = re.compile(r"(?:[0-9a-fA-F]{2})(?:\s+[0-9a-fA-F]{2})+")
_MISSING = "background: #ffebee;"
RowTest = Callable[[int], bool]


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
        self.chunk_filter = self._filter_button(self.tr("Show only the chunks whose bytes hold the text"))
        self.event_filter = self._filter_button(self.tr("Show only the events whose type or data holds the text"))
        for edit, button, pane in ((self.chunks, self.chunk_filter, w.chunk_pane),
                                   (self.events, self.event_filter, w.events_pane.widget(0))):
            row = _head_row(pane)
            if row is not None:
                at = max(0, row.count() - 2)
                row.insertWidget(at, edit, 1)
                row.insertWidget(at + 1, button)
        self._refilter = QTimer(self, singleShot=True, interval=200)  # typing: once it pauses
        self._refilter.timeout.connect(self.apply_filters)
        self.chunk_filter.toggled.connect(self.apply_filters)
        self.event_filter.toggled.connect(self.apply_filters)
        self.chunks.textChanged.connect(lambda _t: self.chunk_filter.isChecked() and self._refilter.start())
        self.events.textChanged.connect(lambda _t: self.event_filter.isChecked() and self._refilter.start())
        for model, new_rows in ((stream.chunk_model, self._filter_new_chunks),
                                (stream.event_model, self._filter_new_events)):
            model.rowsInserted.connect(new_rows)
            # A reset filters that table alone, and only with its filter on (off, no row is hidden):
            # Send resets the chunk table while the event table still has the last stream's 100,000
            # rows, and going through those held the window for 40-150 ms.
            model.modelReset.connect(lambda m=model, f=new_rows: f(QModelIndex(), 0, m.rowCount() - 1))
        self.chunks.returnPressed.connect(self.find_chunk)
        self.events.returnPressed.connect(self.find_event)
        self.chunks.textChanged.connect(lambda _t: self.chunks.setStyleSheet(""))
        self.events.textChanged.connect(lambda _t: self.events.setStyleSheet(""))

    def _filter_button(self, tip: str) -> QToolButton:
        button = QToolButton()
        button.setText(self.tr("Filter"))
        button.setCheckable(True)
        button.setToolTip(tip)
        return button

    # -- filter ------------------------------------------------------------------------------------
    def chunk_matches(self, row: int) -> bool:
        query = query_bytes(self.chunks.text())
        return query in self._stream.store.data(self._stream.chunk_model.store_row(row))

    def event_matches(self, row: int) -> bool:
        text = self.events.text().strip()
        ev = self._stream.store.events[row][0]
        return text in ev.data or text in ev.type

    def apply_filters(self, *_args: object) -> None:
        """Hide the rows that do not hold the filter text (show them all when the filter is off)."""
        self._hide(self._window.chunk_pane.table, self._chunk_test(), 0)
        self._hide(self._window.events_pane.table, self._event_test(), 0)

    def _chunk_test(self) -> RowTest | None:  # None: every row shown
        return self.chunk_matches if self.chunk_filter.isChecked() and query_bytes(self.chunks.text()) else None

    def _event_test(self) -> RowTest | None:
        return self.event_matches if self.event_filter.isChecked() and self.events.text().strip() else None

    def _filter_new_chunks(self, _parent: QModelIndex, first: int, last: int) -> None:
        test = self._chunk_test()
        if test is not None:
            self._hide(self._window.chunk_pane.table, test, first, last + 1)

    def _filter_new_events(self, _parent: QModelIndex, first: int, last: int) -> None:
        test = self._event_test()
        if test is not None:
            self._hide(self._window.events_pane.table, test, first, last + 1)

    @staticmethod
    def _hide(table: QTableView, test: RowTest | None, first: int, stop: int | None = None) -> None:
        stop = table.model().rowCount() if stop is None else stop
        for row in range(first, stop):
            hidden = test is not None and not test(row)
            if table.isRowHidden(row) != hidden:
                table.setRowHidden(row, hidden)

    def shown_rows(self, table: QTableView) -> list[int]:
        return [r for r in range(table.model().rowCount()) if not table.isRowHidden(r)]

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
