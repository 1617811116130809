"""Recent scripts and recent projects: one way to keep the list and show it as a menu."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from PySide6.QtWidgets import QMenu

from ..i18n import tr


def remember(recent: list[str], path: Path, limit: int) -> list[str]:
    """``recent`` with ``path`` first (once), at most ``limit`` long."""
    p = str(path.resolve())
    return [p] + [r for r in recent if r != p][: limit - 1]


def fill_recent_menu(menu: QMenu, recent: list[str], on_open: Callable[[str], object],
                     on_clear: Callable[[], None]) -> None:
    """One action per path (named by the file or folder, the full path in its tip), then "Clear the list"."""
    menu.clear()
    for p in recent:
        action = menu.addAction(Path(p).name)
        action.setToolTip(p)
        action.setStatusTip(p)
        action.setData(p)
        action.triggered.connect(lambda _checked=False, path=p: on_open(path))
    if recent:
        menu.addSeparator()
        menu.addAction(tr("Clear the list"), on_clear)
