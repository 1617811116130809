"""Recent scripts and recent projects: one way to keep the list and show it as a menu."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QMenu

from ..i18n import tr

#: How many characters of a recent file's name the menu shows (its tip has the whole path).
RECENT_NAME_CHARS = 48


def remember(recent: list[str], path: Path, limit: int) -> list[str]:
    """``recent`` with ``path`` first (once), at most ``limit`` long."""
    p = str(path.resolve())
    return [p] + [r for r in recent if r != p][: limit - 1]


def fill_recent_menu(menu: QMenu, recent: list[str], on_open: Callable[[str], object],
                     on_clear: Callable[[], None]) -> None:
    """One action per path (named by the file or folder, the full path in its tip), then "Clear the list"."""
    menu.clear()
    menu.setToolTipsVisible(True)
    # A long file or folder name is cut in its middle, so the menu stays narrower than a laptop screen.
    room = menu.fontMetrics().averageCharWidth() * RECENT_NAME_CHARS
    for p in recent:
        action = menu.addAction(menu.fontMetrics().elidedText(Path(p).name, Qt.TextElideMode.ElideMiddle, room))
        action.setToolTip(p)
        action.setStatusTip(p)
        action.setData(p)
        action.triggered.connect(lambda _checked=False, path=p: on_open(path))
    if recent:
        menu.addSeparator()
        menu.addAction(tr("Clear the list"), on_clear)
