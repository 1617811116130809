"""Saying what happened on the run's console, and the errors that stop a script or end the run."""

from __future__ import annotations

import dataclasses
import time

from ..bootstrap import BOOTSTRAP_FILENAME
from ..engine import EngineError, EngineWedged, JsEngine, ScriptException, ScriptOutOfMemory, ScriptTimeout
from .results import ConsoleLine, ScriptError

__all__ = ["Reporting"]


class _Fatal(Exception):
    """The run cannot go on (out of memory, wedged engine, broken runtime); the reason is reported."""

    def __init__(self, end_reason: str) -> None:
        super().__init__(end_reason)
        self.end_reason = end_reason



class Reporting:
    """``MiniProgram``'s console and errors: runaway scripts, memory, a wedged engine, a broken runtime."""

    def _say(self, level: str, text: str, line: int | None = None, file: str | None = None,
             col: int | None = None) -> None:
        entry = ConsoleLine(level, text, line, (time.monotonic() - self._t0) * 1000.0, file, col)
        if self.keep_console:
            self._console.append(entry)
        if self.on_console is not None:
            self.on_console(level, text, line)
        if self.on_console_line is not None:
            self.on_console_line(entry)

    def _locate_syntax_error(self, file: str, wrapped: str, head: int) -> None:
        """V8 keeps no position in a SyntaxError thrown by eval. tree-sitter finds where the code stops
        parsing (a stray ``}`` included, which V8 only notices at the wrapper's end); failing that,
        compiling the module alone gives V8's line."""
        from ..transform import ModuleSyntaxError, to_commonjs

        code = wrapped[head:wrapped.rfind("\n})\n//# sourceURL=")]
        lines = code.splitlines()
        try:
            to_commonjs(code, "module.js")  # parsed as JavaScript: a .ts module is already plain JS here
        except ModuleSyntaxError as exc:
            line, col, detail = exc.line, exc.col, f"SyntaxError: {exc.message}"
        else:
            if self._engine is None:
                return
            try:
                self._engine.eval(wrapped, timeout_ms=self.script_timeout_ms)
                return
            except ScriptException as exc:
                line, col, detail = exc.line, None, exc.message
            except EngineError:
                return
            if line is not None:
                line = min(line, max(1, len(lines)))
        text = lines[line - 1].strip() if line and line <= len(lines) else ""
        where = f"{file}:{line}" + (f":{col}" if col else "")
        message = f"{detail} at {where}" + (f": {text}" if text else "")
        self._say("error", message, line, file, col)
        for i in range(len(self._errors) - 1, -1, -1):
            err = self._errors[i]
            if err.message.startswith("SyntaxError") and err.file == file and err.line is None:
                self._errors[i] = dataclasses.replace(err, message=message, line=line, file=file, col=col)
                break

    def _script_error(self, err: ScriptError) -> None:
        self._errors.append(err)
        frames = "\n".join(ln for ln in err.stack.splitlines() if ln.lstrip().startswith("at ")
                           and BOOTSTRAP_FILENAME not in ln)
        self._say("error", f"Uncaught {err.message} [{err.where}]" + (f"\n{frames}" if frames else ""), err.line)

    def _runaway(self, where: str) -> None:
        message = (f"Script stopped: {where} ran longer than {self.script_timeout_ms} ms without returning "
                   "(an endless loop?). mpsim interrupted it; the page goes on.")
        self._errors.append(ScriptError(message, None, where))
        self._say("error", message)

    def _out_of_memory(self, exc: ScriptOutOfMemory) -> None:
        if self._engine is not None:
            # What the page printed before, when the heap has room again (what it allocated was
            # garbage once V8 stopped it); otherwise the last report's stands.
            try:
                self._take_report(str(self._engine.eval("__mpsim.report()", timeout_ms=self.script_timeout_ms)))
            except (EngineError, ValueError):
                pass
        message = (f"Script stopped: it used more than {self.max_memory_mb} MB of memory "
                   "(runaway allocation?). The run ends here.")
        self._errors.append(ScriptError(message, None, "memory limit"))
        self._say("error", message)
        raise _Fatal("memory") from exc

    def _wedged(self) -> None:
        message = (f"Script stopped: an await or .then continuation ran longer than {self.script_timeout_ms} ms "
                   "(an endless loop?). It cannot be interrupted on its own, so the run ends here.")
        self._errors.append(ScriptError(message, None, "promise continuation"))
        self._say("error", message)
        raise _Fatal("wedged")


    def _eval(self, engine: JsEngine, code: str, where: str, timeout_ms: int | None = None,
              *, interruptible: bool = False) -> object:
        """Evaluate runtime code. ``interruptible``: a timeout raises ``ScriptTimeout`` for the caller
        to report; otherwise it, like anything only a broken runtime or a hostile script causes, ends
        the run."""
        try:
            return engine.eval(code, timeout_ms=timeout_ms or self.script_timeout_ms)
        except ScriptTimeout:
            if interruptible:
                raise
            self._runaway(where)
            raise _Fatal("runaway") from None
        except ScriptOutOfMemory as exc:
            self._out_of_memory(exc)
        except EngineWedged:
            self._wedged()
        except ScriptException as exc:
            self._runtime_error(f"mpsim runtime error ({where}): {exc.message}")
        raise AssertionError("unreachable")

    def _runtime_error(self, message: str) -> None:
        """The runtime itself failed (a bug, or a page that broke what the runtime relies on): said on
        the console and as the run's error, and the run ends."""
        self._errors.append(ScriptError(message, None, "mpsim runtime"))
        self._say("error", message)
        raise _Fatal("runtime-error")
