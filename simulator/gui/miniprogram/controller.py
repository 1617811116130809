"""Behaviour of the Mini-program panel: files, runs, console, page data, phone."""

from __future__ import annotations

import time
from collections.abc import Sequence
from contextlib import AbstractContextManager, nullcontext
from pathlib import Path
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QCoreApplication, QObject, Qt, QTimer, Signal
from PySide6.QtGui import QAction, QTextCursor
from PySide6.QtWidgets import QFileDialog, QMenu

from simulator.core.delivery import ProfileError, parse_profile
from simulator.core.paths import new_recording_path
from simulator.core.platforms import PLATFORMS
from simulator.runtime import RunResult

from ..i18n import in_language
from .background import BackgroundControl
from .clipboard import SystemClipboard
from .console import ConsoleEntry, within_budget
from .data_tree import DEFAULT_PREVIEW_PATH, MAX_PATHS, data_paths, preview_text, sync_tree, value_at
from .examples import EXAMPLES_DIR, example_scripts
from .page_controller import PageController
from .panel import ScriptPanel
from .phone_controller import PhoneController
from .project_controller import ProjectController, page_file
from .recent import fill_recent_menu, remember
from .run import RequestHandoff, ScriptRun

if TYPE_CHECKING:
    from simulator.runtime.project import Project

    from .host import PanelHost

MAX_RECENT = 10


def parse_query(text: str) -> dict[str, str]:
    """``K=V&K2=V2`` as ``onLoad(options)`` gets it: values as typed (WeChat does not decode them)."""
    out: dict[str, str] = {}
    for part in text.strip().lstrip("?").split("&"):
        if not part.strip():
            continue
        key, _, value = part.partition("=")
        out[key.strip()] = value.strip()
    return out



class ScriptPanelController(QObject):
    """Behaviour of the mini-program panel: files, runs, console, page data, phone.

    Public: ``run()``, ``stop()``, ``open_file(path)``, ``save_to(path)``, ``load_example(path)``,
    ``shutdown()``; ``running``, ``result`` (the last ``RunResult``), ``page_data``; signals
    ``runStarted`` and ``runFinished(RunResult)``.
    """

    runStarted = Signal()
    runFinished = Signal(object)  # RunResult
    requestStarting = Signal(object)  # a RequestTask of the page, not started yet (the Network panel lists it)
    deviceNote = Signal(object)  # a DeviceNote of the run: why a request would go otherwise on a phone

    OUTPUT_MS = 40  # console lines and page data reach the widgets at most this often
    MAX_MESSAGES_PER_DRAIN = 300  # console messages shown per drain (7,500 a second)
    DATA_MS = 80

    def __init__(self, view: ScriptPanel, main: PanelHost) -> None:
        super().__init__(view)
        self.view = view
        self._main = main
        self._settings = main.settings
        #: Longest a task of the script (its top level, a callback) may run before it is interrupted.
        self.script_timeout_ms = 2000
        self.result: RunResult | None = None
        self.page_data: dict[str, Any] = {}
        self.example_actions: list[QAction] = []
        self._run: ScriptRun | None = None
        self._path: Path | None = None  # the file the editor saves to (None: untitled or an example)
        self._name = "page.js"  # the script's name in the console, stacks and the phone's title
        self._auto_query = ""  # the query the panel filled in itself (the demo server's base)
        self._recent: list[str] = []
        self._closed = False
        self._paths: list[str] = []
        self._console_lines = self._console_errors = self._console_warnings = 0
        self._pending_data: dict[str, Any] | None = None
        self._output_timer = QTimer(self)
        self._output_timer.setSingleShot(True)
        self._output_timer.setInterval(self.OUTPUT_MS)
        self._output_timer.timeout.connect(self._on_output_due)
        self._data_timer = QTimer(self)
        self._data_timer.setSingleShot(True)
        self._data_timer.setInterval(self.DATA_MS)
        self._data_timer.timeout.connect(self._on_data_due)
        self.clipboard = SystemClipboard(self)
        self.project = ProjectController(view, main, self._open_project_file)
        self.phone = PhoneController(view, self.project, self._view_warning)
        self.page = PageController(view, self.project, lambda: self._run, self._note, self.phone)
        self._status_text = ""  # the panel's status line, without a Map remote note under it
        self.folder_drop: QObject | None = None  # the window's filter for dropped project folders
        self.background = BackgroundControl(view, lambda: self._run)
        self._connect()
        self._restore()
        self._update_file_label()
        self._update_console_count()
        self._set_status(self.tr("Ready. Run (Ctrl+R) runs the page with the request bar's delivery, seed and "
                                 "platform; its requests show in the chunk, text and event views."))
        self._show_preview()

    # -- wiring ------------------------------------------------------------------------------------
    def _connect(self) -> None:
        v = self.view
        v.open_action.triggered.connect(self._on_open)
        v.save_action.triggered.connect(self._on_save)
        v.save_as_action.triggered.connect(self._on_save_as)
        v.open_project_action.triggered.connect(self._on_open_project)
        v.page_picker.currentTextChanged.connect(self._on_page_picked)
        self.project.aboutToOpen.connect(self._on_project_about_to_open)
        self.project.projectOpened.connect(self._on_project_opened)
        self.project.projectClosed.connect(self._on_project_closed)
        v.run_action.triggered.connect(self._on_run)
        v.stop_action.triggered.connect(self._on_stop)
        v.console.lineClicked.connect(self._on_console_line_clicked)
        v.clear_console_button.clicked.connect(self._on_clear_console)
        v.path.currentTextChanged.connect(self._on_path_changed)
        v.editor.document().modificationChanged.connect(self._on_modification_changed)
        self._main.window.aboutToClose.connect(self._on_window_closing)
        app = QCoreApplication.instance()
        if app is not None:  # quitting without closing the window still stops the run
            app.aboutToQuit.connect(self._on_window_closing)

    def fill_examples_menu(self, menu: QMenu) -> None:
        """One action per ``assets/examples/*.js``, titled from the file's opening comment."""
        menu.setToolTipsVisible(True)
        for example in example_scripts():
            title = example.title if len(example.title) <= 72 else example.title[:71] + "…"
            action = QAction(f"{example.path.name} — {title}".replace("&", "&&"), menu)
            action.setData(str(example.path))
            action.setToolTip(example.title)
            action.setStatusTip(example.title)
            action.triggered.connect(lambda _checked=False, p=example.path: self._on_example(p))
            menu.addAction(action)
            self.example_actions.append(action)
        if not self.example_actions:
            empty = menu.addAction(self.tr("No examples found in {folder}").format(folder=EXAMPLES_DIR))
            empty.setEnabled(False)

    # -- public ------------------------------------------------------------------------------------
    @property
    def running(self) -> bool:
        return self._run is not None

    @property
    def path(self) -> Path | None:
        return self._path

    @property
    def script_name(self) -> str:
        return self._name

    def open_project(self, folder: Path | str) -> bool:
        """Open a mini-program project folder; False (a banner says why) when it is not one."""
        return self.project.open_project(folder)

    def call(self, name: str, event: dict[str, Any] | None = None) -> bool:
        """Call a method of the running page with a device-like event (``event``'s fields over it)."""
        return self.page.call(name, event)

    def run(self) -> bool:
        """Run the editor's script, or the picked page of the open project; False when it could not
        start (the banner or console says why)."""
        if self._run is not None or self._closed:
            return False
        w = self._main.window
        bar = w.request_bar
        profile = bar.profile.currentText().strip() or "passthrough"
        try:
            parse_profile(profile)
        except ProfileError as exc:
            w.banner.show_message(self.tr("The script cannot run: the delivery profile is not valid: {error}")
                                  .format(error=exc), "error")
            return False
        seed = bar.seed.value()
        platform = bar.platform.currentData() or "android"
        source = self.view.editor.toPlainText()
        self._fill_demo_query(start="options.base" in source)
        query = parse_query(self.view.query.text())
        project = self.project.project
        if project is not None and not self._save_project_file():
            return False
        name = self.project.route or project.entry if project is not None else self._name
        stem = Path(name).stem if project is None else project.folder.name
        try:
            what = self.project.run_options() if project is not None else {"filename": self._name}
            if project is not None and (link := self.phone.link_for_run()) is not None:
                what["view"] = link  # the page rendered on the phone, its taps and typing back to the run
            run = ScriptRun(source if project is None else None, **what, query=query, profile=profile, seed=seed,
                            platform=platform, timeout_ms=None, log_path=new_recording_path(f"script-{stem}"),
                            script_timeout_ms=self.script_timeout_ms, clipboard=self.clipboard, parent=self)
        except (ProfileError, ValueError, KeyError, OSError) as exc:
            self.phone.run_finished()
            w.banner.show_message(self.tr("The script cannot run: {error}").format(error=exc), "error")
            return False
        self.phone.run_started(run.program)
        run.outputReady.connect(self._on_output_ready, Qt.ConnectionType.QueuedConnection)
        run.requestMade.connect(self._on_request_made, Qt.ConnectionType.QueuedConnection)
        run.finished.connect(self._on_run_finished, Qt.ConnectionType.QueuedConnection)
        run.deviceNote.connect(self._on_device_note, Qt.ConnectionType.QueuedConnection)
        self._run = run
        self.result = None
        self._clear_console()
        self._reset_page()
        known = PLATFORMS.get(platform)
        title = in_language(known.title, known.title_zh) if known else platform
        settings = self.tr("delivery {profile} · seed {seed} · {platform}").format(
            profile=profile, seed=seed, platform=title)
        query_text = "&".join(f"{k}={v}" for k, v in query.items()) or self.tr("(empty)")
        self._note(self.tr("Running {name} with {settings}; query {query}").format(
            name=name, settings=settings, query=query_text))
        self._set_status(self.tr("Running {name} — {settings}…").format(name=name, settings=settings))
        self._set_running(True)
        self.background.run_started()
        self.page.run_started()
        self.save_settings()
        run.start()
        self.runStarted.emit()
        return True

    def stop(self) -> None:
        """Stop the run: pending requests are aborted; ``runFinished`` follows shortly."""
        run = self._run
        if run is None or run.stopping:
            return
        run.stop()
        self._set_status(self.tr("Stopping…"))
        self.view.stop_action.setEnabled(False)

    def open_file(self, path: Path | str) -> bool:
        path = Path(path)
        source = self._read_file(path, self.tr("Cannot open the script {path}: {error}"))
        if source is None:
            key = str(path.resolve())
            if key in self._recent:  # gone or unreadable: it leaves the list
                self._recent.remove(key)
                self._rebuild_recent()
            return False
        self._load(source, path.name, path)
        self._remember(path)
        return True

    def load_example(self, path: Path | str, *, start_demo: bool = True) -> bool:
        """Load an example as an untitled copy (Save asks where: the shipped file stays as it is).

        The examples stream from the demo server: ``start_demo`` starts it (if needed) and points the
        query's ``base`` at it, unless the user typed a query of their own."""
        path = Path(path)
        source = self._read_file(path, self.tr("Cannot open the example {path}: {error}"))
        if source is None:
            return False
        self._load(source, path.name, None)
        self._fill_demo_query(start=start_demo)
        return True

    def save_to(self, path: Path | str) -> bool:
        path = Path(path)
        try:
            path.write_text(self.view.editor.toPlainText(), encoding="utf-8")
        except OSError as exc:
            self._main.window.banner.show_message(
                self.tr("Cannot save the script to {path}: {error}").format(path=path, error=exc), "error")
            return False
        self._path = path
        self._name = path.name
        self.view.editor.document().setModified(False)
        if self.project.project is None:
            self._remember(path)
        self._update_file_label()
        self._show_script_title()
        return True

    def set_preview_path(self, path: str) -> None:
        self.view.path.setCurrentText(path)

    def shutdown(self, wait_s: float | None = None) -> None:
        """Window closing: stop a run (releasing a request it holds), wait for it briefly, save."""
        if self._closed:
            return
        self._closed = True
        self.save_settings()
        run = self._run
        if run is not None:
            run.stop()
            # A task interrupted mid-loop stops within the script timeout; the requests abort at once.
            if not run.wait(wait_s if wait_s is not None else self.script_timeout_ms / 1000 + 3.0):
                run.setParent(None)  # still running: it outlives the window rather than die under its thread
        self._output_timer.stop()
        self._data_timer.stop()

    # -- settings ----------------------------------------------------------------------------------
    def save_settings(self) -> None:
        s = self._settings
        v = self.view
        project = self.project.project
        s.set("project/open", str(project.folder) if project is not None else "")
        s.set("project/page", self.project.route or "")
        s.set("project/file", str(self._path) if project is not None and self._path else "")
        s.set("script/query", v.query.text())
        s.set("script/auto_query", self._auto_query)
        s.set("script/recent", self._recent)
        s.set("script/preview_path", v.path.currentText())
        for splitter in v.splitters:
            s.set(f"script/splitters/{splitter.objectName()}", splitter.saveState())
        if project is not None:
            self._save_project_file()
            return  # the script's own settings stay as they were when the project opened
        s.set("script/source", v.editor.toPlainText())
        s.set("script/path", str(self._path) if self._path else "")
        s.set("script/name", self._name)
        s.set("script/modified", v.editor.document().isModified())

    def _restore(self) -> None:
        s = self._settings
        v = self.view
        recent = s.get_json("script/recent", [])
        self._recent = [p for p in recent if isinstance(p, str)][:MAX_RECENT] if isinstance(recent, list) else []
        self._rebuild_recent()
        v.path.addItem(DEFAULT_PREVIEW_PATH)
        v.path.setCurrentText(s.get_str("script/preview_path", DEFAULT_PREVIEW_PATH) or DEFAULT_PREVIEW_PATH)
        for splitter in v.splitters:
            state = s.get_bytes(f"script/splitters/{splitter.objectName()}")
            if state is not None:
                splitter.restoreState(state)
        self._restore_script()
        # A query the panel filled in names last session's demo server, whose port is gone.
        query, auto = s.get_str("script/query", ""), s.get_str("script/auto_query", "")
        if query and query != auto:
            v.query.setText(query)
        elif not v.query.text():
            self._fill_demo_query(start=False)
        folder = s.get_str("project/open", "")
        if folder and Path(folder).is_dir() and self.project.open_project(folder):
            page = s.get_str("project/page", "")
            if page and v.page_picker.findText(page) >= 0:
                v.page_picker.setCurrentText(page)
            file = Path(s.get_str("project/file", "") or ".")
            if file.is_file() and file != self._path:
                self._open_project_file(file)

    def _restore_script(self) -> None:
        """The script the editor had (before a project opened, or when the window last closed)."""
        s = self._settings
        source = s.get_str("script/source", "")
        if source:
            saved_path = s.get_str("script/path", "")
            path = Path(saved_path) if saved_path else None
            self._load(source, s.get_str("script/name", "page.js") or "page.js", path)
            modified = s.get_bool("script/modified", False)
            if path is not None:
                try:
                    modified = path.read_text(encoding="utf-8") != source
                except (OSError, UnicodeDecodeError):
                    modified = True
            self.view.editor.document().setModified(modified)
        else:
            first = next((e.path for e in example_scripts() if e.path.name == "streaming-decoder.js"), None)
            if first is not None:  # a first start: something to run (the demo server starts on Run)
                self.load_example(first, start_demo=False)

    # -- runs ----------------------------------------------------------------------------------------
    def _set_running(self, running: bool) -> None:
        v = self.view
        v.run_action.setEnabled(not running)
        v.stop_action.setEnabled(running)

    def _on_output_ready(self, run: ScriptRun) -> None:
        if run is self._run and not self._output_timer.isActive():
            self._output_timer.start()

    def _on_output_due(self) -> None:
        if self._run is not None:
            self._drain(self._run)

    def paint_guard(self) -> AbstractContextManager[object]:
        """What the window wraps each frame in while a run goes on: the runtime thread is held."""
        run = self._run
        return run.paused() if run is not None else nullcontext()

    def _drain(self, run: ScriptRun) -> None:
        with run.paused():
            output = run.take()
            self._add_console(output.lines)
        if output.events:
            self.page.show_reports(output.events)
        data = output.data
        if data is not None:
            self._pending_data = data
            if not self._data_timer.isActive():
                self._data_timer.start()

    def _on_data_due(self) -> None:
        data, self._pending_data = self._pending_data, None
        if data is not None:
            with self.paint_guard():
                self._show_data(data)

    def _on_request_made(self, handoff: RequestHandoff) -> None:
        if not handoff.take():
            return  # the run stopped meanwhile: the task starts without the views
        self.requestStarting.emit(handoff.task)
        try:
            run = handoff.run
            run.requests_seen += 1
            if self._closed or run is not self._run:
                return
            showing = self._main.stream.task
            if showing is not None and not showing.done and any(showing is t for t in run.watched):
                # The views show one stream; attaching them to this one would abort the other.
                self._note(self.tr("Request {n} of the script is not shown in the views: they are still "
                                   "showing an earlier request of this run, which must go on.").format(
                    n=run.requests_seen))
                return
            self._main.watch(handoff.task)
            run.watched.append(handoff.task)
            mapped_from = getattr(handoff.task, "mapped_from", None)
            if mapped_from:  # the views show where it went; say what the page asked for
                note = self.tr("Request {n}, Map remote: {page_url} → {url}").format(
                    n=run.requests_seen, page_url=mapped_from, url=handoff.task.options.url)
                self.view.status.setText(self._status_text + "\n" + note)
        except Exception as exc:  # noqa: BLE001 - the script goes on whatever the views make of it
            self._note(self.tr("The request could not be shown in the views: {error}").format(error=exc), "warn")
        finally:
            handoff.release()

    def _on_device_note(self, note: object) -> None:
        if not self._closed:
            self.deviceNote.emit(note)

    def _on_run_finished(self, run: ScriptRun, result: RunResult) -> None:
        run.deleteLater()  # its thread has sent its last signal; deleted here, on the GUI thread
        if run is not self._run:
            return
        self._drain(run)
        self._output_timer.stop()
        self._data_timer.stop()
        self._pending_data = None
        self._show_data(result.data)
        self._run = None
        self.result = result
        self._set_running(False)
        self.background.run_finished()
        self.phone.run_finished()
        self.page.run_finished()
        if not self._closed:
            self._report(result)
        self.runFinished.emit(result)

    def _report(self, result: RunResult) -> None:
        seconds = result.elapsed_ms / 1000
        requests = self.tr("%n request(s)", "", result.requests)
        ends = {
            "idle": self.tr("Finished in {s:.2f} s: nothing left to run ({requests}).").format(
                s=seconds, requests=requests),
            "stopped": self.tr("Stopped after {s:.2f} s ({requests} aborted or done).").format(
                s=seconds, requests=requests),
            "timeout": self.tr("The run timed out after {s:.2f} s.").format(s=seconds),
            "memory": self.tr("The run ended: the script used too much memory."),
            "wedged": self.tr("The run ended: an endless loop in an await/then continuation could not be "
                              "interrupted."),
            "runtime-error": self.tr("The run ended: the runtime failed (see the console)."),
        }
        text = ends.get(result.end_reason, self.tr("The run ended: {reason}.").format(reason=result.end_reason))
        self._note(text, "mpsim" if result.end_reason in ("idle", "stopped") else "error")
        if result.errors:
            first = result.errors[0]
            where = self.tr(" at line {line}").format(line=first.line) if first.line is not None else ""
            text += " " + self.tr("%n uncaught error(s); the first{where}: {message}", "", len(result.errors)).format(
                where=where, message=first.message)
            self.view.status.setStyleSheet("color: #b71c1c;")
        self.view.status.setText(text)

    def note(self, text: str, level: str = "mpsim") -> None:
        """A line in the console from mpsim itself (not the page)."""
        self._note(text, level)

    def _view_warning(self, text: str) -> None:
        # The page's view warns on the run's thread (a WXML error, a missing component): the run's
        # console takes it from there; the phone failing to load warns here, on the GUI thread.
        run = self._run
        if run is not None:
            run.warn(text)

    def _note(self, text: str, level: str = "mpsim") -> None:
        self._add_console([ConsoleEntry(level, text, None, time.time(), self._name)])

    # -- page data and phone -----------------------------------------------------------------------
    def _reset_page(self) -> None:
        self.page_data = {}
        self.view.data_tree.clear()
        self._show_preview()

    def _show_data(self, data: dict[str, Any]) -> None:
        self.page_data = data
        tree = self.view.data_tree
        tree.setUpdatesEnabled(False)
        try:
            sync_tree(tree.invisibleRootItem(), data, top=True)
        finally:
            tree.setUpdatesEnabled(True)
        paths = []
        for i, p in enumerate(data_paths(data)):
            if i >= MAX_PATHS:
                break
            paths.append(p)
        if paths and paths != self._paths:
            self._paths = paths
            combo = self.view.path
            current = combo.currentText()
            blocked = combo.blockSignals(True)
            try:
                combo.clear()
                combo.addItems(paths if DEFAULT_PREVIEW_PATH in paths else [DEFAULT_PREVIEW_PATH, *paths])
                combo.setCurrentText(current)
            finally:
                combo.blockSignals(blocked)
        self._show_preview()
        self.phone.data_changed()

    def _show_preview(self) -> None:
        phone = self.view.phone
        path = self.view.path.currentText().strip()
        found, value = value_at(self.page_data, path)
        if found:
            phone.set_text(preview_text(value))
        elif self._run is None and not self.page_data:
            phone.set_placeholder(self.tr("Run the page: the phone shows {path} as setData changes it.").format(
                path=path or DEFAULT_PREVIEW_PATH))
        else:
            phone.set_placeholder(self.tr("The page data has no {path} (yet).").format(path=path or "…"))

    def _on_path_changed(self, _text: str) -> None:
        self._show_preview()

    # -- files ---------------------------------------------------------------------------------------
    def _read_file(self, path: Path, failure: str) -> str | None:
        """The file's text; None when it cannot be read, after the banner says ``failure`` ({path}, {error})."""
        try:
            return path.read_text(encoding="utf-8")
        except (OSError, UnicodeDecodeError) as exc:
            self._main.window.banner.show_message(failure.format(path=path, error=exc), "error")
            return None

    def _load(self, source: str, name: str, path: Path | None) -> None:
        editor = self.view.editor
        editor.setPlainText(source)
        editor.document().setModified(False)
        editor.moveCursor(QTextCursor.MoveOperation.Start)
        self._path = path
        self._name = name
        self._update_file_label()
        self._show_script_title()

    def _show_script_title(self) -> None:
        if self.project.project is None:  # a project's page has its own (its window settings, the page)
            self.view.phone.set_title(Path(self._name).stem)

    def _remember(self, path: Path) -> None:
        self._recent = remember(self._recent, path, MAX_RECENT)
        self._rebuild_recent()

    def _rebuild_recent(self) -> None:
        fill_recent_menu(self.view.recent_menu, self._recent, self.open_file, self._on_clear_recent)
        self.view.recent_button.setEnabled(bool(self._recent))

    def _update_file_label(self) -> None:
        v = self.view
        modified = v.editor.document().isModified()
        if self._path is not None:
            text, tip = self._path.name, str(self._path)
        else:
            is_example = (EXAMPLES_DIR / self._name).is_file()
            text = self.tr("{name} (example)").format(name=self._name) if is_example else self._name
            tip = self.tr("Not saved to a file yet")
        v.file_label.setText(("● " if modified else "") + text)
        v.file_label.setToolTip(tip + ("\n" + self.tr("Modified") if modified else ""))

    def _fill_demo_query(self, *, start: bool) -> None:
        """Point ``base`` at the demo server when the user has not typed a query of their own."""
        current = self.view.query.text().strip()
        if current and current != self._auto_query:
            return
        request = self._main.request
        server = request.demo_server
        url = server.url if server is not None else (request.demo_url() if start else None)
        if url is None:
            return
        self._auto_query = f"base={url}"
        self.view.query.setText(self._auto_query)

    # -- handlers ------------------------------------------------------------------------------------
    def _on_run(self) -> None:
        self.run()

    def _on_stop(self) -> None:
        self.stop()

    def _on_example(self, path: Path) -> None:
        self.load_example(path)

    def _on_open(self) -> None:
        start = str(self._path.parent) if self._path else str(Path.home())
        name, _ = QFileDialog.getOpenFileName(self.view, self.tr("Open a page script"), start,
                                              self.tr("JavaScript (*.js *.mjs *.cjs);;All files (*)"))
        if name:
            self.open_file(name)

    def _on_save(self) -> None:
        if self._path is None:
            self._on_save_as()
        else:
            self.save_to(self._path)

    def _on_save_as(self) -> None:
        start = str(self._path) if self._path else str(Path.home() / self._name)
        name, _ = QFileDialog.getSaveFileName(self.view, self.tr("Save the page script"), start,
                                              self.tr("JavaScript (*.js);;All files (*)"))
        if name:
            self.save_to(name)

    def _on_clear_recent(self) -> None:
        self._recent = []
        self._rebuild_recent()

    def _on_modification_changed(self, _modified: bool) -> None:
        self._update_file_label()

    def console_entries(self) -> list[ConsoleEntry]:
        """The console's rows, oldest first (at most ``ConsoleView.MAX_LINES``)."""
        return list(self.view.console.entries)

    def _add_console(self, entries: Sequence[ConsoleEntry]) -> None:
        """Show what a drain took, at most ``MAX_MESSAGES_PER_DRAIN`` of it: adding a row costs the
        console some 25 µs, so a page printing tens of thousands of lines a second is shown in part
        (its errors and warnings first, then its newest lines) rather than freezing the window."""
        if not entries:
            return
        shown = within_budget(entries, self.MAX_MESSAGES_PER_DRAIN)
        if len(shown) < len(entries):
            note = ConsoleEntry("mpsim", self.tr("… %n line(s) not shown: the page prints faster than the console "
                                                 "shows (RunResult.console and `mpsim run` have them all)", "",
                                                 len(entries) - len(shown)), None, shown[0].stamp, self._name)
            shown = [note, *shown]
        self.view.console.append_entries(shown)
        self._console_lines += len(entries)
        self._console_errors += sum(1 for e in entries if e.level == "error")
        self._console_warnings += sum(1 for e in entries if e.level == "warn")
        self._update_console_count()

    def _clear_console(self) -> None:
        self.view.console.clear_entries()
        self._console_lines = self._console_errors = self._console_warnings = 0
        self._update_console_count()

    def _on_console_line_clicked(self, entry: ConsoleEntry) -> None:
        if entry.line is None:
            return
        path = self.project.file_for(entry.source)
        if path is not None and path != self._path and not self._open_project_file(path):
            return
        self.view.editor.go_to_line(entry.line, mark=entry.level == "error", col=entry.col)

    # -- project ---------------------------------------------------------------------------------------
    def _open_project_file(self, path: Path) -> bool:
        """Show a file of the open project in the editor (the edits of the one before are saved first:
        runs read the files on disk)."""
        if not self._save_project_file():
            return False
        source = self._read_file(path, self.tr("Cannot open {path}: {error}"))
        if source is None:
            return False
        project = self.project.project
        root = project.root if project is not None else path.parent
        name = path.relative_to(root).as_posix() if path.is_relative_to(root) else path.name
        self._load(source, name, path)
        self.view.project_tree.select_file(path)
        return True

    def _save_project_file(self) -> bool:
        if self.project.project is None or self._path is None or not self.view.editor.document().isModified():
            return True
        return self.save_to(self._path)

    def _on_open_project(self) -> None:
        project = self.project.project
        start = str(project.folder.parent) if project is not None else str(Path.home())
        folder = QFileDialog.getExistingDirectory(self.view, self.tr("Open a mini-program project"), start)
        if folder:
            self.open_project(folder)

    def _on_project_about_to_open(self) -> None:
        if self.project.project is None:
            self.save_settings()  # the script in the editor comes back when the project closes
        else:
            self._save_project_file()

    def _on_project_opened(self, project: Project) -> None:
        self._set_status(self.tr("Project {name}: pick the page and Run (Ctrl+R); the page's methods, "
                                 "storage and Map remote rules are in the tabs.").format(name=project.folder.name))
        self.view.tabs.setCurrentWidget(self.view.page_methods)

    def _on_project_closed(self) -> None:
        self._path, self._name = None, "page.js"
        self._restore_script()

    def _on_page_picked(self, route: str) -> None:
        project = self.project.project
        if project is None or not route:
            return
        if (path := page_file(project, route)) is not None:
            self._open_project_file(path)
        if self._run is None:
            self.page.reset()

    def _on_clear_console(self) -> None:
        self._clear_console()

    def _update_console_count(self) -> None:
        parts = [self.tr("%n message(s)", "", self._console_lines)]
        if self._console_errors:
            parts.append(self.tr("%n error(s)", "", self._console_errors))
        if self._console_warnings:
            parts.append(self.tr("%n warning(s)", "", self._console_warnings))
        self.view.console_count.setText(" · ".join(parts))

    def _set_status(self, text: str) -> None:
        self._status_text = text
        self.view.status.setStyleSheet("")
        self.view.status.setText(text)

    def _on_window_closing(self) -> None:
        self.shutdown()

