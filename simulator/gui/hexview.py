"""A hex view of one chunk: offsets, bytes and decoded text side by side, painted line by line.

Only the lines in view are painted, so a 64 KiB chunk scrolls as smoothly as a 16-byte one. Bytes
of a character cut by a chunk boundary and invalid bytes are coloured; hovering one says why.
"""

from __future__ import annotations

from dataclasses import dataclass

from PySide6.QtCore import QLine, QPoint, QRect, QSize, Qt
from PySide6.QtGui import QColor, QFontDatabase, QFontMetrics, QMouseEvent, QPainter, QPaintEvent, QPalette
from PySide6.QtWidgets import QAbstractScrollArea, QToolTip, QWidget

from simulator.core.text import ChunkMarks, pending_suffix

from .paint import PaintGuard, no_guard

__all__ = ["ByteKind", "HexLayout", "HexView", "layout_chunk"]

BYTES_PER_LINE = 16


class ByteKind:
    PLAIN, CUT_HEAD, CUT_TAIL, INVALID = range(4)


@dataclass(slots=True)
class HexLayout:
    """Per byte: its kind, the glyph drawn in the text column at that byte ("" for the continuation
    bytes of a character drawn at its lead byte) and the tooltip of a marked byte range."""

    data: bytes
    kinds: bytearray
    glyphs: list[str]
    notes: dict[int, str]  # byte index -> explanation, for every marked byte


def _glyph(ch: str) -> str:
    o = ord(ch)
    if o == 10:
        return "↵"
    if o < 32 or o == 127:
        return "·"
    return ch


def layout_chunk(data: bytes, marks: ChunkMarks | None, before: bytes = b"", after: bytes = b"",
                 *, tr=lambda s: s) -> HexLayout:
    """Classify every byte of ``data`` from the core's ``ChunkMarks``; ``before``/``after`` are the
    bytes around the chunk in its stream, used to name a cut character in the tooltip."""
    n = len(data)
    kinds = bytearray(n)
    glyphs = [""] * n
    notes: dict[int, str] = {}
    head = tail = 0
    invalid: list[tuple[int, int]] = []
    if marks is not None:
        head, tail = min(marks.cut_head, n), min(marks.cut_tail, n)
        invalid = marks.invalid
    for a, b in invalid:
        for i in range(a, min(b, n)):
            kinds[i] = ByteKind.INVALID
        if a < n:
            glyphs[a] = "\ufffd"
            seq = data[a:b].hex(" ")
            note = tr("Invalid UTF-8 ({bytes}): not part of any character; a decoder turns it into "
                      "U+FFFD �").format(bytes=seq)
            for i in range(a, min(b, n)):
                notes[i] = note
    if head and not (marks and marks.carry_in_invalid):
        for i in range(head):
            kinds[i] = ByteKind.CUT_HEAD
        carried = pending_suffix(before)
        char = (carried + data[:head]).decode("utf-8", "replace")
        note = tr("Cut character: these {n} byte(s) finish “{char}” ({bytes}), whose first {m} byte(s) "
                  "came in the previous chunk. Decoding this chunk on its own garbles it.").format(
            n=head, char=char, bytes=(carried + data[:head]).hex(" "), m=len(carried))
        for i in range(head):
            notes[i] = note
            glyphs[i] = "…" if i == 0 else ""
    if tail:
        start = n - tail
        rest = _rest_of_char(data[start:], after)
        whole = data[start:] + rest
        char = whole.decode("utf-8", "replace") if rest else "?"
        note = tr("Cut character: these {n} byte(s) begin “{char}” ({bytes}); the next chunk brings the "
                  "other {m} byte(s). Decoding this chunk on its own garbles it.").format(
            n=tail, char=char, bytes=whole.hex(" "), m=len(rest))
        for i in range(start, n):
            if kinds[i] == ByteKind.PLAIN:
                kinds[i] = ByteKind.CUT_TAIL
                notes[i] = note
                glyphs[i] = ""
        if kinds[start] == ByteKind.CUT_TAIL:
            glyphs[start] = "…"
    # Whole characters between the marked ranges.
    i = head if not (marks and marks.carry_in_invalid) else 0
    while i < n:
        if kinds[i] != ByteKind.PLAIN:
            i += 1
            continue
        b = data[i]
        size = 1 if b < 0x80 else 2 if b < 0xE0 else 3 if b < 0xF0 else 4
        try:
            glyphs[i] = _glyph(data[i:i + size].decode("utf-8"))
        except UnicodeDecodeError:
            glyphs[i] = "\ufffd"
            size = 1
        i += size
    return HexLayout(data, kinds, glyphs, notes)


def _rest_of_char(begun: bytes, after: bytes) -> bytes:
    lead = begun[0]
    size = 2 if lead < 0xE0 else 3 if lead < 0xF0 else 4
    return after[: max(0, size - len(begun))]


_KIND_BG = {
    ByteKind.CUT_HEAD: QColor(255, 183, 77, 150),
    ByteKind.CUT_TAIL: QColor(255, 183, 77, 150),
    ByteKind.INVALID: QColor(229, 57, 53, 120),
}


class HexView(QAbstractScrollArea):
    """Paints a ``HexLayout``: ``offset  xx xx … xx  text``, 16 bytes a line."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("hexView")
        font = QFontDatabase.systemFont(QFontDatabase.SystemFont.FixedFont)
        self.setFont(font)
        self.viewport().setFont(font)
        self._layout: HexLayout | None = None
        self._fm = QFontMetrics(font)
        self._cw = self._fm.horizontalAdvance("0")
        self._lh = self._fm.height() + 2
        self._placeholder = ""
        self.paint_guard: PaintGuard = no_guard
        self.viewport().setMouseTracking(True)
        self.setMinimumHeight(80)
        # 16 bytes a line, or 8 when the view is too narrow for 16 and their text (a laptop screen with
        # the Mini-program panel open): the text column stays in view rather than behind a scroll bar.
        self._per_line = BYTES_PER_LINE

    def set_placeholder(self, text: str) -> None:
        self._placeholder = text
        self.viewport().update()

    def set_layout(self, layout: HexLayout | None) -> None:
        self._layout = layout
        self._update_scrollbars()
        self.verticalScrollBar().setValue(0)
        self.viewport().update()

    def layout_data(self) -> HexLayout | None:
        return self._layout

    # -- geometry --------------------------------------------------------------------------------
    def _lines(self) -> int:
        return (len(self._layout.data) + self._per_line - 1) // self._per_line if self._layout else 0

    def _columns(self, per_line: int = 0) -> tuple[int, int, int]:
        """x of the hex column, of the text column, and the total width."""
        cw, per_line = self._cw, per_line or self._per_line
        hex_x = cw * 10
        text_x = hex_x + cw * (per_line * 3 + (3 if per_line > 8 else 2))
        return hex_x, text_x, text_x + cw * (per_line + 2)

    def bytes_per_line(self) -> int:
        return self._per_line

    def sizeHint(self) -> QSize:
        return QSize(self._columns()[2] + 24, self._lh * 12)

    def resizeEvent(self, event) -> None:  # noqa: ANN001
        super().resizeEvent(event)
        self._update_scrollbars()

    def _update_scrollbars(self) -> None:
        per_line = BYTES_PER_LINE if self._columns(BYTES_PER_LINE)[2] <= self.viewport().width() else 8
        if per_line != self._per_line:
            self._per_line = per_line
            self.viewport().update()
        visible = max(1, self.viewport().height() // self._lh)
        self.verticalScrollBar().setRange(0, max(0, self._lines() - visible))
        self.verticalScrollBar().setPageStep(visible)
        width = self._columns()[2]
        self.horizontalScrollBar().setRange(0, max(0, width - self.viewport().width()))
        self.horizontalScrollBar().setPageStep(self.viewport().width())

    def _byte_at(self, pos: QPoint) -> int | None:
        if self._layout is None:
            return None
        hex_x, text_x, _ = self._columns()
        x = pos.x() + self.horizontalScrollBar().value()
        line = pos.y() // self._lh + self.verticalScrollBar().value()
        cw = self._cw
        col: int | None = None
        per_line = self._per_line
        if hex_x <= x < hex_x + cw * per_line * 3 + cw:
            rel = x - hex_x
            col = rel // (cw * 3) if rel < cw * 8 * 3 else (rel - cw) // (cw * 3)
        elif text_x <= x < text_x + cw * per_line:
            col = (x - text_x) // cw
        if col is None or not 0 <= col < per_line:
            return None
        i = line * per_line + col
        return i if 0 <= i < len(self._layout.data) else None

    # -- events ----------------------------------------------------------------------------------
    def mouseMoveEvent(self, event: QMouseEvent) -> None:
        # Tooltips from mouse moves rather than a viewportEvent() override, which would enter
        # Python for every viewport event, paints included.
        i = self._byte_at(event.position().toPoint())
        if i is None or self._layout is None:
            QToolTip.hideText()
            return
        b = self._layout.data[i]
        note = self._layout.notes.get(i)
        head = self.tr("byte {i} (0x{i:x}): {b:02x}").format(i=i, b=b)
        QToolTip.showText(event.globalPosition().toPoint(), head + ("\n" + note if note else ""), self.viewport())

    def paintEvent(self, event: QPaintEvent) -> None:
        with self.paint_guard():
            self._paint(event)

    def _paint(self, event: QPaintEvent) -> None:
        # Few QPainter calls, grouped by pen and brush: most QPainter methods release the GIL, so
        # while a request thread runs each call waits to get it back (drawText does not).
        p = QPainter(self.viewport())
        pal = self.palette()
        p.fillRect(event.rect(), pal.color(QPalette.ColorRole.Base))
        layout = self._layout
        if layout is None:
            p.setPen(pal.color(QPalette.ColorRole.PlaceholderText))
            p.drawText(self.viewport().rect().adjusted(8, 8, -8, -8),
                       Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignTop | Qt.TextFlag.TextWordWrap,
                       self._placeholder)
            p.end()
            return
        cw, lh = self._cw, self._lh
        ascent = self._fm.ascent() + 1
        hex_x, text_x, _ = self._columns()
        dx = -self.horizontalScrollBar().value()
        first = self.verticalScrollBar().value()
        last = min(first + self.viewport().height() // lh + 2, self._lines())
        data, kinds, glyphs = layout.data, layout.kinds, layout.glyphs
        height = self.viewport().height()
        per_line = self._per_line

        fills: dict[int, list[QRect]] = {}
        offsets: list[tuple[int, str]] = []
        hex_lines: list[tuple[int, str]] = []
        plain: list[tuple[int, int, str]] = []
        dim_glyphs: list[tuple[int, int, str]] = []
        for line in range(first, last):
            y = (line - first) * lh
            base = line * per_line
            chunk = data[base:base + per_line]
            offsets.append((y, f"{base:08x}"))
            hexes = chunk.hex(" ")
            hex_lines.append((y, hexes[:23] + "  " + hexes[24:] if len(chunk) > 8 else hexes))
            for col in range(len(chunk)):
                i = base + col
                kind = kinds[i]
                if kind:
                    x = hex_x + dx + col * cw * 3 + (cw if col >= 8 else 0)
                    rects = fills.setdefault(kind, [])
                    rects.append(QRect(x - cw // 2, y, cw * 3, lh))
                    rects.append(QRect(text_x + dx + col * cw, y, cw, lh))
                glyph = glyphs[i]
                if glyph:
                    target = dim_glyphs if glyph in ("·", "…", "↵") else plain
                    target.append((text_x + dx + col * cw, y + ascent, glyph))
        if fills:
            p.setPen(Qt.PenStyle.NoPen)
            for kind, rects in fills.items():
                p.setBrush(_KIND_BG[kind])
                p.drawRects(rects)
        p.setPen(pal.color(QPalette.ColorRole.PlaceholderText))
        p.drawLines([QLine(hex_x + dx - cw, 0, hex_x + dx - cw, height),
                     QLine(text_x + dx - cw, 0, text_x + dx - cw, height)])
        for y, text in offsets:
            p.drawText(dx + cw // 2, y + ascent, text)
        for x, y, glyph in dim_glyphs:
            p.drawText(x, y, glyph)
        p.setPen(pal.color(QPalette.ColorRole.Text))
        for y, text in hex_lines:
            p.drawText(hex_x + dx, y + ascent, text)
        for x, y, glyph in plain:
            p.drawText(x, y, glyph)
        p.end()
