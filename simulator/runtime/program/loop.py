"""The run's loop: events handed to JS in batches, the reports that come back, the next step when idle."""

from __future__ import annotations

import json
import queue
import time
from typing import Any

from .. import program  # its limits, read at call time: a test may change them there
from ..engine import JsEngine, ScriptTimeout
from .reporting import _Fatal
from .results import PageCall, ScriptError

__all__ = ["Loop"]


class Loop:
    """``MiniProgram``'s event loop (``bootstrap.py`` explains the batches)."""

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
                if rep["pendingEvents"] < program.MAX_JS_BACKLOG:
                    carry += self._drain(program.MAX_BATCH_EVENTS)
                continue
            carry += self._drain(program.MAX_BATCH_EVENTS)
            if carry:
                continue
            if self.not_a_method is not None:
                return "not-a-method"
            quiet = not rep["requests"] and not rep.get("queries") and self._all_tasks_done()
            step_due = bool(self.calls) and quiet and rep.get("ready") and not rep.get("oneShotTimers")
            late = False
            if bool(self.calls) and quiet and rep.get("ready") and not step_due:
                held_since = held_since if held_since is not None else time.monotonic()
                late = step_due = time.monotonic() - held_since >= program.STEP_PATIENCE_S
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
                # docs/product.md J).
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
                wait_s = min(wait_s, max(0.0, held_since + program.STEP_PATIENCE_S - time.monotonic()))
            try:
                item = self._inbox.get(timeout=wait_s) if wait_s > 0 else self._inbox.get_nowait()
            except queue.Empty:
                continue
            if item is not None:
                carry.append(item)
                carry.extend(self._drain(program.MAX_BATCH_EVENTS - 1))

    def _say_late(self, timers: int) -> None:
        step = self.calls[0]
        what = step.name if isinstance(step, PageCall) else str(step)
        self._say("info", f"mpsim: the next step ({what}) runs now: the page has kept {timers} setTimeout "
                          f"timer{'s' * (timers != 1)} pending for {program.STEP_PATIENCE_S:g} s (a timer that sets "
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
        while len(items) < limit and size < program.MAX_BATCH_BYTES:
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
        code = f"__mpsim.pump({batch_json},{program.BATCH_BUDGET_MS},{'true' if want_data else 'false'})"
        try:
            raw = self._eval(engine, code, "mpsim runtime", timeout_ms=self.script_timeout_ms + program.BATCH_BUDGET_MS,
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
