"""The ready scripts in ``assets/examples`` and their titles (the Examples menu)."""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

from simulator import ASSETS

EXAMPLES_DIR = ASSETS / "examples"


@dataclass(frozen=True, slots=True)
class Example:
    path: Path
    title: str  # the first sentence of the file's opening comment


def example_scripts(folder: Path = EXAMPLES_DIR) -> list[Example]:
    """The ready scripts in ``assets/examples``, titled from their first comment line."""
    if not folder.is_dir():
        return []
    return [Example(p, _example_title(p)) for p in sorted(folder.glob("*.js"))]


def _example_title(path: Path) -> str:
    lines: list[str] = []
    try:
        text = path.read_text(encoding="utf-8")
    except OSError:
        return path.stem
    for raw in text.splitlines():
        s = raw.strip()
        if not s.startswith("//"):
            break
        s = s[2:].strip()
        if not s:
            if lines:
                break
            continue
        lines.append(s)
    title = " ".join(lines)
    if title.startswith(path.name + ":"):
        title = title[len(path.name) + 1:].strip()
    end = re.search(r"\.(\s|$)", title)  # the first sentence ("RequestTask.abort()" is not an end)
    if end:
        title = title[: end.start()]
    return title[:1].upper() + title[1:] if title else path.stem

