"""Running ``mpsim`` as a user does, in a private home, and what every hostile case must show."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path


def mpsim(home: Path, *args: str, timeout: float = 30, stdin: str | None = None) -> subprocess.CompletedProcess[str]:
    """``python -m simulator ARGS`` with ``MPSIM_HOME`` (recordings, settings) under ``home``."""
    env = {**os.environ, "PYTHONIOENCODING": "utf-8", "MPSIM_HOME": str(home)}
    return subprocess.run([sys.executable, "-m", "simulator", *args], capture_output=True, text=True,
                          timeout=timeout, env=env, input=stdin)


def assert_one_clear_line(r: subprocess.CompletedProcess[str], code: int = 2, *words: str) -> str:
    """Exit ``code``, exactly one stderr line starting with ``mpsim``, no traceback; returns the line."""
    lines = r.stderr.splitlines()
    assert "Traceback" not in r.stderr, r.stderr
    assert len(lines) == 1 and lines[0].startswith("mpsim"), r.stderr
    assert r.returncode == code, (r.returncode, r.stderr)
    for word in words:
        assert word in lines[0], (word, lines[0])
    return lines[0]


def files_holding(secret: str, *folders: Path) -> list[Path]:
    """Every file in or under ``folders`` whose bytes contain ``secret``, as UTF-8 or base64 at any alignment.

    (A request body is stored as base64: the secret's bytes then show as one of three encodings.)
    """
    import base64

    raw = secret.encode()
    needles = [raw] + [base64.b64encode(b"\0" * shift + raw)[4 if shift else 0:-4] for shift in range(3)]
    found = []
    for folder in folders:
        for path in [Path(folder), *Path(folder).rglob("*")]:
            if path.is_file() and not path.is_symlink():
                data = path.read_bytes()
                if any(n in data for n in needles):
                    found.append(path)
    return found


def final_data(r: subprocess.CompletedProcess[str]) -> dict:
    """``mpsim run``'s last stdout line: the page data when the run ended."""
    import json

    return json.loads(r.stdout.splitlines()[-1])


def assert_clean(r: subprocess.CompletedProcess[str]) -> None:
    """Exit 0, nothing on stderr, no traceback anywhere."""
    assert "Traceback" not in r.stderr + r.stdout, r.stderr
    assert r.returncode == 0 and r.stderr == "", (r.returncode, r.stderr)


def snapshot(folder: Path, *, but: str = "home") -> dict[Path, tuple[int, int]]:
    """Every path under ``folder`` (not under ``but``, the run's MPSIM_HOME) with its size and mtime,
    links not followed: equal before and after a run means the run wrote nothing there."""
    return {path: (st.st_size, st.st_mtime_ns) for path in Path(folder).rglob("*")
            if path.relative_to(folder).parts[0] != but for st in [path.lstat()]}
