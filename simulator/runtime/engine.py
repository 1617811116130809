"""The JavaScript engine behind the runtime, kept behind one small interface (``JsEngine``).

Why V8 through ``mini-racer`` (measured on this machine, docs/product.md D):

- Mini-programs are written in modern JS: async/await, object rest/spread, classes with private
  fields, optional chaining, generators. PySide6 6.12's ``QJSEngine`` rejects async functions and
  object rest; V8 runs all of it, and V8 is also what Android WeChat runs page logic on
  (docs/wechat-request-api.md §6).
- V8 as ``mini-racer`` embeds it has no files, no processes, no network, no timers: only
  ECMAScript. A script reaches nothing but what the runtime's ``wx`` shim gives it.
- It can be stopped: every evaluation carries a timeout (V8 ``TerminateExecution``) and the
  isolate a hard heap limit, so an endless loop or a runaway allocation ends with a message.

What it costs, and how the runtime lives with it:

- Each Python -> JS call hops threads (Python -> mini-racer's asyncio loop -> the isolate thread and
  back), about 2,000-3,000 calls a second here. The runtime therefore never calls JS per chunk: it
  hands chunks over in batches and a JS-side event loop dispatches each as its own task
  (``bootstrap.py``, ``js/``). Data crosses as JSON text inside the evaluated source, which V8 parses fast.
- Host callbacks are async-only and bytes do not convert to ``ArrayBuffer``: nothing calls back into
  Python from JS. JS queues what it wants done (start a request, abort one) and returns it from the
  batch call; bytes cross as latin-1 strings (one char per byte) and become ``ArrayBuffer`` in JS.
- mini-racer runs V8's microtask checkpoint after each task *outside* the task's timeout. A
  runaway loop inside an ``await`` continuation therefore cannot be interrupted by the timeout;
  ``eval`` detects the wedged isolate with a probe and raises ``EngineWedged`` so the caller can
  close the engine, which does terminate it.
"""

from __future__ import annotations

import asyncio
import re
import threading
from dataclasses import dataclass
from typing import TYPE_CHECKING, Protocol

if TYPE_CHECKING:
    from py_mini_racer import MiniRacer

__all__ = [
    "EngineError",
    "EngineWedged",
    "JsEngine",
    "MiniRacerEngine",
    "ScriptException",
    "ScriptOutOfMemory",
    "ScriptTimeout",
]

_MIB = 1024 * 1024
# How long a trivial probe may wait after a timeout before the isolate counts as wedged.
_PROBE_TIMEOUT_S = 0.5


class EngineError(Exception):
    """Base of everything the engine raises about the script it runs."""


@dataclass
class ScriptException(EngineError):
    """The script threw (or did not parse); ``line`` is 1-based in the file named ``filename``."""

    message: str
    line: int | None = None
    filename: str | None = None
    stack: str = ""

    def __str__(self) -> str:
        return self.message


class ScriptTimeout(EngineError):
    """The evaluation ran longer than its timeout and was terminated; the engine is still usable."""


class ScriptOutOfMemory(EngineError):
    """The isolate's heap went over the hard limit and execution was terminated."""


class EngineWedged(EngineError):
    """JS is still running outside any timed evaluation (a runaway microtask); close the engine."""


class JsEngine(Protocol):
    """What the runtime needs from a JS engine, and nothing more."""

    def eval(self, source: str, *, timeout_ms: int | None = None) -> object:
        """Run ``source`` as a classic script in the one global scope; return its completion value
        when it is a string, number, boolean or null (anything else comes back as ``None``).
        Raises ``ScriptException``, ``ScriptTimeout``, ``ScriptOutOfMemory`` or ``EngineWedged``."""
        ...

    def close(self) -> None:
        """Stop any running JS and free the isolate. Safe to call twice."""
        ...


# V8 reports an uncaught exception from a script as "<resource>:<line>: <Name>: <message>" on the
# first line, then the source line, a caret line and the stack.
_FIRST_LINE = re.compile(r"^(?P<file>.*?):(?P<line>\d+): (?P<msg>.*)$")


def parse_v8_error(text: str) -> ScriptException:
    first, _, rest = text.partition("\n")
    m = _FIRST_LINE.match(first)
    if not m:
        return ScriptException(first or "JavaScript error", None, None, text)
    stack = ""
    # The stack (if any) is the last paragraph, starting with "<Name>: <message>".
    for block in reversed(rest.split("\n\n")):
        if "\n    at " in block:
            stack = block.strip("\n")
            break
    return ScriptException(m["msg"], int(m["line"]), m["file"], stack)


class MiniRacerEngine:
    """``JsEngine`` on V8 through ``py_mini_racer`` (one isolate per engine)."""

    def __init__(self, *, max_memory_mb: int | None = 256) -> None:
        # Imported here so that importing simulator.runtime does not load V8.
        from py_mini_racer import mini_racer

        # mini-racer's own event loop is closed before its context is freed, so a task cancelled on
        # a wedged isolate reports back into a closed loop (a "Event loop is closed" traceback on
        # stderr). With a loop of our own, freeing the context comes first and the loop stops after.
        self._loop = asyncio.new_event_loop()
        self._loop_thread = threading.Thread(target=self._loop.run_forever, name="mpsim-v8-loop", daemon=True)
        self._loop_thread.start()
        self._context = mini_racer(event_loop=self._loop)
        self._mr: MiniRacer | None = self._context.__enter__()
        self._memory_limit = max_memory_mb * _MIB if max_memory_mb else 0
        if self._memory_limit:
            self._mr.set_hard_memory_limit(self._memory_limit)
        # mini-racer installs its own setTimeout (global vars, so they cannot be deleted) on
        # Atomics.waitAsync; the runtime brings its own event loop and replaces them, and this keeps
        # a script from reaching the other timer source by name.
        self._mr.eval("__timer_manager = undefined; void 0")

    @property
    def v8_version(self) -> str:
        assert self._mr is not None
        return self._mr.v8_version

    def eval(self, source: str, *, timeout_ms: int | None = None) -> object:
        from py_mini_racer import (
            JSEvalException,
            JSOOMException,
            JSParseException,
            JSTimeoutException,
        )

        mr = self._mr
        if mr is None:
            raise EngineError("the JavaScript engine was closed")
        try:
            value = mr.eval(source, timeout_sec=timeout_ms / 1000 if timeout_ms else None)
        except JSTimeoutException:
            self._probe()
            raise ScriptTimeout(f"script ran longer than {timeout_ms} ms") from None
        except JSOOMException:
            if self._memory_limit:
                # Re-arming the limit clears mini-racer's "limit reached" flag, which would otherwise
                # label every later exception as out-of-memory.
                mr.set_hard_memory_limit(self._memory_limit)
            raise ScriptOutOfMemory(
                f"script used more than {self._memory_limit // _MIB} MB of memory") from None
        except (JSParseException, JSEvalException) as exc:
            raise parse_v8_error(str(exc)) from None
        if isinstance(value, str | int | float | bool) or value is None:
            return value
        return None

    def memory_limit_reached(self) -> bool:
        """Whether V8 stopped JS at the heap limit outside any evaluation (a runaway microtask chain:
        an evaluation that hits it raises ``ScriptOutOfMemory`` instead). Re-arms the limit."""
        mr = self._mr
        if mr is None or not self._memory_limit or not mr.was_hard_memory_limit_reached():
            return False
        mr.set_hard_memory_limit(self._memory_limit)
        return True

    def _probe(self) -> None:
        """After a timeout: is the isolate free again, or still stuck in a microtask?"""
        from py_mini_racer import JSOOMException, JSTimeoutException

        assert self._mr is not None
        try:
            self._mr.eval("0", timeout_sec=_PROBE_TIMEOUT_S)
        except JSOOMException:
            # The runaway microtasks were stopped at the heap limit while the probe waited.
            self._mr.set_hard_memory_limit(self._memory_limit)
            raise ScriptOutOfMemory(f"script used more than {self._memory_limit // _MIB} MB of memory") from None
        except JSTimeoutException:
            raise EngineWedged("JavaScript is still running outside any task (a runaway await or "
                               ".then continuation)") from None

    def close(self) -> None:
        mr, self._mr = self._mr, None
        if mr is None:
            return
        try:
            self._context.__exit__(None, None, None)  # frees the context: terminates whatever JS still runs
        finally:
            self._loop.call_soon_threadsafe(self._loop.stop)
            self._loop_thread.join()
            self._loop.close()
