"""Starting the page's ``wx.request`` calls as request tasks, each recorded as a chunk log."""

from __future__ import annotations

import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

from simulator.core.options import OptionsError, RequestOptions

from .. import program  # its limits, read at call time: a test may change them there
from .convert import _from_js, _to_js

__all__ = ["Requests"]


class Requests:
    """``MiniProgram``'s requests: each ``request`` op of the page becomes a started task."""

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
        # WeChat's default is false (wx.request doc, docs/wechat-request-api.md §1); RequestOptions defaults to
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
            self._put("fail", js_id, {"errMsg": f"request:fail parameter error: {exc}",
                                      "errno": program.ERRNO_BAD_PARAMETER})
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
