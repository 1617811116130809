"""The Network panel's layout (behaviour is in ``controller.py``): the list of every request of the
session with its filter, and below it the selected request's headers, the compare view of two pinned
runs, and why the page garbled."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QFontDatabase
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QPushButton,
    QSplitter,
    QTableView,
    QTableWidget,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from .compare import CompareView

__all__ = ["GarbleView", "NetworkPanel"]


class GarbleView(QWidget):
    """Why the page's text differs from the bytes it received, and the split check beside it."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("garbleView")
        self.explanation = QLabel(self.tr("After a page run, this says where the page's text (the data path the "
                                          "phone shows) first differs from the correct decoding of its bytes."))
        self.explanation.setObjectName("garbleExplanation")
        self.explanation.setWordWrap(True)
        self.explanation.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.show_chunk_button = QPushButton(self.tr("Show the chunk in the hex view"))
        self.show_chunk_button.setEnabled(False)
        self.check_button = QPushButton(self.tr("Split check…"))
        self.check_button.setToolTip(self.tr("mpsim check: run the page script against many re-cuttings of the "
                                             "selected recording and report the smallest cut that changes it"))
        self.explain_button = QPushButton(self.tr("Explain the selected request"))
        self.output = QPlainTextEdit()
        self.output.setObjectName("splitCheckOutput")
        self.output.setReadOnly(True)
        self.output.setFont(QFontDatabase.systemFont(QFontDatabase.SystemFont.FixedFont))
        self.output.setPlaceholderText(self.tr("The split check's report appears here."))
        buttons = QHBoxLayout()
        buttons.addWidget(self.show_chunk_button)
        buttons.addWidget(self.explain_button)
        buttons.addWidget(self.check_button)
        buttons.addStretch(1)
        box = QVBoxLayout(self)
        box.setContentsMargins(4, 4, 4, 4)
        box.addWidget(self.explanation)
        box.addLayout(buttons)
        box.addWidget(self.output, 1)


class NetworkPanel(QWidget):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("networkPanel")
        self.filter = QLineEdit()
        self.filter.setObjectName("networkFilter")
        self.filter.setClearButtonEnabled(True)
        self.filter.setPlaceholderText(self.tr("Filter: words in the URL, method, status, delivery, end…"))
        self.pin_a_button = QPushButton(self.tr("Pin A"))
        self.pin_b_button = QPushButton(self.tr("Pin B"))
        self.copy_curl_button = QPushButton(self.tr("Copy as cURL"))
        self.copy_wx_button = QPushButton(self.tr("Copy as wx.request"))
        self.clear_button = QPushButton(self.tr("Clear"))
        self.clear_button.setToolTip(self.tr("Empty the list (the recordings stay on disk)"))
        self.count = QLabel()
        # The filter above the buttons: side by side they would make the panel, tabbed beside the
        # Mini-program panel on a laptop, wider than the screen leaves it.
        filter_row = QHBoxLayout()
        filter_row.addWidget(self.filter, 1)
        filter_row.addWidget(self.count)
        buttons = QHBoxLayout()
        for w in (self.pin_a_button, self.pin_b_button, self.copy_curl_button, self.copy_wx_button,
                  self.clear_button):
            buttons.addWidget(w)
        buttons.addStretch(1)
        head = QVBoxLayout()
        head.setContentsMargins(4, 2, 4, 2)
        head.setSpacing(2)
        head.addLayout(filter_row)
        head.addLayout(buttons)

        self.table = QTableView()
        self.table.setObjectName("networkTable")
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setAlternatingRowColors(True)
        self.table.setContextMenuPolicy(Qt.ContextMenuPolicy.CustomContextMenu)
        self.table.verticalHeader().setVisible(False)
        self.table.verticalHeader().setDefaultSectionSize(self.table.fontMetrics().height() + 6)
        self.table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        self.table.horizontalHeader().setStretchLastSection(True)
        self.table.setWordWrap(False)

        self.request_view = QPlainTextEdit()
        self.request_view.setObjectName("networkRequest")
        self.request_view.setReadOnly(True)
        self.request_view.setFont(QFontDatabase.systemFont(QFontDatabase.SystemFont.FixedFont))
        self.response_headers = QTableWidget(0, 2)
        self.response_headers.setObjectName("responseHeaders")
        self.response_headers.setHorizontalHeaderLabels([self.tr("Header"), self.tr("Value")])
        self.response_headers.horizontalHeader().setStretchLastSection(True)
        self.response_headers.verticalHeader().setVisible(False)
        self.response_headers.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.compare = CompareView()
        self.garble = GarbleView()
        self.tabs = QTabWidget()
        self.tabs.setDocumentMode(True)
        self.tabs.addTab(self.response_headers, self.tr("Response headers"))
        self.tabs.addTab(self.request_view, self.tr("Request"))
        self.tabs.addTab(self.compare, self.tr("Compare A/B"))
        self.tabs.addTab(self.garble, self.tr("Why garbled"))

        top = QWidget()
        t = QVBoxLayout(top)
        t.setContentsMargins(0, 0, 0, 0)
        t.setSpacing(0)
        t.addLayout(head)
        t.addWidget(self.table, 1)
        self.splitter = QSplitter(Qt.Orientation.Vertical)
        self.splitter.setObjectName("networkSplitter")
        self.splitter.setChildrenCollapsible(False)
        self.splitter.addWidget(top)
        self.splitter.addWidget(self.tabs)
        self.splitter.setSizes([200, 260])
        box = QVBoxLayout(self)
        box.setContentsMargins(0, 0, 0, 0)
        box.addWidget(self.splitter)
