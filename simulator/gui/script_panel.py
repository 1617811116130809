"""The "Mini-program" panel (PRODUCT.md C and D): the user's page script, run against real streams.

``install_script_panel(main)`` docks the panel in the window, adds the Examples menu and returns the
``ScriptPanelController``. The panel has an editor (line numbers, JavaScript colours, open/save,
recent scripts), Run/Stop with a query for ``onLoad(options)``, a console, the page data as a tree,
and a phone that shows one data path growing as ``setData`` runs.

Threads: a ``MiniProgram`` runs on its own Python thread (``ScriptRun``). Its console lines and page
data are queued there and reach the GUI thread through one coalesced signal, drained on a timer.
Each request the script makes is held on the runtime thread until the GUI thread has attached the
window's views to it (``MainController.watch``, which must come before ``task.start()``): a
``_RequestHandoff`` that a stopping run or a closing window releases at once, so neither side can
wait on the other for ever.
"""

from __future__ import annotations

import json
import re
import threading
import time
from collections import deque
from collections.abc import Iterator, Sequence
from contextlib import AbstractContextManager, ExitStack, contextmanager, nullcontext
from dataclasses import dataclass, replace
from pathlib import Path
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import (
    QCoreApplication,
    QObject,
    QPoint,
    QPointF,
    QRect,
    QRectF,
    QSize,
    Qt,
    QTimer,
    Signal,
)
from PySide6.QtGui import (
    QAction,
    QColor,
    QFont,
    QFontDatabase,
    QKeySequence,
    QMouseEvent,
    QPainter,
    QPainterPath,
    QPaintEvent,
    QPen,
    QResizeEvent,
    QTextBlockFormat,
    QTextCharFormat,
    QTextCursor,
    QTextFormat,
    QTextOption,
)
from PySide6.QtWidgets import (
    QComboBox,
    QFileDialog,
    QFrame,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QMenu,
    QPlainTextEdit,
    QSizePolicy,
    QSplitter,
    QStyle,
    QTabWidget,
    QTextEdit,
    QToolButton,
    QTreeWidget,
    QTreeWidgetItem,
    QVBoxLayout,
    QWidget,
)

from simulator import ASSETS
from simulator.core.delivery import ProfileError, parse_profile
from simulator.core.paths import new_recording_path
from simulator.core.platforms import PLATFORMS
from simulator.runtime import MiniProgram, RunResult, ScriptError

from .js_highlighter import JsHighlighter
from .paint import ProducerGate

if TYPE_CHECKING:
    from simulator.core.task import RequestTask

    from .app import MainController

__all__ = [
    "CodeEditor",
    "ConsoleEntry",
    "ConsoleView",
    "Example",
    "PhonePreview",
    "ScriptPanel",
    "ScriptPanelController",
    "ScriptRun",
    "example_scripts",
    "install_script_panel",
]

EXAMPLES_DIR = ASSETS / "examples"
MAX_RECENT = 10
DEFAULT_PREVIEW_PATH = "answer"
_TREE_MAX_CHILDREN = 500  # children shown per object or array; the rest is summarised in one row
_TREE_VALUE_CHARS = 300  # characters of a value shown in the tree (the tooltip has more)
_MAX_PATHS = 200  # data paths offered in the phone's "Show" list


def _tr(text: str) -> str:
    return QCoreApplication.translate("ScriptPanel", text)


# -- examples ---------------------------------------------------------------------------------------
@dataclass(frozen=True, slots=True)
class Example:
    path: Path
    title: str  # the first sentence of the file's opening comment


def example_scripts(folder: Path = EXAMPLES_DIR) -> list[Example]:
    """The ready scripts in ``assets/examples``, titled from their first comment line."""
    if not folder.is_dir():
        return []
    return [Example(p, _example_title(p)) for p in sorted(folder.glob("*.js"))]


def _example_title(path: Path) -> str:
    lines: list[str] = []
    try:
        text = path.read_text(encoding="utf-8")
    except OSError:
        return path.stem
    for raw in text.splitlines():
        s = raw.strip()
        if not s.startswith("//"):
            break
        s = s[2:].strip()
        if not s:
            if lines:
                break
            continue
        lines.append(s)
    title = " ".join(lines)
    if title.startswith(path.name + ":"):
        title = title[len(path.name) + 1:].strip()
    end = re.search(r"\.(\s|$)", title)  # the first sentence ("RequestTask.abort()" is not an end)
    if end:
        title = title[: end.start()]
    return title[:1].upper() + title[1:] if title else path.stem


# -- console --------------------------------------------------------------------------------------
@dataclass(frozen=True, slots=True)
class ConsoleEntry:
    """One console message, or (in ``ConsoleView``) one row of it: a message of several lines
    (an error and its stack) is shown one line per row, the rows after the first ``continued``."""

    level: str  # log | info | warn | error | debug, or "mpsim" for the panel's own notes
    text: str
    line: int | None  # the script line that wrote it (or threw, or the stack frame names), when known
    stamp: float  # wall-clock time.time()
    source: str = ""  # the script's file name
    continued: bool = False  # a further line of the message above
    message: str = ""  # the whole message a row belongs to, when it has several lines

    def display(self) -> str:
        if self.continued:
            return " " * 14 + self.text
        ms = int(self.stamp * 1000) % 1000
        where = f"   ({self.source}:{self.line})" if self.line is not None else ""
        return f"{time.strftime('%H:%M:%S', time.localtime(self.stamp))}.{ms:03d}  {self.text}{where}"

    def rows(self) -> list[ConsoleEntry]:
        """The message one line per row; a stack frame in the script names its own line."""
        parts = self.text.split("\n")
        if len(parts) == 1:
            return [self]
        frame = re.compile(re.escape(self.source) + r":(\d+)") if self.source else None
        rows = [replace(self, text=parts[0], message=self.text)]
        for part in parts[1:]:
            m = frame.search(part) if frame is not None else None
            rows.append(ConsoleEntry(self.level, part, int(m.group(1)) if m else None, self.stamp, self.source,
                                     True, self.text))
        return rows


_LEVEL_FOREGROUND = {"warn": "#8a5300", "error": "#b71c1c", "debug": "#6e7781", "mpsim": "#455a64"}
_LEVEL_BACKGROUND = {"warn": "#fff4d6", "error": "#fdecea"}


class ConsoleView(QPlainTextEdit):
    """The console: one text block per row, coloured by level; long lines wrap, text can be selected
    and copied. A click (that selects nothing) on a row naming a script line emits ``lineClicked``.

    A ``QPlainTextEdit`` keeps and paints its text in C++, so painting never enters Python, and
    ``maximumBlockCount`` drops the oldest rows; ``entries`` stays in step with the blocks.
    """

    lineClicked = Signal(int, str)  # script line, level
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
            self.lineClicked.emit(entry.line, entry.level)

    def mouseMoveEvent(self, event: QMouseEvent) -> None:
        super().mouseMoveEvent(event)
        if event.buttons() != Qt.MouseButton.NoButton:
            return
        entry = self.entry_at(event.position().toPoint())
        linked = entry is not None and entry.line is not None
        shape = Qt.CursorShape.PointingHandCursor if linked else Qt.CursorShape.IBeamCursor
        if self.viewport().cursor().shape() != shape:
            self.viewport().setCursor(shape)
        tip = _tr("Click to show line {line} in the editor").format(line=entry.line) if linked else ""
        if self.viewport().toolTip() != tip:
            self.viewport().setToolTip(tip)


# -- the run, on its own thread ---------------------------------------------------------------------
class _RequestHandoff:
    """A request the runtime thread holds until the GUI thread has attached the views to it.

    ``take`` (GUI thread) claims it, then ``release`` lets the runtime thread start the task.
    ``abandon`` (a stopping run, a closing window, or the runtime thread tired of waiting) lets it
    start unwatched; once abandoned, ``take`` refuses, so the views never attach to a started task.
    """

    def __init__(self, run: ScriptRun, task: RequestTask) -> None:
        self.run = run
        self.task = task
        self._lock = threading.Lock()
        self._state = "offered"  # offered | taken | abandoned
        self._released = threading.Event()

    def take(self) -> bool:
        with self._lock:
            if self._state != "offered":
                return False
            self._state = "taken"
            return True

    def release(self) -> None:
        self._released.set()

    def abandon(self) -> None:
        with self._lock:
            if self._state == "offered":
                self._state = "abandoned"
                self._released.set()

    def wait(self, timeout: float) -> None:
        """Runtime thread: until released or abandoned (a busy GUI thread past ``timeout`` only
        costs the views this request)."""
        if not self._released.wait(timeout):
            self.abandon()
            self._released.wait()  # taken: the GUI thread is attaching right now and releases next


class ScriptRun(QObject):
    """One ``MiniProgram`` run on a Python thread. Nothing here touches a widget.

    Console lines and the latest page data queue here; ``outputReady`` is emitted once until the
    GUI thread calls ``take``. ``requestMade`` carries a ``_RequestHandoff`` for every request.
    """

    outputReady = Signal(object)  # this run
    requestMade = Signal(object)  # _RequestHandoff
    finished = Signal(object, object)  # this run, its RunResult

    #: How long a request waits for the GUI thread to attach the views before starting without them.
    HANDOFF_WAIT_S = 10.0

    def __init__(self, source: str, **options: Any) -> None:
        super().__init__()
        self.filename = str(options.get("filename", "page.js"))
        self.program = MiniProgram(source, on_console=self._on_console, on_data=self._on_data,
                                   on_request=self._on_request, **options)
        self.result: RunResult | None = None
        self.watched: list[RequestTask] = []  # GUI thread only: the requests shown in the views
        self.requests_seen = 0  # GUI thread only: requests offered to the views
        self._lines: deque[ConsoleEntry] = deque()
        self._data: dict[str, Any] | None = None
        self._signalled = False
        self._lock = threading.Lock()
        self._stopping = False
        self._handoff: _RequestHandoff | None = None
        self._gate = ProducerGate()  # see paused(): held while the GUI thread paints or drains
        self._done = threading.Event()
        self._thread = threading.Thread(target=self._work, name="mpsim-script", daemon=True)

    # -- GUI thread --------------------------------------------------------------------------------
    def start(self) -> None:
        self._thread.start()

    def stop(self) -> None:
        """End the run soon; a request waiting for the views starts without them (thread-safe)."""
        with self._lock:
            self._stopping = True
            handoff = self._handoff
        if handoff is not None:
            handoff.abandon()
        self.program.stop()

    @property
    def stopping(self) -> bool:
        return self._stopping

    def wait(self, timeout: float | None = None) -> bool:
        return self._done.wait(timeout)

    @property
    def done(self) -> bool:
        return self._done.is_set()

    @contextmanager
    def paused(self) -> Iterator[None]:
        """Hold the runtime thread at its next console line while the GUI thread paints or drains.

        Painting enters Python once per cell, and while the runtime thread is busy in Python (a
        script printing thousands of lines) each entry would wait for it to hand over the GIL: the
        same reason ``StreamFeed.paused`` exists (``paint.py``).
        """
        with self._gate.hold():
            yield

    def take(self) -> tuple[list[ConsoleEntry], dict[str, Any] | None]:
        """The console lines queued so far and the latest page data (None: no change)."""
        self._signalled = False  # before draining: whatever comes after signals again
        lines = [self._lines.popleft() for _ in range(len(self._lines))]
        with self._lock:
            data, self._data = self._data, None
        return lines, data

    # -- runtime thread ----------------------------------------------------------------------------
    def _work(self) -> None:
        try:
            result = self.program.run()
        except Exception as exc:  # noqa: BLE001 - a broken runtime must not take the window down
            text = f"mpsim: the runtime failed: {type(exc).__name__}: {exc}"
            self._on_console("error", text, None)
            result = RunResult(data={}, console=[], error=ScriptError(text, None, "mpsim runtime"),
                               timed_out=False, requests=0, end_reason="runtime-error")
        self.result = result
        self._done.set()
        self._emit(self.finished, self, result)

    def _wait_if_paused(self) -> None:
        self._gate.wait()  # the GUI thread may be painting: wait for it, off the GIL

    def _on_console(self, level: str, text: str, line: int | None) -> None:
        self._wait_if_paused()
        self._lines.append(ConsoleEntry(level, text, line, time.time(), self.filename))
        self._notify()

    def _on_data(self, data: dict[str, Any]) -> None:
        self._wait_if_paused()
        with self._lock:
            self._data = data
        self._notify()

    def _on_request(self, task: RequestTask) -> None:
        handoff = _RequestHandoff(self, task)
        with self._lock:
            if self._stopping:
                return
            self._handoff = handoff
        try:
            if self._emit(self.requestMade, handoff):
                handoff.wait(self.HANDOFF_WAIT_S)
        finally:
            with self._lock:
                self._handoff = None

    def _notify(self) -> None:
        if not self._signalled:
            self._signalled = True
            self._emit(self.outputReady, self)

    @staticmethod
    def _emit(signal: Any, *args: object) -> bool:
        try:
            signal.emit(*args)
        except RuntimeError:  # the receiving side is gone (window closed): nobody is listening
            return False
        return True


# -- the editor -------------------------------------------------------------------------------------
class _LineNumberArea(QWidget):
    def __init__(self, editor: CodeEditor) -> None:
        super().__init__(editor)
        self._editor = editor

    def sizeHint(self) -> QSize:
        return QSize(self._editor.line_number_width(), 0)

    def paintEvent(self, event: QPaintEvent) -> None:
        self._editor.paint_line_numbers(event)


class CodeEditor(QPlainTextEdit):
    """A plain-text JavaScript editor with line numbers, colours and a marked line."""

    _CURRENT_LINE = QColor("#f2f6fc")
    _MARKED_LINE = QColor("#fddede")

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("scriptEditor")
        font = QFontDatabase.systemFont(QFontDatabase.SystemFont.FixedFont)
        self.setFont(font)
        self.setLineWrapMode(QPlainTextEdit.LineWrapMode.NoWrap)
        self.setTabStopDistance(self.fontMetrics().horizontalAdvance(" ") * 2)
        self.setPlaceholderText(self.tr("A page script: Page({ data: {…}, onLoad(options) { wx.request({…}) } })"))
        self.line_numbers = _LineNumberArea(self)
        self.highlighter = JsHighlighter(self.document())
        self._marked: int | None = None  # block number of the marked line (an error shown from the console)
        self.blockCountChanged.connect(self._update_margin)
        self.updateRequest.connect(self._on_update_request)
        self.cursorPositionChanged.connect(self._update_extra_selections)
        self.textChanged.connect(self._clear_mark)
        self._update_margin()
        self._update_extra_selections()

    def line_number_width(self) -> int:
        digits = max(3, len(str(max(1, self.blockCount()))))
        return 12 + self.fontMetrics().horizontalAdvance("9") * digits

    def current_line(self) -> int:
        return self.textCursor().blockNumber() + 1

    def marked_line(self) -> int | None:
        return None if self._marked is None else self._marked + 1

    def go_to_line(self, line: int, *, mark: bool = False) -> None:
        """Put the cursor at the start of ``line`` (1-based), centred; ``mark`` tints the line."""
        block = self.document().findBlockByNumber(max(0, min(line, self.blockCount()) - 1))
        self.setTextCursor(QTextCursor(block))
        self.centerCursor()
        self._marked = block.blockNumber() if mark else None
        self._update_extra_selections()
        self.line_numbers.update()
        self.setFocus(Qt.FocusReason.OtherFocusReason)

    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)
        cr = self.contentsRect()
        self.line_numbers.setGeometry(QRect(cr.left(), cr.top(), self.line_number_width(), cr.height()))

    def paint_line_numbers(self, event: QPaintEvent) -> None:
        painter = QPainter(self.line_numbers)
        try:
            rect = event.rect()
            painter.fillRect(rect, QColor("#f6f8fa"))
            painter.setFont(self.font())
            width = self.line_numbers.width() - 6
            height = self.fontMetrics().height()
            current = self.textCursor().blockNumber()
            block = self.firstVisibleBlock()
            number = block.blockNumber()
            top = round(self.blockBoundingGeometry(block).translated(self.contentOffset()).top())
            bottom = top + round(self.blockBoundingRect(block).height())
            while block.isValid() and top <= rect.bottom():
                if block.isVisible() and bottom >= rect.top():
                    if number == self._marked:
                        painter.fillRect(0, top, self.line_numbers.width(), bottom - top, self._MARKED_LINE)
                    painter.setPen(QColor("#1f2328") if number == current else QColor("#8c959f"))
                    painter.drawText(0, top, width, height, Qt.AlignmentFlag.AlignRight, str(number + 1))
                block = block.next()
                top = bottom
                bottom = top + round(self.blockBoundingRect(block).height())
                number += 1
        finally:
            painter.end()

    def _update_margin(self, *_args: object) -> None:
        self.setViewportMargins(self.line_number_width(), 0, 0, 0)

    def _on_update_request(self, rect: QRect, dy: int) -> None:
        if dy:
            self.line_numbers.scroll(0, dy)
        else:
            self.line_numbers.update(0, rect.y(), self.line_numbers.width(), rect.height())
        if rect.contains(self.viewport().rect()):
            self._update_margin()

    def _clear_mark(self) -> None:
        if self._marked is not None:
            self._marked = None
            self._update_extra_selections()

    def _update_extra_selections(self) -> None:
        selections = []
        for number, color in ((self.textCursor().blockNumber(), self._CURRENT_LINE), (self._marked, self._MARKED_LINE)):
            if number is None:
                continue
            sel = QTextEdit.ExtraSelection()
            sel.format.setBackground(color)
            sel.format.setProperty(QTextFormat.Property.FullWidthSelection, True)
            cursor = QTextCursor(self.document().findBlockByNumber(number))
            sel.cursor = cursor
            selections.append(sel)
        self.setExtraSelections(selections)


# -- the phone --------------------------------------------------------------------------------------
class PhonePreview(QWidget):
    """A phone, drawn: bezel, status bar, WeChat's navigation bar with the page title and its
    capsule, and the page showing one value of the page data, wrapped as a ``<text>`` would."""

    BEZEL = 9
    RADIUS = 30
    STATUS_H = 24
    NAV_H = 40
    HOME_H = 18

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("phonePreview")
        self._title = ""
        self.page = QPlainTextEdit()
        self.page.setObjectName("phonePage")
        self.page.setReadOnly(True)
        self.page.setUndoRedoEnabled(False)
        self.page.setFrameShape(QFrame.Shape.NoFrame)
        self.page.setLineWrapMode(QPlainTextEdit.LineWrapMode.WidgetWidth)
        # Like a phone: break between words, and inside a word too long for the line (a URL).
        self.page.setWordWrapMode(QTextOption.WrapMode.WrapAtWordBoundaryOrAnywhere)
        self.page.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.page.setStyleSheet("QPlainTextEdit { background: #ffffff; color: #1f2328; }")
        self.page.document().setDocumentMargin(12)
        font = self.page.font()
        font.setPointSizeF(max(font.pointSizeF(), 10.5))
        self.page.setFont(font)
        box = QVBoxLayout(self)
        box.setContentsMargins(self.BEZEL, self.BEZEL + self.STATUS_H + self.NAV_H, self.BEZEL,
                               self.BEZEL + self.HOME_H)
        box.addWidget(self.page)
        self.setMinimumSize(200, 320)
        self.setMaximumWidth(360)
        self.setSizePolicy(QSizePolicy.Policy.Preferred, QSizePolicy.Policy.Expanding)
        self._placeholder = False

    def sizeHint(self) -> QSize:
        return QSize(280, 520)

    def set_title(self, title: str) -> None:
        self._title = title
        self.update()

    def title(self) -> str:
        return self._title

    def text(self) -> str:
        """What the page shows ("" while it shows only a placeholder)."""
        return "" if self._placeholder else self.page.toPlainText()

    def set_text(self, text: str) -> None:
        """Show ``text``; when it only grew (a typewriter answer), the new part is appended."""
        bar = self.page.verticalScrollBar()
        follow = bar.value() >= bar.maximum() - 2
        if self._placeholder:
            self._set_placeholder_style(False)
            self.page.setPlainText(text)
            return
        old = self.page.toPlainText()
        if text.startswith(old) and old:
            if len(text) > len(old):
                cursor = QTextCursor(self.page.document())
                cursor.movePosition(QTextCursor.MoveOperation.End)
                cursor.insertText(text[len(old):])
        elif text != old:
            self.page.setPlainText(text)
        if follow:
            bar.setValue(bar.maximum())

    def set_placeholder(self, text: str) -> None:
        self._set_placeholder_style(True)
        self.page.setPlainText(text)

    def _set_placeholder_style(self, on: bool) -> None:
        self._placeholder = on
        color = "#8c959f" if on else "#1f2328"
        self.page.setStyleSheet(f"QPlainTextEdit {{ background: #ffffff; color: {color}; }}")

    def paintEvent(self, event: QPaintEvent) -> None:
        p = QPainter(self)
        try:
            p.setRenderHint(QPainter.RenderHint.Antialiasing)
            outer = QRectF(self.rect()).adjusted(1, 1, -1, -1)
            p.setPen(QPen(QColor("#0d1117"), 1.5))
            p.setBrush(QColor("#24292f"))
            p.drawRoundedRect(outer, self.RADIUS, self.RADIUS)
            screen = outer.adjusted(self.BEZEL - 1, self.BEZEL - 1, -(self.BEZEL - 1), -(self.BEZEL - 1))
            clip = QPainterPath()
            clip.addRoundedRect(screen, self.RADIUS - self.BEZEL, self.RADIUS - self.BEZEL)
            p.setPen(Qt.PenStyle.NoPen)
            p.setBrush(QColor("#ffffff"))
            p.drawPath(clip)
            p.setClipPath(clip)
            # Status bar: time, signal, battery.
            status = QRectF(screen.left(), screen.top(), screen.width(), self.STATUS_H)
            p.fillRect(status, QColor("#ededed"))
            small = QFont(self.font())
            small.setPointSizeF(max(7.0, self.font().pointSizeF() - 1))
            small.setBold(True)
            p.setFont(small)
            p.setPen(QColor("#1f2328"))
            p.drawText(status.adjusted(18, 0, 0, 0), Qt.AlignmentFlag.AlignVCenter | Qt.AlignmentFlag.AlignLeft,
                       "9:41")
            cy = status.center().y()
            x = status.right() - 22
            p.setPen(QPen(QColor("#1f2328"), 1.2))
            p.setBrush(Qt.BrushStyle.NoBrush)
            p.drawRoundedRect(QRectF(x - 18, cy - 4.5, 18, 9), 2, 2)
            p.fillRect(QRectF(x - 16, cy - 2.5, 12, 5), QColor("#1f2328"))
            p.fillRect(QRectF(x + 0.5, cy - 2, 1.5, 4), QColor("#1f2328"))
            for i in range(4):
                h = 3 + i * 2
                p.fillRect(QRectF(x - 44 + i * 4, cy + 4.5 - h, 2.5, h), QColor("#1f2328"))
            # Navigation bar: the page title, centred, and the capsule (menu, close) at the right.
            nav = QRectF(screen.left(), status.bottom(), screen.width(), self.NAV_H)
            p.fillRect(nav, QColor("#ededed"))
            title_font = QFont(self.font())
            title_font.setBold(True)
            p.setFont(title_font)
            p.setPen(QColor("#1f2328"))
            capsule = QRectF(nav.right() - 10 - 72, nav.center().y() - 13, 72, 26)
            # Centred like WeChat's title; a title too long for the middle uses the space left of the
            # capsule, elided.
            centred = nav.adjusted(capsule.width() + 14, 0, -(capsule.width() + 14), 0)
            if p.fontMetrics().horizontalAdvance(self._title) <= centred.width():
                p.drawText(centred, Qt.AlignmentFlag.AlignCenter, self._title)
            else:
                room = QRectF(nav.left() + 14, nav.top(), capsule.left() - 10 - (nav.left() + 14), nav.height())
                title = p.fontMetrics().elidedText(self._title, Qt.TextElideMode.ElideRight, int(room.width()))
                p.drawText(room, Qt.AlignmentFlag.AlignVCenter | Qt.AlignmentFlag.AlignLeft, title)
            p.setPen(QPen(QColor("#d0d7de"), 1))
            p.setBrush(QColor("#ffffff"))
            p.drawRoundedRect(capsule, 13, 13)
            p.drawLine(QPointF(capsule.center().x(), capsule.top() + 7),
                       QPointF(capsule.center().x(), capsule.bottom() - 7))
            p.setPen(Qt.PenStyle.NoPen)
            p.setBrush(QColor("#1f2328"))
            left_c = QRectF(capsule.left(), capsule.top(), capsule.width() / 2, capsule.height()).center()
            for dx in (-6, 0, 6):
                p.drawEllipse(left_c + QPointF(dx, 0), 2.0, 2.0)
            right_c = QRectF(capsule.center().x(), capsule.top(), capsule.width() / 2, capsule.height()).center()
            p.setPen(QPen(QColor("#1f2328"), 1.6))
            p.setBrush(Qt.BrushStyle.NoBrush)
            p.drawEllipse(right_c, 6.5, 6.5)
            p.setBrush(QColor("#1f2328"))
            p.drawEllipse(right_c, 2.5, 2.5)
            p.setPen(QPen(QColor("#d8d8d8"), 1))
            p.drawLine(nav.bottomLeft(), nav.bottomRight())
            # Home indicator.
            p.setClipping(False)
            p.setPen(Qt.PenStyle.NoPen)
            p.setBrush(QColor("#8c959f"))
            bar_w = min(110.0, screen.width() * 0.4)
            p.drawRoundedRect(QRectF(screen.center().x() - bar_w / 2, screen.bottom() - 10, bar_w, 4), 2, 2)
        finally:
            p.end()


# -- the view ---------------------------------------------------------------------------------------
def _tool_button(action: QAction, icon: QStyle.StandardPixmap | None = None) -> QToolButton:
    button = QToolButton()
    button.setDefaultAction(action)
    button.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextBesideIcon)
    button.setAutoRaise(True)
    if icon is not None:
        action.setIcon(button.style().standardIcon(icon))
    return button


class ScriptPanel(QWidget):
    """The panel's layout: toolbar, query, editor, console / page data tabs, phone. No behaviour."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("scriptPanel")
        SP = QStyle.StandardPixmap
        shortcut = Qt.ShortcutContext.WindowShortcut
        self.open_action = QAction(self.tr("Open…"), self)
        self.open_action.setShortcut(QKeySequence("Ctrl+Shift+O"))
        self.open_action.setToolTip(self.tr("Open a page script (Ctrl+Shift+O)"))
        self.save_action = QAction(self.tr("Save"), self)
        self.save_action.setShortcut(QKeySequence("Ctrl+Shift+S"))
        self.save_action.setToolTip(self.tr("Save the script (Ctrl+Shift+S)"))
        self.save_as_action = QAction(self.tr("Save as…"), self)
        self.run_action = QAction(self.tr("Run"), self)
        self.run_action.setShortcut(QKeySequence("Ctrl+R"))
        self.run_action.setToolTip(self.tr("Run the page with the request bar's delivery, seed and platform (Ctrl+R)"))
        self.stop_action = QAction(self.tr("Stop"), self)
        self.stop_action.setShortcut(QKeySequence("Shift+F5"))
        self.stop_action.setToolTip(self.tr("Stop the run: its requests are aborted (Shift+F5)"))
        self.stop_action.setEnabled(False)
        for action in (self.open_action, self.save_action, self.save_as_action, self.run_action, self.stop_action):
            action.setShortcutContext(shortcut)
            self.addAction(action)

        self.open_button = _tool_button(self.open_action, SP.SP_DialogOpenButton)
        self.save_button = _tool_button(self.save_action, SP.SP_DialogSaveButton)
        self.save_button.setPopupMode(QToolButton.ToolButtonPopupMode.MenuButtonPopup)
        save_menu = QMenu(self)
        save_menu.addAction(self.save_as_action)
        self.save_button.setMenu(save_menu)
        self.recent_menu = QMenu(self.tr("Recent scripts"), self)
        self.recent_menu.setObjectName("recentScriptsMenu")
        self.recent_button = QToolButton()
        self.recent_button.setText(self.tr("Recent"))
        self.recent_button.setAutoRaise(True)
        self.recent_button.setMenu(self.recent_menu)
        self.recent_button.setPopupMode(QToolButton.ToolButtonPopupMode.InstantPopup)
        self.file_label = QLabel()
        self.file_label.setObjectName("scriptFile")
        self.file_label.setSizePolicy(QSizePolicy.Policy.Ignored, QSizePolicy.Policy.Preferred)
        self.run_button = _tool_button(self.run_action, SP.SP_MediaPlay)
        self.run_button.setObjectName("runScript")
        self.stop_button = _tool_button(self.stop_action, SP.SP_MediaStop)
        self.stop_button.setObjectName("stopScript")
        top = QHBoxLayout()
        top.setContentsMargins(0, 0, 0, 0)
        top.setSpacing(2)
        for w in (self.open_button, self.save_button, self.recent_button):
            top.addWidget(w)
        top.addSpacing(6)
        top.addWidget(self.file_label, 1)
        top.addWidget(self.run_button)
        top.addWidget(self.stop_button)

        self.query = QLineEdit()
        self.query.setObjectName("scriptQuery")
        self.query.setClearButtonEnabled(True)
        self.query.setPlaceholderText(self.tr("K=V&K2=V2, given to onLoad(options)"))
        self.query.setToolTip(self.tr("The page's query: onLoad(options) and wx.getLaunchOptionsSync().query. "
                                      "The examples read base=<server URL>."))
        query_label = QLabel(self.tr("Query"))
        query_label.setBuddy(self.query)
        query_row = QHBoxLayout()
        query_row.setContentsMargins(0, 0, 0, 0)
        query_row.addWidget(query_label)
        query_row.addWidget(self.query, 1)

        self.editor = CodeEditor()

        self.console = ConsoleView()
        self.clear_console_button = QToolButton()
        self.clear_console_button.setText(self.tr("Clear"))
        self.clear_console_button.setAutoRaise(True)
        console_page = QWidget()
        c = QVBoxLayout(console_page)
        c.setContentsMargins(0, 0, 0, 0)
        c.setSpacing(0)
        c.addWidget(self.console, 1)
        c_row = QHBoxLayout()
        c_row.setContentsMargins(4, 0, 4, 0)
        self.console_count = QLabel()
        c_row.addWidget(self.console_count, 1)
        c_row.addWidget(self.clear_console_button)
        c.addLayout(c_row)

        self.data_tree = QTreeWidget()
        self.data_tree.setObjectName("pageData")
        self.data_tree.setColumnCount(3)
        self.data_tree.setHeaderLabels([self.tr("Key"), self.tr("Value"), self.tr("Type")])
        self.data_tree.setUniformRowHeights(True)
        self.data_tree.setAlternatingRowColors(True)
        header = self.data_tree.header()
        header.setStretchLastSection(False)
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(1, QHeaderView.ResizeMode.Stretch)
        header.setSectionResizeMode(2, QHeaderView.ResizeMode.ResizeToContents)

        self.tabs = QTabWidget()
        self.tabs.setDocumentMode(True)
        self.tabs.addTab(console_page, self.tr("Console"))
        self.tabs.addTab(self.data_tree, self.tr("Page data"))

        self.path = QComboBox()
        self.path.setObjectName("previewPath")
        self.path.setEditable(True)
        self.path.setInsertPolicy(QComboBox.InsertPolicy.NoInsert)
        self.path.setMinimumContentsLength(10)
        self.path.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon)
        self.path.setToolTip(self.tr("The page data the phone shows, e.g. answer, list[0].text"))
        self.phone = PhonePreview()
        phone_box = QWidget()
        p = QVBoxLayout(phone_box)
        p.setContentsMargins(4, 2, 4, 4)
        p.setSpacing(4)
        path_row = QHBoxLayout()
        path_label = QLabel(self.tr("Show"))
        path_label.setBuddy(self.path)
        path_row.addWidget(path_label)
        path_row.addWidget(self.path, 1)
        p.addLayout(path_row)
        p.addWidget(self.phone, 1, Qt.AlignmentFlag.AlignHCenter)

        self.output_splitter = QSplitter(Qt.Orientation.Horizontal)
        self.output_splitter.setObjectName("scriptOutputSplitter")
        self.output_splitter.setChildrenCollapsible(False)
        self.output_splitter.addWidget(self.tabs)
        self.output_splitter.addWidget(phone_box)
        self.output_splitter.setStretchFactor(0, 3)
        self.output_splitter.setStretchFactor(1, 2)
        self.splitter = QSplitter(Qt.Orientation.Vertical)
        self.splitter.setObjectName("scriptSplitter")
        self.splitter.setChildrenCollapsible(False)
        self.splitter.addWidget(self.editor)
        self.splitter.addWidget(self.output_splitter)
        self.splitter.setStretchFactor(0, 1)
        self.splitter.setStretchFactor(1, 1)
        self.splitters = [self.splitter, self.output_splitter]

        self.status = QLabel()
        self.status.setObjectName("scriptStatus")
        self.status.setWordWrap(True)
        self.status.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)

        box = QVBoxLayout(self)
        box.setContentsMargins(4, 4, 4, 4)
        box.setSpacing(4)
        box.addLayout(top)
        box.addLayout(query_row)
        box.addWidget(self.splitter, 1)
        box.addWidget(self.status)

    def sizeHint(self) -> QSize:
        return QSize(620, 760)


# -- page data helpers --------------------------------------------------------------------------------
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


def _preview_text(value: Any) -> str:
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
        return text, _tr("string ({n})").format(n=len(value))
    if isinstance(value, bool) or value is None:
        return json.dumps(value), _tr("boolean") if isinstance(value, bool) else "null"
    if isinstance(value, int | float):
        return json.dumps(value), _tr("number")
    if isinstance(value, dict):
        return "{…}", _tr("object ({n})").format(n=len(value))
    if isinstance(value, list):
        return "[…]", _tr("array ({n})").format(n=len(value))
    return str(value), type(value).__name__


def _sync_tree(parent: QTreeWidgetItem, value: Any, *, top: bool = False) -> None:
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
            item.setToolTip(1, _preview_text(child)[:2000])
        if item.text(2) != kind:
            item.setText(2, kind)
        item.setData(1, Qt.ItemDataRole.UserRole, child if not isinstance(child, dict | list) else None)
        _sync_tree(item, child)
        if new and top and isinstance(child, dict | list) and len(children) < 20:
            item.setExpanded(True)
    keep = len(children) + (1 if extra > 0 else 0)
    while parent.childCount() > keep:
        parent.takeChild(parent.childCount() - 1)
    if extra > 0:
        more = parent.child(len(children)) or QTreeWidgetItem(parent)
        more.setText(0, "…")
        more.setText(1, _tr("{n} more not shown").format(n=extra))
        more.setText(2, "")
        more.setData(1, Qt.ItemDataRole.UserRole, None)
        while more.childCount():
            more.takeChild(0)


def _within_budget(entries: Sequence[ConsoleEntry], budget: int) -> list[ConsoleEntry]:
    """At most ``budget`` entries, in order: every error and warning first, then the newest others."""
    if len(entries) <= budget:
        return list(entries)
    loud = [i for i, e in enumerate(entries) if e.level in ("error", "warn")][-budget:]
    room = budget - len(loud)
    quiet = [i for i, e in enumerate(entries) if e.level not in ("error", "warn")][-room:] if room > 0 else []
    return [entries[i] for i in sorted(loud + quiet)]


def parse_query(text: str) -> dict[str, str]:
    """``K=V&K2=V2`` as ``onLoad(options)`` gets it: values as typed (WeChat does not decode them)."""
    out: dict[str, str] = {}
    for part in text.strip().lstrip("?").split("&"):
        if not part.strip():
            continue
        key, _, value = part.partition("=")
        out[key.strip()] = value.strip()
    return out


# -- the controller ---------------------------------------------------------------------------------
class ScriptPanelController(QObject):
    """Behaviour of the mini-program panel: files, runs, console, page data, phone.

    Public: ``run()``, ``stop()``, ``open_file(path)``, ``save_to(path)``, ``load_example(path)``,
    ``shutdown()``; ``running``, ``result`` (the last ``RunResult``), ``page_data``; signals
    ``runStarted`` and ``runFinished(RunResult)``.
    """

    runStarted = Signal()
    runFinished = Signal(object)  # RunResult

    OUTPUT_MS = 40  # console lines and page data reach the widgets at most this often
    MAX_MESSAGES_PER_DRAIN = 300  # console messages shown per drain (7,500 a second)
    DATA_MS = 80

    def __init__(self, view: ScriptPanel, main: MainController) -> None:
        super().__init__(view)
        self.view = view
        self._main = main
        self._settings = main.settings
        #: Longest a task of the script (its top level, a callback) may run before it is interrupted.
        self.script_timeout_ms = 2000
        self.result: RunResult | None = None
        self.page_data: dict[str, Any] = {}
        self.example_actions: list[QAction] = []
        self._run: ScriptRun | None = None
        self._path: Path | None = None  # the file the editor saves to (None: untitled or an example)
        self._name = "page.js"  # the script's name in the console, stacks and the phone's title
        self._auto_query = ""  # the query the panel filled in itself (the demo server's base)
        self._recent: list[str] = []
        self._closed = False
        self._paths: list[str] = []
        self._console_lines = self._console_errors = self._console_warnings = 0
        self._pending_data: dict[str, Any] | None = None
        self._output_timer = QTimer(self)
        self._output_timer.setSingleShot(True)
        self._output_timer.setInterval(self.OUTPUT_MS)
        self._output_timer.timeout.connect(self._on_output_due)
        self._data_timer = QTimer(self)
        self._data_timer.setSingleShot(True)
        self._data_timer.setInterval(self.DATA_MS)
        self._data_timer.timeout.connect(self._on_data_due)
        self._connect()
        self._restore()
        self._update_file_label()
        self._update_console_count()
        self._set_status(self.tr("Ready. Run (Ctrl+R) runs the page with the request bar's delivery, seed and "
                                 "platform; its requests show in the chunk, text and event views."))
        self._show_preview()

    # -- wiring ------------------------------------------------------------------------------------
    def _connect(self) -> None:
        v = self.view
        v.open_action.triggered.connect(self._on_open)
        v.save_action.triggered.connect(self._on_save)
        v.save_as_action.triggered.connect(self._on_save_as)
        v.run_action.triggered.connect(self._on_run)
        v.stop_action.triggered.connect(self._on_stop)
        v.console.lineClicked.connect(self._on_console_line_clicked)
        v.clear_console_button.clicked.connect(self._on_clear_console)
        v.path.currentTextChanged.connect(self._on_path_changed)
        v.editor.document().modificationChanged.connect(self._on_modification_changed)
        self._main.window.aboutToClose.connect(self._on_window_closing)
        app = QCoreApplication.instance()
        if app is not None:  # quitting without closing the window still stops the run
            app.aboutToQuit.connect(self._on_window_closing)

    def fill_examples_menu(self, menu: QMenu) -> None:
        """One action per ``assets/examples/*.js``, titled from the file's opening comment."""
        menu.setToolTipsVisible(True)
        for example in example_scripts():
            title = example.title if len(example.title) <= 72 else example.title[:71] + "…"
            action = QAction(f"{example.path.name} — {title}".replace("&", "&&"), menu)
            action.setData(str(example.path))
            action.setToolTip(example.title)
            action.setStatusTip(example.title)
            action.triggered.connect(lambda _checked=False, p=example.path: self._on_example(p))
            menu.addAction(action)
            self.example_actions.append(action)
        if not self.example_actions:
            empty = menu.addAction(self.tr("No examples found in {folder}").format(folder=EXAMPLES_DIR))
            empty.setEnabled(False)

    # -- public ------------------------------------------------------------------------------------
    @property
    def running(self) -> bool:
        return self._run is not None

    @property
    def path(self) -> Path | None:
        return self._path

    @property
    def script_name(self) -> str:
        return self._name

    def run(self) -> bool:
        """Run the editor's script; False when it could not start (the banner or console says why)."""
        if self._run is not None or self._closed:
            return False
        w = self._main.window
        bar = w.request_bar
        profile = bar.profile.currentText().strip() or "passthrough"
        try:
            parse_profile(profile)
        except ProfileError as exc:
            w.banner.show_message(self.tr("The script cannot run: the delivery profile is not valid: {error}")
                                  .format(error=exc), "error")
            return False
        seed = bar.seed.value()
        platform = bar.platform.currentData() or "android"
        source = self.view.editor.toPlainText()
        self._fill_demo_query(start="options.base" in source)
        query = parse_query(self.view.query.text())
        stem = Path(self._name).stem
        try:
            run = ScriptRun(source, filename=self._name, query=query, profile=profile, seed=seed, platform=platform,
                            timeout_ms=None, log_path=new_recording_path(f"script-{stem}"),
                            script_timeout_ms=self.script_timeout_ms)
        except (ProfileError, ValueError, KeyError, OSError) as exc:
            w.banner.show_message(self.tr("The script cannot run: {error}").format(error=exc), "error")
            return False
        run.outputReady.connect(self._on_output_ready, Qt.ConnectionType.QueuedConnection)
        run.requestMade.connect(self._on_request_made, Qt.ConnectionType.QueuedConnection)
        run.finished.connect(self._on_run_finished, Qt.ConnectionType.QueuedConnection)
        self._run = run
        self.result = None
        self._clear_console()
        self._reset_page()
        title = PLATFORMS[platform].title if platform in PLATFORMS else platform
        settings = self.tr("delivery {profile} · seed {seed} · {platform}").format(
            profile=profile, seed=seed, platform=title)
        query_text = "&".join(f"{k}={v}" for k, v in query.items()) or self.tr("(empty)")
        self._note(self.tr("Running {name} with {settings}; query {query}").format(
            name=self._name, settings=settings, query=query_text))
        self._set_status(self.tr("Running {name} — {settings}…").format(name=self._name, settings=settings))
        self._set_running(True)
        self.save_settings()
        run.start()
        self.runStarted.emit()
        return True

    def stop(self) -> None:
        """Stop the run: pending requests are aborted; ``runFinished`` follows shortly."""
        run = self._run
        if run is None or run.stopping:
            return
        run.stop()
        self._set_status(self.tr("Stopping…"))
        self.view.stop_action.setEnabled(False)

    def open_file(self, path: Path | str) -> bool:
        path = Path(path)
        try:
            source = path.read_text(encoding="utf-8")
        except (OSError, UnicodeDecodeError) as exc:
            self._main.window.banner.show_message(
                self.tr("Cannot open the script {path}: {error}").format(path=path, error=exc), "error")
            key = str(path.resolve())
            if key in self._recent:  # gone or unreadable: it leaves the list
                self._recent.remove(key)
                self._rebuild_recent()
            return False
        self._load(source, path.name, path)
        self._remember(path)
        return True

    def load_example(self, path: Path | str, *, start_demo: bool = True) -> bool:
        """Load an example as an untitled copy (Save asks where: the shipped file stays as it is).

        The examples stream from the demo server: ``start_demo`` starts it (if needed) and points the
        query's ``base`` at it, unless the user typed a query of their own."""
        path = Path(path)
        try:
            source = path.read_text(encoding="utf-8")
        except (OSError, UnicodeDecodeError) as exc:
            self._main.window.banner.show_message(
                self.tr("Cannot open the example {path}: {error}").format(path=path, error=exc), "error")
            return False
        self._load(source, path.name, None)
        self._fill_demo_query(start=start_demo)
        return True

    def save_to(self, path: Path | str) -> bool:
        path = Path(path)
        try:
            path.write_text(self.view.editor.toPlainText(), encoding="utf-8")
        except OSError as exc:
            self._main.window.banner.show_message(
                self.tr("Cannot save the script to {path}: {error}").format(path=path, error=exc), "error")
            return False
        self._path = path
        self._name = path.name
        self.view.editor.document().setModified(False)
        self._remember(path)
        self._update_file_label()
        self.view.phone.set_title(Path(self._name).stem)
        return True

    def set_preview_path(self, path: str) -> None:
        self.view.path.setCurrentText(path)

    def shutdown(self, wait_s: float | None = None) -> None:
        """Window closing: stop a run (releasing a request it holds), wait for it briefly, save."""
        if self._closed:
            return
        self._closed = True
        self.save_settings()
        run = self._run
        if run is not None:
            run.stop()
            # A task interrupted mid-loop stops within the script timeout; the requests abort at once.
            run.wait(wait_s if wait_s is not None else self.script_timeout_ms / 1000 + 3.0)
        self._output_timer.stop()
        self._data_timer.stop()

    # -- settings ----------------------------------------------------------------------------------
    def save_settings(self) -> None:
        s = self._settings
        v = self.view
        s.set("script/source", v.editor.toPlainText())
        s.set("script/path", str(self._path) if self._path else "")
        s.set("script/name", self._name)
        s.set("script/modified", v.editor.document().isModified())
        s.set("script/query", v.query.text())
        s.set("script/auto_query", self._auto_query)
        s.set("script/recent", self._recent)
        s.set("script/preview_path", v.path.currentText())
        for splitter in v.splitters:
            s.set(f"script/splitters/{splitter.objectName()}", splitter.saveState())

    def _restore(self) -> None:
        s = self._settings
        v = self.view
        recent = s.get_json("script/recent", [])
        self._recent = [p for p in recent if isinstance(p, str)][:MAX_RECENT] if isinstance(recent, list) else []
        self._rebuild_recent()
        v.path.addItem(DEFAULT_PREVIEW_PATH)
        v.path.setCurrentText(s.get_str("script/preview_path", DEFAULT_PREVIEW_PATH) or DEFAULT_PREVIEW_PATH)
        for splitter in v.splitters:
            state = s.get_bytes(f"script/splitters/{splitter.objectName()}")
            if state is not None:
                splitter.restoreState(state)
        source = s.get_str("script/source", "")
        if source:
            saved_path = s.get_str("script/path", "")
            path = Path(saved_path) if saved_path else None
            self._load(source, s.get_str("script/name", "page.js") or "page.js", path)
            modified = s.get_bool("script/modified", False)
            if path is not None:
                try:
                    modified = path.read_text(encoding="utf-8") != source
                except (OSError, UnicodeDecodeError):
                    modified = True
            v.editor.document().setModified(modified)
        else:
            first = next((e.path for e in example_scripts() if e.path.name == "streaming-decoder.js"), None)
            if first is not None:  # a first start: something to run (the demo server starts on Run)
                self.load_example(first, start_demo=False)
        # A query the panel filled in names last session's demo server, whose port is gone.
        query, auto = s.get_str("script/query", ""), s.get_str("script/auto_query", "")
        if query and query != auto:
            v.query.setText(query)
        elif not v.query.text():
            self._fill_demo_query(start=False)

    # -- runs ----------------------------------------------------------------------------------------
    def _set_running(self, running: bool) -> None:
        v = self.view
        v.run_action.setEnabled(not running)
        v.stop_action.setEnabled(running)

    def _on_output_ready(self, run: ScriptRun) -> None:
        if run is self._run and not self._output_timer.isActive():
            self._output_timer.start()

    def _on_output_due(self) -> None:
        if self._run is not None:
            self._drain(self._run)

    def paint_guard(self) -> AbstractContextManager[object]:
        """What the window wraps each frame in while a run goes on: the runtime thread is held."""
        run = self._run
        return run.paused() if run is not None else nullcontext()

    def _drain(self, run: ScriptRun) -> None:
        with run.paused():
            lines, data = run.take()
            self._add_console(lines)
        if data is not None:
            self._pending_data = data
            if not self._data_timer.isActive():
                self._data_timer.start()

    def _on_data_due(self) -> None:
        data, self._pending_data = self._pending_data, None
        if data is not None:
            with self.paint_guard():
                self._show_data(data)

    def _on_request_made(self, handoff: _RequestHandoff) -> None:
        if not handoff.take():
            return  # the run stopped meanwhile: the task starts without the views
        try:
            run = handoff.run
            run.requests_seen += 1
            if self._closed or run is not self._run:
                return
            showing = self._main.stream.task
            if showing is not None and not showing.done and any(showing is t for t in run.watched):
                # The views show one stream; attaching them to this one would abort the other.
                self._note(self.tr("Request {n} of the script is not shown in the views: they are still "
                                   "showing an earlier request of this run, which must go on.").format(
                    n=run.requests_seen))
                return
            self._main.watch(handoff.task)
            run.watched.append(handoff.task)
        except Exception as exc:  # noqa: BLE001 - the script goes on whatever the views make of it
            self._note(self.tr("The request could not be shown in the views: {error}").format(error=exc), "warn")
        finally:
            handoff.release()

    def _on_run_finished(self, run: ScriptRun, result: RunResult) -> None:
        if run is not self._run:
            return
        self._drain(run)
        self._output_timer.stop()
        self._data_timer.stop()
        self._pending_data = None
        self._show_data(result.data)
        self._run = None
        self.result = result
        self._set_running(False)
        if not self._closed:
            self._report(result)
        self.runFinished.emit(result)

    def _report(self, result: RunResult) -> None:
        seconds = result.elapsed_ms / 1000
        requests = self.tr("%n request(s)", "", result.requests)
        ends = {
            "idle": self.tr("Finished in {s:.2f} s: nothing left to run ({requests}).").format(
                s=seconds, requests=requests),
            "stopped": self.tr("Stopped after {s:.2f} s ({requests} aborted or done).").format(
                s=seconds, requests=requests),
            "timeout": self.tr("The run timed out after {s:.2f} s.").format(s=seconds),
            "memory": self.tr("The run ended: the script used too much memory."),
            "wedged": self.tr("The run ended: an endless loop in an await/then continuation could not be "
                              "interrupted."),
            "runtime-error": self.tr("The run ended: the runtime failed (see the console)."),
        }
        text = ends.get(result.end_reason, self.tr("The run ended: {reason}.").format(reason=result.end_reason))
        self._note(text, "mpsim" if result.end_reason in ("idle", "stopped") else "error")
        if result.errors:
            first = result.errors[0]
            where = self.tr(" at line {line}").format(line=first.line) if first.line is not None else ""
            text += " " + self.tr("%n uncaught error(s); the first{where}: {message}", "", len(result.errors)).format(
                where=where, message=first.message)
            self.view.status.setStyleSheet("color: #b71c1c;")
        self.view.status.setText(text)

    def _note(self, text: str, level: str = "mpsim") -> None:
        self._add_console([ConsoleEntry(level, text, None, time.time(), self._name)])

    # -- page data and phone -----------------------------------------------------------------------
    def _reset_page(self) -> None:
        self.page_data = {}
        self.view.data_tree.clear()
        self._show_preview()

    def _show_data(self, data: dict[str, Any]) -> None:
        self.page_data = data
        tree = self.view.data_tree
        tree.setUpdatesEnabled(False)
        try:
            _sync_tree(tree.invisibleRootItem(), data, top=True)
        finally:
            tree.setUpdatesEnabled(True)
        paths = []
        for i, p in enumerate(data_paths(data)):
            if i >= _MAX_PATHS:
                break
            paths.append(p)
        if paths and paths != self._paths:
            self._paths = paths
            combo = self.view.path
            current = combo.currentText()
            blocked = combo.blockSignals(True)
            try:
                combo.clear()
                combo.addItems(paths if DEFAULT_PREVIEW_PATH in paths else [DEFAULT_PREVIEW_PATH, *paths])
                combo.setCurrentText(current)
            finally:
                combo.blockSignals(blocked)
        self._show_preview()

    def _show_preview(self) -> None:
        phone = self.view.phone
        phone.set_title(Path(self._name).stem)
        path = self.view.path.currentText().strip()
        found, value = value_at(self.page_data, path)
        if found:
            phone.set_text(_preview_text(value))
        elif self._run is None and not self.page_data:
            phone.set_placeholder(self.tr("Run the page: the phone shows {path} as setData changes it.").format(
                path=path or DEFAULT_PREVIEW_PATH))
        else:
            phone.set_placeholder(self.tr("The page data has no {path} (yet).").format(path=path or "…"))

    def _on_path_changed(self, _text: str) -> None:
        self._show_preview()

    # -- files ---------------------------------------------------------------------------------------
    def _load(self, source: str, name: str, path: Path | None) -> None:
        editor = self.view.editor
        editor.setPlainText(source)
        editor.document().setModified(False)
        editor.moveCursor(QTextCursor.MoveOperation.Start)
        self._path = path
        self._name = name
        self._update_file_label()
        self.view.phone.set_title(Path(name).stem)

    def _remember(self, path: Path) -> None:
        p = str(path.resolve())
        self._recent = [p] + [r for r in self._recent if r != p][: MAX_RECENT - 1]
        self._rebuild_recent()

    def _rebuild_recent(self) -> None:
        menu = self.view.recent_menu
        menu.clear()
        for p in self._recent:
            action = menu.addAction(Path(p).name)
            action.setToolTip(p)
            action.setStatusTip(p)
            action.setData(p)
            action.triggered.connect(lambda _checked=False, path=p: self.open_file(path))
        if self._recent:
            menu.addSeparator()
            menu.addAction(self.tr("Clear the list"), self._on_clear_recent)
        self.view.recent_button.setEnabled(bool(self._recent))

    def _update_file_label(self) -> None:
        v = self.view
        modified = v.editor.document().isModified()
        if self._path is not None:
            text, tip = self._path.name, str(self._path)
        else:
            is_example = (EXAMPLES_DIR / self._name).is_file()
            text = self.tr("{name} (example)").format(name=self._name) if is_example else self._name
            tip = self.tr("Not saved to a file yet")
        v.file_label.setText(("● " if modified else "") + text)
        v.file_label.setToolTip(tip + ("\n" + self.tr("Modified") if modified else ""))

    def _fill_demo_query(self, *, start: bool) -> None:
        """Point ``base`` at the demo server when the user has not typed a query of their own."""
        current = self.view.query.text().strip()
        if current and current != self._auto_query:
            return
        request = self._main.request
        server = request.demo_server
        url = server.url if server is not None else (request.demo_url() if start else None)
        if url is None:
            return
        self._auto_query = f"base={url}"
        self.view.query.setText(self._auto_query)

    # -- handlers ------------------------------------------------------------------------------------
    def _on_run(self) -> None:
        self.run()

    def _on_stop(self) -> None:
        self.stop()

    def _on_example(self, path: Path) -> None:
        self.load_example(path)

    def _on_open(self) -> None:
        start = str(self._path.parent) if self._path else str(Path.home())
        name, _ = QFileDialog.getOpenFileName(self.view, self.tr("Open a page script"), start,
                                              self.tr("JavaScript (*.js *.mjs *.cjs);;All files (*)"))
        if name:
            self.open_file(name)

    def _on_save(self) -> None:
        if self._path is None:
            self._on_save_as()
        else:
            self.save_to(self._path)

    def _on_save_as(self) -> None:
        start = str(self._path) if self._path else str(Path.home() / self._name)
        name, _ = QFileDialog.getSaveFileName(self.view, self.tr("Save the page script"), start,
                                              self.tr("JavaScript (*.js);;All files (*)"))
        if name:
            self.save_to(name)

    def _on_clear_recent(self) -> None:
        self._recent = []
        self._rebuild_recent()

    def _on_modification_changed(self, _modified: bool) -> None:
        self._update_file_label()

    def console_entries(self) -> list[ConsoleEntry]:
        """The console's rows, oldest first (at most ``ConsoleView.MAX_LINES``)."""
        return list(self.view.console.entries)

    def _add_console(self, entries: Sequence[ConsoleEntry]) -> None:
        """Show what a drain took, at most ``MAX_MESSAGES_PER_DRAIN`` of it: adding a row costs the
        console some 25 µs, so a page printing tens of thousands of lines a second is shown in part
        (its errors and warnings first, then its newest lines) rather than freezing the window."""
        if not entries:
            return
        shown = _within_budget(entries, self.MAX_MESSAGES_PER_DRAIN)
        if len(shown) < len(entries):
            note = ConsoleEntry("mpsim", self.tr("… %n line(s) not shown: the page prints faster than the console "
                                                 "shows (RunResult.console and `mpsim run` have them all)", "",
                                                 len(entries) - len(shown)), None, shown[0].stamp, self._name)
            shown = [note, *shown]
        self.view.console.append_entries(shown)
        self._console_lines += len(entries)
        self._console_errors += sum(1 for e in entries if e.level == "error")
        self._console_warnings += sum(1 for e in entries if e.level == "warn")
        self._update_console_count()

    def _clear_console(self) -> None:
        self.view.console.clear_entries()
        self._console_lines = self._console_errors = self._console_warnings = 0
        self._update_console_count()

    def _on_console_line_clicked(self, line: int, level: str) -> None:
        self.view.editor.go_to_line(line, mark=level == "error")

    def _on_clear_console(self) -> None:
        self._clear_console()

    def _update_console_count(self) -> None:
        parts = [self.tr("%n message(s)", "", self._console_lines)]
        if self._console_errors:
            parts.append(self.tr("%n error(s)", "", self._console_errors))
        if self._console_warnings:
            parts.append(self.tr("%n warning(s)", "", self._console_warnings))
        self.view.console_count.setText(" · ".join(parts))

    def _set_status(self, text: str) -> None:
        self.view.status.setStyleSheet("")
        self.view.status.setText(text)

    def _on_window_closing(self) -> None:
        self.shutdown()


def install_script_panel(main: MainController) -> ScriptPanelController:
    """Dock the mini-program panel in ``main``'s window, add the Examples menu; returns its controller."""
    view = ScriptPanel()
    controller = ScriptPanelController(view, main)
    main.add_panel(view, _tr("Mini-program"))
    # Each frame of the window already holds the request thread (StreamController's guard); hold the
    # runtime thread too, so painting the panel never waits for the GIL.
    window_guard = main.window.paint_guard

    def frame_guard() -> AbstractContextManager[object]:
        stack = ExitStack()
        stack.enter_context(window_guard())
        stack.enter_context(controller.paint_guard())
        return stack

    main.window.paint_guard = frame_guard
    menu = main.window.menuBar().addMenu(_tr("E&xamples"))
    menu.setObjectName("examplesMenu")
    controller.fill_examples_menu(menu)
    return controller
