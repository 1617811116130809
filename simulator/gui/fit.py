"""The window fitted to the screen it is on (a 1366×768 laptop as well as a 1920×1080 monitor), in
either language:

- columns as wide as what they show (header and a typical value, measured in the current font and
  language), and in the chunk table the Flags column (cut characters, event ends) before the wide
  byte previews, so it is in view without scrolling;
- the events table above the selected event's JSON when the pane is too narrow for both side by side;
- the message banner laid over the top of the content: showing or hiding a message never moves the
  request bar or the tables under the user's cursor;
- on a screen too short for a panel below the stream views (the Network panel at 768 pixels), that
  panel tabbed with the panels on the right instead (``fit_panels``).
"""

from __future__ import annotations

from PySide6.QtCore import QEvent, QObject, QRect, Qt
from PySide6.QtWidgets import (
    QBoxLayout,
    QComboBox,
    QDockWidget,
    QHeaderView,
    QMainWindow,
    QSizePolicy,
    QSplitter,
    QTableView,
    QWidget,
)

from .models import ChunkColumn, EventColumn

__all__ = ["fit_panels", "fit_window", "size_columns"]

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
    """Keeps the banner across the top of the central widget, above the content, as tall as its text."""

    MARGIN = 4

    def __init__(self, banner: QWidget, central: QWidget) -> None:
        super().__init__(banner)
        self._banner, self._central = banner, central
        layout = central.layout()
        if layout is not None:
            layout.removeWidget(banner)
        banner.setParent(central)
        banner.setAutoFillBackground(True)
        central.installEventFilter(self)
        banner.installEventFilter(self)
        self.place()

    def place(self) -> None:
        width = max(0, self._central.width() - 2 * self.MARGIN)
        height = self._banner.heightForWidth(width) if self._banner.hasHeightForWidth() else -1
        height = max(height, self._banner.sizeHint().height())
        self._banner.setGeometry(self.MARGIN, self.MARGIN, width, height)
        self._banner.raise_()

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() in (QEvent.Type.Resize, QEvent.Type.Show, QEvent.Type.LayoutRequest) and (
                watched is self._central or event.type() != QEvent.Type.Resize):
            self.place()
        return False


def fit_window(window: QMainWindow) -> None:
    """Fit the stream views of ``window`` (a ``MainWindow`` with its models set) as the module says."""
    chunks = window.chunk_pane.table
    size_columns(chunks, CHUNK_SAMPLES)
    header: QHeaderView = chunks.horizontalHeader()
    header.moveSection(header.visualIndex(ChunkColumn.FLAGS), header.visualIndex(ChunkColumn.TEXT))
    size_columns(window.events_pane.table, EVENT_SAMPLES)
    _EventsOrientation(window.events_pane)
    _BannerOverlay(window.banner, window.centralWidget())
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
