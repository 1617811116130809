"""The "Mini-program" panel (PRODUCT.md C, D and I): the user's page script or project, run against
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

from .console import ConsoleEntry, ConsoleView
from .controller import ScriptPanelController, parse_query
from .data_tree import data_paths, value_at
from .editor import CodeEditor
from .examples import Example, example_scripts
from .i18n import tr as _tr
from .panel import ScriptPanel
from .phone import PhonePreview
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
    """Dock the mini-program panel in ``main``'s window, add the Examples menu; returns its controller."""
    view = ScriptPanel()
    controller = ScriptPanelController(view, main)
    main.add_panel(view, _tr("Mini-program"))
    # Each frame of the window already holds the request thread (StreamController's guard); hold the
    # runtime thread too, so painting the panel never waits for the GIL.
    window_guard = main.window.paint_guard

    def frame_guard() -> AbstractContextManager[object]:
        stack = ExitStack()
        stack.enter_context(window_guard())
        stack.enter_context(controller.paint_guard())
        return stack

    main.window.paint_guard = frame_guard
    menu = main.window.menuBar().addMenu(_tr("E&xamples"))
    menu.setObjectName("examplesMenu")
    controller.fill_examples_menu(menu)
    return controller
