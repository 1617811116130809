"""Driving the page without a rendered view: its methods, an event editor and Call, and a text box
that calls an input handler as typing in an ``<input bindinput>`` would.

The runtime builds the device-like event (``type``, ``timeStamp``, ``target``/``currentTarget`` with
``id`` and ``dataset``, ``detail``) and lays the fields given here over it; an input event's value is
in ``detail.value``:
https://developers.weixin.qq.com/miniprogram/dev/framework/view/wxml/event.html and
https://developers.weixin.qq.com/miniprogram/dev/component/input.html (bindinput).
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from typing import Any

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QFontDatabase
from PySide6.QtWidgets import (
    QComboBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QPlainTextEdit,
    QPushButton,
    QSizePolicy,
    QSplitter,
    QVBoxLayout,
    QWidget,
)

from ..i18n import tr
from ..views import ElidedLabel

DEFAULT_EVENT = {"type": "tap", "detail": {}}
#: Page methods that are the page's life, not handlers a user would call.
LIFECYCLE = frozenset({
    "onLoad", "onShow", "onReady", "onHide", "onUnload", "onPullDownRefresh", "onReachBottom",
    "onShareAppMessage", "onShareTimeline", "onPageScroll", "onResize", "onTabItemTap", "onAddToFavorites",
    "onSaveExitState", "setData", "created", "attached", "ready", "moved", "detached",
})


class EventError(ValueError):
    """An event editor's text that is not a JSON object; ``str()`` is one line for the user."""


def parse_event(text: str) -> dict[str, Any]:
    """The event editor's JSON as a dict (empty text: the default tap)."""
    if not text.strip():
        return dict(DEFAULT_EVENT)
    try:
        value = json.loads(text)
    except ValueError as exc:
        raise EventError(tr("The event is not valid JSON: {error}").format(error=exc)) from None
    if not isinstance(value, dict):
        raise EventError(tr('The event must be a JSON object like {{"detail": {{}}}}, not {kind}').format(
            kind=type(value).__name__))
    return value


def input_event(text: str) -> dict[str, Any]:
    """What ``bindinput`` hands the page when the box holds ``text``."""
    return {"type": "input", "detail": {"value": text, "cursor": len(text), "keyCode": 0}}


def handler_methods(methods: Sequence[str]) -> list[str]:
    """The methods a user would call (handlers first as the page lists them, lifecycle last)."""
    return [m for m in methods if m not in LIFECYCLE] + [m for m in methods if m in LIFECYCLE]


def input_method(methods: Sequence[str]) -> str | None:
    """The likeliest input handler: a name with "input" in it (``onInput``, ``handleInput``, ``bindKeyInput``)."""
    return next((m for m in methods if "input" in m.lower() and m not in LIFECYCLE), None)


class PageMethodsView(QWidget):
    """The current page, its methods, the event editor and Call; the input row below.

    Signals: ``callRequested(name, event_text)`` and ``inputRequested(name, text)``.
    """

    callRequested = Signal(str, str)
    inputRequested = Signal(str, str)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("pageMethods")
        self._running = False
        # A long route must not widen the panel (and the window) past the screen: it ends in "…", whole in its tip.
        self.route = ElidedLabel()
        self.route.setObjectName("pageRoute")
        self.route.setSizePolicy(QSizePolicy.Policy.Ignored, QSizePolicy.Policy.Preferred)
        self.route.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.method_list = QListWidget()
        self.method_list.setObjectName("methodList")
        self.method_list.setToolTip(self.tr("The page's methods; double-click calls one with the event on the right"))
        # Long handler names share their start (onTapSend…, onTapStop…): cut in the middle, each keeps what
        # tells it apart; the item's tip has it whole.
        self.method_list.setTextElideMode(Qt.TextElideMode.ElideMiddle)
        self.method_list.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.event_editor = QPlainTextEdit()
        self.event_editor.setObjectName("eventEditor")
        self.event_editor.setFont(QFontDatabase.systemFont(QFontDatabase.SystemFont.FixedFont))
        self.event_editor.setPlainText(json.dumps(DEFAULT_EVENT, indent=2))
        self.event_editor.setToolTip(self.tr("Fields laid over the device-like event the runtime builds "
                                      "(type, timeStamp, target, currentTarget, detail)"))
        self.call_button = QPushButton(self.tr("Call"))
        self.call_button.setObjectName("callMethod")
        self.call_button.setEnabled(False)
        self.message = QLabel()
        self.message.setObjectName("callMessage")
        self.message.setWordWrap(True)

        event_box = QWidget()
        e = QVBoxLayout(event_box)
        e.setContentsMargins(0, 0, 0, 0)
        e.addWidget(QLabel(self.tr("Event (JSON)")))
        e.addWidget(self.event_editor, 1)
        row = QHBoxLayout()
        row.addWidget(self.message, 1)
        row.addWidget(self.call_button)
        e.addLayout(row)
        split = QSplitter(Qt.Orientation.Horizontal)
        split.setChildrenCollapsible(False)
        split.addWidget(self.method_list)
        split.addWidget(event_box)
        split.setStretchFactor(0, 2)
        split.setStretchFactor(1, 3)

        self.input_text = QLineEdit()
        self.input_text.setObjectName("inputText")
        self.input_text.setPlaceholderText(self.tr("Text typed into the page's input"))
        self.input_method = QComboBox()
        self.input_method.setObjectName("inputMethod")
        self.input_method.setToolTip(self.tr("The handler that gets {detail: {value: text}}"))
        # A long handler name must not widen the panel past a laptop screen; the list shows it whole.
        self.input_method.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon)
        self.input_method.setMinimumContentsLength(8)
        self.input_button = QPushButton(self.tr("Input"))
        self.input_button.setObjectName("sendInput")
        self.input_button.setEnabled(False)
        input_row = QHBoxLayout()
        input_row.addWidget(self.input_text, 1)
        input_row.addWidget(self.input_method)
        input_row.addWidget(self.input_button)

        box = QVBoxLayout(self)
        box.setContentsMargins(4, 4, 4, 4)
        box.addWidget(self.route)
        box.addWidget(split, 1)
        box.addLayout(input_row)

        self.call_button.clicked.connect(self._on_call)
        self.method_list.itemDoubleClicked.connect(lambda _item: self._on_call())
        self.method_list.currentItemChanged.connect(lambda *_: self._update_buttons())
        self.input_button.clicked.connect(self._on_input)
        self.input_text.returnPressed.connect(self._on_input)
        self.set_page(None, [])

    def set_page(self, route: str | None, methods: Sequence[str], *, running: bool = False) -> None:
        """Show a page's methods (keeping the selection when the name is still there)."""
        current = self.selected_method()
        self.method_list.clear()
        for name in handler_methods(methods):
            item = QListWidgetItem(name)
            item.setToolTip(name)
            if name in LIFECYCLE:
                item.setForeground(Qt.GlobalColor.gray)
            self.method_list.addItem(item)
        names = handler_methods(methods)
        if current in names:
            self.method_list.setCurrentRow(names.index(current))
        elif names and names[0] not in LIFECYCLE:
            self.method_list.setCurrentRow(0)
        picked = self.input_method.currentText()
        self.input_method.clear()
        self.input_method.addItems([m for m in names if m not in LIFECYCLE])
        guess = picked if picked in names else input_method(names)
        if guess:
            self.input_method.setCurrentText(guess)
        self.route.setText(self.tr("Page: {route}").format(route=route) if route
                           else self.tr("Run a project: its page's methods appear here."))
        self.route.setToolTip(self.route.text())
        self._running = running
        self._update_buttons()

    def set_running(self, running: bool) -> None:
        self._running = running
        self._update_buttons()

    def selected_method(self) -> str | None:
        item = self.method_list.currentItem()
        return item.text() if item is not None else None

    def show_message(self, text: str, error: bool = False) -> None:
        self.message.setStyleSheet("color: #b71c1c;" if error else "")
        self.message.setText(text)

    def _update_buttons(self) -> None:
        running = self._running
        self.call_button.setEnabled(running and self.selected_method() is not None)
        self.input_button.setEnabled(running and self.input_method.count() > 0)

    def _on_call(self) -> None:
        name = self.selected_method()
        if name is not None and self.call_button.isEnabled():
            self.callRequested.emit(name, self.event_editor.toPlainText())

    def _on_input(self) -> None:
        name = self.input_method.currentText()
        if name and self.input_button.isEnabled():
            self.inputRequested.emit(name, self.input_text.text())
