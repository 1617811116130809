"""Timeline: cumulative bytes over time with a tick per chunk, time to first byte and first event.

Painted from the store's per-level time and cumulative-byte lists, sampled once per pixel column
with a bisect, so a repaint costs O(width · log n) whatever the number of chunks.
"""

from __future__ import annotations

from bisect import bisect_right

from PySide6.QtCore import QLineF, QPointF, QRectF, QSize, Qt, Signal
from PySide6.QtGui import QColor, QMouseEvent, QPainter, QPaintEvent, QPalette, QPen, QPolygonF
from PySide6.QtWidgets import QSizePolicy, QToolTip, QWidget

from .i18n import level_name
from .paint import PaintGuard, no_guard
from .store import R_DATA, StreamStore

__all__ = ["TimelineWidget", "format_bytes"]


def format_bytes(n: float) -> str:
    for unit in ("B", "KB", "MB", "GB"):
        if abs(n) < 1024 or unit == "GB":
            return f"{n:.0f} {unit}" if unit == "B" else f"{n:.1f} {unit}"
        n /= 1024
    return f"{n:.1f} GB"


_CURVE = QColor("#2e7d32")
_TICK = QColor("#1c5d99")
_TTFB = QColor("#ef6c00")
_FIRST_EVENT = QColor("#8e24aa")
_SELECTED = QColor("#d81b60")


class TimelineWidget(QWidget):
    chunkClicked = Signal(str, int)  # level, seq

    LEFT, RIGHT, TOP, BOTTOM, TICKS = 64, 12, 8, 20, 10

    def __init__(self, store: StreamStore, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("timeline")
        self._store = store
        self._level = "delivered"
        self._selected: int | None = None
        self.paint_guard: PaintGuard = no_guard
        self.setMouseTracking(True)
        self.setMinimumHeight(90)
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Preferred)

    def sizeHint(self) -> QSize:
        return QSize(600, 120)

    def set_level(self, level: str) -> None:
        self._level = level
        self._selected = None
        self.update()

    @property
    def level(self) -> str:
        return self._level

    def set_selected(self, level: str, seq: int | None) -> None:
        self._selected = seq if level == self._level else None
        self.update()

    # -- geometry ----------------------------------------------------------------------------------
    def _plot(self) -> QRectF:
        return QRectF(self.LEFT, self.TOP, max(1, self.width() - self.LEFT - self.RIGHT),
                      max(1, self.height() - self.TOP - self.BOTTOM - self.TICKS))

    def _t_max(self) -> float:
        s = self._store
        t = s.end.t_ms if s.end is not None else 0.0
        for times in s.times.values():
            if times:
                t = max(t, times[-1])
        return max(t, 1.0)

    def _t_at(self, x: float) -> float:
        plot = self._plot()
        return (x - plot.left()) / plot.width() * self._t_max()

    def _x_at(self, t: float) -> float:
        plot = self._plot()
        return plot.left() + t / self._t_max() * plot.width()

    # -- interaction -------------------------------------------------------------------------------
    def _chunk_near(self, x: float) -> int | None:
        if not self._plot().adjusted(-4, 0, 4, 0).contains(QPointF(x, self._plot().top() + 1)):
            return None
        return self._store.chunk_at_time(self._level, self._t_at(x))

    def mouseMoveEvent(self, event: QMouseEvent) -> None:
        # Tooltips from mouse moves rather than an event() override: that would enter Python for
        # every event of the widget, paints included.
        seq = self._chunk_near(event.position().x())
        if seq is None:
            QToolTip.hideText()
            return
        s = self._store
        row = s.rows[s.by_level[self._level][seq]]
        QToolTip.showText(event.globalPosition().toPoint(), self.tr(
            "{level} chunk #{seq}\nat {t:.1f} ms, {size} bytes\n{total} received by then").format(
            level=level_name(self._level), seq=seq, t=row[2], size=len(row[R_DATA]),
            total=format_bytes(s.ends[self._level][seq])), self)

    def mousePressEvent(self, event: QMouseEvent) -> None:
        if event.button() == Qt.MouseButton.LeftButton:
            seq = self._chunk_near(event.position().x())
            if seq is not None:
                self.chunkClicked.emit(self._level, seq)
                return
        super().mousePressEvent(event)

    # -- painting ------------------------------------------------------------------------------------
    def paintEvent(self, event: QPaintEvent) -> None:
        with self.paint_guard():
            self._paint(event)

    def _paint(self, event: QPaintEvent) -> None:
        p = QPainter(self)
        pal = self.palette()
        p.fillRect(self.rect(), pal.color(QPalette.ColorRole.Base))
        plot = self._plot()
        dim = pal.color(QPalette.ColorRole.PlaceholderText)
        text = pal.color(QPalette.ColorRole.Text)
        p.setPen(QPen(dim, 1))
        p.drawRect(plot)
        s = self._store
        times, ends = s.times[self._level], s.ends[self._level]
        t_max = self._t_max()
        total = ends[-1] if ends else 0
        fm = p.fontMetrics()
        # Axis labels.
        p.setPen(text)
        p.drawText(QRectF(0, plot.top() - 2, self.LEFT - 6, fm.height()),
                   Qt.AlignmentFlag.AlignRight, format_bytes(total))
        p.drawText(QRectF(0, plot.bottom() - fm.height(), self.LEFT - 6, fm.height()),
                   Qt.AlignmentFlag.AlignRight, "0")
        bottom_y = plot.bottom() + self.TICKS + 2
        p.drawText(QRectF(plot.left(), bottom_y, 80, fm.height()), Qt.AlignmentFlag.AlignLeft, "0 ms")
        p.drawText(QRectF(plot.right() - 160, bottom_y, 160, fm.height()), Qt.AlignmentFlag.AlignRight,
                   self.tr("{t:.0f} ms · {level}").format(t=t_max, level=level_name(self._level)))
        if not times:
            p.setPen(dim)
            p.drawText(plot, Qt.AlignmentFlag.AlignCenter,
                       self.tr("Bytes and chunks over time appear here while a stream arrives."))
            p.end()
            return
        # Markers: time to first byte and first event.
        labels: list[tuple[float, QColor, str]] = []
        if s.first_byte_ms is not None:
            labels.append((s.first_byte_ms, _TTFB, self.tr("first byte {t:.0f} ms").format(t=s.first_byte_ms)))
        if s.first_event_ms is not None:
            labels.append((s.first_event_ms, _FIRST_EVENT,
                           self.tr("first event {t:.0f} ms").format(t=s.first_event_ms)))
        label_y = plot.top() + 2
        for t, colour, label in labels:
            x = self._x_at(t)
            p.setPen(QPen(colour, 1, Qt.PenStyle.DashLine))
            p.drawLine(QPointF(x, plot.top()), QPointF(x, plot.bottom() + self.TICKS))
            p.setPen(colour)
            p.drawText(QPointF(min(x + 3, plot.right() - fm.horizontalAdvance(label)), label_y + fm.ascent()),
                       label)
            label_y += fm.height()
        # Curve and ticks, one sample per pixel column. Drawn with one call each: most QPainter
        # methods release the GIL, so while a request thread runs every call waits to get it back.
        width = int(plot.width())
        scale_y = plot.height() / total if total else 0.0
        # A list, then one QPolygonF: PySide6 6.12's QPolygonF.append drops a reference to None on
        # every call.
        curve = [QPointF(plot.left(), plot.bottom())]
        tick_top, tick_bottom = plot.bottom() + 1, plot.bottom() + self.TICKS
        ticks: list[QLineF] = []
        prev = 0
        n = len(times)
        for px in range(width + 1):
            t = (px + 0.5) / width * t_max if width else t_max
            i = bisect_right(times, t, lo=prev)
            x = plot.left() + px
            if i > prev:
                ticks.append(QLineF(x, tick_top, x, tick_bottom))
            y = plot.bottom() - (ends[i - 1] if i else 0) * scale_y
            curve.append(QPointF(x, y))
            prev = i
            if i >= n:
                curve.append(QPointF(plot.right(), y))
                break
        p.setPen(QPen(_CURVE, 1.6))
        p.drawPolyline(QPolygonF(curve))
        p.setPen(QPen(_TICK, 1))
        if ticks:
            p.drawLines(ticks)
        if self._selected is not None and self._selected < n:
            x = self._x_at(times[self._selected])
            p.setPen(QPen(_SELECTED, 2))
            p.drawLine(QPointF(x, plot.top()), QPointF(x, tick_bottom))
        p.end()
