"""A project's ``wx`` storage (``wx.setStorageSync`` and the rest), kept between runs as a device keeps it.

One JSON file per project in mpsim's data folder (``storage/<project>.json``), an object of key ->
value. Values are JSON, except a top-level ``Date`` or ``undefined``, which the page gets back with
its type as on a device (``js/wx_storage.js``): ``{"__mpsim_type__": "Date", "value": "<ISO>"}``,
``{"__mpsim_type__": "Undefined"}``. ``mpsim run --storage FILE.json`` gives the run exactly the
items of FILE (same format). Sizes and limits are as ``wx.getStorageInfoSync`` reports them
(docs/wx-api.md, "Storage").

The page's storage may hold its login token: the file is the user's own, readable by them only, as
the device's storage is; it never goes into chunk logs or exports.
"""

from __future__ import annotations

import hashlib
import json
import os
import re
import stat
from pathlib import Path
from typing import Any

from simulator.core.paths import data_dir

__all__ = ["LIMIT_KB", "ProjectStorage", "StorageFileError", "item_size", "read_storage_file", "storage_info"]

LIMIT_KB = 10240  # "所有数据存储上限为 10MB" (wx.setStorage doc); getStorageInfoSync's limitSize
TYPE_TAG = "__mpsim_type__"
# A storage file holds at most LIMIT_KB of items; the file itself may be larger (indentation, escapes).
MAX_FILE_BYTES = 4 * LIMIT_KB * 1024


class StorageFileError(ValueError):
    """A storage file that cannot be used; the message is one line for the user."""


def _json_text(value: Any) -> str:
    # The same text JSON.stringify gives for what JS sent us, so sizes agree with the page's.
    return json.dumps(value, ensure_ascii=False, separators=(",", ":"))


def item_size(key: str, value: Any) -> int:
    """Bytes one item counts for (UTF-8 of the key and of the stored JSON)."""
    return len(key.encode("utf-8")) + len(_json_text(value).encode("utf-8"))


def storage_info(items: dict[str, Any]) -> dict[str, Any]:
    """What ``wx.getStorageInfoSync()`` answers for these items: keys, currentSize and limitSize in KB."""
    total = sum(item_size(k, v) for k, v in items.items())
    return {"keys": list(items), "currentSize": -(-total // 1024), "limitSize": LIMIT_KB}


def read_storage_file(path: Path | str) -> dict[str, Any]:
    """The items of a storage file (``--storage FILE.json``); ``StorageFileError`` says what is wrong."""
    p = Path(path)
    try:
        if not stat.S_ISREG(p.stat().st_mode):  # a FIFO would block, a device never end (/dev/zero)
            raise StorageFileError(f"storage file {p}: not a regular file")
        with p.open("rb") as f:
            raw = f.read(MAX_FILE_BYTES + 1)
        if len(raw) > MAX_FILE_BYTES:
            raise StorageFileError(f"storage file {p}: over {MAX_FILE_BYTES >> 20} MB, more than a phone keeps "
                                   f"({LIMIT_KB >> 10} MB of storage, wx.setStorage doc)")
        text = raw.decode("utf-8-sig")
    except FileNotFoundError:
        raise StorageFileError(f"storage file {p}: no such file") from None
    except (OSError, UnicodeDecodeError) as exc:
        raise StorageFileError(f"storage file {p}: cannot be read ({exc})") from None
    try:
        items = json.loads(text)
    except RecursionError:
        raise StorageFileError(f"storage file {p}: JSON nested too deeply to read") from None
    except json.JSONDecodeError as exc:
        raise StorageFileError(f"storage file {p}: not valid JSON ({exc.msg} at line {exc.lineno} "
                               f"column {exc.colno})") from None
    if not isinstance(items, dict):
        raise StorageFileError(f"storage file {p}: must be a JSON object of key -> value, "
                               f"not {_json_kind(items)}")
    return items


def _json_kind(v: Any) -> str:
    if isinstance(v, list):
        return "an array"
    if isinstance(v, str):
        return "a string"
    if isinstance(v, bool):
        return "a boolean"
    if v is None:
        return "null"
    return "a number"


class ProjectStorage:
    """The storage file of one project: ``load()`` at the start of a run, ``save()`` after changes."""

    def __init__(self, path: Path | str) -> None:
        self.path = Path(path)

    @classmethod
    def for_project(cls, project: str | Path) -> ProjectStorage:
        """By ``appid`` (a ``str``) or, for a project without a real one, by its folder (a ``Path``).

        DevTools' ``touristappid`` is shared by every project that has no appid, so it names no project.
        """
        if isinstance(project, str) and project and project != "touristappid":
            name = _safe(project)
        else:
            folder = Path(project).resolve()
            digest = hashlib.sha1(str(folder).encode("utf-8")).hexdigest()[:10]
            name = f"{_safe(folder.name) or 'project'}-{digest}"
        return cls(data_dir() / "storage" / f"{name}.json")

    def load(self) -> dict[str, Any]:
        """The kept items; none when the project never stored anything."""
        if not self.path.exists():
            return {}
        return read_storage_file(self.path)

    def save(self, items: dict[str, Any]) -> None:
        """Replace the kept items; written to a temporary file first, so a crash keeps the old ones."""
        self.path.parent.mkdir(parents=True, exist_ok=True)
        tmp = self.path.with_name(f".{self.path.name}.{os.getpid()}.tmp")
        fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
        with os.fdopen(fd, "w", encoding="utf-8") as f:
            json.dump(items, f, ensure_ascii=False, indent=1)
        os.replace(tmp, self.path)


def _safe(name: str) -> str:
    return re.sub(r"[^A-Za-z0-9_.-]", "-", name).strip(".-")[:80]
