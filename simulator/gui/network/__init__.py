"""The Network panel (docs/product.md C): every request of the session — the request bar's and the page's —
in one list, their headers, two pinned runs compared, and why a page garbled.

- ``model``: ``NetworkEntry`` (one request, counted as it runs) and the list's table model and filter;
- ``panel``: the layout; ``compare``: the two runs side by side; ``controller``: what it all does,
  with the request bar's curl paste, Copy as cURL / wx.request code and pacing presets.

``install_network_panel(main)`` docks the panel in the window and returns its controller.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import QCoreApplication, Qt

from .compare import BoundaryAxis, CompareView, RunView
from .controller import PACING_PRESETS, NetworkController
from .model import NetworkEntry, NetworkTableModel
from .panel import NetworkPanel

if TYPE_CHECKING:
    from simulator.gui.app import MainController

__all__ = ["PACING_PRESETS", "BoundaryAxis", "CompareView", "NetworkController", "NetworkEntry", "NetworkPanel",
           "NetworkTableModel", "RunView", "install_network_panel"]


def install_network_panel(main: MainController) -> NetworkController:
    """Dock the Network panel under the stream views (install the mini-program panel first, so the
    page's requests are listed too)."""
    panel = NetworkPanel()
    controller = NetworkController(panel, main)
    main.add_panel(panel, QCoreApplication.translate("NetworkPanel", "Network"), Qt.DockWidgetArea.BottomDockWidgetArea)
    return controller
