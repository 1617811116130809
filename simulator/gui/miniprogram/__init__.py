"""The "Mini-program" panel (docs/product.md C, D and I): the user's page script or project, run against
real streams. A package of small parts:

- ``panel``: the layout (no behaviour); ``controller``: what it does (files, runs, console, page data);
- ``editor``, ``console``, ``phone``, ``data_tree``: the widgets and their helpers;
- ``run``: one ``MiniProgram`` on its own thread, and the hand-over of its requests to the views;
- ``examples``: the ready scripts of the Examples menu;
- ``host``: what the panel needs from the window (``MainController`` provides it).

``install_script_panel(main)`` docks the panel in the window, adds the Examples menu and returns the
``ScriptPanelController``.
"""

from __future__ import annotations

from contextlib import AbstractContextManager, ExitStack
from typing import TYPE_CHECKING

from ..i18n import tr
from .console import ConsoleEntry, ConsoleView
from .controller import ScriptPanelController, parse_query
from .data_tree import data_paths, value_at
from .editor import CodeEditor
from .examples import Example, example_scripts
from .panel import ScriptPanel
from .phone import PhonePreview
from .project_controller import FolderDrop
from .run import ScriptRun

if TYPE_CHECKING:
    from .host import PanelHost

__all__ = [
    "CodeEditor",
    "ConsoleEntry",
    "ConsoleView",
    "Example",
    "PhonePreview",
    "ScriptPanel",
    "ScriptPanelController",
    "ScriptRun",
    "example_scripts",
    "data_paths",
    "install_script_panel",
    "parse_query",
    "value_at",
]


def install_script_panel(main: PanelHost) -> ScriptPanelController:
    """Dock the mini-program panel in ``main``'s window, add Open Project… and Recent Projects to the
    File menu, the Examples menu, and take project folders dropped on the window; returns its controller."""
    view = ScriptPanel()
    controller = ScriptPanelController(view, main)
    main.add_panel(view, tr("Mini-program"))
    # Each frame of the window already holds the request thread (StreamController's guard); hold the
    # runtime thread too, so painting the panel never waits for the GIL.
    window_guard = main.window.paint_guard

    def frame_guard() -> AbstractContextManager[object]:
        stack = ExitStack()
        stack.enter_context(window_guard())
        stack.enter_context(controller.paint_guard())
        return stack

    main.window.paint_guard = frame_guard
    # File: Open Project… and Recent Projects, after the window's own Open.
    file_menu, before = main.window.file_menu, main.window.recent_menu.menuAction()
    file_menu.insertAction(before, view.open_project_action)
    file_menu.insertMenu(before, controller.project.recent_menu)
    file_menu.insertAction(before, view.close_project_action)
    controller.folder_drop = FolderDrop(controller.open_project, main.window)  # kept: it filters in Python
    main.window.installEventFilter(controller.folder_drop)
    main.window.setAcceptDrops(True)
    # Run, Stop and the background: what a phone user does to a running mini-program.
    run_menu = main.window.menuBar().addMenu(tr("&Mini-program"))
    run_menu.setObjectName("miniProgramMenu")
    run_menu.addActions([view.run_action, view.stop_action])
    run_menu.addSeparator()
    run_menu.addAction(controller.background.action)
    menu = main.window.menuBar().addMenu(tr("E&xamples"))
    menu.setObjectName("examplesMenu")
    controller.fill_examples_menu(menu)
    return controller
