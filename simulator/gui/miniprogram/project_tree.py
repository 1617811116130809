"""The project's files beside the editor: a click opens one (the run reads the files on disk)."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QDir, QModelIndex, Qt, Signal
from PySide6.QtWidgets import QFileSystemModel, QTreeView, QWidget

#: Files the editor opens as text; others (images, fonts) are listed but not opened.
TEXT_SUFFIXES = frozenset({".js", ".ts", ".mjs", ".cjs", ".json", ".wxml", ".wxss", ".wxs", ".md", ".txt",
                           ".css", ".scss", ".less", ".html", ".d.ts"})


def is_text_file(path: Path) -> bool:
    return path.suffix.lower() in TEXT_SUFFIXES


class ProjectTree(QTreeView):
    """The folder's files by name (dot-folders hidden); ``fileActivated(path)`` on a click."""

    fileActivated = Signal(object)  # Path

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("projectTree")
        self.fs = QFileSystemModel(self)
        self.fs.setFilter(QDir.Filter.AllDirs | QDir.Filter.Files | QDir.Filter.NoDotAndDotDot)
        self.fs.setReadOnly(True)
        self.setModel(self.fs)
        for column in range(1, self.fs.columnCount()):
            self.hideColumn(column)
        self.setHeaderHidden(True)
        self.setUniformRowHeights(True)
        # A page's files sit two folders deep (pages/chat/chat.js) in a narrow column: a small indent,
        # and a name too long is cut in its middle so that its extension still shows.
        self.setIndentation(12)
        self.setTextElideMode(Qt.TextElideMode.ElideMiddle)
        self.folder: Path | None = None
        self.clicked.connect(self._on_clicked)
        self.activated.connect(self._on_clicked)

    def set_folder(self, folder: Path | None) -> None:
        self.folder = folder
        if folder is None:
            self.setRootIndex(QModelIndex())
            return
        self.setRootIndex(self.fs.setRootPath(str(folder)))

    def select_file(self, path: Path) -> None:
        index = self.fs.index(str(path))
        if index.isValid():
            self.setCurrentIndex(index)
            self.scrollTo(index)

    def _on_clicked(self, index: QModelIndex) -> None:
        path = Path(self.fs.filePath(index))
        if path.is_file():
            self.fileActivated.emit(path)
