"""The open project (docs/product.md I): its files beside the editor, the page picker, recent projects,
its "Map remote" rules and its storage while nothing runs.

``ScriptPanelController`` owns one and asks it, when a project is open, what to run
(``run_options``) and where a console line's file is (``file_for``).
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QEvent, QObject, Signal
from PySide6.QtGui import QDragEnterEvent, QDropEvent
from PySide6.QtWidgets import QMenu

from simulator.core.device import DomainError, project_domains
from simulator.runtime.project import Project, ProjectError, load_project
from simulator.runtime.storage import ProjectStorage, StorageFileError

from ..i18n import core_error, tr
from .domains import load_domains, save_domains
from .map_remote import active_maps, load_rules, save_rules
from .panel import ScriptPanel
from .project_tree import is_text_file
from .recent import fill_recent_menu, remember

if TYPE_CHECKING:
    from .host import PanelHost

MAX_RECENT_PROJECTS = 10
RECENT_KEY = "project/recent"
PAGE_SUFFIXES = (".js", ".ts")  # a page's logic file; .ts is compiled to .js as DevTools does


def page_routes(project: Project) -> list[str]:
    """The routes of app.json (main package, then subpackages), the entry page first."""
    return [project.entry] + [p for p in project.pages if p != project.entry]


def page_file(project: Project, route: str) -> Path | None:
    """The page's own logic file (``pages/chat/index.js`` or ``.ts``)."""
    return next((p for s in PAGE_SUFFIXES if (p := project.root / (route + s)).is_file()), None)


class ProjectController(QObject):
    """Behaviour of the project parts of the panel; ``open_file`` shows a file in the editor.

    Public: ``open_project(folder)``, ``close_project()``, ``project``, ``route``, ``run_options()``,
    ``file_for(source)``, ``storage_items()`` and the storage edits for when nothing runs;
    signals ``aboutToOpen``, ``projectOpened(Project)`` and ``projectClosed``.
    """

    aboutToOpen = Signal()  # a project loaded fine and is about to replace what the panel shows
    projectOpened = Signal(object)
    projectClosed = Signal()

    def __init__(self, view: ScriptPanel, main: PanelHost, open_file: Callable[[Path], bool]) -> None:
        super().__init__(view)
        self.view = view
        self._main = main
        self._settings = main.settings
        self._open_file = open_file
        self.project: Project | None = None
        self.recent_menu = QMenu(tr("Recent Projects"), view)
        self.recent_menu.setObjectName("recentProjectsMenu")
        recent = self._settings.get_json(RECENT_KEY, [])
        self._recent = [p for p in recent if isinstance(p, str)][:MAX_RECENT_PROJECTS] if isinstance(recent, list) \
            else []
        self._rebuild_recent()
        view.project_tree.fileActivated.connect(self._on_file_activated)
        view.map_remote.rulesChanged.connect(self._on_rules_changed)
        view.map_remote.domains.changed.connect(self._on_domains_changed)
        view.close_project_action.triggered.connect(self.close_project)

    # -- public --------------------------------------------------------------------------------------
    @property
    def route(self) -> str | None:
        return self.view.page_picker.currentText() or None if self.project is not None else None

    def open_project(self, folder: Path | str) -> bool:
        """Open a project folder: False (and a banner saying why) when it is not one."""
        folder = Path(folder)
        try:
            project = load_project(folder)
        except ProjectError as exc:
            self._main.window.banner.show_message(tr("Cannot open the project: {error}").format(error=exc), "error")
            self._forget(folder)
            return False
        self.aboutToOpen.emit()
        self.project = project
        v = self.view
        v.project_tree.set_folder(project.folder)
        v.project_tree.setVisible(True)
        picker = v.page_picker
        blocked = picker.blockSignals(True)
        try:
            picker.clear()
            picker.addItems(page_routes(project))
        finally:
            picker.blockSignals(blocked)
        picker.setVisible(True)
        v.close_project_action.setEnabled(True)
        v.map_remote.set_rules(load_rules(self._settings, self._key()))
        v.map_remote.domains.set_values(*load_domains(self._settings, self._key()), self._project_domains())
        v.storage.show_snapshot(self.storage_items())
        self._remember(project.folder)
        entry = page_file(project, project.entry)
        if entry is not None:
            self._open_file(entry)
            v.project_tree.select_file(entry)
        self.projectOpened.emit(project)
        return True

    def close_project(self) -> None:
        if self.project is None:
            return
        self.project = None
        v = self.view
        v.project_tree.set_folder(None)
        v.project_tree.setVisible(False)
        v.page_picker.clear()
        v.page_picker.setVisible(False)
        v.close_project_action.setEnabled(False)
        v.map_remote.set_rules([])
        v.map_remote.domains.set_values("", False, [])
        v.storage.show_snapshot({})
        self.projectClosed.emit()

    def run_options(self) -> dict[str, Any]:
        """What ``MiniProgram`` needs to run the picked page of the open project."""
        assert self.project is not None
        store = self._storage()
        # stay_open: idle is not the end of a page in the window; the user calls its methods, then Stop.
        options: dict[str, Any] = {"project": self.project, "page": self.route,
                                   "maps": active_maps(self.view.map_remote.rules()), "stay_open": True}
        domains = self.view.map_remote.domains
        options["strict_domains"] = domains.strict.isChecked()
        if domains.domains() is not None:  # else the project's mpsim.domains, as mpsim run reads them
            options["domains"] = domains.domains()
        if store is not None:
            options["storage_path"] = store.path
            try:
                options["storage"] = store.load()
            except StorageFileError as exc:
                self._main.window.banner.show_message(
                    tr("The project's storage cannot be read, the run starts with none: {error}").format(error=exc),
                    "warn")
        return options

    def file_for(self, source: str) -> Path | None:
        """The file a console line names (relative to the mini-program root, or the project folder)."""
        if self.project is None or not source:
            return None
        for base in (self.project.root, self.project.folder):
            path = base / source
            if path.is_file():
                return path
        return None

    def page_config(self, route: str) -> dict[str, Any]:
        """The page's ``window`` settings: app.json's ``window`` with the page's own json over it."""
        if self.project is None:
            return {}
        try:
            return self.project.page_config(route)
        except (ProjectError, KeyError, OSError):
            return dict(self.project.window or {})

    # -- storage while nothing runs ------------------------------------------------------------------
    def storage_items(self) -> dict[str, Any]:
        store = self._storage()
        if store is None:
            return {}
        try:
            return store.load()
        except StorageFileError as exc:
            self._main.window.banner.show_message(
                core_error(exc, self.tr("The storage file cannot be read: {error}")), "error")
            return {}

    def edit_storage(self, change: Callable[[dict[str, Any]], None]) -> dict[str, Any]:
        """Apply ``change`` to the kept items and save them; returns the items as they are now."""
        store = self._storage()
        items = self.storage_items()
        if store is None:
            return items
        change(items)
        try:
            store.save(items)
        except OSError as exc:
            self._main.window.banner.show_message(
                tr("The storage could not be saved to {path}: {error}").format(path=store.path, error=exc), "error")
        return items

    def _storage(self) -> ProjectStorage | None:
        if self.project is None:
            return None
        return ProjectStorage.for_project(self.project.appid or self.project.folder)

    # -- recent projects ------------------------------------------------------------------------------
    def _remember(self, folder: Path) -> None:
        self._recent = remember(self._recent, folder, MAX_RECENT_PROJECTS)
        self._settings.set(RECENT_KEY, self._recent)
        self._rebuild_recent()

    def _forget(self, folder: Path) -> None:
        p = str(folder.resolve())
        if p in self._recent:
            self._recent.remove(p)
            self._settings.set(RECENT_KEY, self._recent)
            self._rebuild_recent()

    def recent_projects(self) -> list[str]:
        return list(self._recent)

    def _rebuild_recent(self) -> None:
        menu = self.recent_menu
        fill_recent_menu(menu, self._recent, self.open_project, self._on_clear_recent)
        menu.setEnabled(bool(self._recent))

    def _on_clear_recent(self) -> None:
        self._recent = []
        self._settings.set(RECENT_KEY, [])
        self._rebuild_recent()

    # -- handlers -----------------------------------------------------------------------------------
    def _key(self) -> str:
        assert self.project is not None
        return str(self.project.folder.resolve())

    def _on_rules_changed(self) -> None:
        if self.project is not None:
            save_rules(self._settings, self._key(), self.view.map_remote.rules())

    def _on_domains_changed(self) -> None:
        if self.project is not None:
            d = self.view.map_remote.domains
            save_domains(self._settings, self._key(), d.text(), d.strict.isChecked())

    def _project_domains(self) -> list[str]:
        assert self.project is not None
        try:
            return project_domains(self.project.folder)
        except DomainError:
            return []  # said when the page runs (the run cannot start with it)

    def _on_file_activated(self, path: Path) -> None:
        if is_text_file(path):
            self._open_file(path)
        else:
            self._main.window.banner.show_message(
                tr("{name} is not a text file the editor opens.").format(name=path.name), "info")


class FolderDrop(QObject):
    """An event filter for the window: a folder dropped on it opens as a project."""

    def __init__(self, open_project: Callable[[Path], bool], parent: QObject) -> None:
        super().__init__(parent)
        self._open_project = open_project

    @staticmethod
    def folder_in(event: QDragEnterEvent | QDropEvent) -> Path | None:
        urls = event.mimeData().urls() if event.mimeData().hasUrls() else []
        folders = [Path(u.toLocalFile()) for u in urls if u.isLocalFile() and Path(u.toLocalFile()).is_dir()]
        return folders[0] if len(folders) == 1 else None

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() in (QEvent.Type.DragEnter, QEvent.Type.DragMove):
            if isinstance(event, QDragEnterEvent | QDropEvent) and self.folder_in(event) is not None:
                event.acceptProposedAction()
                return True
        elif event.type() == QEvent.Type.Drop and isinstance(event, QDropEvent):
            folder = self.folder_in(event)
            if folder is not None:
                event.acceptProposedAction()
                self._open_project(folder)
                return True
        return super().eventFilter(watched, event)
