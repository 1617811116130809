"""The main window: layout, menus and actions. Behaviour is in the controllers (``controllers.py``)."""

from __future__ import annotations

from PySide6.QtCore import QEvent, Qt, Signal
from PySide6.QtGui import QAction, QCloseEvent, QIcon, QKeySequence
from PySide6.QtWidgets import QDockWidget, QMainWindow, QMenu, QSplitter, QVBoxLayout, QWidget

from simulator import ASSETS

from .paint import PaintGuard, no_guard
from .store import StreamStore
from .timeline import TimelineWidget
from .views import (
    ChunkInspector,
    ChunkPane,
    EventsPane,
    MessageBanner,
    RequestBar,
    RequestDetails,
    StatusPanel,
    TextPane,
)

__all__ = ["MainWindow"]


class MainWindow(QMainWindow):
    """mpsim's window. ``add_panel`` docks another tool (e.g. the mini-program script panel)."""

    #: Emitted from closeEvent before the window goes: controllers abort and save settings here.
    aboutToClose = Signal()

    def __init__(self, store: StreamStore | None = None, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("mpsimMainWindow")
        # Ending with the application's display name: Qt on X11 and Windows appends that name to any
        # title that does not end with it, so "mpsim" appears once everywhere.
        self.setWindowTitle(self.tr("wx.request streaming simulator — mpsim"))
        icon = ASSETS / "icons" / "mpsim.svg"
        if icon.exists():
            self.setWindowIcon(QIcon(str(icon)))
        self.setDockOptions(QMainWindow.DockOption.AnimatedDocks | QMainWindow.DockOption.AllowTabbedDocks)
        self.store = store if store is not None else StreamStore()
        #: Wraps each frame (the window's UpdateRequest, which paints every dirty widget in it);
        #: ``StreamController`` holds the request thread there (see ``paint.py``).
        self.paint_guard: PaintGuard = no_guard

        self.banner = MessageBanner()
        self.request_bar = RequestBar()
        self.request_details = RequestDetails()
        self.timeline = TimelineWidget(self.store)
        self.chunk_pane = ChunkPane()
        self.chunk_inspector = ChunkInspector()
        self.text_pane = TextPane()
        self.events_pane = EventsPane()

        self.chunk_splitter = self._splitter("chunkSplitter", Qt.Orientation.Vertical,
                                             [self.chunk_pane, self.chunk_inspector], [3, 2])
        self.answer_splitter = self._splitter("answerSplitter", Qt.Orientation.Vertical,
                                              [self.text_pane, self.events_pane], [1, 1])
        self.stream_splitter = self._splitter("streamSplitter", Qt.Orientation.Horizontal,
                                              [self.chunk_splitter, self.answer_splitter], [5, 4])
        self.main_splitter = self._splitter("mainSplitter", Qt.Orientation.Vertical,
                                            [self.request_details, self.timeline, self.stream_splitter],
                                            [0, 0, 1])
        self.main_splitter.setSizes([140, 120, 600])
        self.splitters = [self.main_splitter, self.stream_splitter, self.chunk_splitter,
                          self.answer_splitter, self.events_pane]

        central = QWidget()
        box = QVBoxLayout(central)
        box.setContentsMargins(4, 4, 4, 0)
        box.setSpacing(4)
        box.addWidget(self.banner)
        box.addWidget(self.request_bar)
        box.addWidget(self.main_splitter, 1)
        self.setCentralWidget(central)
        self.status = StatusPanel(self.statusBar())
        self._build_actions()
        self.resize(1360, 860)

    @staticmethod
    def _splitter(name: str, orientation: Qt.Orientation, widgets: list[QWidget],
                  stretch: list[int]) -> QSplitter:
        splitter = QSplitter(orientation)
        splitter.setObjectName(name)
        splitter.setChildrenCollapsible(False)
        for w, s in zip(widgets, stretch, strict=True):
            splitter.addWidget(w)
            splitter.setStretchFactor(splitter.count() - 1, s)
        return splitter

    def _build_actions(self) -> None:
        self.open_action = QAction(self.tr("&Open log…"), self)
        self.open_action.setShortcut(QKeySequence.StandardKey.Open)
        self.export_action = QAction(self.tr("&Export…"), self)
        self.export_action.setShortcut(QKeySequence.StandardKey.Save)
        self.recordings_folder_action = QAction(self.tr("Show recordings folder"), self)
        self.quit_action = QAction(self.tr("&Quit"), self)
        self.quit_action.setShortcut(QKeySequence.StandardKey.Quit)
        self.quit_action.triggered.connect(self.close)
        self.recent_menu = QMenu(self.tr("Recent recordings"), self)
        self.recent_menu.setObjectName("recentMenu")

        self.send_action = QAction(self.tr("&Send"), self)
        self.send_action.setShortcuts([QKeySequence("Ctrl+Return"), QKeySequence("Ctrl+Enter")])
        self.send_action.setShortcutContext(Qt.ShortcutContext.WindowShortcut)
        self.abort_action = QAction(self.tr("&Abort"), self)
        self.abort_action.setShortcut(QKeySequence(Qt.Key.Key_Escape))
        self.abort_action.setEnabled(False)
        self.presets_menu = QMenu(self.tr("Demo presets"), self)
        self.presets_menu.setObjectName("presetsMenu")
        self.request_bar.presets_button.setMenu(self.presets_menu)
        self.demo_action = QAction(self.tr("Stream the &demo"), self)
        self.demo_action.setToolTip(self.tr("Start the built-in demo server and stream its OpenAI answer"))

        menu = self.file_menu = self.menuBar().addMenu(self.tr("&File"))
        menu.addAction(self.open_action)
        menu.addMenu(self.recent_menu)
        menu.addAction(self.export_action)
        menu.addAction(self.recordings_folder_action)
        menu.addSeparator()
        menu.addAction(self.quit_action)
        menu = self.menuBar().addMenu(self.tr("&Request"))
        menu.addAction(self.send_action)
        menu.addAction(self.abort_action)
        menu.addSeparator()
        menu.addAction(self.demo_action)
        menu.addMenu(self.presets_menu)
        self.panels_menu = self.menuBar().addMenu(self.tr("&Panels"))
        self.panels_menu.menuAction().setVisible(False)
        for action in (self.send_action, self.abort_action, self.open_action, self.export_action):
            self.addAction(action)

    # -- panels ----------------------------------------------------------------------------------
    def add_panel(self, widget: QWidget, title: str,
                  area: Qt.DockWidgetArea = Qt.DockWidgetArea.RightDockWidgetArea) -> QDockWidget:
        """Dock a tool panel (the mini-program panel goes here); panels in one area are tabbed.

        The dock's object name comes from the widget's (or the title), so its place is restored
        with the window state on the next start.
        """
        dock = QDockWidget(title, self)
        dock.setObjectName("panel:" + (widget.objectName() or title))
        dock.setWidget(widget)
        existing = [d for d in self.findChildren(QDockWidget) if d is not dock and self.dockWidgetArea(d) == area]
        self.addDockWidget(area, dock)
        if existing:
            self.tabifyDockWidget(existing[-1], dock)
            dock.raise_()
        self.panels_menu.addAction(dock.toggleViewAction())
        self.panels_menu.menuAction().setVisible(True)
        return dock

    def panels(self) -> list[QDockWidget]:
        return self.findChildren(QDockWidget)

    # -- painting --------------------------------------------------------------------------------
    def event(self, event: QEvent) -> bool:
        if event.type() == QEvent.Type.UpdateRequest:
            # One guard around the whole frame: headers, scroll bars and cells of every view
            # enter Python while it paints, and each entry would otherwise wait for the GIL.
            with self.paint_guard():
                return super().event(event)
        return super().event(event)

    # -- closing ---------------------------------------------------------------------------------
    def closeEvent(self, event: QCloseEvent) -> None:
        self.aboutToClose.emit()
        super().closeEvent(event)
