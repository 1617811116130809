"""The session's requests: one ``NetworkEntry`` per request, counted by a monitor on its own thread,
and the table model of the Network panel (``NetworkTableModel``) with its filter.

A ``NetworkEntry`` is a ``StreamMonitor`` (``core/stream.py``) added to a ``RequestTask`` before it
starts: it only counts (plain attribute updates, nothing per chunk reaches the GUI thread); the model
reads the counts on a timer while any request is live.
"""

from __future__ import annotations

import time
from dataclasses import dataclass, field
from enum import IntEnum
from pathlib import Path
from typing import Any

from PySide6.QtCore import (
    QAbstractTableModel,
    QModelIndex,
    QObject,
    QPersistentModelIndex,
    QSortFilterProxyModel,
    Qt,
    QTimer,
)
from PySide6.QtGui import QColor

from simulator.core.stream import Chunk, EndInfo, RequestStart, ResponseInfo
from simulator.runtime.program import DeviceNote

from ..i18n import end_reason_name, tr

__all__ = ["NetworkColumn", "NetworkEntry", "NetworkFilter", "NetworkTableModel"]

_Index = QModelIndex | QPersistentModelIndex


@dataclass(eq=False)
class NetworkEntry:
    """One request of the session, as the Network panel lists it."""

    number: int
    source: str  # "bar" (the request bar), "page" (the mini-program) or "log" (an opened recording)
    method: str
    url: str
    profile: str
    log_path: Path | None
    start: RequestStart | None = None  # as sent, secrets included (kept in memory only, for Copy as cURL)
    response: ResponseInfo | None = None
    end: EndInfo | None = None
    chunks: int = 0  # delivered (onChunkReceived calls)
    bytes: int = 0  # delivered
    first_byte_ms: float | None = None  # first chunk read off the network (TTFB)
    last_ms: float = 0.0
    created: float = field(default_factory=time.monotonic)
    page_text: str | None = None  # what the page showed (its chosen data path) when its run ended
    run: int | None = None  # the mini-program run that made it
    queued: bool = False  # waiting behind 10 running requests of its page, not sent yet
    #: Why it would behave differently on a phone (docs/device.md); the page's run may still add to it
    #: (a background interruption), so it is the task's own list, read as the row is painted.
    device: list[DeviceNote] = field(default_factory=list)

    # -- StreamMonitor (called on the request's thread) -------------------------------------------
    def on_start(self, start: RequestStart) -> None:
        self.start = start

    def on_response(self, response: ResponseInfo) -> None:
        self.response = response

    def on_chunk(self, chunk: Chunk) -> None:
        if chunk.level == "delivered":
            self.chunks += 1
            self.bytes += len(chunk.data)
        elif self.first_byte_ms is None and chunk.level == "read":
            self.first_byte_ms = chunk.t_ms
        self.last_ms = chunk.t_ms

    def on_end(self, end: EndInfo) -> None:
        self.end = end

    # -- as listed ---------------------------------------------------------------------------------
    @property
    def live(self) -> bool:
        return self.end is None

    @property
    def duration_ms(self) -> float | None:
        return self.end.t_ms if self.end is not None else None

    @property
    def ttfb_ms(self) -> float | None:
        # A log without a read level (an old recording) still has the delivered level's first chunk.
        return self.first_byte_ms

    def device_label(self) -> str:
        kinds = list(dict.fromkeys(n.kind for n in self.device))
        if not kinds:
            return ""
        names = {"domain": tr("domain"), "queued": tr("queued"), "cap": tr("60 s cap"),
                 "background": tr("background")}
        return "⚠ " + " · ".join(names.get(k, k) for k in kinds)

    def device_tip(self) -> str:
        if not self.device:
            return ""
        lines = [tr("On a phone this request behaves differently than in DevTools:")]
        lines += [f"• {n.text}" for n in self.device]
        return "\n".join(lines)

    def source_label(self) -> str:
        return {"bar": tr("request bar"), "page": tr("page"), "log": tr("recording")}.get(self.source, self.source)


class NetworkColumn(IntEnum):
    NUMBER = 0
    METHOD = 1
    URL = 2
    STATUS = 3
    SOURCE = 4
    PROFILE = 5
    CHUNKS = 6
    BYTES = 7
    TTFB = 8
    DURATION = 9
    END = 10
    DEVICE = 11  # why it would go otherwise on a phone (docs/device.md)


def _headers() -> list[str]:
    return ["#", tr("Method"), tr("URL"), tr("Status"), tr("From"), tr("Delivery"), tr("Chunks"),
            tr("Bytes"), tr("TTFB"), tr("Duration"), tr("End"), tr("Device")]


def _ms(value: float | None) -> str:
    if value is None:
        return ""
    return f"{value:,.0f} ms" if value >= 10 else f"{value:.1f} ms"


class NetworkTableModel(QAbstractTableModel):
    """Every request of the session, newest last; live rows refresh every ``REFRESH_MS``."""

    REFRESH_MS = 250
    PIN_COLOURS = (QColor(66, 133, 244, 60), QColor(255, 152, 0, 70))

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.entries: list[NetworkEntry] = []
        self.pins: list[NetworkEntry | None] = [None, None]
        self._timer = QTimer(self)
        self._timer.setInterval(self.REFRESH_MS)
        self._timer.timeout.connect(self._on_refresh)

    def add(self, entry: NetworkEntry) -> None:
        row = len(self.entries)
        self.beginInsertRows(QModelIndex(), row, row)
        self.entries.append(entry)
        self.endInsertRows()
        if entry.live and not self._timer.isActive():
            self._timer.start()

    def clear(self) -> None:
        self.beginResetModel()
        self.entries.clear()
        self.pins = [None, None]
        self.endResetModel()

    def entry_at(self, row: int) -> NetworkEntry | None:
        return self.entries[row] if 0 <= row < len(self.entries) else None

    def row_of(self, entry: NetworkEntry) -> int | None:
        for i, e in enumerate(self.entries):
            if e is entry:
                return i
        return None

    def set_pin(self, slot: int, entry: NetworkEntry | None) -> None:
        self.pins[slot] = entry
        self.refresh_all()

    def refresh_all(self) -> None:
        if self.entries:
            self.dataChanged.emit(self.index(0, 0), self.index(len(self.entries) - 1, len(NetworkColumn) - 1))

    def _on_refresh(self) -> None:
        live = False
        for row, e in enumerate(self.entries):
            if e.live or e.created >= time.monotonic() - 2 * self.REFRESH_MS / 1000:
                live = live or e.live
                self.dataChanged.emit(self.index(row, 0), self.index(row, len(NetworkColumn) - 1))
        if not live:
            self._timer.stop()

    # -- Qt model ------------------------------------------------------------------------------------
    def rowCount(self, parent: _Index = QModelIndex()) -> int:  # noqa: B008, N802 - Qt's signature
        return 0 if parent.isValid() else len(self.entries)

    def columnCount(self, parent: _Index = QModelIndex()) -> int:  # noqa: B008, N802
        return 0 if parent.isValid() else len(NetworkColumn)

    def headerData(self, section: int, orientation: Qt.Orientation,  # noqa: N802
                   role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if orientation == Qt.Orientation.Horizontal and role == Qt.ItemDataRole.DisplayRole:
            names = _headers()
            return names[section] if 0 <= section < len(names) else None
        return None

    def data(self, index: _Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        e = self.entry_at(index.row())
        if e is None or not index.isValid():
            return None
        col = index.column()
        if role == Qt.ItemDataRole.DisplayRole:
            return self._display(e, col)
        if role == Qt.ItemDataRole.ToolTipRole:
            if col == NetworkColumn.URL:
                return e.url
            if col == NetworkColumn.END and e.end is not None:
                return e.end.detail or e.end.err_msg or e.end.reason
            if col == NetworkColumn.DEVICE:
                return e.device_tip() or None
            return None
        if role == Qt.ItemDataRole.BackgroundRole:
            for slot, pinned in enumerate(self.pins):
                if pinned is e:
                    return self.PIN_COLOURS[slot]
            return None
        if role == Qt.ItemDataRole.ForegroundRole and col == NetworkColumn.DEVICE:
            return QColor(198, 40, 40) if any(n.refused or n.kind == "background" for n in e.device) \
                else QColor(191, 110, 0)
        if role == Qt.ItemDataRole.ForegroundRole and col == NetworkColumn.STATUS:
            if e.response is not None and e.response.status >= 400 or (e.end and e.end.reason not in
                                                                        ("complete", "abort")):
                return QColor(198, 40, 40)
            return None
        if role == Qt.ItemDataRole.TextAlignmentRole and col in (NetworkColumn.NUMBER, NetworkColumn.CHUNKS,
                                                                 NetworkColumn.BYTES, NetworkColumn.TTFB,
                                                                 NetworkColumn.DURATION):
            return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        if role == Qt.ItemDataRole.UserRole:  # the text the filter searches
            return " ".join(str(self._display(e, c)) for c in NetworkColumn)
        return None

    def _display(self, e: NetworkEntry, col: int) -> str:
        pin = "".join(mark for slot, mark in enumerate(("A", "B")) if self.pins[slot] is e)
        if col == NetworkColumn.NUMBER:
            return f"{pin} {e.number}".strip()
        if col == NetworkColumn.METHOD:
            return e.method
        if col == NetworkColumn.URL:
            return e.url
        if col == NetworkColumn.STATUS:
            if e.response is not None:
                return str(e.response.status)
            if e.queued:
                return tr("queued")
            return tr("(pending)") if e.live else tr("(failed)")
        if col == NetworkColumn.DEVICE:
            return e.device_label()
        if col == NetworkColumn.SOURCE:
            return e.source_label()
        if col == NetworkColumn.PROFILE:
            return e.profile
        if col == NetworkColumn.CHUNKS:
            return f"{e.chunks:,}"
        if col == NetworkColumn.BYTES:
            return f"{e.bytes:,}"
        if col == NetworkColumn.TTFB:
            return _ms(e.ttfb_ms)
        if col == NetworkColumn.DURATION:
            return _ms(e.duration_ms) if e.end is not None else _ms(e.last_ms) + " …" if e.last_ms else "…"
        if col == NetworkColumn.END:
            if e.end is None:
                return "" if e.queued else tr("streaming")
            return end_reason_name(e.end.reason)
        return ""


class NetworkFilter(QSortFilterProxyModel):
    """The list filtered by what the user types: every word must appear somewhere in the row."""

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._words: list[str] = []

    def set_text(self, text: str) -> None:
        words = [w.lower() for w in text.split()]
        if not hasattr(self, "beginFilterChange"):  # before Qt 6.10
            self._words = words
            self.invalidateFilter()
            return
        self.beginFilterChange()
        self._words = words
        self.endFilterChange(QSortFilterProxyModel.Direction.Rows)

    def filterAcceptsRow(self, source_row: int, source_parent: _Index) -> bool:  # noqa: N802
        if not self._words:
            return True
        model = self.sourceModel()
        hay = str(model.data(model.index(source_row, 0, source_parent), Qt.ItemDataRole.UserRole) or "").lower()
        return all(w in hay for w in self._words)
