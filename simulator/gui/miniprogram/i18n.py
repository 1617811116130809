"""The panel's translated strings share one context, so one ``.ts`` section holds them."""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication


def tr(text: str, n: int = -1) -> str:
    """``text`` translated; with ``n``, its plural form for ``n`` (``%n`` in the text is replaced)."""
    return QCoreApplication.translate("ScriptPanel", text, None, n)
