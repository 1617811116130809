"""The Export dialog: format, redaction (on by default) and where to write."""

from __future__ import annotations

import os
from pathlib import Path

from PySide6.QtCore import QStandardPaths
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from simulator.core.export import EXPORT_FORMATS, default_export_path
from simulator.core.paths import data_dir

__all__ = ["ExportDialog", "default_export_folder"]


def default_export_folder() -> Path:
    """Where exports go until the user picks a folder (then that one is remembered): ``mpsim`` in the
    user's Documents, a folder they can find, not the recordings folder deep in the app's data.
    Under ``$MPSIM_HOME`` when that is set, like everything else mpsim writes."""
    if os.environ.get("MPSIM_HOME"):
        return data_dir() / "exports"
    documents = QStandardPaths.writableLocation(QStandardPaths.StandardLocation.DocumentsLocation)
    return Path(documents or Path.home()) / "mpsim"


class ExportDialog(QDialog):
    def __init__(self, source: Path, folder: Path, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("exportDialog")
        self.setWindowTitle(self.tr("Export recording"))
        self._source = source
        self._folder = folder
        descriptions = {
            "jsonl": self.tr("JSON Lines: the native chunk log, lossless"),
            "har": self.tr("HAR 1.2: opens in browser devtools (body, _chunks, _eventSourceMessages)"),
            "csv": self.tr("CSV: one row per chunk, bytes as base64"),
            "events": self.tr("Events: one SSE event per line (JSON)"),
            "text": self.tr("Text: the decoded body"),
        }
        self.format_combo = QComboBox()
        self.format_combo.setObjectName("exportFormat")
        for fmt in EXPORT_FORMATS:
            self.format_combo.addItem(descriptions.get(fmt, fmt), fmt)
        self.redact_check = QCheckBox(self.tr("Redact secrets (Authorization, Cookie, Set-Cookie, token-like "
                                              "query parameters)"))
        self.redact_check.setObjectName("exportRedact")
        self.redact_check.setChecked(True)
        self.path_edit = QLineEdit()
        self.path_edit.setObjectName("exportPath")
        self.path_edit.setMinimumWidth(420)
        browse = QPushButton(self.tr("Browse…"))
        browse.clicked.connect(self._on_browse)
        path_row = QHBoxLayout()
        path_row.addWidget(self.path_edit, 1)
        path_row.addWidget(browse)
        form = QFormLayout()
        form.addRow(self.tr("Recording"), QLabel(source.name))
        form.addRow(self.tr("Format"), self.format_combo)
        form.addRow("", self.redact_check)
        form.addRow(self.tr("Save as"), path_row)
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Save
                                        | QDialogButtonBox.StandardButton.Cancel)
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        box = QVBoxLayout(self)
        box.addLayout(form)
        box.addWidget(self.buttons)
        self.format_combo.currentIndexChanged.connect(self._on_format_changed)
        self._on_format_changed()

    def format(self) -> str:
        return self.format_combo.currentData()

    def redact(self) -> bool:
        return self.redact_check.isChecked()

    def out_path(self) -> Path:
        return Path(self.path_edit.text()).expanduser()

    def set_format(self, fmt: str) -> None:
        self.format_combo.setCurrentIndex(self.format_combo.findData(fmt))

    def _on_format_changed(self, *_args: object) -> None:
        self.path_edit.setText(str(self._folder / default_export_path(self._source, self.format()).name))

    def _on_browse(self) -> None:
        path, _ = QFileDialog.getSaveFileName(self, self.tr("Export as"), self.path_edit.text())
        if path:
            self.path_edit.setText(path)
