"""The GUI's settings: one ini file in mpsim's data folder (so ``MPSIM_HOME`` moves it, as tests need).

Lists and dicts are stored as JSON text: QSettings' own typing of lists differs between formats and
platforms, JSON reads back the same everywhere.
"""

from __future__ import annotations

import json
from typing import Any

from PySide6.QtCore import QByteArray, QSettings

from simulator.core.paths import data_dir

__all__ = ["Settings"]


class Settings:
    FILE = "gui.ini"

    def __init__(self) -> None:
        self.path = data_dir() / self.FILE
        self.qsettings = QSettings(str(self.path), QSettings.Format.IniFormat)

    def get_str(self, key: str, default: str = "") -> str:
        value = self.qsettings.value(key, default)
        return value if isinstance(value, str) else default

    def get_int(self, key: str, default: int = 0) -> int:
        try:
            return int(self.qsettings.value(key, default))
        except (TypeError, ValueError):
            return default

    def get_bool(self, key: str, default: bool = False) -> bool:
        value = self.qsettings.value(key, default)
        if isinstance(value, str):
            return value.lower() in ("1", "true", "yes")
        return bool(value)

    def get_json(self, key: str, default: Any = None) -> Any:
        raw = self.qsettings.value(key)
        if not isinstance(raw, str):
            return default
        try:
            return json.loads(raw)
        except ValueError:
            return default

    def get_per_project(self, key: str, folder: str) -> Any:
        """What ``set_per_project`` kept under ``key`` for the project at ``folder`` (None: nothing)."""
        saved = self.get_json(key, {})
        return saved.get(folder) if isinstance(saved, dict) else None

    def set_per_project(self, key: str, folder: str, value: Any) -> None:
        """Keep ``value`` under ``key`` for the project at ``folder``, beside the other projects'; None forgets it."""
        saved = self.get_json(key, {})
        saved = saved if isinstance(saved, dict) else {}
        if value is None:
            saved.pop(folder, None)
        else:
            saved[folder] = value
        self.set(key, saved)

    def get_bytes(self, key: str) -> QByteArray | None:
        value = self.qsettings.value(key)
        return value if isinstance(value, QByteArray) and not value.isEmpty() else None

    def set(self, key: str, value: Any) -> None:
        if isinstance(value, list | dict | tuple):
            value = json.dumps(value, ensure_ascii=False)
        self.qsettings.setValue(key, value)

    def sync(self) -> None:
        self.qsettings.sync()
