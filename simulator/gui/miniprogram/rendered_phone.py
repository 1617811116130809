"""The rendered phone (docs/product.md J): the project's page in QtWebEngine (``webphone.WebPhone``),
scaled to the room the panel gives it, or a line saying what it will show. Layout only:
``phone_controller.py`` decides what it shows and when.

The ``WebPhone`` is made on first use: QtWebEngine starts Chromium's processes, which a user who only
runs plain scripts never needs.
"""

from __future__ import annotations

from PySide6.QtCore import QSize, Qt, Signal
from PySide6.QtGui import QResizeEvent
from PySide6.QtWidgets import QLabel, QScrollArea, QSizePolicy, QStackedLayout, QWidget

from ..webphone import DEVICES, WebPhone

#: The zoom choices of the Device menu; 0 is "fit the phone to the panel".
ZOOMS = (0.0, 0.5, 0.75, 1.0, 1.25, 1.5)
FIT = 0.0
_MIN_ZOOM = 0.3


def fit_zoom(room: QSize, width: int, height: int) -> float:
    """The largest zoom (in steps of 1 %) at which a ``width``×``height`` CSS px phone fits in ``room``."""
    if width <= 0 or height <= 0:
        return 1.0
    # Less a few pixels: the phone rounds its page's size up to whole pixels (webphone/_phone.py).
    zoom = min((room.width() - 1) / width, (room.height() - 4) / height)
    return max(_MIN_ZOOM, min(2.0, int(zoom * 100) / 100))


class RenderedPhone(QWidget):
    """A ``WebPhone`` (``web``, once ``ensure_web`` made it) in a scroll area, or ``placeholder``; over
    the page, once its run ended, ``ended_note`` (the page stays in sight, but nothing answers a tap).

    ``resized`` says the room for the phone changed (a fitted zoom follows it).
    """

    resized = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("renderedPhone")
        self.web: WebPhone | None = None
        self.placeholder = QLabel()
        self.placeholder.setObjectName("renderedPhonePlaceholder")
        self.placeholder.setWordWrap(True)
        self.placeholder.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.placeholder.setStyleSheet("QLabel { color: #8c959f; background: #ffffff; border: 1px solid #d0d7de; "
                                       "border-radius: 12px; padding: 12px; }")
        self.scroll = QScrollArea()
        self.scroll.setObjectName("renderedPhoneScroll")
        self.scroll.setWidgetResizable(False)
        self.scroll.setAlignment(Qt.AlignmentFlag.AlignHCenter | Qt.AlignmentFlag.AlignTop)
        self.scroll.setFrameShape(QScrollArea.Shape.NoFrame)
        self._stack = QStackedLayout(self)
        self._stack.setContentsMargins(0, 0, 0, 0)
        self._stack.addWidget(self.placeholder)
        self._stack.addWidget(self.scroll)
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Expanding)
        self.setMinimumSize(160, 240)
        self.ended_note = QLabel(self.tr("Run ended — press Run to run again"), self)
        self.ended_note.setObjectName("runEndedNote")
        self.ended_note.setWordWrap(True)
        self.ended_note.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.ended_note.setStyleSheet("QLabel { color: white; background: rgba(0, 0, 0, 160); border-radius: 6px; "
                                      "padding: 4px 8px; }")
        self.ended_note.hide()

    def sizeHint(self) -> QSize:
        return QSize(280, 520)

    def ensure_web(self) -> WebPhone:
        if self.web is None:
            self.web = WebPhone(DEVICES[0])
            self.web.setObjectName("webPhone")
            self.scroll.setWidget(self.web)
        return self.web

    def room(self) -> QSize:
        """Where the phone may go without scroll bars."""
        return self.scroll.maximumViewportSize() if self.scroll.isVisible() else self.size()

    def show_placeholder(self, text: str) -> None:
        self.placeholder.setText(text)
        self._stack.setCurrentWidget(self.placeholder)
        self.show_ended(False)

    def show_ended(self, ended: bool) -> None:
        """Say over the page that its run ended (True) or take that back (a run starts)."""
        self.ended_note.setVisible(ended)
        if ended:
            self._place_ended_note()
            self.ended_note.raise_()

    def _place_ended_note(self) -> None:
        margin = 8
        width = max(0, self.width() - 2 * margin)
        self.ended_note.setGeometry(margin, margin, width, self.ended_note.heightForWidth(width))

    def show_page(self) -> None:
        self._stack.setCurrentWidget(self.scroll)

    def showing_page(self) -> bool:
        return self._stack.currentWidget() is self.scroll

    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)
        self._place_ended_note()
        self.resized.emit()
