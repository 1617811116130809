"""What a run reports (``RunResult``, its console lines and script errors) and the page calls it is given."""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from typing import Any

__all__ = ["ConsoleLine", "PageCall", "RunResult", "ScriptError", "parse_call"]


@dataclass(frozen=True, slots=True)
class ConsoleLine:
    level: str  # log | info | warn | error | debug
    text: str
    line: int | None  # line in the script that wrote it, when known
    t_ms: float  # since the run started
    file: str | None = None  # the file that wrote it (project-relative, as the user wrote it)
    col: int | None = None



@dataclass(frozen=True, slots=True)
class ScriptError:
    """An uncaught error of the script: where it happened and on which line of the script."""

    message: str  # e.g. "TypeError: Cannot read properties of undefined (reading 'x')"
    line: int | None
    where: str  # "page script", "onChunkReceived listener", "setTimeout callback", ...
    stack: str = ""
    file: str | None = None  # project-relative original file, e.g. "pages/chat/index.ts"
    col: int | None = None

    def __str__(self) -> str:
        if self.file is not None and self.line is not None:
            at = f" at {self.file}:{self.line}" + (f":{self.col}" if self.col is not None else "")
        else:
            at = f" at line {self.line}" if self.line is not None else ""
        return f"{self.message} ({self.where}{at})"


@dataclass(frozen=True, slots=True)
class PageCall:
    """A page method to call with a device-like event (``--call NAME[=EVENT_JSON]``)."""

    name: str
    event: dict[str, Any] | None = None


def parse_call(text: str) -> PageCall:
    """``"sendMessage"`` or ``'onInput={"detail":{"value":"你好"}}'``; ValueError with a one-line message."""
    name, sep, raw = text.partition("=")
    name = name.strip()
    if not name.isidentifier():
        raise ValueError(f"--call {text!r}: NAME must be a page method name, as in --call sendMessage")
    if not sep:
        return PageCall(name)
    try:
        event = json.loads(raw)
    except json.JSONDecodeError as exc:
        raise ValueError(f"--call {name}: the event is not valid JSON ({exc.msg} at column {exc.colno})") from None
    except RecursionError:
        raise ValueError(f"--call {name}: the event is JSON nested too deeply to read") from None
    if not isinstance(event, dict):
        raise ValueError(f"--call {name}: the event must be a JSON object such as {{\"detail\": {{}}}}")
    return PageCall(name, event)


@dataclass(slots=True)
class RunResult:
    data: dict[str, Any]  # the page's data when the run ended (before onUnload), JSON-able
    console: list[ConsoleLine]
    error: ScriptError | None  # the first uncaught error, if any
    timed_out: bool
    requests: int  # wx.request calls made
    end_reason: str = "idle"  # idle | timeout | stopped | memory | wedged | runtime-error
    elapsed_ms: float = 0.0
    errors: list[ScriptError] = field(default_factory=list)  # every uncaught error, in order

