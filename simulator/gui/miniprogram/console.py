"""The panel's console: ``ConsoleEntry`` (one message, one row per line) and ``ConsoleView``."""

from __future__ import annotations

import re
import time
from collections import deque
from collections.abc import Sequence
from dataclasses import dataclass, replace

from PySide6.QtCore import QPoint, QRect, Qt, Signal
from PySide6.QtGui import (
    QColor,
    QFontDatabase,
    QMouseEvent,
    QTextBlockFormat,
    QTextCharFormat,
    QTextCursor,
    QTextOption,
)
from PySide6.QtWidgets import QPlainTextEdit, QWidget

from ..i18n import tr

#: A stack frame's place, V8's way: "at f (pages/chat/index.js:12:5)" or "at pages/chat/index.js:12".
_FRAME = re.compile(r"(?P<file>[^\s():]+\.(?:js|ts|mjs|cjs|wxs)):(?P<line>\d+)(?::(?P<col>\d+))?")


@dataclass(frozen=True, slots=True)
class ConsoleEntry:
    """One console message, or (in ``ConsoleView``) one row of it: a message of several lines
    (an error and its stack) is shown one line per row, the rows after the first ``continued``."""

    level: str  # log | info | warn | error | debug, or "mpsim" for the panel's own notes
    text: str
    line: int | None  # the script line that wrote it (or threw, or the stack frame names), when known
    stamp: float  # wall-clock time.time()
    source: str = ""  # the file that wrote it: the script's name, or project-relative ("pages/chat/index.ts")
    continued: bool = False  # a further line of the message above
    message: str = ""  # the whole message a row belongs to, when it has several lines
    col: int | None = None  # the column in ``source``, when known

    def display(self) -> str:
        if self.continued:
            return " " * 14 + self.text
        ms = int(self.stamp * 1000) % 1000
        col = f":{self.col}" if self.col is not None else ""
        where = f"   ({self.source}:{self.line}{col})" if self.line is not None and self.source else ""
        return f"{time.strftime('%H:%M:%S', time.localtime(self.stamp))}.{ms:03d}  {self.text}{where}"

    def rows(self) -> list[ConsoleEntry]:
        """The message one line per row; a stack frame in a user file names that file and line."""
        parts = self.text.split("\n")
        if len(parts) == 1:
            return [self]
        rows = [replace(self, text=parts[0], message=self.text)]
        for part in parts[1:]:
            m = _FRAME.search(part)
            if m is None or m["file"].startswith("mpsim-"):  # the runtime's own frames lead nowhere
                rows.append(ConsoleEntry(self.level, part, None, self.stamp, "", True, self.text))
            else:
                rows.append(ConsoleEntry(self.level, part, int(m["line"]), self.stamp, m["file"], True, self.text,
                                         int(m["col"]) if m["col"] else None))
        return rows


_LEVEL_FOREGROUND = {"warn": "#8a5300", "error": "#b71c1c", "debug": "#6e7781", "mpsim": "#455a64"}
_LEVEL_BACKGROUND = {"warn": "#fff4d6", "error": "#fdecea"}


class ConsoleView(QPlainTextEdit):
    """The console: one text block per row, coloured by level; long lines wrap, text can be selected
    and copied. A click (that selects nothing) on a row naming a script line emits ``lineClicked``.

    A ``QPlainTextEdit`` keeps and paints its text in C++, so painting never enters Python, and
    ``maximumBlockCount`` drops the oldest rows; ``entries`` stays in step with the blocks.
    """

    lineClicked = Signal(object)  # the ConsoleEntry of the row: its source, line, col and level
    MAX_LINES = 5000  # rows kept; RunResult.console keeps every line

    def __init__(self, parent: QWidget | None = None, *, max_lines: int = MAX_LINES) -> None:
        super().__init__(parent)
        self.setObjectName("scriptConsole")
        self.max_lines = max_lines
        self.setReadOnly(True)
        self.setUndoRedoEnabled(False)
        self.setFont(QFontDatabase.systemFont(QFontDatabase.SystemFont.FixedFont))
        self.setLineWrapMode(QPlainTextEdit.LineWrapMode.WidgetWidth)
        self.setWordWrapMode(QTextOption.WrapMode.WrapAtWordBoundaryOrAnywhere)
        self.setMaximumBlockCount(max_lines)
        self.setMouseTracking(True)
        self.setPlaceholderText(self.tr("console.log, warnings and uncaught errors of the page appear here; "
                                        "click an error to see its line."))
        self.entries: deque[ConsoleEntry] = deque(maxlen=max_lines)
        self._formats: dict[str, tuple[QTextBlockFormat, QTextCharFormat]] = {}

    def _format(self, level: str) -> tuple[QTextBlockFormat, QTextCharFormat]:
        if level not in self._formats:
            block, char = QTextBlockFormat(), QTextCharFormat()
            if level in _LEVEL_BACKGROUND:
                block.setBackground(QColor(_LEVEL_BACKGROUND[level]))
            if level in _LEVEL_FOREGROUND:
                char.setForeground(QColor(_LEVEL_FOREGROUND[level]))
            char.setFontItalic(level == "mpsim")
            self._formats[level] = (block, char)
        return self._formats[level]

    def append_entries(self, entries: Sequence[ConsoleEntry]) -> None:
        """Add messages (one row per line of each), keeping the view at the bottom if it was."""
        rows = [row for e in entries for row in e.rows()][-self.max_lines:]
        if not rows:
            return
        bar = self.verticalScrollBar()
        follow = bar.value() >= bar.maximum() - 1
        cursor = QTextCursor(self.document())
        cursor.movePosition(QTextCursor.MoveOperation.End)
        cursor.beginEditBlock()
        try:
            for row in rows:
                block, char = self._format(row.level)
                if self.entries:
                    cursor.insertBlock(block, char)
                else:  # the document's first, empty block
                    cursor.setBlockFormat(block)
                    cursor.setBlockCharFormat(char)
                cursor.insertText(row.display(), char)
                self.entries.append(row)
        finally:
            cursor.endEditBlock()
        if follow:
            bar.setValue(bar.maximum())

    def clear_entries(self) -> None:
        self.clear()
        self.entries.clear()

    def entry_at(self, pos: QPoint) -> ConsoleEntry | None:
        """The row under a viewport position."""
        row = self.cursorForPosition(pos).blockNumber()
        if not 0 <= row < len(self.entries):
            return None
        rect = self.row_rect(row)
        return self.entries[row] if rect.top() <= pos.y() <= rect.bottom() else None  # not below the last

    def row_rect(self, row: int) -> QRect:
        """Where a row is drawn in the viewport (for tests and tooltips)."""
        block = self.document().findBlockByNumber(row)
        geometry = self.blockBoundingGeometry(block).translated(self.contentOffset())
        return geometry.toAlignedRect()

    def mouseReleaseEvent(self, event: QMouseEvent) -> None:
        super().mouseReleaseEvent(event)
        if event.button() != Qt.MouseButton.LeftButton or self.textCursor().hasSelection():
            return
        entry = self.entry_at(event.position().toPoint())
        if entry is not None and entry.line is not None:
            self.lineClicked.emit(entry)

    def mouseMoveEvent(self, event: QMouseEvent) -> None:
        super().mouseMoveEvent(event)
        if event.buttons() != Qt.MouseButton.NoButton:
            return
        entry = self.entry_at(event.position().toPoint())
        linked = entry is not None and entry.line is not None
        shape = Qt.CursorShape.PointingHandCursor if linked else Qt.CursorShape.IBeamCursor
        if self.viewport().cursor().shape() != shape:
            self.viewport().setCursor(shape)
        tip = tr("Click to show {file} line {line} in the editor").format(
            file=entry.source, line=entry.line) if linked and entry is not None else ""
        if self.viewport().toolTip() != tip:
            self.viewport().setToolTip(tip)


def within_budget(entries: Sequence[ConsoleEntry], budget: int) -> list[ConsoleEntry]:
    """At most ``budget`` entries, in order: every error and warning first, then the newest others."""
    if len(entries) <= budget:
        return list(entries)
    loud = [i for i, e in enumerate(entries) if e.level in ("error", "warn")][-budget:]
    room = budget - len(loud)
    quiet = [i for i, e in enumerate(entries) if e.level not in ("error", "warn")][-room:] if room > 0 else []
    return [entries[i] for i in sorted(loud + quiet)]

