"""The PySide6 desktop app: views (layout), models, controllers; it drives ``simulator.core`` only.

- ``run_gui(url=None, *, demo=False)``: what ``mpsim``, ``mpsim gui [URL]`` and ``mpsim demo`` run.
- ``MainController``: the window and its controllers; ``watch(task)`` shows a ``RequestTask``
  created elsewhere (attach before ``start()``), ``add_panel(widget, title)`` docks a tool panel.
- ``MainWindow``: the window (``add_panel`` too); ``StreamController``: every view of one stream;
  ``StreamFeed``: the monitor that carries a stream from its thread to the GUI thread.
"""

from ._pyside_fix import protect_none

protect_none()  # before any Qt call from Python: see _pyside_fix for the PySide6 6.12 bug

from .app import MainController, create_main, run_gui  # noqa: E402
from .feed import StreamFeed  # noqa: E402
from .main_window import MainWindow  # noqa: E402
from .stream_controller import StreamController  # noqa: E402

__all__ = ["MainController", "MainWindow", "StreamController", "StreamFeed", "create_main", "run_gui"]
