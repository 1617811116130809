"""``MiniProgram``: one run of a page script, its public controls and its end; ``run_script``."""

from __future__ import annotations

import json
import queue
import threading
import time
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

from simulator.core.delivery import parse_profile
from simulator.core.device import DomainRules, project_domains
from simulator.core.hostmap import HostMap, MapRule
from simulator.core.platforms import PlatformProfile, get_platform
from simulator.core.task import RequestTask

from .. import program  # its limits, read at call time: a test may change them there
from ..bootstrap import bootstrap_js
from ..engine import EngineError, JsEngine, MiniRacerEngine, ScriptTimeout
from .device import DeviceNote, DeviceRules
from .links import Clipboard, ConsoleCallback, MemoryClipboard, PageViewLink, StartedTask, TaskFactory
from .loop import Loop
from .reporting import Reporting, _Fatal
from .requests import Requests
from .results import ConsoleLine, PageCall, RunResult, ScriptError
from .setup import Setup

__all__ = ["MiniProgram", "run_script"]


class MiniProgram(DeviceRules, Requests, Setup, Loop, Reporting):
    """One run of a page script (or a plain script) with the emulated ``wx``.

    ``query`` reaches ``onLoad(options)`` and ``wx.getLaunchOptionsSync().query``. The run ends when
    nothing is pending (no request, no timer, no queued event), at ``timeout_ms`` overall, or on
    ``stop()``. Every request goes through ``task_factory`` (the core ``RequestTask`` by default),
    recorded as a chunk log: under ``log_dir`` as ``request-NNN.jsonl``, or at ``log_path`` for the
    first request and ``<stem>-N<suffix>`` for the N-th after it.

    ``on_data`` gets the page data after ``setData``; the calls of one batch of tasks (at most
    ``BATCH_BUDGET_MS`` of script time) are reported once, with the latest data.
    """

    def __init__(
        self,
        source: str | None = None,
        *,
        filename: str = "page.js",
        project: Any = None,
        page: str | None = None,
        modules: dict[str, Any] | None = None,
        query: dict[str, str] | None = None,
        maps: Sequence[tuple[str, str]] | HostMap = (),
        storage: dict[str, Any] | None = None,
        storage_path: Path | None = None,
        calls: Sequence[Any] = (),
        view: PageViewLink | None = None,
        profile: str = "passthrough",
        seed: int = 0,
        platform: str | PlatformProfile = "android",
        timeout_ms: int | None = 60000,
        log_dir: Path | str | None = None,
        log_path: Path | str | None = None,
        on_console: ConsoleCallback | None = None,
        on_data: Callable[[dict[str, Any]], None] | None = None,
        on_request: Callable[[StartedTask], None] | None = None,
        on_console_line: Callable[[ConsoleLine], None] | None = None,
        on_ui: Callable[[str, dict[str, Any]], None] | None = None,
        on_storage: Callable[[dict[str, Any]], None] | None = None,
        on_page: Callable[[str, list[str], dict[str, Any]], None] | None = None,
        clipboard: Clipboard | None = None,
        script_timeout_ms: int = 2000,
        stay_open: bool = False,
        keep_console: bool = True,
        max_memory_mb: int = 256,
        task_factory: TaskFactory | None = None,
        domains: Sequence[str] | None = None,
        strict_domains: bool = False,
        engine_factory: Callable[[int], JsEngine] | None = None,
        on_device_note: Callable[[DeviceNote], None] | None = None,
    ) -> None:
        parse_profile(profile)  # a bad spec is the caller's error: raise ProfileError now
        if (source is None) == (project is None and modules is None):
            raise ValueError("MiniProgram runs either a script (source) or a project, not both or neither")
        self.source = source.removeprefix("\ufeff") if source is not None else None
        self.project = project
        self._modules = modules
        self.route = page or (getattr(project, "entry", None) if project is not None else None) or program.DEFAULT_ROUTE
        self.maps = maps if isinstance(maps, HostMap) else HostMap.from_pairs(maps)
        self._maps_said: set[MapRule] = set()
        self.calls = list(calls)  # PageCall, or a step the view acts out (page_view.Tap, page_view.Input)
        if view is None and any(not isinstance(c, PageCall) for c in self.calls):
            raise ValueError("--tap and --input need the page's view (MiniProgram(view=PageView(...)))")
        self.view = view
        self.no_match: str | None = None  # a --tap/--input whose selector matched nothing
        self.storage_path = Path(storage_path) if storage_path is not None else None
        if storage is None and self.storage_path is not None:
            from ..storage import ProjectStorage

            storage = ProjectStorage(self.storage_path).load()  # StorageFileError: the caller's to report
        self.storage = storage
        self.clipboard: Clipboard = clipboard if clipboard is not None else MemoryClipboard()
        self.on_console_line = on_console_line
        self.on_ui = on_ui
        self.on_storage = on_storage
        self.on_page = on_page
        self.not_a_method: tuple[str, list[str]] | None = None  # a call of a name that is no method
        # The window's runs: idle is not the end, the user may still call the page's methods (call()).
        self.stay_open = stay_open
        # False: console lines only go to the callbacks, RunResult.console stays empty, so a page that
        # logs megabytes a second costs no memory (``mpsim run`` prints each line as it comes).
        self.keep_console = keep_console
        # The name becomes the script's sourceURL: one line, no characters that end the comment.
        self.filename = " ".join(str(filename).split()) or "page.js"
        self.query = {str(k): str(v) for k, v in (query or {}).items()}
        self.profile = profile
        self.seed = seed
        self.platform = get_platform(platform) if isinstance(platform, str) else platform
        self.timeout_ms = timeout_ms
        self.log_dir = Path(log_dir) if log_dir is not None else None
        self.log_path = Path(log_path) if log_path is not None else None
        self.on_console = on_console
        self.on_data = on_data
        self.on_request = on_request
        self.script_timeout_ms = script_timeout_ms
        self.max_memory_mb = max_memory_mb
        self._task_factory: TaskFactory = task_factory or RequestTask
        self._engine_factory = engine_factory or (lambda mb: MiniRacerEngine(max_memory_mb=mb))

        self._inbox: queue.SimpleQueue[tuple[str, int, Any, float] | None] = queue.SimpleQueue()
        self._stop = threading.Event()
        self._started = False
        self._lock = threading.Lock()
        self._tasks: dict[int, StartedTask] = {}
        self._requests = 0
        self._console: list[ConsoleLine] = []
        self._errors: list[ScriptError] = []
        self._last_data: dict[str, Any] = {}
        self._last_report: dict[str, Any] = {}
        self._t0 = 0.0
        self._engine: JsEngine | None = None
        self._host: Any = None
        # Device network rules (docs/device.md): request domains (--domains, else the project's
        # mpsim.domains), warned about or enforced (strict_domains); the background state.
        if domains is None:
            domains = project_domains(project.folder) if getattr(project, "folder", None) else []
        self.domain_rules = DomainRules.parse(list(domains))
        self.strict_domains = strict_domains
        self._device_said: set[str] = set()
        self._background: threading.Timer | None = None  # set while the mini-program is in the background
        # Called on the run's thread, and on a timer's thread for the background interruption.
        self.on_device_note = on_device_note
        self._queued_at: dict[int, float] = {}  # requests waiting behind 10 others (request.js), by id
        self._request_notes: list[DeviceNote] = []  # the notes of the request being started

    # -- public ---------------------------------------------------------------------------------
    def stop(self) -> None:
        """Ask ``run()`` to end soon (thread-safe); it returns with ``end_reason == "stopped"``."""
        self._stop.set()
        self._inbox.put(None)

    def call(self, name: str, event: dict[str, Any] | None = None) -> None:
        """Call page method ``name`` with a device-like event, as the next task (thread-safe)."""
        self._put("call", 0, {"name": name, "event": event, "queued": False})

    def deliver(self, handler: str, owner: str | None, event: dict[str, Any], view: int) -> None:
        """A tap or keystroke of the page's view, as the next task (thread-safe): ``handler`` of the
        page (``owner`` None) or of a component instance, with the device event (docs/wxml.md, "What
        the view sends back"). A string a ``bindinput`` handler returns comes back to the view as
        ``input_value(view, value)``, so ``view`` numbers the delivery (the run's own steps count up from 1)."""
        self._put("call", 0, {"name": handler, "owner": owner, "event": event, "view": view, "queued": False})

    def set_storage(self, key: str, value: Any) -> None:
        """Edit storage from outside the page (the window's Storage view), as a task (thread-safe)."""
        self._put("storageEdit", 0, {"op": "set", "key": key, "value": value})

    def remove_storage(self, key: str) -> None:
        self._put("storageEdit", 0, {"op": "remove", "key": key})

    def clear_storage(self) -> None:
        self._put("storageEdit", 0, {"op": "clear"})

    def run(self) -> RunResult:
        with self._lock:
            if self._started:
                raise RuntimeError("a MiniProgram runs once; create a new one to run again")
            self._started = True
        self._t0 = time.monotonic()
        deadline = self._t0 + self.timeout_ms / 1000 if self.timeout_ms else None
        engine: JsEngine | None = None
        end_reason = "idle"
        data: dict[str, Any] = {}
        try:
            engine = self._engine_factory(self.max_memory_mb)
            self._engine = engine
            self._host = self._make_host()
            self._eval(engine, bootstrap_js(), "mpsim runtime")
            self._eval(engine, f"__mpsim.configure({self._config_json()}); void 0", "mpsim runtime")
            if self.source is not None:
                self._run_page_script(engine)
            self._eval(engine, "__mpsim.start(); void 0", "mpsim runtime")
            end_reason = self._loop(engine, deadline)
            if self.view is not None:
                self.view.tick(True)  # a run stopped early still shows what the page set
            data = self._page_data(engine)
            if end_reason == "timeout":
                self._say("warn", f"mpsim: the run timed out after {self.timeout_ms} ms with "
                                  f"{self._pending_text()} still pending; the page was unloaded")
            self._unload(engine)
        except _Fatal as fatal:
            end_reason = fatal.end_reason
            data = self._last_data
            # After a memory stop the heap is at its limit: the data of the last report stands.
            if end_reason not in ("wedged", "memory") and engine is not None:
                try:  # quietly: what ended the run has been said
                    value = json.loads(str(engine.eval("__mpsim.pageData()", timeout_ms=self.script_timeout_ms)))
                    data = value if isinstance(value, dict) else data
                except (EngineError, ValueError):
                    pass
        finally:
            self._abort_all()
            if engine is not None:
                engine.close()
        return RunResult(
            data=data, console=list(self._console), error=self._errors[0] if self._errors else None,
            timed_out=end_reason == "timeout", requests=self._requests, end_reason=end_reason,
            elapsed_ms=(time.monotonic() - self._t0) * 1000.0, errors=list(self._errors))

    # -- the end -------------------------------------------------------------------------------------
    def _page_data(self, engine: JsEngine) -> dict[str, Any]:
        data = json.loads(str(self._eval(engine, "__mpsim.pageData()", "reading page data")))
        if isinstance(data, dict):  # else the page changed the runtime's JSON: the last report's stands
            self._last_data = data
        return self._last_data

    def _unload(self, engine: JsEngine) -> None:
        try:
            raw = self._eval(engine, "__mpsim.unload(false)", "Page.onUnload", interruptible=True)
        except ScriptTimeout:
            self._eval(engine, "__mpsim.takeInterrupted()", "mpsim runtime")
            self._runaway("Page.onUnload")
            return
        rep = json.loads(str(raw))
        # The page is gone: no new requests; what onUnload saved (storage, clipboard) still lands.
        rep["ops"] = [op for op in rep["ops"] if op[0] != "request"]
        self._take_report(json.dumps(rep))


def run_script(path: Path | str, **kw: Any) -> RunResult:
    """Run the page script at ``path``; keyword arguments as for ``MiniProgram``."""
    p = Path(path)
    kw.setdefault("filename", p.name)
    return MiniProgram(p.read_text(encoding="utf-8"), **kw).run()
