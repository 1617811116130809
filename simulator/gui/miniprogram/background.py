"""Send the running mini-program to the background and bring it back, as a phone user does by leaving
WeChat (docs/device.md, "Background"): requests still running 5 s later fail with
``request:fail interrupted``, new ones fail at once until it is back. The phone is dimmed and says so.

Only the page's requests are affected: the request bar's are not a mini-program's, they go on.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

from PySide6.QtCore import QEvent, QObject, Qt, Signal
from PySide6.QtGui import QAction, QColor, QPainter, QPaintEvent
from PySide6.QtWidgets import QBoxLayout, QLabel, QStyle, QToolButton, QVBoxLayout, QWidget

if TYPE_CHECKING:
    from .panel import ScriptPanel
    from .run import ScriptRun


class BackgroundShade(QWidget):
    """Over the phone while the mini-program is in the background: dimmed, saying so, with a button to
    bring it back. It takes the phone's taps too: a mini-program in the background cannot be tapped."""

    def __init__(self, phone: QWidget, bring_back: QAction) -> None:
        super().__init__(phone)
        self.setObjectName("backgroundShade")
        self.title = QLabel(self.tr("In background"))
        self.title.setObjectName("backgroundTitle")
        self.title.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.title.setStyleSheet("color: white; font-size: 20px; font-weight: bold;")
        self.detail = QLabel(self.tr("Requests still running 5 s after leaving fail with request:fail interrupted; "
                                     "new ones fail at once, as on a phone."))
        self.detail.setWordWrap(True)
        self.detail.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.detail.setStyleSheet("color: white;")
        self.button = QToolButton()
        self.button.setDefaultAction(bring_back)
        box = QVBoxLayout(self)
        box.setContentsMargins(16, 16, 16, 16)
        box.addStretch(1)
        box.addWidget(self.title)
        box.addWidget(self.detail)
        box.addWidget(self.button, 0, Qt.AlignmentFlag.AlignHCenter)
        box.addStretch(1)
        phone.installEventFilter(self)
        self.hide()

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802 - Qt's name
        if watched is self.parentWidget() and event.type() == QEvent.Type.Resize:
            self.setGeometry(self.parentWidget().rect())
        return super().eventFilter(watched, event)

    def cover(self) -> None:
        self.setGeometry(self.parentWidget().rect())
        self.show()
        self.raise_()

    def paintEvent(self, event: QPaintEvent) -> None:  # noqa: N802
        painter = QPainter(self)
        painter.fillRect(self.rect(), QColor(0, 0, 0, 150))


class BackgroundControl(QObject):
    """The "Send to background" action (a toolbar button beside Stop, and the Mini-program menu's item):
    checked while the run's mini-program is in the background. Enabled while a run goes on."""

    changed = Signal(bool)  # in the background

    def __init__(self, view: ScriptPanel, current_run: Callable[[], ScriptRun | None]) -> None:
        super().__init__(view)
        self._current_run = current_run
        self.action = QAction(self.tr("Send to background"), view)
        self.action.setObjectName("backgroundAction")
        self.action.setCheckable(True)
        self.action.setEnabled(False)
        self.bring_back_action = QAction(self.tr("Bring back"), view)
        self.bring_back_action.triggered.connect(lambda: self.action.setChecked(False))
        self.button = QToolButton()
        self.button.setObjectName("backgroundButton")
        self.button.setDefaultAction(self.action)
        # An icon only: the toolbar holds the page picker, Run and Stop at 1366 px; the tooltip and the
        # Mini-program menu say what it does.
        self.action.setIcon(self.button.style().standardIcon(QStyle.StandardPixmap.SP_TitleBarMinButton))
        self.button.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonIconOnly)
        self.button.setAutoRaise(True)
        row = _row_of(view, view.stop_button)
        if row is not None:
            row.insertWidget(row.indexOf(view.stop_button) + 1, self.button)
        # The phone as it is shown: the rendered page or the data text, whichever the panel has.
        self.shade = BackgroundShade(getattr(view, "phone_stack", None) or view.phone, self.bring_back_action)
        self.action.toggled.connect(self._on_toggled)
        self._show(False)

    @property
    def in_background(self) -> bool:
        return self.action.isChecked()

    def run_started(self) -> None:
        self.action.setEnabled(True)

    def run_finished(self) -> None:
        """The run is over: its mini-program is gone, in the background or not."""
        blocked = self.action.blockSignals(True)
        try:
            self.action.setChecked(False)
        finally:
            self.action.blockSignals(blocked)
        self.action.setEnabled(False)
        self._show(False)

    def _on_toggled(self, checked: bool) -> None:
        run = self._current_run()
        if run is not None:
            if checked:
                run.program.to_background()
            else:
                run.program.to_foreground()
        self._show(checked)
        self.changed.emit(checked)

    def _show(self, background: bool) -> None:
        self.action.setText(self.tr("Bring back") if background else self.tr("Send to background"))
        self.action.setToolTip(
            self.tr("Bring the mini-program back to the foreground: requests can be made again")
            if background else
            self.tr("Leave the mini-program as a phone user leaves WeChat: requests still running 5 s later fail "
                    "with request:fail interrupted, new ones fail at once (errno 600003, docs/device.md)"))
        if background:
            self.shade.cover()
        else:
            self.shade.hide()


def _row_of(view: QWidget, widget: QWidget) -> QBoxLayout | None:
    """The panel's row holding ``widget`` (the toolbar), to put a control beside it."""
    layout = view.layout()
    for i in range(layout.count() if layout else 0):
        row = layout.itemAt(i).layout()
        if isinstance(row, QBoxLayout) and row.indexOf(widget) >= 0:
            return row
    return None
