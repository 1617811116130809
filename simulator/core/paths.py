"""Where mpsim keeps its files: recordings and settings (platformdirs), overridable for tests."""

from __future__ import annotations

import os
import time
from pathlib import Path

__all__ = ["data_dir", "new_recording_path", "recordings_dir"]


def data_dir() -> Path:
    """``$MPSIM_HOME`` if set (tests point it at a temporary folder), else the user data dir."""
    env = os.environ.get("MPSIM_HOME")
    if env:
        path = Path(env)
    else:
        import platformdirs  # here, not at the top: `mpsim record -o FILE` never asks, and it costs ~3 ms

        path = Path(platformdirs.user_data_dir("mpsim", appauthor=False))
    # Owner-only: recordings can hold what --keep-secrets kept.
    path.mkdir(mode=0o700, parents=True, exist_ok=True)
    return path


def recordings_dir() -> Path:
    path = data_dir() / "recordings"
    path.mkdir(mode=0o700, parents=True, exist_ok=True)
    return path


def new_recording_path(label: str = "request") -> Path:
    """A fresh ``recordings/YYYYmmdd-HHMMSS-<label>-N.jsonl`` path."""
    stamp = time.strftime("%Y%m%d-%H%M%S")
    safe = "".join(c if c.isalnum() or c in "-_" else "-" for c in label)[:40].strip("-") or "request"
    folder = recordings_dir()
    n = 0
    while True:
        path = folder / f"{stamp}-{safe}{'-' + str(n) if n else ''}.jsonl"
        if not path.exists():
            return path
        n += 1
