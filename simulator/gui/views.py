"""The window's parts, layout only: behaviour lives in the controllers that take these views."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import Qt
from PySide6.QtGui import QFontDatabase, QPainter, QPaintEvent, QTextCursor
from PySide6.QtWidgets import (
    QAbstractItemView,
    QCheckBox,
    QComboBox,
    QFrame,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QPushButton,
    QSizePolicy,
    QSpinBox,
    QSplitter,
    QStatusBar,
    QStyle,
    QStyleOptionToolButton,
    QStylePainter,
    QTableView,
    QTableWidget,
    QTableWidgetItem,
    QTabWidget,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from .paint import PaintGuard, no_guard
from .renderers import HexRenderer, JsonTreeRenderer, RendererHost

__all__ = [
    "ChunkInspector", "ChunkPane", "DropDownButton", "ElidedLabel", "EventsPane", "GuardedTableView", "MessageBanner",
    "RequestBar", "RequestDetails", "StatusPanel", "TextPane",
]


class GuardedHeaderView(QHeaderView):
    """A header whose painting runs inside its table's guard (it asks the model for its labels)."""

    def __init__(self, orientation: Qt.Orientation, table: GuardedTableView) -> None:
        super().__init__(orientation, table)
        self._table = table

    def paintEvent(self, event: QPaintEvent) -> None:
        with self._table.paint_guard():
            super().paintEvent(event)


class GuardedTableView(QTableView):
    """A table view whose painting runs inside a guard (``StreamController`` pauses the request
    thread there: painting enters Python once per cell, and each entry would otherwise wait for
    the request thread to hand over the GIL). Its headers paint inside the same guard."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.paint_guard: PaintGuard = no_guard
        header = GuardedHeaderView(Qt.Orientation.Horizontal, self)
        header.setSectionsClickable(True)
        self.setHorizontalHeader(header)
        self.setVerticalHeader(GuardedHeaderView(Qt.Orientation.Vertical, self))

    def paintEvent(self, event: QPaintEvent) -> None:
        with self.paint_guard():
            super().paintEvent(event)


def _fixed_rows(table: QTableView) -> None:
    """Fixed row heights and no per-row sizing: what keeps 100,000 rows smooth."""
    vh = table.verticalHeader()
    vh.setSectionResizeMode(QHeaderView.ResizeMode.Fixed)
    vh.setDefaultSectionSize(table.fontMetrics().height() + 6)
    vh.setVisible(False)
    table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
    table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
    table.setWordWrap(False)
    table.setTextElideMode(Qt.TextElideMode.ElideRight)
    table.setHorizontalScrollMode(QAbstractItemView.ScrollMode.ScrollPerPixel)
    table.setVerticalScrollMode(QAbstractItemView.ScrollMode.ScrollPerItem)
    table.horizontalHeader().setStretchLastSection(True)
    table.horizontalHeader().setHighlightSections(False)


class MessageBanner(QFrame):
    """A readable, non-modal message across the top of the window (errors never open a dialog)."""

    _STYLES = {
        "error": "background:#fdecea; border:1px solid #f1aeb5; color:#611a15;",
        "warning": "background:#fff4e5; border:1px solid #ffd59e; color:#663c00;",
        "info": "background:#e8f4fd; border:1px solid #a6d5fa; color:#0d3c61;",
    }
    _ICONS = {"error": "✖", "warning": "⚠", "info": "ℹ"}

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("messageBanner")
        self._icon = QLabel()
        self._text = QLabel()
        self._text.setObjectName("bannerText")
        self._text.setWordWrap(True)
        self._text.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self._text.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Preferred)
        self.action_button = QPushButton()
        self.action_button.setObjectName("bannerAction")
        self.action_button.hide()
        self.action_button.clicked.connect(self._on_action)
        self._action: Callable[[], object] | None = None
        self.close_button = QToolButton()
        self.close_button.setText("✕")
        self.close_button.setAutoRaise(True)
        self.close_button.setToolTip(self.tr("Dismiss"))
        self.close_button.clicked.connect(self.dismiss)
        row = QHBoxLayout(self)
        row.setContentsMargins(10, 6, 6, 6)
        row.addWidget(self._icon, 0, Qt.AlignmentFlag.AlignTop)
        row.addWidget(self._text, 1)
        row.addWidget(self.action_button, 0, Qt.AlignmentFlag.AlignTop)
        row.addWidget(self.close_button, 0, Qt.AlignmentFlag.AlignTop)
        self.level = ""
        self.hide()

    def show_message(self, text: str, level: str = "error",
                     action: tuple[str, Callable[[], object]] | None = None) -> None:
        """``action``: a button beside the text, (its label, what it does), e.g. Open Folder."""
        self._action = action[1] if action else None
        self.action_button.setText(action[0] if action else "")
        self.action_button.setVisible(action is not None)
        self.level = level
        self.setStyleSheet(f"#messageBanner {{{self._STYLES.get(level, self._STYLES['info'])}}}"
                           " #messageBanner QLabel { background: transparent; border: none; }")
        self._icon.setText(self._ICONS.get(level, ""))
        self._text.setText(text)
        self.show()

    def _on_action(self) -> None:
        if self._action is not None:
            self._action()

    def dismiss(self) -> None:
        self._action = None
        self.action_button.hide()
        self._text.clear()
        self.level = ""
        self.hide()

    def message(self) -> str:
        return self._text.text() if self.isVisible() else ""


class ElidedLabel(QLabel):
    """A one-line label that ends in "…" when it is cut, so a clipped description looks clipped (its
    tooltip holds the whole text)."""

    def paintEvent(self, event: QPaintEvent) -> None:
        room = self.contentsRect().width()
        if self.fontMetrics().horizontalAdvance(self.text()) <= room:
            super().paintEvent(event)
            return
        p = QPainter(self)
        p.setPen(self.palette().color(self.foregroundRole()))
        p.drawText(self.contentsRect(), int(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter),
                   self.fontMetrics().elidedText(self.text(), Qt.TextElideMode.ElideRight, room))


class DropDownButton(QToolButton):
    """A button that opens its menu when clicked, its label ending in "▾". The style draws its own menu
    arrow in the corner of such a button, over the label's last character (QToolButton keeps no room
    for it unless the arrow has its own part of the button), so the arrow is part of the label instead."""

    def __init__(self, text: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setText(f"{text} ▾")
        self.setPopupMode(QToolButton.ToolButtonPopupMode.InstantPopup)
        self.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextOnly)

    def paintEvent(self, _event: QPaintEvent) -> None:  # noqa: N802 - Qt's name
        painter = QStylePainter(self)
        option = QStyleOptionToolButton()
        self.initStyleOption(option)
        option.features &= ~QStyleOptionToolButton.ToolButtonFeature.HasMenu
        painter.drawComplexControl(QStyle.ComplexControl.CC_ToolButton, option)


class RequestBar(QWidget):
    """URL, method, delivery, body and headers of the request, with Send and Abort."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.presets_button = DropDownButton(self.tr("Presets"))
        self.presets_button.setToolTip(self.tr("Streams of the built-in demo server (started on first use)"))
        self.method = QComboBox()
        self.method.setObjectName("method")
        self.url = QComboBox()
        self.url.setObjectName("url")
        self.url.setEditable(True)
        self.url.setInsertPolicy(QComboBox.InsertPolicy.NoInsert)
        self.url.setMaxVisibleItems(20)
        self.url.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Fixed)
        self.url.lineEdit().setPlaceholderText(self.tr("Stream URL, e.g. http://127.0.0.1:8765/sse/append"))
        self.url.lineEdit().setClearButtonEnabled(True)
        self.send_button = QPushButton(self.tr("Send"))
        self.send_button.setObjectName("send")
        self.send_button.setDefault(True)
        self.send_button.setToolTip(self.tr("Send the request (Ctrl+Enter)"))
        self.abort_button = QPushButton(self.tr("Abort"))
        self.abort_button.setObjectName("abort")
        self.abort_button.setToolTip(self.tr("RequestTask.abort() (Esc)"))
        self.abort_button.setEnabled(False)

        top = QHBoxLayout()
        top.setContentsMargins(0, 0, 0, 0)
        top.addWidget(self.presets_button)
        top.addWidget(self.method)
        top.addWidget(self.url, 1)
        top.addWidget(self.send_button)
        top.addWidget(self.abort_button)

        self.profile = QComboBox()
        self.profile.setObjectName("profile")
        self.profile.setEditable(True)
        self.profile.setMinimumContentsLength(16)
        self.profile.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon)
        self.seed = QSpinBox()
        self.seed.setObjectName("seed")
        self.seed.setRange(0, 999_999)
        self.platform = QComboBox()
        self.platform.setObjectName("platform")
        self.platform.setMinimumContentsLength(12)
        self.platform.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon)
        self.timeout = QSpinBox()
        self.timeout.setObjectName("timeout")
        self.timeout.setRange(1, 3600 * 1000)
        self.timeout.setSingleStep(1000)
        self.timeout.setSuffix(" ms")
        self.timeout.setGroupSeparatorShown(True)
        self.profile_message = ElidedLabel()
        self.profile_message.setObjectName("profileMessage")
        self.profile_message.setWordWrap(False)
        self.profile_message.setSizePolicy(QSizePolicy.Policy.Ignored, QSizePolicy.Policy.Preferred)

        second = QHBoxLayout()
        second.setContentsMargins(0, 0, 0, 0)
        for label, widget in ((self.tr("Delivery"), self.profile), (self.tr("Seed"), self.seed),
                              (self.tr("Platform"), self.platform), (self.tr("Timeout"), self.timeout)):
            lab = QLabel(label)
            lab.setBuddy(widget)
            second.addWidget(lab)
            second.addWidget(widget)
            second.addSpacing(4)
        second.addWidget(self.profile_message, 1)

        box = QVBoxLayout(self)
        box.setContentsMargins(6, 6, 6, 2)
        box.setSpacing(4)
        box.addLayout(top)
        box.addLayout(second)


class RequestDetails(QTabWidget):
    """Body and headers of the request (``data`` and ``header`` of wx.request)."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setDocumentMode(True)
        self.body = QPlainTextEdit()
        self.body.setObjectName("body")
        self.body.setFont(QFontDatabase.systemFont(QFontDatabase.SystemFont.FixedFont))
        self.body.setPlaceholderText(self.tr("Request body (wx.request data): JSON is sent as an object, "
                                             "anything else as a string"))
        self.body.setTabChangesFocus(True)
        self.body_message = QLabel()
        self.body_message.setObjectName("bodyMessage")
        body_page = QWidget()
        b = QVBoxLayout(body_page)
        b.setContentsMargins(2, 2, 2, 2)
        b.setSpacing(2)
        b.addWidget(self.body, 1)
        b.addWidget(self.body_message)

        self.headers = QTableWidget(0, 2)
        self.headers.setObjectName("headers")
        self.headers.setHorizontalHeaderLabels([self.tr("Header"), self.tr("Value")])
        self.headers.horizontalHeader().setStretchLastSection(True)
        self.headers.setColumnWidth(0, 220)
        self.headers.verticalHeader().setVisible(False)
        self.add_header_button = QPushButton(self.tr("Add header"))
        self.remove_header_button = QPushButton(self.tr("Remove"))
        head_page = QWidget()
        h = QVBoxLayout(head_page)
        h.setContentsMargins(2, 2, 2, 2)
        h.setSpacing(2)
        h.addWidget(self.headers, 1)
        buttons = QHBoxLayout()
        buttons.addWidget(self.add_header_button)
        buttons.addWidget(self.remove_header_button)
        buttons.addStretch(1)
        h.addLayout(buttons)

        self.addTab(body_page, self.tr("Body"))
        self.addTab(head_page, self.tr("Headers"))

    def header_pairs(self) -> list[tuple[str, str]]:
        out = []
        for r in range(self.headers.rowCount()):
            k, v = self.headers.item(r, 0), self.headers.item(r, 1)
            name = k.text().strip() if k else ""
            if name:
                out.append((name, v.text() if v else ""))
        return out

    def set_header_pairs(self, pairs: list[tuple[str, str]]) -> None:
        self.headers.setRowCount(0)
        for k, v in pairs:
            self.append_header(k, v)

    def append_header(self, name: str = "", value: str = "") -> int:
        row = self.headers.rowCount()
        self.headers.insertRow(row)
        self.headers.setItem(row, 0, QTableWidgetItem(name))
        self.headers.setItem(row, 1, QTableWidgetItem(value))
        return row


class ChunkPane(QWidget):
    """The chunk table with its level filter."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.level = QComboBox()
        self.level.setObjectName("levelFilter")
        self.level.setToolTip(self.tr("wire: HTTP chunks as the server framed them; read: what the client "
                                      "read off the socket; delivered: what onChunkReceived is given"))
        self.follow = QCheckBox(self.tr("Follow"))
        self.follow.setChecked(True)
        self.follow.setToolTip(self.tr("Keep the newest chunk in view while streaming"))
        self.count = QLabel()
        self.table = GuardedTableView()
        self.table.setObjectName("chunkTable")
        self.table.setAlternatingRowColors(True)
        _fixed_rows(self.table)
        head = QHBoxLayout()
        head.setContentsMargins(4, 2, 4, 2)
        head.addWidget(QLabel(self.tr("Chunks")))
        head.addWidget(self.level)
        head.addWidget(self.follow)
        head.addStretch(1)
        head.addWidget(self.count)
        box = QVBoxLayout(self)
        box.setContentsMargins(0, 0, 0, 0)
        box.setSpacing(0)
        box.addLayout(head)
        box.addWidget(self.table, 1)


class ChunkInspector(RendererHost):
    """The selected chunk, rendered (hex by default)."""

    def __init__(self, parent: QWidget | None = None) -> None:
        self.hex = HexRenderer()
        super().__init__([self.hex], parent, placeholder=self.tr("No chunk selected"))
        self.setObjectName("chunkInspector")


class TextPane(QWidget):
    """The decoded text growing live, in one of the text modes."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.mode = QComboBox()
        self.mode.setObjectName("textMode")
        self.merge = QCheckBox(self.tr("Merge OpenAI deltas"))
        self.merge.setObjectName("mergeOpenai")
        self.merge.setToolTip(self.tr("Show choices[0].delta.content of each event instead of its data"))
        self.field = QLineEdit()
        self.field.setObjectName("jsonField")
        self.field.setPlaceholderText(self.tr("JSON field"))
        self.field.setToolTip(self.tr("Overwrite mode: when an event's data is JSON, show this field of it"))
        self.field.setMaximumWidth(110)
        self.note = QLabel()
        self.note.setObjectName("textNote")
        self.note.setSizePolicy(QSizePolicy.Policy.Ignored, QSizePolicy.Policy.Preferred)
        self.edit = QPlainTextEdit()
        self.edit.setObjectName("decodedText")
        self.edit.setReadOnly(True)
        self.edit.setUndoRedoEnabled(False)
        self.edit.setPlaceholderText(self.tr("The decoded text grows here as chunks arrive."))
        head = QHBoxLayout()
        head.setContentsMargins(4, 2, 4, 2)
        head.addWidget(QLabel(self.tr("Text")))
        head.addWidget(self.mode)
        head.addWidget(self.merge)
        head.addWidget(self.field)
        head.addWidget(self.note, 1)
        box = QVBoxLayout(self)
        box.setContentsMargins(0, 0, 0, 0)
        box.setSpacing(0)
        box.addLayout(head)
        box.addWidget(self.edit, 1)

    def text(self) -> str:
        return self.edit.toPlainText()

    def at_end(self) -> bool:
        bar = self.edit.verticalScrollBar()
        return bar.value() >= bar.maximum() - 2

    def append(self, text: str, *, follow: bool) -> None:
        cursor = QTextCursor(self.edit.document())
        cursor.movePosition(QTextCursor.MoveOperation.End)
        cursor.insertText(text)
        if follow:
            bar = self.edit.verticalScrollBar()
            bar.setValue(bar.maximum())

    def replace(self, text: str) -> None:
        bar = self.edit.verticalScrollBar()
        follow = bar.value() >= bar.maximum() - 2
        self.edit.setPlainText(text)
        if follow:
            bar.setValue(bar.maximum())


class EventsPane(QSplitter):
    """SSE events table, and the selected event's data (JSON tree or raw)."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(Qt.Orientation.Horizontal, parent)
        self.setObjectName("eventsSplitter")
        self.table = GuardedTableView()
        self.table.setObjectName("eventTable")
        self.table.setAlternatingRowColors(True)
        _fixed_rows(self.table)
        self.count = QLabel()
        left = QWidget()
        box = QVBoxLayout(left)
        box.setContentsMargins(0, 0, 0, 0)
        box.setSpacing(0)
        head = QHBoxLayout()
        head.setContentsMargins(4, 2, 4, 2)
        head.addWidget(QLabel(self.tr("SSE events")))
        head.addStretch(1)
        head.addWidget(self.count)
        box.addLayout(head)
        box.addWidget(self.table, 1)
        self.json = JsonTreeRenderer()
        self.detail = RendererHost([self.json], placeholder=self.tr("No event selected"))
        self.detail.setObjectName("eventDetail")
        self.addWidget(left)
        self.addWidget(self.detail)
        self.setStretchFactor(0, 3)
        self.setStretchFactor(1, 2)
        self.setSizes([360, 240])


class StatusPanel:
    """Labels on the status bar: state, HTTP status, bytes, chunks, events, rate, elapsed, end."""

    FIELDS = ("state", "http", "bytes", "chunks", "events", "rate", "elapsed", "end")

    def __init__(self, bar: QStatusBar) -> None:
        self.bar = bar
        self.labels: dict[str, QLabel] = {}
        for name in self.FIELDS:
            label = QLabel()
            label.setObjectName(f"status_{name}")
            label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
            if name in ("state", "end"):
                label.setContentsMargins(6, 0, 6, 0)
                if name == "end":  # may be long (errMsg): clipped, never widening the window
                    label.setSizePolicy(QSizePolicy.Policy.Ignored, QSizePolicy.Policy.Preferred)
                bar.addWidget(label, 1 if name == "end" else 0)
            else:
                label.setContentsMargins(6, 0, 6, 0)
                bar.addPermanentWidget(label)
            self.labels[name] = label

    def set(self, name: str, text: str, tooltip: str = "") -> None:
        label = self.labels[name]
        if label.text() != text:
            label.setText(text)
        if tooltip or label.toolTip():
            label.setToolTip(tooltip)

    def text(self, name: str) -> str:
        return self.labels[name].text()

