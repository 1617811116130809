"""``LogController``: recordings — Open (replayed into the views), Export, recent recordings.

Every request the window sends is recorded by the core (``RequestTask(log_path=...)``); exports are
the core's ``write_export``, run off the GUI thread so a big log never freezes the window. The
recordings folder is kept within a size the user sets (File > Recordings size limit…, default
1 GiB): the oldest recordings go first, never the one shown or being written, and the status bar
says what went.
"""

from __future__ import annotations

import threading
from pathlib import Path

from PySide6.QtCore import QObject, QUrl, Signal
from PySide6.QtGui import QAction, QDesktopServices
from PySide6.QtWidgets import QDialog, QFileDialog, QInputDialog

from simulator.core.chunklog import LogError, read_log
from simulator.core.export import write_export
from simulator.core.paths import recordings_dir
from simulator.core.recordings import DEFAULT_LIMIT_BYTES, trim_folder

from .export_dialog import ExportDialog, default_export_folder
from .i18n import core_error
from .main_window import MainWindow
from .settings import Settings
from .stream_controller import StreamController

__all__ = ["LogController"]

RECENT_COUNT = 15
LIMIT_KEY = "recordings/limit_mb"
_MB = 1 << 20


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
        self.limit_action = QAction(self.tr("Recordings size limit…"), window)
        self.limit_action.triggered.connect(self._on_limit_triggered)
        menu_actions = window.file_menu.actions()
        at = menu_actions.index(window.recordings_folder_action) + 1
        window.file_menu.insertAction(menu_actions[at] if at < len(menu_actions) else None, self.limit_action)
        stream.started.connect(self._on_recording_started)
        stream.finished.connect(self._on_recording_started)
        self.exported.connect(self._on_exported)
        self.exportFailed.connect(self._on_export_failed)

    # -- public ------------------------------------------------------------------------------------
    def open_log(self, path: Path | str) -> bool:
        """Replay a chunk log into every view, exactly as if it had just streamed."""
        try:
            log = read_log(path)
        except LogError as exc:
            self._window.banner.show_message(core_error(exc, self.tr("Cannot read the recording: {error}")), "error")
            return False
        feed = self._stream.replay_log(log)
        if log.notes:  # interrupted, last line cut: said again with the end of the replay
            self._window.banner.show_message("; ".join(log.notes), "warning")
        # The replay waits while the request bar and the text view are set from the log: taking
        # turns with it for the GIL, that held the window for 200-300 ms.
        with feed.paused():
            self.opened.emit(log.path)
        self.trim_recordings()
        return True

    @property
    def limit_bytes(self) -> int:
        """The size the recordings folder is kept within."""
        if self._settings is None:
            return DEFAULT_LIMIT_BYTES
        return max(1, self._settings.get_int(LIMIT_KEY, DEFAULT_LIMIT_BYTES // _MB)) * _MB

    def set_limit_mb(self, mb: int) -> None:
        if self._settings is not None:
            self._settings.set(LIMIT_KEY, int(mb))
        self.trim_recordings()

    def trim_recordings(self) -> list[Path]:
        """Delete the oldest recordings beyond the size limit (never the one shown or being
        written); the status bar says how many went."""
        task = self._stream.task
        keep = [self._stream.log_path, task.log_path if task is not None else None]
        result = trim_folder(recordings_dir(), self.limit_bytes, keep)
        if result.deleted:
            self._window.statusBar().showMessage(self.tr(
                "Deleted %n old recording(s) ({mb:.0f} MB) to keep the recordings folder under {limit:.0f} MB",
                "", len(result.deleted)).format(mb=result.freed / _MB, limit=self.limit_bytes / _MB), 15000)
        return result.deleted

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
                out.parent.mkdir(parents=True, exist_ok=True)  # the default folder on a first export
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
        remembered = self._settings.get_str("export/folder", "") if self._settings else ""
        folder = Path(remembered) if remembered else None  # Path("") would be the working directory
        dialog = ExportDialog(source, folder if folder and folder.is_dir() else default_export_folder(), self._window)
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
        path = Path(path).resolve()
        self._window.banner.show_message(
            self.tr("Exported to {path}").format(path=path), "info",
            action=(self.tr("Open Folder"), lambda: QDesktopServices.openUrl(QUrl.fromLocalFile(str(path.parent)))))

    def _on_export_failed(self, message: str) -> None:
        self._exporting = False
        self._window.banner.show_message(self.tr("Export failed: {error}").format(error=message), "error")

    def _on_recording_started(self, *_args: object) -> None:
        self.trim_recordings()

    def _on_limit_triggered(self) -> None:
        mb, ok = QInputDialog.getInt(
            self._window, self.tr("Recordings size limit"),
            self.tr("Keep the recordings folder under (MB); the oldest recordings are deleted first:"),
            self.limit_bytes // _MB, 10, 1_000_000, 100)
        if ok:
            self.set_limit_mb(mb)

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
