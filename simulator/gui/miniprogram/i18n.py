"""The panel's translated strings share one context, so one ``.ts`` section holds them."""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication


def tr(text: str) -> str:
    return QCoreApplication.translate("ScriptPanel", text)
