"""The Mini-program panel's layout (no behaviour: that is ``controller.py``)."""

from __future__ import annotations

from PySide6.QtCore import QSize, Qt
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import (
    QComboBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QMenu,
    QSizePolicy,
    QSplitter,
    QStackedWidget,
    QStyle,
    QTabWidget,
    QToolButton,
    QTreeWidget,
    QVBoxLayout,
    QWidget,
)

from ..views import DropDownButton, ElidedLabel
from .console import ConsoleView
from .editor import CodeEditor
from .inspector import WxmlInspector
from .map_remote import MapRemoteView
from .page_methods import PageMethodsView
from .phone import PhonePreview
from .project_tree import ProjectTree
from .rendered_phone import RenderedPhone
from .storage_view import StorageView


def _tool_button(action: QAction, icon: QStyle.StandardPixmap | None = None) -> QToolButton:
    button = QToolButton()
    button.setDefaultAction(action)
    button.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextBesideIcon)
    button.setAutoRaise(True)
    if icon is not None:
        action.setIcon(button.style().standardIcon(icon))
    return button


class ScriptPanel(QWidget):
    """The panel's layout: toolbar (with the page picker of a project), query, the project's files
    and the editor, the tabs (console, page data, page methods, storage, map remote), the phone.
    No behaviour."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("scriptPanel")
        SP = QStyle.StandardPixmap
        shortcut = Qt.ShortcutContext.WindowShortcut
        self.open_action = QAction(self.tr("Open…"), self)
        self.open_action.setShortcut(QKeySequence("Ctrl+Shift+O"))
        self.open_action.setToolTip(self.tr("Open a page script (Ctrl+Shift+O)"))
        self.save_action = QAction(self.tr("Save"), self)
        self.save_action.setShortcut(QKeySequence("Ctrl+Shift+S"))
        self.save_action.setToolTip(self.tr("Save the script (Ctrl+Shift+S)"))
        self.save_as_action = QAction(self.tr("Save as…"), self)
        self.open_project_action = QAction(self.tr("Open Project…"), self)
        self.open_project_action.setToolTip(self.tr("Open a mini-program project folder (with app.json)"))
        self.close_project_action = QAction(self.tr("Close Project"), self)
        self.close_project_action.setEnabled(False)
        self.run_action = QAction(self.tr("Run"), self)
        self.run_action.setShortcut(QKeySequence("Ctrl+R"))
        self.run_action.setToolTip(self.tr("Run the page with the request bar's delivery, seed and platform (Ctrl+R)"))
        self.stop_action = QAction(self.tr("Stop"), self)
        self.stop_action.setShortcut(QKeySequence("Shift+F5"))
        self.stop_action.setToolTip(self.tr("Stop the run: its requests are aborted (Shift+F5)"))
        self.stop_action.setEnabled(False)
        for action in (self.open_action, self.save_action, self.save_as_action, self.run_action, self.stop_action):
            action.setShortcutContext(shortcut)
            self.addAction(action)

        self.open_button = _tool_button(self.open_action, SP.SP_DialogOpenButton)
        self.save_button = _tool_button(self.save_action, SP.SP_DialogSaveButton)
        self.save_button.setPopupMode(QToolButton.ToolButtonPopupMode.MenuButtonPopup)
        save_menu = QMenu(self)
        save_menu.addAction(self.save_as_action)
        self.save_button.setMenu(save_menu)
        self.recent_menu = QMenu(self.tr("Recent scripts"), self)
        self.recent_menu.setObjectName("recentScriptsMenu")
        self.recent_button = DropDownButton(self.tr("Recent"))
        self.recent_button.setAutoRaise(True)
        self.recent_button.setMenu(self.recent_menu)
        self.file_label = ElidedLabel()  # squeezed by the page picker: a cut name ends in "…"
        self.file_label.setObjectName("scriptFile")
        self.file_label.setSizePolicy(QSizePolicy.Policy.Ignored, QSizePolicy.Policy.Preferred)
        self.page_picker = QComboBox()
        self.page_picker.setObjectName("pagePicker")
        self.page_picker.setToolTip(self.tr("The page to run: the routes of app.json, the entry page first"))
        self.page_picker.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon)
        self.page_picker.setMinimumContentsLength(12)
        self.page_picker.setVisible(False)
        self.run_button = _tool_button(self.run_action, SP.SP_MediaPlay)
        self.run_button.setObjectName("runScript")
        self.stop_button = _tool_button(self.stop_action, SP.SP_MediaStop)
        self.stop_button.setObjectName("stopScript")
        top = QHBoxLayout()
        top.setContentsMargins(0, 0, 0, 0)
        top.setSpacing(2)
        for w in (self.open_button, self.save_button, self.recent_button):
            top.addWidget(w)
        top.addSpacing(6)
        top.addWidget(self.file_label, 1)
        top.addWidget(self.page_picker)
        top.addWidget(self.run_button)
        top.addWidget(self.stop_button)

        self.query = QLineEdit()
        self.query.setObjectName("scriptQuery")
        self.query.setClearButtonEnabled(True)
        self.query.setPlaceholderText(self.tr("K=V&K2=V2, given to onLoad(options)"))
        self.query.setToolTip(self.tr("The page's query: onLoad(options) and wx.getLaunchOptionsSync().query. "
                                      "The examples read base=<server URL>."))
        query_label = QLabel(self.tr("Query"))
        query_label.setBuddy(self.query)
        query_row = QHBoxLayout()
        query_row.setContentsMargins(0, 0, 0, 0)
        query_row.addWidget(query_label)
        query_row.addWidget(self.query, 1)

        self.editor = CodeEditor()
        self.project_tree = ProjectTree()
        self.project_tree.setVisible(False)
        self.editor_splitter = QSplitter(Qt.Orientation.Horizontal)
        self.editor_splitter.setObjectName("scriptEditorSplitter")
        self.editor_splitter.setChildrenCollapsible(False)
        self.editor_splitter.addWidget(self.project_tree)
        self.editor_splitter.addWidget(self.editor)
        self.editor_splitter.setStretchFactor(0, 1)
        self.editor_splitter.setStretchFactor(1, 4)
        self.editor_splitter.setSizes([220, 580])  # the file names whole at 1366×768 (pages/chat/index.wxss)

        self.console = ConsoleView()
        self.clear_console_button = QToolButton()
        self.clear_console_button.setText(self.tr("Clear"))
        self.clear_console_button.setAutoRaise(True)
        console_page = QWidget()
        c = QVBoxLayout(console_page)
        c.setContentsMargins(0, 0, 0, 0)
        c.setSpacing(0)
        c.addWidget(self.console, 1)
        c_row = QHBoxLayout()
        c_row.setContentsMargins(4, 0, 4, 0)
        self.console_count = QLabel()
        c_row.addWidget(self.console_count, 1)
        c_row.addWidget(self.clear_console_button)
        c.addLayout(c_row)

        self.data_tree = QTreeWidget()
        self.data_tree.setObjectName("pageData")
        self.data_tree.setColumnCount(3)
        self.data_tree.setHeaderLabels([self.tr("Key"), self.tr("Value"), self.tr("Type")])
        self.data_tree.setUniformRowHeights(True)
        self.data_tree.setAlternatingRowColors(True)
        header = self.data_tree.header()
        header.setStretchLastSection(False)
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(1, QHeaderView.ResizeMode.Stretch)
        header.setSectionResizeMode(2, QHeaderView.ResizeMode.ResizeToContents)

        self.tabs = QTabWidget()
        self.tabs.setDocumentMode(True)
        self.tabs.addTab(console_page, self.tr("Console"))
        self.tabs.addTab(self.data_tree, self.tr("Page data"))
        self.page_methods = PageMethodsView()
        self.storage = StorageView()
        self.map_remote = MapRemoteView()
        self.tabs.addTab(self.page_methods, self.tr("Methods"))
        self.tabs.addTab(self.storage, self.tr("Storage"))
        self.tabs.addTab(self.map_remote, self.tr("Map remote"))
        self.inspector = WxmlInspector()
        self.tabs.addTab(self.inspector, self.tr("WXML"))

        self.path = QComboBox()
        self.path.setObjectName("previewPath")
        self.path.setEditable(True)
        self.path.setInsertPolicy(QComboBox.InsertPolicy.NoInsert)
        self.path.setMinimumContentsLength(10)
        self.path.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon)
        self.path.setToolTip(self.tr("The page data the phone shows, e.g. answer, list[0].text"))
        self.phone = PhonePreview()
        self.text_phone_box = QWidget()
        t = QVBoxLayout(self.text_phone_box)
        t.setContentsMargins(0, 0, 0, 0)
        t.addWidget(self.phone, 1, Qt.AlignmentFlag.AlignHCenter)
        self.rendered = RenderedPhone()
        self.phone_stack = QStackedWidget()
        self.phone_stack.addWidget(self.text_phone_box)
        self.phone_stack.addWidget(self.rendered)
        # A project's page: the rendered page, or one data path as text (all a plain script has).
        self.page_mode_button = QToolButton()
        self.page_mode_button.setObjectName("phonePageMode")
        self.page_mode_button.setText(self.tr("Page"))
        self.data_mode_button = QToolButton()
        self.data_mode_button.setObjectName("phoneDataMode")
        self.data_mode_button.setText(self.tr("Data"))
        self.data_mode_button.setToolTip(self.tr("One value of the page data, as text"))
        for button in (self.page_mode_button, self.data_mode_button):
            button.setCheckable(True)
            button.setAutoExclusive(True)
            button.setAutoRaise(True)
        self.data_mode_button.setChecked(True)
        self.device_menu = QMenu(self)
        self.device_menu.setObjectName("phoneDeviceMenu")
        self.device_button = DropDownButton(self.tr("Device"))
        self.device_button.setObjectName("phoneDevice")
        self.device_button.setToolTip(self.tr("The phone's screen size and zoom"))
        self.device_button.setMenu(self.device_menu)
        self.device_button.setAutoRaise(True)
        self.device_button.setVisible(False)
        phone_box = QWidget()
        p = QVBoxLayout(phone_box)
        p.setContentsMargins(4, 2, 4, 4)
        p.setSpacing(4)
        mode_row = QHBoxLayout()
        mode_row.setSpacing(2)
        mode_row.addWidget(self.page_mode_button)
        mode_row.addWidget(self.data_mode_button)
        mode_row.addWidget(self.device_button)
        mode_row.addStretch(1)
        path_row = QHBoxLayout()
        self.path_label = QLabel(self.tr("Show"))
        self.path_label.setBuddy(self.path)
        path_row.addWidget(self.path_label)
        path_row.addWidget(self.path, 1)
        p.addLayout(mode_row)
        p.addLayout(path_row)
        p.addWidget(self.phone_stack, 1)

        self.output_splitter = QSplitter(Qt.Orientation.Horizontal)
        self.output_splitter.setObjectName("scriptOutputSplitter")
        self.output_splitter.setChildrenCollapsible(False)
        self.output_splitter.addWidget(self.tabs)
        self.output_splitter.addWidget(phone_box)
        # Half each: at 1366×768 the tabs keep their minimum (the Methods tab's input row) and the rendered
        # page fits at about two thirds of its size instead of half, where its text is too small to read.
        self.output_splitter.setSizes([300, 300])
        self.splitter = QSplitter(Qt.Orientation.Vertical)
        self.splitter.setObjectName("scriptSplitter")
        self.splitter.setChildrenCollapsible(False)
        self.splitter.addWidget(self.editor_splitter)
        self.splitter.addWidget(self.output_splitter)
        self.splitter.setStretchFactor(0, 1)
        self.splitter.setStretchFactor(1, 1)
        self.splitter.setSizes([120, 480])  # the phone's height decides its zoom: most of it to the outputs
        self.splitters = [self.splitter, self.output_splitter, self.editor_splitter]

        self.status = QLabel()
        self.status.setObjectName("scriptStatus")
        self.status.setWordWrap(True)
        # A project or route name with no place to wrap must not widen the panel past the screen.
        self.status.setSizePolicy(QSizePolicy.Policy.Ignored, QSizePolicy.Policy.Preferred)
        self.status.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)

        box = QVBoxLayout(self)
        box.setContentsMargins(4, 4, 4, 4)
        box.setSpacing(4)
        box.addLayout(top)
        box.addLayout(query_row)
        box.addWidget(self.splitter, 1)
        box.addWidget(self.status)

    def sizeHint(self) -> QSize:
        return QSize(620, 760)

