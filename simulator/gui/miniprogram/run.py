"""One run of the page on its own Python thread (``ScriptRun``), and the hand-over of each of its
requests to the window's views (``RequestHandoff``).

Console lines and page data are queued on the runtime thread and reach the GUI thread through one
coalesced signal, drained on a timer. Each request the page makes is held on the runtime thread
until the GUI thread has attached the window's views to it (``PanelHost.watch``, which must come
before ``task.start()``): a ``RequestHandoff`` that a stopping run or a closing window releases at
once, so neither side can wait on the other for ever.
"""

from __future__ import annotations

import threading
import time
from collections import deque
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QObject, Signal

from simulator.runtime import ConsoleLine, MiniProgram, RunResult, ScriptError
from simulator.runtime.program import DeviceNote

from ..paint import ProducerGate
from .console import ConsoleEntry

if TYPE_CHECKING:
    from simulator.core.task import RequestTask


class RequestHandoff:
    """A request the runtime thread holds until the GUI thread has attached the views to it.

    ``take`` (GUI thread) claims it, then ``release`` lets the runtime thread start the task.
    ``abandon`` (a stopping run, a closing window, or the runtime thread tired of waiting) lets it
    start unwatched; once abandoned, ``take`` refuses, so the views never attach to a started task.
    """

    def __init__(self, run: ScriptRun, task: RequestTask) -> None:
        self.run = run
        self.task = task
        self._lock = threading.Lock()
        self._state = "offered"  # offered | taken | abandoned
        self._released = threading.Event()

    def take(self) -> bool:
        with self._lock:
            if self._state != "offered":
                return False
            self._state = "taken"
            return True

    def release(self) -> None:
        self._released.set()

    def abandon(self) -> None:
        with self._lock:
            if self._state == "offered":
                self._state = "abandoned"
                self._released.set()

    def wait(self, timeout: float) -> None:
        """Runtime thread: until released or abandoned (a busy GUI thread past ``timeout`` only
        costs the views this request)."""
        if not self._released.wait(timeout):
            self.abandon()
            self._released.wait()  # taken: the GUI thread is attaching right now and releases next


@dataclass(slots=True)
class RunOutput:
    """What a run reported since the last ``take``."""

    lines: list[ConsoleEntry]
    data: dict[str, Any] | None  # the latest page data (None: no change)
    #: In order: ("page", (route, methods, data)), ("ui", (kind, payload)), ("storage", snapshot).
    events: list[tuple[str, Any]]


class ScriptRun(QObject):
    """One ``MiniProgram`` run on a Python thread. Nothing here touches a widget.

    Console lines, the latest page data and the page's other reports (a page loaded, a toast, the
    storage) queue here; ``outputReady`` is emitted once until the GUI thread calls ``take``.
    ``requestMade`` carries a ``RequestHandoff`` for every request. ``call``, ``set_storage``,
    ``remove_storage`` and ``clear_storage`` reach the running page from the GUI thread.
    """

    outputReady = Signal(object)  # this run
    requestMade = Signal(object)  # RequestHandoff
    finished = Signal(object, object)  # this run, its RunResult
    deviceNote = Signal(object)  # a DeviceNote: why a request would behave differently on a phone

    #: How long a request waits for the GUI thread to attach the views before starting without them.
    HANDOFF_WAIT_S = 10.0

    def __init__(self, source: str | None, *, parent: QObject | None = None, **options: Any) -> None:
        # A parent owns the QObject, so no Python reference dropped on the run's own thread (the
        # last one, as it ends) deletes it there: ``finished`` reaches the GUI thread, which deletes it.
        super().__init__(parent)
        self.filename = str(options.get("filename", "page.js"))
        self.program = MiniProgram(source, on_console_line=self._on_console_line, on_data=self._on_data,
                                   on_request=self._on_request, on_page=self._on_page, on_ui=self._on_ui,
                                   on_storage=self._on_storage, on_device_note=self._on_device_note, **options)
        self.result: RunResult | None = None
        self.watched: list[RequestTask] = []  # GUI thread only: the requests shown in the views
        self.requests_seen = 0  # GUI thread only: requests offered to the views
        self._lines: deque[ConsoleEntry] = deque()
        self._data: dict[str, Any] | None = None
        self._events: deque[tuple[str, Any]] = deque()
        self._signalled = False
        self._lock = threading.Lock()
        self._stopping = False
        self._handoff: RequestHandoff | None = None
        self._gate = ProducerGate()  # see paused(): held while the GUI thread paints or drains
        self._done = threading.Event()
        self._thread = threading.Thread(target=self._work, name="mpsim-script", daemon=True)

    # -- GUI thread --------------------------------------------------------------------------------
    def start(self) -> None:
        self._thread.start()

    def stop(self) -> None:
        """End the run soon; a request waiting for the views starts without them (thread-safe)."""
        with self._lock:
            self._stopping = True
            handoff = self._handoff
        if handoff is not None:
            handoff.abandon()
        self.program.stop()

    @property
    def stopping(self) -> bool:
        return self._stopping

    def wait(self, timeout: float | None = None) -> bool:
        """Until the run has ended and its thread has sent its last signal (it may be deleted then)."""
        if not self._done.wait(timeout):
            return False
        if self._thread.ident is not None and self._thread is not threading.current_thread():
            self._thread.join(timeout)
        return True

    @property
    def done(self) -> bool:
        return self._done.is_set()

    @contextmanager
    def paused(self) -> Iterator[None]:
        """Hold the runtime thread at its next console line while the GUI thread paints or drains.

        Painting enters Python once per cell, and while the runtime thread is busy in Python (a
        script printing thousands of lines) each entry would wait for it to hand over the GIL: the
        same reason ``StreamFeed.paused`` exists (``paint.py``).
        """
        with self._gate.hold():
            yield

    def take(self) -> RunOutput:
        """What the run reported since the last call."""
        self._signalled = False  # before draining: whatever comes after signals again
        lines = [self._lines.popleft() for _ in range(len(self._lines))]
        events = [self._events.popleft() for _ in range(len(self._events))]
        with self._lock:
            data, self._data = self._data, None
        return RunOutput(lines, data, events)

    def call(self, name: str, event: dict[str, Any] | None = None) -> None:
        """Run page method ``name`` with a device-like event as soon as the page's loop picks it up."""
        self.program.call(name, event)

    def warn(self, text: str) -> None:
        """A warning line in the run's console from mpsim (the page's view); thread-safe."""
        self._on_console("warn", text, None)

    def set_storage(self, key: str, value: Any) -> None:
        self.program.set_storage(key, value)

    def remove_storage(self, key: str) -> None:
        self.program.remove_storage(key)

    def clear_storage(self) -> None:
        self.program.clear_storage()

    # -- runtime thread ----------------------------------------------------------------------------
    def _work(self) -> None:
        try:
            result = self.program.run()
        except Exception as exc:  # noqa: BLE001 - a broken runtime must not take the window down
            text = f"mpsim: the runtime failed: {type(exc).__name__}: {exc}"
            self._on_console("error", text, None)
            result = RunResult(data={}, console=[], error=ScriptError(text, None, "mpsim runtime"),
                               timed_out=False, requests=0, end_reason="runtime-error")
        self.result = result
        self._done.set()
        self._emit(self.finished, self, result)

    def _wait_if_paused(self) -> None:
        self._gate.wait()  # the GUI thread may be painting: wait for it, off the GIL

    def _on_console(self, level: str, text: str, line: int | None) -> None:
        self._on_console_line(ConsoleLine(level, text, line, 0.0))

    def _on_console_line(self, line: ConsoleLine) -> None:
        self._wait_if_paused()
        source = line.file or (self.filename if line.line is not None else "")
        self._lines.append(ConsoleEntry(line.level, line.text, line.line, time.time(), source, col=line.col))
        self._notify()

    def _on_page(self, route: str, methods: list[str], data: dict[str, Any]) -> None:
        self._report("page", (route, list(methods), data))

    def _on_ui(self, kind: str, payload: dict[str, Any]) -> None:
        self._report("ui", (kind, payload))

    def _on_storage(self, snapshot: dict[str, Any]) -> None:
        self._report("storage", snapshot)

    def _report(self, kind: str, payload: Any) -> None:
        self._wait_if_paused()
        self._events.append((kind, payload))
        self._notify()

    def _on_device_note(self, note: DeviceNote) -> None:
        self._emit(self.deviceNote, note)  # rare (a few per request at most), in order with requestMade

    def _on_data(self, data: dict[str, Any]) -> None:
        self._wait_if_paused()
        with self._lock:
            self._data = data
        self._notify()

    def _on_request(self, task: RequestTask) -> None:
        handoff = RequestHandoff(self, task)
        with self._lock:
            if self._stopping:
                return
            self._handoff = handoff
        try:
            if self._emit(self.requestMade, handoff):
                handoff.wait(self.HANDOFF_WAIT_S)
        finally:
            with self._lock:
                self._handoff = None

    def _notify(self) -> None:
        if not self._signalled:
            self._signalled = True
            self._emit(self.outputReady, self)

    @staticmethod
    def _emit(signal: Any, *args: object) -> bool:
        try:
            signal.emit(*args)
        except RuntimeError:  # the receiving side is gone (window closed): nobody is listening
            return False
        return True

