"""Two pinned runs side by side: their chunk boundaries on one byte axis, and for each the page's text
against the correctly decoded text (``core/garble.py`` decodes and explains)."""

from __future__ import annotations

from dataclasses import dataclass, field

from PySide6.QtCore import QRectF, Qt
from PySide6.QtGui import QColor, QFontDatabase, QPainter, QPaintEvent, QPen
from PySide6.QtWidgets import QGridLayout, QLabel, QPlainTextEdit, QSizePolicy, QVBoxLayout, QWidget

from simulator.core.garble import Garble

from ..i18n import tr

__all__ = ["BoundaryAxis", "CompareView", "RunView"]

_CLEAN = QColor(120, 120, 120)
_CUT = QColor(211, 47, 47)
_FIRST_DIFF = QColor(255, 160, 0)


@dataclass
class RunView:
    """What the compare view shows of one run."""

    label: str  # "A · #3 utf8-cut"
    size: int  # body bytes
    boundaries: list[tuple[int, bool]]  # (offset, inside a character)
    page_text: str | None  # None: not a page's request
    correct_text: str
    garble: Garble | None = None
    notes: list[str] = field(default_factory=list)

    @property
    def cuts_inside(self) -> int:
        return sum(1 for _, inside in self.boundaries if inside)


class BoundaryAxis(QWidget):
    """One byte axis, one row per run: a tick at each chunk boundary, red where it cuts a character,
    and an orange mark at the byte where the page's text first goes wrong."""

    ROW = 26

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.runs: list[RunView | None] = [None, None]
        self.setMinimumHeight(self.ROW * 2 + 22)
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Fixed)

    def set_runs(self, runs: list[RunView | None]) -> None:
        self.runs = runs
        self.update()

    @property
    def axis_bytes(self) -> int:
        return max((r.size for r in self.runs if r is not None), default=0)

    def paintEvent(self, event: QPaintEvent) -> None:  # noqa: N802 - Qt's name
        p = QPainter(self)
        p.fillRect(self.rect(), self.palette().base())
        left, right = 28, self.width() - 8
        span = max(1, self.axis_bytes)
        width = max(1, right - left)
        for row, run in enumerate(self.runs):
            top = 4 + row * self.ROW
            p.setPen(self.palette().text().color())
            align = Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter
            p.drawText(QRectF(0, top, left - 4, self.ROW - 6), align, "AB"[row])
            if run is None:
                continue
            p.fillRect(QRectF(left, top + 6, width * run.size / span, self.ROW - 14), QColor(66, 133, 244, 40))
            for offset, inside in run.boundaries:
                x = left + width * offset / span
                p.setPen(QPen(_CUT if inside else _CLEAN, 1))
                p.drawLine(int(x), top + 2, int(x), top + self.ROW - 6)
            if run.garble is not None and run.garble.offset is not None:
                x = left + width * run.garble.offset / span
                p.setPen(QPen(_FIRST_DIFF, 3))
                p.drawLine(int(x), top, int(x), top + self.ROW - 4)
        p.setPen(self.palette().text().color())
        bottom = 4 + 2 * self.ROW
        p.drawText(QRectF(left, bottom, 80, 16), Qt.AlignmentFlag.AlignLeft, "0")
        p.drawText(QRectF(right - 160, bottom, 160, 16), Qt.AlignmentFlag.AlignRight,
                   tr("{n:,} bytes").format(n=self.axis_bytes))
        p.end()


class CompareView(QWidget):
    """The Compare tab of the Network panel."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("compareView")
        self.hint = QLabel(tr("Pin two requests (right-click a row, or Pin A / Pin B) to compare them: for "
                               "example the same URL with passthrough and with utf8-cut."))
        self.hint.setWordWrap(True)
        self.axis = BoundaryAxis()
        self.axis.setToolTip(tr("Chunk boundaries on one byte axis: grey between characters, red inside a "
                                 "character; orange where the page's text first goes wrong"))
        mono = QFontDatabase.systemFont(QFontDatabase.SystemFont.FixedFont)
        self.titles: list[QLabel] = []
        self.page_texts: list[QPlainTextEdit] = []
        self.correct_texts: list[QPlainTextEdit] = []
        self.summaries: list[QLabel] = []
        grid = QGridLayout()
        grid.setContentsMargins(0, 0, 0, 0)
        grid.addWidget(QLabel(tr("The page's text")), 0, 1)
        grid.addWidget(QLabel(tr("Correctly decoded")), 0, 2)
        for row in range(2):
            title = QLabel()
            title.setWordWrap(True)
            title.setMinimumWidth(90)
            page, correct = QPlainTextEdit(), QPlainTextEdit()
            for edit in (page, correct):
                edit.setReadOnly(True)
                edit.setFont(mono)
                edit.setLineWrapMode(QPlainTextEdit.LineWrapMode.WidgetWidth)
            summary = QLabel()
            summary.setWordWrap(True)
            summary.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
            grid.addWidget(title, 1 + 2 * row, 0)
            grid.addWidget(page, 1 + 2 * row, 1)
            grid.addWidget(correct, 1 + 2 * row, 2)
            grid.addWidget(summary, 2 + 2 * row, 1, 1, 2)
            self.titles.append(title)
            self.page_texts.append(page)
            self.correct_texts.append(correct)
            self.summaries.append(summary)
        grid.setColumnStretch(1, 1)
        grid.setColumnStretch(2, 1)
        box = QVBoxLayout(self)
        box.setContentsMargins(4, 4, 4, 4)
        box.addWidget(self.hint)
        box.addWidget(self.axis)
        box.addLayout(grid, 1)
        self.runs: list[RunView | None] = [None, None]
        self.show_runs([None, None])

    def show_runs(self, runs: list[RunView | None], *, chinese: bool = False) -> None:
        self.runs = runs
        self.axis.set_runs(runs)
        self.hint.setVisible(not all(runs))
        for row, run in enumerate(runs):
            if run is None:
                self.titles[row].setText(tr("{slot}: not pinned").format(slot="AB"[row]))
                self.page_texts[row].setPlainText("")
                self.correct_texts[row].setPlainText("")
                self.summaries[row].setText("")
                continue
            self.titles[row].setText(run.label)
            self.page_texts[row].setPlainText(run.page_text if run.page_text is not None else
                                              tr("(not a page's request: no page text)"))
            self.correct_texts[row].setPlainText(run.correct_text)
            parts = [tr("{bytes:,} bytes in {chunks:,} callbacks; {cuts:,} boundaries inside a character").format(
                bytes=run.size, chunks=len(run.boundaries) + 1 if run.size else 0, cuts=run.cuts_inside)]
            if run.garble is not None:
                parts.append(run.garble.zh if chinese else run.garble.en)
            elif run.page_text is not None:
                parts.append(tr("The page's text matches the correct decoding."))
            parts.extend(run.notes)
            self.summaries[row].setText("\n".join(parts))
