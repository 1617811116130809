"""``MiniProgram``: run one page script headless, with ``wx.request`` driven by the core ``RequestTask``.

Threads: ``run()`` drives the JS event loop on the calling thread (the GUI calls it from a worker).
Each request runs on its own ``RequestTask`` thread; its listeners and callbacks only put an event on
the run's inbox, which the loop hands to JS in batches (``bootstrap.py`` explains why in batches and
how each event still runs as its own task). ``on_console``, ``on_data`` and ``on_request`` are called
on the thread that called ``run()``.
"""

from __future__ import annotations

import dataclasses
import json
import queue
import threading
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Protocol

from simulator.core.delivery import parse_profile
from simulator.core.device import DOMAIN_ERRMSG, DOMAIN_ERRNO, DomainRules, project_domains
from simulator.core.hostmap import HostMap, MapRule
from simulator.core.options import OptionsError, RequestOptions
from simulator.core.platforms import PlatformProfile, get_platform
from simulator.core.task import RequestTask

from .bootstrap import BOOTSTRAP_FILENAME, bootstrap_js
from .engine import (
    EngineError,
    EngineWedged,
    JsEngine,
    MiniRacerEngine,
    ScriptException,
    ScriptOutOfMemory,
    ScriptTimeout,
)

__all__ = ["Clipboard", "ConsoleLine", "DeviceNote", "MemoryClipboard", "MiniProgram", "PageCall", "PageViewLink",
           "RunResult", "ScriptError", "TaskFactory", "parse_call", "run_script", "timeout_cut"]

# How long one batch call may keep running tasks before it returns its console lines (ms).
BATCH_BUDGET_MS = 20
MAX_BATCH_EVENTS = 5000   # host events handed over in one call
MAX_BATCH_BYTES = 4 << 20  # and at most this much chunk data (the batch travels as JS source text)
MAX_JS_BACKLOG = 20000    # stop handing over while JS has this many events still queued
DEFAULT_ROUTE = "pages/index/index"
# Errno 1001 "invalid request parameter" (reference section 2, errno table).
ERRNO_BAD_PARAMETER = 1001
# DOC-NET: requests not finished 5 s after the mini-program went to the background fail (errno 600003).
BACKGROUND_GRACE_S = 5.0
# How long the next --call/--tap/--input waits for the page's pending setTimeout timers. A user acts
# when they see the page, and a timer that re-arms itself (a poll for a layout rect, which is empty
# headless) would otherwise keep the step from ever running.
STEP_PATIENCE_S = 3.0
ERRNO_INTERRUPTED = 600003

ConsoleCallback = Callable[[str, str, int | None], None]


@dataclass(frozen=True, slots=True)
class ConsoleLine:
    level: str  # log | info | warn | error | debug
    text: str
    line: int | None  # line in the script that wrote it, when known
    t_ms: float  # since the run started
    file: str | None = None  # the file that wrote it (project-relative, as the user wrote it)
    col: int | None = None


@dataclass(frozen=True, slots=True)
class DeviceNote:
    """Why one request of the page behaves differently on a phone than in DevTools (docs/device.md), for a
    window to show beside the request. The console says each cause once; a note is made for every request."""

    kind: str  # domain | queued | cap | background
    text: str  # the reason, one sentence
    request: int  # the page's wx.request call it is about (numbered from 1 in the run)
    url: str = ""  # as the page asked for it
    refused: bool = False  # the request failed without being sent, as on a phone


def timeout_cut(timeout: Any, platform: PlatformProfile) -> str | None:
    """Why a phone ends a request sooner than ``timeout`` ms asks (docs/device.md, "Limits"), or None."""
    cap = platform.timeout_cap_ms
    if not cap or not isinstance(timeout, int | float) or timeout <= cap:
        return None
    return f"timeout {timeout:g} ms is cut to {cap} ms on {platform.name}: devices end requests at 60 s"


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


class PageViewLink(Protocol):
    """What a run needs of the page's view (``page_view.PageView`` headless): it hears the page's
    ``setData`` changes and sends back tasks (component instances rendered, handler calls)."""

    def page_opened(self, route: str, data: dict[str, Any]) -> None: ...
    def set_data(self, owner: str | None, changes: dict[str, Any]) -> None: ...
    def input_value(self, seq: int, value: str) -> None: ...
    def tick(self, force: bool) -> list[tuple[str, Any, Any, float]]: ...
    def due_in(self) -> float | None: ...
    def act(self, step: Any) -> list[tuple[str, Any, Any, float]]: ...


class Clipboard(Protocol):
    def get(self) -> str: ...
    def set(self, text: str) -> None: ...


class MemoryClipboard:
    """The headless clipboard: kept for the run, in memory."""

    def __init__(self, text: str = "") -> None:
        self._text = text

    def get(self) -> str:
        return self._text

    def set(self, text: str) -> None:
        self._text = text


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


class StartedTask(Protocol):
    """What the runtime needs of a request task: ``RequestTask`` or a stand-in (replay, split check)."""

    def on_headers_received(self, listener: Callable[[dict[str, Any]], Any]) -> None: ...
    def on_chunk_received(self, listener: Callable[[dict[str, Any]], Any]) -> None: ...
    def abort(self) -> None: ...
    def start(self) -> Any: ...
    def wait(self, timeout: float | None = None) -> bool: ...


# Called like RequestTask(options, profile=, seed=, platform=, log_path=, success=, fail=, complete=).
TaskFactory = Callable[..., StartedTask]


class _Fatal(Exception):
    """The run cannot go on (out of memory, wedged engine, broken runtime); the reason is reported."""

    def __init__(self, end_reason: str) -> None:
        super().__init__(end_reason)
        self.end_reason = end_reason


class MiniProgram:
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
        self.route = page or (getattr(project, "entry", None) if project is not None else None) or DEFAULT_ROUTE
        self.maps = maps if isinstance(maps, HostMap) else HostMap.from_pairs(maps)
        self._maps_said: set[MapRule] = set()
        self.calls = list(calls)  # PageCall, or a step the view acts out (page_view.Tap, page_view.Input)
        if view is None and any(not isinstance(c, PageCall) for c in self.calls):
            raise ValueError("--tap and --input need the page's view (MiniProgram(view=PageView(...)))")
        self.view = view
        self.no_match: str | None = None  # a --tap/--input whose selector matched nothing
        self.storage_path = Path(storage_path) if storage_path is not None else None
        if storage is None and self.storage_path is not None:
            from .storage import ProjectStorage

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
    def to_background(self) -> None:
        """The user left the mini-program (thread-safe): requests still running 5 s later fail with
        ``request:fail interrupted``, new ones fail at once until ``to_foreground()`` (DOC-NET, docs/device.md)."""
        with self._lock:
            if self._background is not None:
                return
            self._background = threading.Timer(BACKGROUND_GRACE_S, self._interrupt_requests)
            self._background.daemon = True
            self._background.start()

    def to_foreground(self) -> None:
        with self._lock:
            timer, self._background = self._background, None
        if timer is not None:
            timer.cancel()

    @property
    def in_background(self) -> bool:
        return self._background is not None

    def _interrupt_requests(self) -> None:
        for js_id, task in list(self._tasks.items()):
            if not getattr(task, "done", False):
                note = self._device_note("background", "still running 5 s after the mini-program went to the "
                                         "background: request:fail interrupted, as on a phone", js_id,
                                         str(getattr(getattr(task, "options", None), "url", "")), starting=False)
                notes = getattr(task, "device_notes", None)
                if isinstance(notes, list):
                    notes.append(note)
                getattr(task, "interrupt", task.abort)()

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

    # -- setting up -------------------------------------------------------------------------------
    def _make_host(self) -> Any:
        """What the wx part asks of the desktop (storage, clipboard, UI): ``host.py``."""
        try:
            from .host import Host
        except ImportError:  # the wx host is not part of this build: ops other than requests are dropped
            return None
        return Host(storage=self.storage_path, clipboard=self.clipboard, on_ui=self.on_ui,
                    on_storage=self.on_storage, say=self._say)

    def _module_table(self) -> dict[str, Any]:
        if self._modules is not None:
            return self._modules
        from .project import collect_modules

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

    # -- the loop ---------------------------------------------------------------------------------
    def _loop(self, engine: JsEngine, deadline: float | None) -> str:
        carry: list[tuple[str, int, Any, float]] = []
        held_since: float | None = None  # since when the next step waits for timers only
        # Always: a run that ends wedged or out of memory can no longer ask for the page's data, and
        # then shows the data of the last report (what the page had set before it got stuck).
        want_data = True
        while True:
            if self._stop.is_set():
                return "stopped"
            if deadline is not None and time.monotonic() >= deadline:
                return "timeout"
            batch, carry = carry, []
            rep = self._pump(engine, batch, want_data)
            if self.view is not None:
                # The view catches up at most once a display frame (the tasks it sends back run next).
                carry = self.view.tick(False)
            if rep["ran"] or rep["yielded"] or rep["pendingEvents"]:
                # Run on at once: more tasks are queued, or the microtasks that ran after this call
                # may have produced output that only the next call collects.
                if rep["pendingEvents"] < MAX_JS_BACKLOG:
                    carry += self._drain(MAX_BATCH_EVENTS)
                continue
            carry += self._drain(MAX_BATCH_EVENTS)
            if carry:
                continue
            if self.not_a_method is not None:
                return "not-a-method"
            quiet = not rep["requests"] and not rep.get("queries") and self._all_tasks_done()
            step_due = bool(self.calls) and quiet and rep.get("ready") and not rep.get("oneShotTimers")
            late = False
            if bool(self.calls) and quiet and rep.get("ready") and not step_due:
                held_since = held_since if held_since is not None else time.monotonic()
                late = step_due = time.monotonic() - held_since >= STEP_PATIENCE_S
            else:
                held_since = None
            ending = quiet and not rep["timers"] and not self.stay_open
            if self.view is not None and (step_due or ending):
                # Before the next step or the end, the view shows everything the page set.
                carry = self.view.tick(True)
                if carry:
                    continue
            if step_due:
                # The page is idle: the next --call, --tap or --input runs (intervals do not hold it,
                # PRODUCT.md J).
                if late:
                    self._say_late(rep["oneShotTimers"])
                carry, held_since = self._next_step(), None
                if self.no_match is not None:
                    return "no-match"
                continue
            if ending:
                return "idle"
            # Requests end by their complete event reaching the inbox; a task still running after
            # complete (chunks-after-abort quirk) is polled, as it sends nothing when it ends.
            wait_s = 3600.0 if rep["requests"] or self._all_tasks_done() else 0.05
            if rep["nextDue"] is not None:
                wait_s = min(wait_s, max(0.0, rep["nextDue"] / 1000.0 - time.time()))
            view_due = self.view.due_in() if self.view is not None else None
            if view_due is not None:
                wait_s = min(wait_s, view_due)
            if deadline is not None:
                wait_s = min(wait_s, max(0.0, deadline - time.monotonic()))
            if held_since is not None:
                wait_s = min(wait_s, max(0.0, held_since + STEP_PATIENCE_S - time.monotonic()))
            try:
                item = self._inbox.get(timeout=wait_s) if wait_s > 0 else self._inbox.get_nowait()
            except queue.Empty:
                continue
            if item is not None:
                carry.append(item)
                carry.extend(self._drain(MAX_BATCH_EVENTS - 1))

    def _say_late(self, timers: int) -> None:
        step = self.calls[0]
        what = step.name if isinstance(step, PageCall) else str(step)
        self._say("info", f"mpsim: the next step ({what}) runs now: the page has kept {timers} setTimeout "
                          f"timer{'s' * (timers != 1)} pending for {STEP_PATIENCE_S:g} s (a timer that sets "
                          "itself again never lets a page be idle)")

    def _next_step(self) -> list[tuple[str, Any, Any, float]]:
        step = self.calls.pop(0)
        if isinstance(step, PageCall):
            return [("call", 0, {"name": step.name, "event": step.event, "queued": True}, time.time() * 1000.0)]
        assert self.view is not None  # checked in __init__
        try:
            return self.view.act(step)
        except ValueError as exc:  # a selector that matches nothing, or cannot be read
            self.no_match = str(exc)
            return []

    def _pending_text(self) -> str:
        rep = self._last_report
        requests, timers = rep.get("requests", 0), rep.get("timers", 0)
        return (f"{requests} request{'s' * (requests != 1)} and {timers} timer{'s' * (timers != 1)}"
                if requests or timers else "work")

    def _all_tasks_done(self) -> bool:
        return all(task.wait(0) for task in self._tasks.values())

    def _drain(self, limit: int) -> list[tuple[str, int, Any, float]]:
        items: list[tuple[str, int, Any, float]] = []
        size = 0
        while len(items) < limit and size < MAX_BATCH_BYTES:
            try:
                item = self._inbox.get_nowait()
            except queue.Empty:
                break
            if item is not None:
                items.append(item)
                if item[0] == "chunk":
                    size += len(item[2])
        return items

    def _pump(self, engine: JsEngine, batch: list[tuple[str, int, Any, float]], want_data: bool) -> dict[str, Any]:
        batch_json = json.dumps(batch, ensure_ascii=False, separators=(",", ":"))
        code = f"__mpsim.pump({batch_json},{BATCH_BUDGET_MS},{'true' if want_data else 'false'})"
        try:
            raw = self._eval(engine, code, "mpsim runtime", timeout_ms=self.script_timeout_ms + BATCH_BUDGET_MS,
                             interruptible=True)
        except ScriptTimeout:
            where = self._eval(engine, "__mpsim.takeInterrupted()", "mpsim runtime")
            rep = self._take_pending(engine)
            self._runaway(str(where) if where else "a task")
            return {**rep, "ran": 1, "yielded": True}
        memory_hit = getattr(engine, "memory_limit_reached", None)
        if memory_hit is not None and memory_hit():
            # The microtasks after the last call kept queueing more until V8 stopped them at the
            # heap limit (an endless promise chain such as `function f() { return p.then(f) }`).
            message = (f"Script stopped: promise continuations kept queueing more (an endless promise chain?) "
                       f"until they used more than {self.max_memory_mb} MB of memory. The run ends here.")
            self._errors.append(ScriptError(message, None, "promise continuation"))
            self._say("error", message)
            raise _Fatal("memory")
        return self._take_report(str(raw))

    def _take_report(self, raw: str) -> dict[str, Any]:
        rep: dict[str, Any] = json.loads(raw)
        if not isinstance(rep, dict) or not all(isinstance(rep.get(k), list) for k in ("console", "errors", "ops")):
            # Only a page that changed what the runtime's JSON is made of gets here (a toJSON it
            # cannot take back off Object.prototype).
            self._runtime_error(f"mpsim runtime error: the page changed the runtime's reports ({raw[:80]!r})")
        self._last_report = rep
        for level, text, line, *where in rep["console"]:  # [level, text, line, file, col]
            self._say(level, text, line, *where)
        for err in rep["errors"]:
            self._errors.append(ScriptError(err["message"], err["line"], err["where"], err["stack"],
                                            err.get("file"), err.get("col")))
        for op in rep["ops"]:
            kind = op[0]
            if kind == "request":
                self._start_request(op[1], op[2])
            elif kind == "queued":  # request.js: over the 10 at a time, it waits
                self._queued_at[op[1]] = time.monotonic()
                self._device_note("queued", "10 requests are already running: it waits for one of them to end "
                                  "(a phone sends at most 10 at a time)", op[1], str(op[2]), starting=False)
            elif kind == "abort":
                task = self._tasks.get(op[1])
                if task is not None:
                    task.abort()
            elif kind == "setData":
                if self.view is not None:
                    self.view.set_data(op[1], op[2])
            elif kind == "page":
                if self.view is not None:
                    self.view.page_opened(op[1], op[3])
                if self.on_page is not None:
                    self.on_page(op[1], op[2], op[3])
            elif kind == "inputValue":
                if self.view is not None:
                    self.view.input_value(op[1], op[2])
            elif kind == "notAMethod":
                if op[3]:  # one of the run's own calls (--call): the run ends, the CLI exits 2
                    self.not_a_method = (op[1], op[2])
            elif kind == "syntax":
                self._locate_syntax_error(op[2], op[3], op[4])
            elif kind == "selectorQuery":  # wx_ui.js: measured by the view, answered as a task
                self._select_nodes(op[1], op[2])
            elif kind == "pageScrollTo":
                scroll = getattr(self.view, "scroll_page", None)
                if scroll is not None:
                    scroll(op[1])
            elif self._host is not None:
                self._host.handle(op)
        if "data" in rep:
            self._last_data = rep["data"]
            if self.on_data is not None:
                self.on_data(rep["data"])
        return rep

    def _select_nodes(self, query_id: int, asks: list[dict[str, Any]]) -> None:
        """Hands a createSelectorQuery's asks to the view that lays the page out; its answer (from any
        thread) comes back through the inbox. JS asks only such a view (``config.layout``)."""
        def answer(results: list[Any]) -> None:
            self._put("selectorQuery", query_id, results)

        select = getattr(self.view, "select_nodes", None)
        if select is None:
            answer([])
        else:
            select(asks, answer)

    def _take_pending(self, engine: JsEngine) -> dict[str, Any]:
        """After a task was stopped: what it did before (console lines, requests, setData) is taken
        first, so the console shows it before the message that it was stopped."""
        return self._take_report(str(self._eval(engine, "__mpsim.report()", "mpsim runtime")))

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

    def _abort_all(self) -> None:
        tasks = list(self._tasks.values())
        for task in tasks:
            task.abort()
        # Wait a little so every chunk log is complete when run() returns.
        give_up = time.monotonic() + 2.0
        for task in tasks:
            task.wait(max(0.0, give_up - time.monotonic()))

    # -- requests ----------------------------------------------------------------------------------
    def _log_path_for(self, n: int) -> Path | None:
        if self.log_path is not None:
            p = self.log_path
            return p if n == 1 else p.with_name(f"{p.stem}-{n}{p.suffix}")
        if self.log_dir is not None:
            return self.log_dir / f"request-{n:03d}.jsonl"
        return None

    def _put(self, kind: str, js_id: int, payload: Any) -> None:
        self._inbox.put((kind, js_id, payload, time.time() * 1000.0))

    def _start_request(self, js_id: int, wire: dict[str, Any]) -> None:
        self._requests += 1
        self._request_notes = notes = []
        queued_at = self._queued_at.pop(js_id, None)
        if queued_at is not None:
            waited = (time.monotonic() - queued_at) * 1000.0
            self._device_note("queued", f"waited {waited:,.0f} ms behind 10 running requests (a phone sends at "
                              "most 10 at a time and queues the rest)", js_id, str(wire.get("url", "")))
        opts = {k: _from_js(v) for k, v in wire.items()}
        # WeChat's default is false (wx.request doc, reference section 1); RequestOptions defaults to
        # true for the request bar, so a script that leaves it out must say so explicitly.
        opts.setdefault("enableChunked", False)
        timeout = getattr(self.project, "network_timeout_ms", None)
        if timeout and "timeout" not in opts:
            # app.json networkTimeout.request is the default timeout of wx.request (app.json doc,
            # "networkTimeout"); the platform's own cap still applies in RequestTask.
            opts["timeout"] = timeout
        page_url = opts.get("url")
        if self._refused_on_device(js_id, page_url, opts.get("timeout"), timeout):
            return
        rule = None
        if self.maps and isinstance(page_url, str):
            opts["url"], rule = self.maps.apply(page_url.strip())
            if rule is not None:
                opts["page_url"] = page_url  # recorded with the options: the log keeps both URLs
                if rule not in self._maps_said:
                    self._maps_said.add(rule)
                    self._say("info", f"mpsim: --map {rule.source} -> {rule.target}: {page_url} went to {opts['url']}")
        try:
            options = RequestOptions.from_wx(opts)
        except (OptionsError, TypeError, ValueError) as exc:
            # A device reports bad options through fail, asynchronously (errno 1001).
            self._put("fail", js_id, {"errMsg": f"request:fail parameter error: {exc}", "errno": ERRNO_BAD_PARAMETER})
            self._put("complete", js_id, {"errMsg": f"request:fail parameter error: {exc}"})
            return
        log_path = self._log_path_for(self._requests)

        def done(kind: str) -> Callable[[dict[str, Any]], None]:
            return lambda res: self._put(kind, js_id, _to_js(res))

        try:
            task = self._task_factory(
                options, profile=self.profile, seed=self.seed, platform=self.platform, log_path=log_path,
                success=done("success"), fail=done("fail"), complete=done("complete"))
            # One Python listener per task; JS keeps the script's own listeners (on/off by identity).
            task.on_headers_received(lambda res: self._put("headers", js_id, _to_js(res)))
            task.on_chunk_received(lambda res: self._put("chunk", js_id, bytes(res["data"]).decode("latin-1")))
            if rule is not None:
                try:
                    task.mapped_from = page_url  # type: ignore[attr-defined]  # what the page asked for
                except AttributeError:  # a stand-in task with slots: the log still has both URLs
                    pass
            try:
                task.device_notes = notes  # type: ignore[attr-defined]  # the window lists them with it
            except AttributeError:  # a stand-in task with slots
                pass
            if getattr(task, "appid", None) is None and hasattr(task, "appid"):
                task.appid = getattr(self.project, "appid", None)  # type: ignore[attr-defined]  # the Referer
            self._tasks[js_id] = task
            if self.on_request is not None:
                self.on_request(task)  # before start(), so a monitor can still be attached
            task.start()
        except Exception as exc:  # noqa: BLE001 - whatever fails here is reported to the script as fail
            self._say("error", f"mpsim: the request could not be started: {type(exc).__name__}: {exc}")
            self._put("fail", js_id, {"errMsg": f"request:fail {exc}", "errno": None})
            self._put("complete", js_id, {"errMsg": f"request:fail {exc}"})

    def _refused_on_device(self, js_id: int, page_url: Any, timeout: Any, app_timeout: int | None) -> bool:
        """What a phone does differently, said once per cause: the background (fail), the domain rules
        (a warning, or the phone's fail with strict_domains) and the 60 s cap. True: the request failed."""
        if self._background is not None:
            self._device_note("background", "made while the mini-program is in the background: it fails at once, "
                              "as on a phone", js_id, str(page_url), refused=True)
            msg = "request:fail interrupted"
            self._say("warn", "mpsim: wx.request while in the background: it fails until the mini-program is "
                              "shown again (docs/device.md)")
            self._put("fail", js_id, {"errMsg": msg, "errno": ERRNO_INTERRUPTED})
            self._put("complete", js_id, {"errMsg": msg})
            return True
        p = self.platform
        if (cut := timeout_cut(timeout, p)) is not None:
            self._device_note("cap", cut, js_id, str(page_url))
        if cut is not None and "cap" not in self._device_said:
            self._device_said.add("cap")
            where = "app.json networkTimeout.request" if timeout == app_timeout else "timeout"
            self._say("warn", f"mpsim: {where} {timeout:g} ms is cut to {p.timeout_cap_ms} ms on {p.name}: "
                              "devices end requests at 60 s (docs/device.md)")
        if not p.device or not isinstance(page_url, str):
            return False
        why = self.domain_rules.why_refused(page_url)
        if why is None:
            return False
        self._device_note("domain", f"would fail on a phone with '{DOMAIN_ERRMSG}': {why}", js_id, page_url,
                          refused=self.strict_domains)
        if self.strict_domains:
            self._say("error", f"mpsim: {page_url} fails on a phone: {why} ({DOMAIN_ERRMSG})")
            self._put("fail", js_id, {"errMsg": DOMAIN_ERRMSG, "errno": DOMAIN_ERRNO})
            self._put("complete", js_id, {"errMsg": DOMAIN_ERRMSG})
            return True
        if why not in self._device_said:
            self._device_said.add(why)
            self._say("warn", f"mpsim: {page_url} would fail on a phone with '{DOMAIN_ERRMSG}': {why}. "
                              "It is sent here; --strict-domains fails it as a phone does (docs/device.md)")
        return False

    # -- reporting ---------------------------------------------------------------------------------
    def _device_note(self, kind: str, text: str, js_id: int, url: str, *, refused: bool = False,
                     starting: bool = True) -> DeviceNote:
        """Tell ``on_device_note``; ``starting``: about the request being started, whose task keeps it."""
        note = DeviceNote(kind, text, js_id, url, refused)
        if starting:
            self._request_notes.append(note)
        if self.on_device_note is not None:
            self.on_device_note(note)
        return note

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
        from .transform import ModuleSyntaxError, to_commonjs

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


def run_script(path: Path | str, **kw: Any) -> RunResult:
    """Run the page script at ``path``; keyword arguments as for ``MiniProgram``."""
    p = Path(path)
    kw.setdefault("filename", p.name)
    return MiniProgram(p.read_text(encoding="utf-8"), **kw).run()


# -- conversions between the JSON the JS side speaks and Python values ----------------------------
_BYTES_KEY = "__mpsim_bytes__"  # an ArrayBuffer crossing as a latin-1 string, one char per byte


def _from_js(v: Any) -> Any:
    if isinstance(v, dict) and set(v) == {_BYTES_KEY}:
        return v[_BYTES_KEY].encode("latin-1")
    return v


def _to_js(res: dict[str, Any]) -> dict[str, Any]:
    data = res.get("data")
    if isinstance(data, bytes | bytearray | memoryview):
        res = dict(res, data={_BYTES_KEY: bytes(data).decode("latin-1")})
    return res


def _line_in(stack: str, filename: str) -> int | None:
    marker = f"{filename}:"
    for ln in stack.splitlines():
        i = ln.find(marker)
        if i >= 0:
            num = ln[i + len(marker):].split(":", 1)[0]
            if num.isdigit():
                return int(num)
    return None


def _system_info(p: PlatformProfile) -> dict[str, Any]:
    """A plausible ``wx.getSystemInfoSync()`` for the profile; ``platform`` is what code branches on."""
    system = {"android": "Android 14", "ios": "iOS 17.5", "devtools": "iOS 10.0.1"}.get(p.system, p.system)
    model = {"android": "mpsim Android phone", "ios": "iPhone 15", "devtools": "iPhone 6/7/8"}.get(p.system, "mpsim")
    width, height = (375, 667) if p.system == "devtools" else (393, 852)
    return {
        "brand": "devtools" if p.system == "devtools" else "mpsim", "model": model, "system": system,
        "platform": p.system, "version": "8.0.50", "SDKVersion": "3.4.10", "language": "zh_CN",
        "pixelRatio": 3 if p.system != "devtools" else 2, "screenWidth": width, "screenHeight": height,
        "windowWidth": width, "windowHeight": height, "statusBarHeight": 20, "fontSizeSetting": 16,
        "benchmarkLevel": 1, "theme": "light", "host": {"env": "WeChat"},
    }
