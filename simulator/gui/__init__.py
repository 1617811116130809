"""The PySide6 desktop app: views (layout), models, controllers; it drives ``simulator.core`` only.

- ``run_gui(url=None, *, demo=False)``: what ``mpsim``, ``mpsim gui [URL]`` and ``mpsim demo`` run.
- ``MainController``: the window and its controllers; ``watch(task)`` shows a ``RequestTask``
  created elsewhere (attach before ``start()``), ``add_panel(widget, title)`` docks a tool panel.
- ``MainWindow``: the window (``add_panel`` too); ``StreamController``: every view of one stream;
  ``StreamFeed``: the monitor that carries a stream from its thread to the GUI thread.
"""

from .app import MainController, create_main, run_gui
from .feed import StreamFeed
from .main_window import MainWindow
from .stream_controller import StreamController

__all__ = ["MainController", "MainWindow", "StreamController", "StreamFeed", "create_main", "run_gui"]
