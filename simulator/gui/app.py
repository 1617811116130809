"""The desktop app: ``run_gui`` (what ``mpsim``, ``mpsim gui [URL]`` and ``mpsim demo`` call) and the
``MainController`` that puts the window and its controllers together."""

from __future__ import annotations

import gc
import os
import sys
from pathlib import Path

from PySide6.QtCore import QObject, QRect, QSize, Qt, QTimer
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import QApplication, QDockWidget, QWidget

from simulator import __version__
from simulator.core.task import RequestTask

from .feed import StreamFeed
from .fit import elide_combo_texts, fit_panels, fit_window, keep_on_screen
from .i18n import LANGUAGE_KEY, install_language_menu, install_translators
from .log_controller import LogController
from .main_window import MainWindow
from .miniprogram import ScriptPanelController, install_script_panel
from .network import NetworkController, install_network_panel
from .request_controller import RequestController
from .settings import Settings
from .stream_controller import StreamController
from .webphone import prepare_web_engine

__all__ = ["MainController", "create_main", "first_start_geometry", "run_gui"]


class MainController(QObject):
    """The window and its three controllers: ``request`` (the request bar), ``stream`` (every view of
    the stream) and ``logs`` (recordings, Open, Export).

    For another tool living in the window (the mini-program panel): ``add_panel(widget, title)``
    docks it, and ``watch(task)`` shows a ``RequestTask`` it created in every view — call it before
    ``task.start()``.
    """

    def __init__(self, window: MainWindow | None = None, settings: Settings | None = None) -> None:
        window = window if window is not None else MainWindow()
        super().__init__(window)
        self.window = window
        self.settings = settings if settings is not None else Settings()
        self.stream = StreamController(self.window, self.settings)
        self.request = RequestController(self.window, self.stream, self.settings)
        self.logs = LogController(self.window, self.stream, self.settings)
        fit_window(self.window)  # after the models are set: columns are sized to their headers
        self.script: ScriptPanelController | None = None  # the mini-program panel, once installed
        self.network: NetworkController | None = None  # the Network panel, once installed
        self.window.aboutToClose.connect(self._on_about_to_close)
        self._restore_layout()

    def watch(self, task: RequestTask) -> StreamFeed:
        """Show a not-yet-started ``RequestTask`` in every view (the panel then calls ``task.start()``)."""
        return self.stream.watch(task)

    def add_panel(self, widget: QWidget, title: str,
                  area: Qt.DockWidgetArea = Qt.DockWidgetArea.RightDockWidgetArea) -> QDockWidget:
        dock = self.window.add_panel(widget, title, area)
        self.window.restoreDockWidget(dock)  # back where the user left it last time, if anywhere
        return dock

    # -- layout persistence ------------------------------------------------------------------------
    def _restore_layout(self) -> None:
        s, w = self.settings, self.window
        geometry = s.get_bytes("window/geometry")
        if geometry is not None:
            w.restoreGeometry(geometry)
        elif (screen := QGuiApplication.primaryScreen()) is not None:
            w.setGeometry(first_start_geometry(screen.availableGeometry(), w.minimumSizeHint()))
        state = s.get_bytes("window/state")
        if state is not None:
            w.restoreState(state)
        for splitter in w.splitters:
            saved = s.get_bytes(f"splitters/{splitter.objectName()}")
            if saved is not None:
                splitter.restoreState(saved)

    def save_layout(self) -> None:
        s, w = self.settings, self.window
        s.set("window/geometry", w.saveGeometry())
        s.set("window/state", w.saveState())
        for splitter in w.splitters:
            s.set(f"splitters/{splitter.objectName()}", splitter.saveState())

    def _on_about_to_close(self) -> None:
        self.save_layout()
        self.request.shutdown()
        self.stream.shutdown()
        self.settings.sync()


def first_start_geometry(available: QRect, minimum: QSize) -> QRect:
    """The window on its first start: most of the screen, centred (the stream views and the panel both
    need room), never larger than the screen, so on a 1366×768 laptop the menu, the URL bar and the
    status bar are all on it."""
    width = min(available.width(), max(minimum.width(), int(available.width() * 0.92)))
    height = min(available.height(), max(minimum.height(), int(available.height() * 0.92)))
    rect = QRect(0, 0, width, height)
    rect.moveCenter(available.center())
    return rect


def _application() -> QApplication:
    app = QApplication.instance()
    if app is None:
        prepare_web_engine()  # Chromium's flags (no sandbox as root, no GPU offscreen) are read at start-up
        app = QApplication(sys.argv[:1])
    app.setApplicationName("mpsim")
    app.setApplicationDisplayName("mpsim")
    app.setApplicationVersion(__version__)
    app.setOrganizationName("mpsim")
    install_translators(app, Settings().get_str(LANGUAGE_KEY, "system"))
    return app  # type: ignore[return-value]


_tuned = False
WINDOW_SWITCH_INTERVAL_S = 0.0005


def _tune_for_the_window() -> None:
    """Once per process, so that no other thread stalls the window: what start-up built (modules,
    classes, the first window: some 55,000 objects) is kept out of the garbage collector's full
    collections, and the GIL changes hands often.

    A full collection walks every tracked object holding the GIL, on whichever thread's allocations
    triggered it: a request thread's took 30-76 ms, and the window froze for as long (bench/
    gui_responsiveness.py). Frozen, they are skipped (https://docs.python.org/3/library/gc.html#gc.freeze);
    the collection before it keeps garbage out of the frozen set.
    """
    global _tuned
    if not _tuned:
        _tuned = True
        gc.collect()
        gc.freeze()
        # The window takes turns for the GIL with the threads producing what it shows: every entry
        # into Python from the event loop waits for one of them to hand it over, up to the switch
        # interval (5 ms by default). A recording opened replays as fast as it is read, and at 5 ms
        # (or 1 ms) the window went 400-650 ms without an event; at 0.5 ms under 40 ms, the replay
        # as fast (bench/gui_responsiveness.py). https://docs.python.org/3/library/sys.html#sys.setswitchinterval
        sys.setswitchinterval(WINDOW_SWITCH_INTERVAL_S)


def create_main(url: str | None = None, *, demo: bool = False) -> MainController:
    """The window with its controllers, loaded with ``url`` (a folder: opened as a project) or, with
    ``demo``, streaming the demo."""
    main = MainController()
    main.script = install_script_panel(main)
    main.network = install_network_panel(main)
    install_language_menu(main.window, main.settings)
    elide_combo_texts(main.window)  # the request bar's and the panels'
    _tune_for_the_window()
    if (screen := QGuiApplication.primaryScreen()) is not None:
        # A short screen: on the first start, and after a taller one where the panels were laid out.
        fit_panels(main.window, screen.availableGeometry())
    if demo:
        main.request.start_demo(send=True)
    elif url and Path(url).is_dir():  # `mpsim gui PROJECT_FOLDER`: an existing folder is a project, not a URL
        main.script.open_project(url)
    elif url:
        main.request.load_url(url)
    return main


def run_gui(url: str | None = None, *, demo: bool = False) -> int:
    """Open the window and run until it closes; returns the exit code.

    ``demo=True`` starts the built-in demo server in the background and streams its OpenAI answer
    once, so one command shows a first stream with no server of one's own.
    """
    app = _application()
    main = create_main(url, demo=demo)
    keep_on_screen(main.window)  # the first start, a restored geometry, and once a project fills its panel
    main.window.show()
    quit_after = os.environ.get("MPSIM_QUIT_AFTER_MS")  # for automated checks of a built app
    if quit_after and quit_after.isdigit():
        QTimer.singleShot(int(quit_after), main.window.close)
    return app.exec()
