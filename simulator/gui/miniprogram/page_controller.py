"""The running page as the panel shows it beyond its data: its methods and Call, what it draws over
the phone (toast, loading, modal, the navigation bar), and its storage.

``ScriptPanelController`` hands over what each run reports (``show_reports``) and says when runs
start and end; this decides where the user's calls and storage edits go: to the running page
(``ScriptRun.call``, ``set_storage``...), or, when nothing runs, to the project's storage file.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Sequence
from typing import Any

from PySide6.QtCore import QObject

from ..i18n import tr
from .page_methods import EventError, input_event, parse_event
from .panel import ScriptPanel
from .phone_controller import PhoneController
from .project_controller import ProjectController
from .run import ScriptRun


class PageController(QObject):
    """Behaviour of the Methods and Storage tabs and of the phone's bar and overlay."""

    def __init__(self, view: ScriptPanel, project: ProjectController, current_run: Callable[[], ScriptRun | None],
                 note: Callable[[str, str], None], phone: PhoneController) -> None:
        super().__init__(view)
        self.view = view
        self._phone = phone
        self._project = project
        self._current_run = current_run
        self._note = note
        self.route: str | None = None
        self.methods: list[str] = []
        v = view
        v.page_methods.callRequested.connect(self._on_call)
        v.page_methods.inputRequested.connect(self._on_input)
        v.storage.valueEdited.connect(self._on_value_edited)
        v.storage.keyRenamed.connect(self._on_key_renamed)
        v.storage.removeRequested.connect(self._on_remove)
        v.storage.clearRequested.connect(self._on_clear)
        project.projectOpened.connect(lambda _p: self.reset())
        project.projectClosed.connect(self.reset)

    # -- runs ------------------------------------------------------------------------------------------
    def reset(self) -> None:
        """A new run (or project): no page yet, nothing over the phone, the bar as the app sets it."""
        self.route, self.methods = None, []
        v = self.view
        v.page_methods.set_page(None, [], running=self._current_run() is not None)
        v.phone.overlay.clear()
        v.phone.reset_navigation_bar()
        project = self._project.project
        route = (self._project.route or project.entry) if project is not None else None
        self._phone.reset(route)
        if route is not None:
            self._show_window_config(route)

    def run_started(self) -> None:
        self.reset()

    def run_finished(self) -> None:
        self.view.page_methods.set_running(False)
        if self._project.project is not None:  # the page saved its storage: show the file as it is now
            self.view.storage.show_snapshot(self._project.storage_items())

    def show_reports(self, events: Sequence[tuple[str, Any]]) -> None:
        """What the run reported, in order: pages loaded, UI calls, storage snapshots."""
        for kind, payload in events:
            if kind == "page":
                route, methods, _data = payload
                self._on_page(route, methods)
            elif kind == "ui":
                self._on_ui(*payload)
            elif kind == "storage":
                self.view.storage.show_snapshot(payload)

    # -- reports -------------------------------------------------------------------------------------
    def _on_page(self, route: str, methods: list[str]) -> None:
        self.route, self.methods = route, methods
        self.view.page_methods.set_page(route, methods, running=self._current_run() is not None)
        self.view.phone.reset_navigation_bar()
        self._show_window_config(route)

    def _show_window_config(self, route: str) -> None:
        if self._project.project is None:
            return  # a plain script has no window settings: the phone keeps the script's name
        self._phone.show_window_config(self._project.page_config(route))

    def _on_ui(self, kind: str, payload: dict[str, Any]) -> None:
        if kind == "navigationBarTitle":
            self._phone.set_title(str(payload.get("title", "")))
        elif kind == "navigationBarColor":
            background, front = payload.get("backgroundColor"), payload.get("frontColor")
            self._phone.set_navigation_bar(background if isinstance(background, str) else None,
                                           front if isinstance(front, str) else None)
        else:
            self.view.phone.overlay.show_ui(kind, payload if isinstance(payload, dict) else {})

    # -- the user's calls --------------------------------------------------------------------------------
    def call(self, name: str, event: dict[str, Any] | None = None) -> bool:
        """Call page method ``name`` of the running page; False when nothing runs."""
        run = self._current_run()
        if run is None:
            self.view.page_methods.show_message(tr("Run the page first."), error=True)
            return False
        run.call(name, event)
        shown = "" if event is None else " " + tr("with {event}").format(event=_short(event))
        self._note(tr("Calling {name}{event}").format(name=name, event=shown), "mpsim")
        self.view.page_methods.show_message("")
        return True

    def _on_call(self, name: str, text: str) -> None:
        try:
            event = parse_event(text)
        except EventError as exc:
            self.view.page_methods.show_message(str(exc), error=True)
            return
        self.call(name, event)

    def _on_input(self, name: str, text: str) -> None:
        self.call(name, input_event(text))

    # -- storage edits ----------------------------------------------------------------------------------
    def _on_value_edited(self, key: str, value: Any) -> None:
        run = self._current_run()
        if run is not None:
            run.set_storage(key, value)
        elif self._project.project is not None:
            self.view.storage.show_snapshot(self._project.edit_storage(lambda items: items.__setitem__(key, value)))

    def _on_key_renamed(self, old: str, new: str, value: Any) -> None:
        run = self._current_run()
        if run is not None:
            run.remove_storage(old)
            run.set_storage(new, value)
        elif self._project.project is not None:
            def rename(items: dict[str, Any]) -> None:
                items.pop(old, None)
                items[new] = value
            self.view.storage.show_snapshot(self._project.edit_storage(rename))

    def _on_remove(self, key: str) -> None:
        run = self._current_run()
        if run is not None:
            run.remove_storage(key)
        elif self._project.project is not None:
            self.view.storage.show_snapshot(self._project.edit_storage(lambda items: items.pop(key, None)))

    def _on_clear(self) -> None:
        run = self._current_run()
        if run is not None:
            run.clear_storage()
        elif self._project.project is not None:
            self.view.storage.show_snapshot(self._project.edit_storage(lambda items: items.clear()))


def _short(event: dict[str, Any]) -> str:
    text = json.dumps(event, ensure_ascii=False)
    return text if len(text) <= 120 else text[:119] + "…"
