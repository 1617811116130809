"""Table models over a ``StreamStore``: thin, append-only, O(1) per ``data()`` call.

``sync()`` is called once per drain tick and announces everything the store gained since the last
call in one ``beginInsertRows``/``endInsertRows`` pair; the row count a view sees is the count last
announced, never the live length of the store's lists.
"""

from __future__ import annotations

from array import array
from bisect import bisect_left
from typing import Any

from PySide6.QtCore import (
    QAbstractTableModel,
    QModelIndex,
    QModelRoleDataSpan,
    QObject,
    QPersistentModelIndex,
    Qt,
)
from PySide6.QtGui import QBrush, QColor, QFont, QFontDatabase

from simulator.core.stream import LEVELS
from simulator.core.text import pending_suffix

from .store import R_EVENTS, R_LEVEL, R_SEQ, R_T, StreamStore

__all__ = ["ChunkColumn", "ChunkTableModel", "EventColumn", "EventTableModel", "preview_text"]

_DISPLAY = int(Qt.ItemDataRole.DisplayRole)
_TOOLTIP = int(Qt.ItemDataRole.ToolTipRole)
_ALIGN = int(Qt.ItemDataRole.TextAlignmentRole)
_FONT = int(Qt.ItemDataRole.FontRole)
_BACKGROUND = int(Qt.ItemDataRole.BackgroundRole)
_FOREGROUND = int(Qt.ItemDataRole.ForegroundRole)
_RIGHT = int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
_INDEX = QModelIndex | QPersistentModelIndex
_R_SIZE = 3  # in StreamStore.row_info, where a row holds its bytes

# Control characters shown visibly in one-line previews: ↵ for LF, · for the rest.
_PREVIEW_TABLE = {i: "·" for i in range(32)} | {10: "↵", 13: "␍", 9: "⇥", 127: "·"}
PREVIEW_BYTES = 24


def preview_text(data: bytes, n: int = PREVIEW_BYTES, *, size: int | None = None) -> str:
    """The first bytes as text; bytes that are not whole characters show as ``\\xNN``, so a chunk
    that starts or ends inside a character says so. ``size``: the chunk's length when ``data`` is only
    its start. Where the preview stops before the chunk ends, a character it would split is left out
    and "…" ends it: only the chunk's own cuts look cut."""
    head = data[:n]
    if max(size or 0, len(data)) > len(head):
        head = head[:len(head) - len(pending_suffix(head))]
        return head.decode("utf-8", "backslashreplace").translate(_PREVIEW_TABLE) + "…"
    return head.decode("utf-8", "backslashreplace").translate(_PREVIEW_TABLE)


def _mono() -> QFont:
    return QFontDatabase.systemFont(QFontDatabase.SystemFont.FixedFont)


class ChunkColumn:
    SEQ, TIME, SIZE, LEVEL, TEXT, HEX, FLAGS = range(7)
    COUNT = 7


_LEVEL_COLOURS = {"wire": QColor("#7a5c00"), "read": QColor("#1c5d99"), "delivered": QColor("#2e7d32")}
_CUT_BG = QBrush(QColor(255, 196, 92, 70))
_INVALID_BG = QBrush(QColor(229, 57, 53, 60))


class _GrowingTableModel(QAbstractTableModel):
    """A table over a list that only grows while a stream runs: ``sync()`` announces the rows added
    since the last call in one ``beginInsertRows`` (called on a timer, never per chunk)."""

    _headers: list[str]

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._count = 0

    def _total(self) -> int:
        raise NotImplementedError

    def sync(self) -> None:
        total = self._total()
        if total > self._count:
            self.beginInsertRows(QModelIndex(), self._count, total - 1)
            self._count = total
            self.endInsertRows()

    def reset(self) -> None:
        self.beginResetModel()
        self._count = self._total()
        self.endResetModel()

    def rowCount(self, parent: _INDEX = QModelIndex()) -> int:  # noqa: B008 - Qt's signature
        return 0 if parent.isValid() else self._count

    def columnCount(self, parent: _INDEX = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self._headers)

    def headerData(self, section: int, orientation: Qt.Orientation, role: int = _DISPLAY) -> Any:
        if orientation == Qt.Orientation.Horizontal and role == _DISPLAY and 0 <= section < len(self._headers):
            return self._headers[section]
        return None


class ChunkTableModel(_GrowingTableModel):
    """Chunks of every level in time order (a chunk's wire frame before its read, its read before what
    it delivered), or of one level (``set_level``)."""

    def __init__(self, store: StreamStore, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._store = store
        self._level: str | None = None
        self._visible: array | None = None  # row indices of one level (the store's live list), or all in time order
        self._mono = _mono()
        self._headers = [self.tr("Seq"), self.tr("Time (ms)"), self.tr("Size"), self.tr("Level"),
                         self.tr("First bytes (text)"), self.tr("First bytes (hex)"), self.tr("Flags")]
        self._level_names = {"wire": self.tr("wire"), "read": self.tr("read"),
                             "delivered": self.tr("delivered")}

    # -- feeding ---------------------------------------------------------------------------------
    def _total(self) -> int:
        return len(self._visible) if self._visible is not None else len(self._store.rows)

    def reset(self) -> None:
        if self._level:
            self._visible = self._store.by_level[self._level]
        else:
            self._visible = array("L", sorted(range(len(self._store.rows)), key=self._time_key))
        super().reset()

    def _time_key(self, row: int) -> tuple[float, int, int]:
        return self._store.time_key(row)

    def sync(self) -> None:
        order = self._visible
        if self._level or order is None:
            super().sync()
            return
        merged, total = len(order), len(self._store.rows)
        if total <= merged:
            return
        # The recording's order is not time order: a read's wire frame is logged after the chunks it
        # delivered. New rows merge into the last few shown, each group announced where it lands.
        key = self._time_key
        new = sorted(range(merged, total), key=key)
        p, first = merged, key(new[0])
        while p > 0 and key(order[p - 1]) > first:
            p -= 1
        tail = sorted([*order[p:], *new], key=key)
        landed = [p + i for i, row in enumerate(tail) if row >= merged]
        start = 0
        while start < len(landed):
            end = start
            while end + 1 < len(landed) and landed[end + 1] == landed[end] + 1:
                end += 1
            self.beginInsertRows(QModelIndex(), landed[start], landed[end])
            shown = {tail[i - p] for i in landed[:end + 1]}
            del order[p:]
            order.extend(row for row in tail if row < merged or row in shown)
            self._count = len(order)
            self.endInsertRows()
            start = end + 1

    def set_level(self, level: str | None) -> None:
        """Show one level (``"wire"``, ``"read"``, ``"delivered"``) or all (None)."""
        if level is not None and level not in LEVELS:
            raise ValueError(f"unknown level {level!r}")
        self._level = level
        self.reset()

    @property
    def level(self) -> str | None:
        return self._level

    # -- lookups for the controller ------------------------------------------------------------------
    def store_row(self, row: int) -> int:
        return self._visible[row] if self._visible is not None else row

    def chunk_at(self, row: int) -> tuple[str, int]:
        r = self._store.row_info(self.store_row(row))
        return r[R_LEVEL], r[R_SEQ]

    def row_for(self, level: str, seq: int) -> int | None:
        """The model row showing chunk ``(level, seq)``, if it is shown."""
        if self._level is not None:
            return seq if level == self._level and 0 <= seq < self._count else None
        row = self._store.row_of(level, seq)
        if row is None or self._visible is None:
            return None
        at = bisect_left(self._visible, self._time_key(row), key=self._time_key)
        return at if at < self._count and self._visible[at] == row else None

    # -- QAbstractTableModel -------------------------------------------------------------------------
    def data(self, index: _INDEX, role: int = _DISPLAY) -> Any:
        row = index.row()
        if not 0 <= row < self._count or not index.isValid():
            return None
        i = self._visible[row] if self._visible is not None else row
        return self._value(i, self._store.row_info(i), index.column(), role)

    def multiData(self, index: _INDEX, roles: QModelRoleDataSpan) -> None:
        """All the roles a delegate asks for, in one call: a view paints a cell with one entry into
        Python instead of seven (each entry may wait for the GIL while a request thread runs)."""
        row = index.row()
        if not 0 <= row < self._count or not index.isValid():
            for rd in roles:
                rd.clearData()
            return
        i = self._visible[row] if self._visible is not None else row
        r = self._store.row_info(i)  # no bytes: a cell shows the size and the first bytes
        col = index.column()
        for rd in roles:
            rd.setData(self._value(i, r, col, rd.role()))

    def _value(self, i: int, r: tuple, col: int, role: int) -> Any:
        if role == _DISPLAY:
            if col == 0:
                return r[R_SEQ]
            if col == 1:
                return f"{r[R_T]:.1f}"
            if col == 2:
                return r[_R_SIZE]
            if col == 3:
                return self._level_names[r[R_LEVEL]]
            if col == 4:
                return preview_text(self._store.prefix(i), size=r[_R_SIZE])
            if col == 5:
                return self._store.prefix(i)[:12].hex(" ")
            if col == 6:
                return self._flags_text(i, r)
            return None
        if role == _ALIGN:
            return _RIGHT if col <= 2 else None
        if role == _FONT:
            return self._mono if col in (4, 5) else None
        if role == _FOREGROUND:
            return _LEVEL_COLOURS[r[R_LEVEL]] if col == 3 else None
        if role == _BACKGROUND:
            if col != 6:
                return None
            marks = self._store.marks(i)
            if marks is None:
                return None
            if marks.invalid or marks.carry_in_invalid:
                return _INVALID_BG
            if marks.starts_inside or marks.ends_inside:
                return _CUT_BG
            return None
        if role == _TOOLTIP:
            if col == 6:
                return self._flags_tooltip(i, r)
            if col == 4:
                return self._store.data(i)[:400].decode("utf-8", "backslashreplace")
        return None

    # -- flags ---------------------------------------------------------------------------------------
    def _flags_text(self, i: int, r: tuple) -> str:
        parts = []
        marks = self._store.marks(i)
        if marks is not None:
            if marks.starts_inside:
                parts.append("✂←")
            if marks.ends_inside:
                parts.append("→✂")
            if marks.invalid:
                parts.append(self.tr("invalid"))
        n = r[R_EVENTS]
        if n:
            parts.append(self.tr("⏎ event") if n == 1 else self.tr("⏎ %n events", "", n))
        return "  ".join(parts)

    def _flags_tooltip(self, i: int, r: tuple) -> str | None:
        lines = []
        marks = self._store.marks(i)
        if marks is None:
            lines.append(self.tr("Compressed bytes (Content-Encoding): not checked as UTF-8."))
        else:
            if marks.starts_inside:
                lines.append(self.tr("✂← starts inside a character begun in the previous chunk "
                                     "(%n byte(s) of it)", "", marks.cut_head))
            if marks.ends_inside:
                lines.append(self.tr("→✂ ends inside a character that the next chunk completes "
                                     "(%n byte(s) of it)", "", marks.cut_tail))
            if marks.invalid:
                lines.append(self.tr("invalid: %n byte sequence(s) that are not UTF-8 and decode "
                                     "as U+FFFD", "", len(marks.invalid)))
        if r[R_EVENTS]:
            lines.append(self.tr("⏎ %n SSE event(s) end in this chunk", "", r[R_EVENTS]))
        return "\n".join(lines) or None


class EventColumn:
    INDEX, TYPE, ID, DATA, RETRY, CHUNKS, TIME = range(7)
    COUNT = 7


class EventTableModel(_GrowingTableModel):
    """The SSE events parsed from the delivered level, in order."""

    DATA_PREVIEW = 120

    def __init__(self, store: StreamStore, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._store = store
        self._headers = [self.tr("#"), self.tr("Type"), self.tr("Id"), self.tr("Data"), self.tr("Retry"),
                         self.tr("Chunks"), self.tr("Time (ms)")]

    def _total(self) -> int:
        return len(self._store.events)

    def data(self, index: _INDEX, role: int = _DISPLAY) -> Any:
        row = index.row()
        if not 0 <= row < self._count or not index.isValid():
            return None
        return self._value(row, index.column(), role)

    def multiData(self, index: _INDEX, roles: QModelRoleDataSpan) -> None:
        """One entry into Python per painted cell (see ``ChunkTableModel.multiData``)."""
        row = index.row()
        if not 0 <= row < self._count or not index.isValid():
            for rd in roles:
                rd.clearData()
            return
        col = index.column()
        for rd in roles:
            rd.setData(self._value(row, col, rd.role()))

    def _value(self, row: int, col: int, role: int) -> Any:
        ev, t_ms, _ = self._store.events[row]
        if role == _DISPLAY:
            if col == 0:
                return row
            if col == 1:
                return ev.type
            if col == 2:
                return ev.last_event_id
            if col == 3:
                first = ev.data.partition("\n")[0]
                return first if len(first) <= self.DATA_PREVIEW else first[: self.DATA_PREVIEW] + "…"
            if col == 4:
                return "" if ev.retry is None else ev.retry
            if col == 5:
                if ev.first_chunk == ev.last_chunk:
                    return str(ev.first_chunk)
                return f"{ev.first_chunk}–{ev.last_chunk}"
            if col == 6:
                return f"{t_ms:.1f}"
            return None
        if role == _ALIGN:
            return _RIGHT if col in (0, 4, 6) else None
        if role == _TOOLTIP and col == 3:
            return ev.data[:2000]
        return None
