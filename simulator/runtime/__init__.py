"""The mini-program runtime: the user's page script on V8 with an emulated ``wx`` (docs/product.md D).

Qt-free. ``MiniProgram(source, ...).run()`` runs one page script and ``MiniProgram(project=..., page=...)``
a project folder as it is checked in (``project.py`` loads it, ``js/modules.js`` requires its
modules); both return a ``RunResult``;
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
from .program import (
    Clipboard,
    ConsoleLine,
    MemoryClipboard,
    MiniProgram,
    PageCall,
    RunResult,
    ScriptError,
    TaskFactory,
    parse_call,
    run_script,
)

__all__ = [
    "Clipboard",
    "ConsoleLine",
    "EngineError",
    "EngineWedged",
    "JsEngine",
    "MemoryClipboard",
    "MiniProgram",
    "MiniRacerEngine",
    "PageCall",
    "RunResult",
    "ScriptError",
    "ScriptException",
    "ScriptOutOfMemory",
    "ScriptTimeout",
    "TaskFactory",
    "parse_call",
    "run_script",
]
