"""The system clipboard for ``wx.setClipboardData``/``getClipboardData``, safe from the runtime thread.

``QClipboard`` may only be touched on the GUI thread. The page runs on its own thread, so this keeps
the clipboard's last text (updated on the GUI thread whenever it changes) for ``get``, and ``set``
hands the text to the GUI thread through a queued signal; neither side ever waits for the other.
"""

from __future__ import annotations

import threading

from PySide6.QtCore import QObject, Qt, Signal
from PySide6.QtGui import QGuiApplication


class SystemClipboard(QObject):
    """The ``Clipboard`` the runtime expects (``get() -> str``, ``set(text)``), over ``QClipboard``.

    Create it on the GUI thread.
    """

    _setRequested = Signal(str)

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._lock = threading.Lock()
        self._clipboard = QGuiApplication.clipboard()
        self._text = self._clipboard.text()
        self._clipboard.dataChanged.connect(self._on_changed)
        self._setRequested.connect(self._set_system_text, Qt.ConnectionType.QueuedConnection)

    def get(self) -> str:
        with self._lock:
            return self._text

    def set(self, text: str) -> None:
        with self._lock:
            self._text = text  # the page reads back what it wrote, even before the GUI thread has it
        self._setRequested.emit(text)

    def _set_system_text(self, text: str) -> None:
        self._clipboard.setText(text)

    def _on_changed(self) -> None:
        text = self._clipboard.text()
        with self._lock:
            self._text = text
