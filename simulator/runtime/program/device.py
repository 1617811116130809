"""What a phone does differently (docs/device.md): the notes a window shows beside a request, the 60 s
timeout cap, the request domains and the background."""

from __future__ import annotations

import threading
from dataclasses import dataclass
from typing import Any

from simulator.core.device import DOMAIN_ERRMSG, DOMAIN_ERRNO
from simulator.core.platforms import PlatformProfile

from .. import program  # its limits, read at call time: a test may change them there

__all__ = ["DeviceNote", "DeviceRules", "timeout_cut"]


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



class DeviceRules:
    """``MiniProgram``'s device network rules: the background state, and what a phone refuses or cuts."""

    def to_background(self) -> None:
        """The user left the mini-program (thread-safe): requests still running 5 s later fail with
        ``request:fail interrupted``, new ones fail at once until ``to_foreground()`` (DOC-NET, docs/device.md)."""
        with self._lock:
            if self._background is not None:
                return
            self._background = threading.Timer(program.BACKGROUND_GRACE_S, self._interrupt_requests)
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

    def _refused_on_device(self, js_id: int, page_url: Any, timeout: Any, app_timeout: int | None) -> bool:
        """What a phone does differently, said once per cause: the background (fail), the domain rules
        (a warning, or the phone's fail with strict_domains) and the 60 s cap. True: the request failed."""
        if self._background is not None:
            self._device_note("background", "made while the mini-program is in the background: it fails at once, "
                              "as on a phone", js_id, str(page_url), refused=True)
            msg = "request:fail interrupted"
            self._say("warn", "mpsim: wx.request while in the background: it fails until the mini-program is "
                              "shown again (docs/device.md)")
            self._put("fail", js_id, {"errMsg": msg, "errno": program.ERRNO_INTERRUPTED})
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

    def _device_note(self, kind: str, text: str, js_id: int, url: str, *, refused: bool = False,
                     starting: bool = True) -> DeviceNote:
        """Tell ``on_device_note``; ``starting``: about the request being started, whose task keeps it."""
        note = DeviceNote(kind, text, js_id, url, refused)
        if starting:
            self._request_notes.append(note)
        if self.on_device_note is not None:
            self.on_device_note(note)
        return note
