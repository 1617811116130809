"""The JS half of the runtime: event loop, timers, console, ``wx``, ``Page``/``App``, installed into the
engine before the user's code runs. Its JavaScript lives in ``js/*.js`` (package data); this module
joins the parts, in ``ORDER``, into one script with one function scope, so that they share their
top-level names without leaving any global behind but ``__mpsim``.

The event loop lives in JS because every Python -> JS call costs a thread hop (``engine.py``).
Python hands over a batch of host events (headers, chunks, success/fail/complete) in one call to
``__mpsim.pump(batch, budgetMs, wantData)``; JS runs them one task at a time, in arrival order,
interleaved with due timers, and returns what it wants done (requests to start or abort), the console
lines and errors of the batch, and what is still pending.

A task is one listener dispatch, one timer callback, one lifecycle call. Between two tasks a device
drains the microtask queue (promise callbacks, ``await`` continuations). V8 under mini-racer drains it
only when a whole call returns, so the pump ends the batch right after any task that may have queued
microtasks (it returned a promise, or called ``then`` / ``queueMicrotask``) and Python calls again at
once; sync listeners keep batching. Not seen: an ``await`` inside an async helper that a sync
listener calls without returning its promise; that continuation runs after the batch instead.
"""

from __future__ import annotations

from functools import cache
from importlib.resources import files

__all__ = ["BOOTSTRAP_FILENAME", "ORDER", "bootstrap_js", "runtime_location"]

BOOTSTRAP_FILENAME = "mpsim-runtime.js"

# Each part may use the names of the parts before it at load time, and any part's names at run time.
ORDER = ("core.js", "console.js", "bytes.js", "timers.js", "request.js", "modules.js", "pages.js",
         "components.js", "wx.js", "wx_storage.js", "wx_ui.js", "loop.js", "main.js")


@cache
def _parts() -> tuple[tuple[str, str], ...]:
    folder = files(__package__) / "js"
    return tuple((name, (folder / name).read_text(encoding="utf-8")) for name in ORDER)


@cache
def bootstrap_js() -> str:
    """The runtime as one classic script named ``BOOTSTRAP_FILENAME`` in stacks."""
    chunks = ["'use strict';", "(() => {"]
    for _name, text in _parts():
        chunks.append(text.rstrip("\n"))
    chunks.append("})();")
    chunks.append(f"//# sourceURL={BOOTSTRAP_FILENAME}")
    return "\n".join(chunks) + "\n"


def runtime_location(line: int) -> str:
    """Which part file and line a line of ``bootstrap_js()`` comes from (for mpsim's own errors)."""
    at = 3  # the first part starts on line 3, after the two opening lines
    for name, text in _parts():
        n = text.rstrip("\n").count("\n") + 1
        if line < at + n:
            return f"{name}:{line - at + 1}"
        at += n
    return f"{BOOTSTRAP_FILENAME}:{line}"
