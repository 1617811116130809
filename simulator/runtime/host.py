"""What the page's ``wx`` calls ask of the host beyond requests: storage to keep, UI to draw, clipboard.

The JS side (``js/wx*.js``) cannot call Python; it returns ops from each batch (``bootstrap.py``).
``MiniProgram`` handles ``request``/``abort`` itself and gives every other op to ``Host.handle``:

- ``["storage", items]``: the page's storage after the batch changed it (at most one per batch):
  saved to the project's file (``storage.py``) and passed to ``on_storage`` for the Storage view;
- ``["ui", kind, payload]``: something a device shows (kind: toast, hideToast, loading, hideLoading,
  modal, actionSheet, navigationBarTitle, navigationBarColor, vibrate, pageScrollTo), for the
  window to draw over the phone; headless, the console line JS wrote is all there is;
- ``["clipboard", text]``: ``wx.setClipboardData``, for the system clipboard in the window.

``selectorQuery`` and ``pageScrollTo`` ops, made only when the run's view lays the page out (the
window's phone), go to that view (``MiniProgram._select_nodes``), not here.

Called on the thread that runs the page (``MiniProgram.run``); a ``Clipboard`` that touches the
GUI's clipboard hands the call to the GUI thread itself.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Any

from .storage import ProjectStorage

if TYPE_CHECKING:
    from .program import Clipboard

__all__ = ["Host", "UI_KINDS"]

UI_KINDS = frozenset({"toast", "hideToast", "loading", "hideLoading", "modal", "actionSheet",
                      "navigationBarTitle", "navigationBarColor", "vibrate", "pageScrollTo"})


class Host:
    """Carries out the host ops of one run. ``say(level, text)`` writes to the run's console."""

    def __init__(
        self,
        storage: ProjectStorage | Path | None = None,
        clipboard: Clipboard | None = None,
        on_ui: Callable[[str, dict[str, Any]], None] | None = None,
        on_storage: Callable[[dict[str, Any]], None] | None = None,
        say: Callable[[str, str], None] | None = None,
    ) -> None:
        self.storage = ProjectStorage(storage) if isinstance(storage, Path) else storage
        # Headless there is none: the page's copied text lives in JS for the run.
        self.clipboard = clipboard
        self.on_ui = on_ui
        self.on_storage = on_storage
        self.say = say or (lambda level, text: None)
        self._save_failed = False

    def handle(self, op: list[Any]) -> None:
        kind = op[0] if op else None
        if kind == "storage":
            self._storage(op[1])
        elif kind == "ui":
            if self.on_ui is not None:
                self.on_ui(op[1], op[2])
        elif kind == "clipboard":
            if self.clipboard is not None:
                self.clipboard.set(op[1])
        else:
            self.say("error", f"mpsim runtime: unknown host op {kind!r} (ignored)")

    def _storage(self, items: dict[str, Any]) -> None:
        if self.storage is not None:
            try:
                self.storage.save(items)
                self._save_failed = False
            except OSError as exc:
                # The page goes on with its storage in memory; the user hears once per failure spell.
                if not self._save_failed:
                    self.say("warn", f"mpsim: the page's storage could not be saved to {self.storage.path}: "
                                     f"{exc.strerror or exc}")
                self._save_failed = True
        if self.on_storage is not None:
            self.on_storage(items)
