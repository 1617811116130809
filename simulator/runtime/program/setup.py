"""Setting a run up: the host of the wx part, the project's modules, the runtime's configuration, the page script."""

from __future__ import annotations

import json
from typing import Any

from ..engine import EngineWedged, JsEngine, ScriptException, ScriptOutOfMemory, ScriptTimeout
from .convert import _line_in, _system_info
from .results import ScriptError

__all__ = ["Setup"]


class Setup:
    """``MiniProgram``'s setting up, before the loop starts."""

    def _make_host(self) -> Any:
        """What the wx part asks of the desktop (storage, clipboard, UI): ``host.py``."""
        try:
            from ..host import Host
        except ImportError:  # the wx host is not part of this build: ops other than requests are dropped
            return None
        return Host(storage=self.storage_path, clipboard=self.clipboard, on_ui=self.on_ui,
                    on_storage=self.on_storage, say=self._say)

    def _module_table(self) -> dict[str, Any]:
        if self._modules is not None:
            return self._modules
        from ..project import collect_modules

        modules = collect_modules(self.project)
        table = modules.to_json()
        table = json.loads(table) if isinstance(table, str) else table
        if "modules" not in table:
            table = {"modules": table}
        table.setdefault("alias", getattr(self.project, "resolve_alias", None) or {})
        for note in table.get("notes", ()):
            self._say("info", f"mpsim: {note}")
        if not self.platform.has_text_decoder:
            # The first thing DevTools-tested code trips on, on a phone (docs/device.md).
            for place in modules.unchecked_uses("TextDecoder"):
                self._say("info", f"mpsim: {place} uses TextDecoder, which {self.platform.name} does not have "
                                  f"(ReferenceError there, as on a phone); DevTools has it: --platform devtools")
        self._modules = table
        return table

    def _config_json(self) -> str:
        p = self.platform
        project = self.project
        extra: dict[str, Any] = {}
        if project is not None or self._modules is not None:
            extra = {
                "project": True,
                "modules": self._module_table(),
                "pages": list(getattr(project, "pages", None) or [self.route]),
                "tabBarPages": list(getattr(project, "tab_bar_pages", None) or []),
                "appid": getattr(project, "appid", None),
            }
        if self.view is not None:
            extra["view"] = True
            # A view that lays the page out (the window's phone) answers createSelectorQuery with real
            # boxes (wx_ui.js); the headless PageView has none, and the page hears empty rects.
            extra["layout"] = bool(getattr(self.view, "lays_out", False))
        return json.dumps({
            "filename": self.filename if self.source is not None else None,
            "route": self.route,
            "query": self.query,
            "launchOptions": {"path": self.route, "query": self.query, "scene": 1001,
                              "referrerInfo": {}, "forwardMaterials": []},
            "storage": self.storage if self.storage is not None else {},
            "clipboard": self.clipboard.get(),
            **extra,
            "systemInfo": _system_info(p),
            "platform": {"name": p.name, "chunkType": p.chunk_type, "hasTextDecoder": p.has_text_decoder,
                         "chunksAfterAbort": p.chunks_after_abort, "quirks": [q.name for q in p.quirks]},
        }, ensure_ascii=False)

    def _run_page_script(self, engine: JsEngine) -> None:
        # Evaluated as its own classic script, unchanged, so V8's line numbers are the file's own;
        # the sourceURL comment (the only thing added, after the last line) names the file in stacks.
        code = f"{self.source}\n//# sourceURL={self.filename}"
        try:
            engine.eval(code, timeout_ms=self.script_timeout_ms)
        except ScriptException as exc:
            line = exc.line
            if exc.filename not in (None, self.filename, "<anonymous>"):  # thrown inside the runtime
                line = _line_in(exc.stack, self.filename)
            if line is not None:  # "unexpected end of input" points past the end, at the added comment
                line = min(line, max(1, len(self.source.splitlines())))
            self._script_error(ScriptError(exc.message, line, "page script", exc.stack))
        except ScriptTimeout:
            self._take_pending(engine)
            self._runaway("the page script")
        except ScriptOutOfMemory as exc:
            self._out_of_memory(exc)
        except EngineWedged:
            self._wedged()
        # Output of the script's top level (console lines, requests) comes back with the first pump.
