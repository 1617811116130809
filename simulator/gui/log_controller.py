"""``LogController``: recordings — Open (replayed into the views), Export, recent recordings.

Every request the window sends is recorded by the core (``RequestTask(log_path=...)``); exports are
the core's ``write_export``, run off the GUI thread so a big log never freezes the window.
"""

from __future__ import annotations

import threading
from pathlib import Path

from PySide6.QtCore import QObject, QUrl, Signal
from PySide6.QtGui import QAction, QDesktopServices
from PySide6.QtWidgets import QDialog, QFileDialog

from simulator.core.chunklog import LogError, read_log
from simulator.core.export import write_export
from simulator.core.paths import recordings_dir

from .export_dialog import ExportDialog
from .main_window import MainWindow
from .settings import Settings
from .stream_controller import StreamController

__all__ = ["LogController"]

RECENT_COUNT = 15


class LogController(QObject):
    exported = Signal(object)  # Path of the written export
    exportFailed = Signal(str)  # why, in words
    opened = Signal(object)  # Path of the log being replayed into the views

    def __init__(self, window: MainWindow, stream: StreamController, settings: Settings | None = None) -> None:
        super().__init__(window)
        self._window = window
        self._stream = stream
        self._settings = settings
        self._dialog: ExportDialog | None = None
        self._exporting = False
        window.open_action.triggered.connect(self._on_open_triggered)
        window.export_action.triggered.connect(self._on_export_triggered)
        window.recordings_folder_action.triggered.connect(self._on_show_folder)
        window.recent_menu.aboutToShow.connect(self._on_recent_about_to_show)
        self.exported.connect(self._on_exported)
        self.exportFailed.connect(self._on_export_failed)

    # -- public ------------------------------------------------------------------------------------
    def open_log(self, path: Path | str) -> bool:
        """Replay a chunk log into every view, exactly as if it had just streamed."""
        try:
            log = read_log(path)
        except LogError as exc:
            self._window.banner.show_message(str(exc), "error")
            return False
        self._stream.replay_log(log)
        if log.problems:
            self._window.banner.show_message("; ".join(log.problems), "warning")
        self.opened.emit(log.path)
        return True

    def export(self, fmt: str, out_path: Path | str, *, redact: bool = True) -> bool:
        """Export the shown recording in a background thread; ``exported`` or ``exportFailed`` follows."""
        source = self._stream.log_path
        banner = self._window.banner
        if source is None:
            banner.show_message(self.tr("Nothing to export yet: send a request or open a log first."), "warning")
            return False
        if self._exporting:
            banner.show_message(self.tr("An export is already running."), "warning")
            return False
        out = Path(out_path)
        self._exporting = True
        note = self.tr(" (the request is still streaming: the export holds what has arrived so far)") \
            if self._stream.busy else ""
        banner.show_message(self.tr("Exporting {fmt} to {path}…").format(fmt=fmt, path=out) + note, "info")

        def run() -> None:
            try:
                written = write_export(source, fmt, out, redact=redact)
            except (LogError, OSError, ValueError) as exc:
                self.exportFailed.emit(str(exc))
            except Exception as exc:  # a bug in an exporter must still reach the user as words
                self.exportFailed.emit(f"{type(exc).__name__}: {exc}")
            else:
                self.exported.emit(written)

        threading.Thread(target=run, name="mpsim-export", daemon=True).start()
        return True

    def show_export_dialog(self) -> ExportDialog | None:
        source = self._stream.log_path
        if source is None:
            self._window.banner.show_message(
                self.tr("Nothing to export yet: send a request or open a log first."), "warning")
            return None
        folder = Path(self._settings.get_str("export/folder", "")) if self._settings else None
        dialog = ExportDialog(source, folder if folder and folder.is_dir() else source.parent, self._window)
        dialog.finished.connect(lambda result: self._on_dialog_finished(dialog, result))
        self._dialog = dialog
        dialog.open()
        return dialog

    def recent_recordings(self, count: int = RECENT_COUNT) -> list[Path]:
        try:
            files = [p for p in recordings_dir().glob("*.jsonl") if p.is_file()]
        except OSError:
            return []
        return sorted(files, key=lambda p: p.stat().st_mtime, reverse=True)[:count]

    # -- handlers ----------------------------------------------------------------------------------
    def _on_open_triggered(self) -> None:
        path, _filter = QFileDialog.getOpenFileName(
            self._window, self.tr("Open a chunk log"), str(recordings_dir()),
            self.tr("Chunk logs (*.jsonl);;All files (*)"))
        if path:
            self.open_log(path)

    def _on_export_triggered(self) -> None:
        self.show_export_dialog()

    def _on_dialog_finished(self, dialog: ExportDialog, result: int) -> None:
        self._dialog = None
        if result != QDialog.DialogCode.Accepted:
            return
        out = dialog.out_path()
        if self._settings is not None:
            self._settings.set("export/folder", str(out.parent))
        self.export(dialog.format(), out, redact=dialog.redact())

    def _on_exported(self, path: Path) -> None:
        self._exporting = False
        self._window.banner.show_message(self.tr("Exported to {path}").format(path=path), "info")

    def _on_export_failed(self, message: str) -> None:
        self._exporting = False
        self._window.banner.show_message(self.tr("Export failed: {error}").format(error=message), "error")

    def _on_show_folder(self) -> None:
        QDesktopServices.openUrl(QUrl.fromLocalFile(str(recordings_dir())))

    def _on_recent_about_to_show(self) -> None:
        menu = self._window.recent_menu
        menu.clear()
        recent = self.recent_recordings()
        if not recent:
            empty = QAction(self.tr("No recordings yet"), menu)
            empty.setEnabled(False)
            menu.addAction(empty)
            return
        for path in recent:
            action = QAction(path.name, menu)
            action.setToolTip(str(path))
            action.triggered.connect(lambda _checked=False, p=path: self.open_log(p))
            menu.addAction(action)
