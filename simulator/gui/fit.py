"""The window fitted to the screen it is on (a 1366×768 laptop as well as a 1920×1080 monitor), in
either language:

- columns as wide as what they show (header and a typical value, measured in the current font and
  language), and in the chunk table the Flags column (cut characters, event ends) before the wide
  byte previews, so it is in view without scrolling;
- the events table above the selected event's JSON when the pane is too narrow for both side by side;
- the message banner laid over the content just under the request bar: showing or hiding a message
  never moves the request bar or the tables under the user's cursor, and it hides none of the URL,
  Send/Abort or the delivery row the user acts on next;
- the whole window on the screen, frame included, on its first start, a restored start, and when a
  project's panel asks for more room (``keep_on_screen``);
- on a screen too short for a panel below the stream views (the Network panel at 768 pixels), that
  panel tabbed with the panels on the right instead (``fit_panels``).
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QEvent, QObject, QPoint, QRect, Qt
from PySide6.QtGui import QGuiApplication, QPalette
from PySide6.QtWidgets import (
    QBoxLayout,
    QComboBox,
    QDockWidget,
    QHeaderView,
    QMainWindow,
    QSizePolicy,
    QSplitter,
    QStyle,
    QStyleOptionComboBox,
    QStylePainter,
    QTableView,
    QWidget,
)

from .models import ChunkColumn, EventColumn

__all__ = ["combo_shown_text", "elide_combo_texts", "fit_panels", "fit_window", "keep_on_screen", "on_screen_geometry",
           "size_columns"]

#: Typical widest values, by column; a column also fits its header.
CHUNK_SAMPLES = {ChunkColumn.SEQ: "00000", ChunkColumn.TIME: "00000.0", ChunkColumn.SIZE: "000000",
                 ChunkColumn.LEVEL: "delivered", ChunkColumn.FLAGS: "✂← →✂ ⏎ 9",
                 ChunkColumn.TEXT: 'data: {"id":"chatcmpl', ChunkColumn.HEX: "64 61 74 61 3a 20 7b 22"}
EVENT_SAMPLES = {EventColumn.INDEX: "0000", EventColumn.TYPE: "message", EventColumn.ID: "000",
                 EventColumn.RETRY: "0000", EventColumn.CHUNKS: "000–000"}
#: Narrower than this, the events pane puts its table above the event's JSON.
EVENTS_SIDE_BY_SIDE_MIN = 560
_CELL_PADDING = 14  # the cell's margins and the header's sort indicator room


def size_columns(table: QTableView, samples: dict[int, str]) -> None:
    """Each column of ``samples`` as wide as its header or its sample value, whichever is wider."""
    model = table.model()
    cell, head = table.fontMetrics(), table.horizontalHeader().fontMetrics()
    for col, sample in samples.items():
        title = str(model.headerData(col, Qt.Orientation.Horizontal, Qt.ItemDataRole.DisplayRole) or "")
        width = max(cell.horizontalAdvance(sample), head.horizontalAdvance(title)) + _CELL_PADDING
        table.setColumnWidth(col, width)


class _EventsOrientation(QObject):
    """Turns the events splitter vertical when it is too narrow for the table and the JSON side by side."""

    def __init__(self, splitter: QSplitter) -> None:
        super().__init__(splitter)
        self._splitter = splitter
        splitter.installEventFilter(self)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() == QEvent.Type.Resize:
            wanted = (Qt.Orientation.Horizontal if self._splitter.width() >= EVENTS_SIDE_BY_SIDE_MIN
                      else Qt.Orientation.Vertical)
            if self._splitter.orientation() != wanted:
                self._splitter.setOrientation(wanted)
        return False


class _BannerOverlay(QObject):
    """Keeps the banner across the central widget, above the content, as tall as its text: over the
    lower part of ``over`` (the request's body, its Body/Headers tabs left in view), and never higher
    than just under ``below`` (the request bar: the URL, Send/Abort, the delivery row)."""

    MARGIN = 4

    def __init__(self, banner: QWidget, central: QWidget, below: QWidget, over: QWidget) -> None:
        super().__init__(banner)
        self._banner, self._central, self._below, self._over = banner, central, below, over
        layout = central.layout()
        if layout is not None:
            layout.removeWidget(banner)
        banner.setParent(central)
        banner.setAutoFillBackground(True)
        for widget in (central, banner, below, over):
            widget.installEventFilter(self)
        self.place()

    def place(self) -> None:
        width = max(0, self._central.width() - 2 * self.MARGIN)
        height = self._banner.heightForWidth(width) if self._banner.hasHeightForWidth() else -1
        # The size hint of wrapped text is for a guessed width, lines taller than at this one.
        height = max(height, self._banner.minimumSizeHint().height())
        top = (self._below.geometry().bottom() + 1 if self._below.isVisibleTo(self._central) else 0) + self.MARGIN
        if self._over.isVisibleTo(self._central):
            bottom = self._over.mapTo(self._central, QPoint(0, self._over.height())).y()
            top = max(top, bottom - self.MARGIN - height)
        self._banner.setGeometry(self.MARGIN, top, width, height)
        self._banner.raise_()

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        kind = event.type()
        if watched is self._banner:
            if kind in (QEvent.Type.Show, QEvent.Type.LayoutRequest):
                self.place()
        elif kind in (QEvent.Type.Resize, QEvent.Type.Move, QEvent.Type.Show, QEvent.Type.LayoutRequest):
            self.place()
        return False


class _ElidedComboText(QObject):
    """Draws a drop-down's current text ending in "…" where it is cut (the style cuts it mid-letter:
    "Android devic"); the list and the tooltip hold it whole. Otherwise Qt paints it as always."""

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        combo = watched
        if event.type() != QEvent.Type.Paint or not isinstance(combo, QComboBox) or combo.isEditable():
            return False
        option = QStyleOptionComboBox()
        combo.initStyleOption(option)
        shown = combo_shown_text(combo)
        if shown == option.currentText:
            return False
        option.currentText = shown
        painter = QStylePainter(combo)
        painter.setPen(combo.palette().color(QPalette.ColorRole.Text))
        painter.drawComplexControl(QStyle.ComplexControl.CC_ComboBox, option)
        painter.drawControl(QStyle.ControlElement.CE_ComboBoxLabel, option)
        painter.end()
        return True


def combo_shown_text(combo: QComboBox) -> str:
    """The current text of a drop-down as it has room to show it: whole, or ending in "…"."""
    option = QStyleOptionComboBox()
    combo.initStyleOption(option)
    field = combo.style().subControlRect(QStyle.ComplexControl.CC_ComboBox, option,
                                         QStyle.SubControl.SC_ComboBoxEditField, combo)
    room = field.width() - 2 - (combo.iconSize().width() + 4 if not option.currentIcon.isNull() else 0)
    return combo.fontMetrics().elidedText(option.currentText, Qt.TextElideMode.ElideRight, room)


def elide_combo_texts(widget: QWidget) -> None:
    """Every drop-down in ``widget`` shows a cut current text as cut (see ``_ElidedComboText``)."""
    painter = widget.findChild(_ElidedComboText) or _ElidedComboText(widget)
    for combo in widget.findChildren(QComboBox):
        combo.installEventFilter(painter)


def fit_window(window: QMainWindow) -> None:
    """Fit the stream views of ``window`` (a ``MainWindow`` with its models set) as the module says."""
    chunks = window.chunk_pane.table
    size_columns(chunks, CHUNK_SAMPLES)
    header: QHeaderView = chunks.horizontalHeader()
    header.moveSection(header.visualIndex(ChunkColumn.FLAGS), header.visualIndex(ChunkColumn.TEXT))
    size_columns(window.events_pane.table, EVENT_SAMPLES)
    _EventsOrientation(window.events_pane)
    _BannerOverlay(window.banner, window.centralWidget(), window.request_bar, window.request_details)
    # The request bar's combo boxes ask for their longest item ("Android device (V8)", a profile with
    # pacing) and would make the window wider than a laptop screen; they show what fits, the list all.
    bar = window.request_bar
    for combo, chars in ((bar.method, 7), (bar.profile, 8), (bar.platform, 7)):  # "CONNECT", "utf8-cut"…
        combo.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon)
        combo.setMinimumContentsLength(chars)
    for combo in bar.findChildren(QComboBox):
        if combo.sizeAdjustPolicy() != QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon:
            combo.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon)
            combo.setMinimumContentsLength(12)
    for combo in (bar.profile, bar.platform):
        _grow_to_longest_item(combo)


def _grow_to_longest_item(combo: QComboBox) -> None:
    """``combo`` as wide as its longest item where its row has room (a wide screen), and no narrower
    than its minimum contents length where it has not."""
    policy = combo.sizeAdjustPolicy()
    combo.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToContents)
    longest = combo.sizeHint().width()
    combo.setSizeAdjustPolicy(policy)
    combo.setMaximumWidth(max(longest, combo.minimumSizeHint().width()))
    combo.setSizePolicy(QSizePolicy.Policy.Expanding, combo.sizePolicy().verticalPolicy())
    parent = combo.parentWidget()
    for row in parent.findChildren(QBoxLayout) if parent is not None else ():
        if row.indexOf(combo) >= 0:
            row.setStretchFactor(combo, 1)  # shares the room with the row's message


def fit_panels(window: QMainWindow, available: QRect) -> None:
    """Tab the bottom panels with the right ones when, below the stream views, they would make the
    window taller than ``available`` (the screen's free area)."""
    area = Qt.DockWidgetArea
    # The first start takes 92% of the screen's height (app.first_start_geometry); the minimum size
    # grows a little more once the window is shown and its fonts are polished.
    if window.minimumSizeHint().height() <= available.height() * 0.85:
        return
    right = [d for d in window.findChildren(QDockWidget) if window.dockWidgetArea(d) == area.RightDockWidgetArea]
    for dock in window.findChildren(QDockWidget):
        if window.dockWidgetArea(dock) == area.BottomDockWidgetArea and not dock.isFloating():
            window.addDockWidget(area.RightDockWidgetArea, dock)
            if right:
                window.tabifyDockWidget(right[-1], dock)
            right.append(dock)
    if right:
        right[0].raise_()


def on_screen_geometry(frame: QRect, available: QRect) -> QRect:
    """Where a window framed by ``frame`` goes so that all of it is on ``available`` (the screen less
    its panels): where it is when it is there already; centred when it fits; otherwise at the top left,
    no larger than ``available``."""
    if available.contains(frame):
        return QRect(frame)
    size = frame.size().boundedTo(available.size())
    rect = QRect(QPoint(0, 0), size)
    if size == frame.size():
        rect.moveCenter(available.center())
    else:
        rect.moveTopLeft(available.topLeft())
    return rect


class _OnScreen(QObject):
    """Puts the window back on the screen whenever it is shown or resized (a restored geometry from a
    larger screen; the minimum size growing once a project's panel fills)."""

    def __init__(self, window: QWidget, available: Callable[[], QRect]) -> None:
        super().__init__(window)
        self._window, self._available = window, available
        self._fitting = False
        window.installEventFilter(self)

    def fit(self) -> None:
        w = self._window
        if self._fitting or w.isMaximized() or w.isFullScreen():
            return
        frame, inner = w.frameGeometry(), w.geometry()
        target = on_screen_geometry(frame, self._available())
        if target == frame:
            return
        self._fitting = True
        try:  # the frame's borders and title bar (a window manager's) stay around the window
            w.setGeometry(target.adjusted(inner.left() - frame.left(), inner.top() - frame.top(),
                                          inner.right() - frame.right(), inner.bottom() - frame.bottom()))
        finally:
            self._fitting = False

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        # Not on Move: a user who drags the window partly off the screen means it.
        if event.type() in (QEvent.Type.Show, QEvent.Type.Resize):
            self.fit()
        return False


def keep_on_screen(window: QWidget, available: Callable[[], QRect] | None = None) -> None:
    """Keep all of ``window``, frame included, on ``available()`` (by default the free area of the
    screen it is on) from its first show on; see ``on_screen_geometry``."""
    if available is None:
        def available() -> QRect:
            screen = window.screen() or QGuiApplication.primaryScreen()
            return screen.availableGeometry()
    _OnScreen(window, available)
