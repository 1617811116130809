"""The mini-program runtime: the user's page script on V8 with an emulated ``wx`` (PRODUCT.md D).

Qt-free. ``MiniProgram(source, ...).run()`` runs one page headless and returns a ``RunResult``;
the GUI panel and ``mpsim run`` are thin over it. Requests go through ``simulator.core``'s
``RequestTask``, so they are recorded and cut by delivery profiles like any other request.
"""

from .engine import (
    EngineError,
    EngineWedged,
    JsEngine,
    MiniRacerEngine,
    ScriptException,
    ScriptOutOfMemory,
    ScriptTimeout,
)
from .program import ConsoleLine, MiniProgram, RunResult, ScriptError, TaskFactory, run_script

__all__ = [
    "ConsoleLine",
    "EngineError",
    "EngineWedged",
    "JsEngine",
    "MiniProgram",
    "MiniRacerEngine",
    "RunResult",
    "ScriptError",
    "ScriptException",
    "ScriptOutOfMemory",
    "ScriptTimeout",
    "TaskFactory",
    "run_script",
]
