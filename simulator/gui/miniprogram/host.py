"""What the panel needs from the window it lives in (``MainController`` provides it).

A protocol rather than an import of ``app.py``: the app installs the panel, so the panel must not
import the app back.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Protocol

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QDockWidget, QWidget

if TYPE_CHECKING:
    from simulator.core.task import RequestTask

    from ..feed import StreamFeed
    from ..main_window import MainWindow
    from ..request_controller import RequestController
    from ..settings import Settings
    from ..stream_controller import StreamController


class PanelHost(Protocol):
    window: MainWindow
    settings: Settings
    request: RequestController
    stream: StreamController

    def watch(self, task: RequestTask) -> StreamFeed: ...

    def add_panel(self, widget: QWidget, title: str,
                  area: Qt.DockWidgetArea = ...) -> QDockWidget: ...
