"""``PhoneLink``: a project run (``MiniProgram``) shown on the window's ``WebPhone`` and driven from it.

The run keeps its headless ``PageView`` (component instances, ``--tap``/``--input`` steps, the text a
check reads); the link mirrors what the run tells that view to the phone, and turns the phone's taps
and keystrokes into the run's handler calls. The run lives on its own thread: the phone is only
reached through queued signals, and the run only through its thread-safe inbox.
"""

from __future__ import annotations

import itertools
import threading
from typing import Any

from PySide6.QtCore import QObject, Signal, Slot

from simulator.runtime.page_view import PageView

from ._phone import WebPhone

__all__ = ["PhoneLink"]


class _Relay(QObject):
    """Signals emitted on the run's thread, received on the phone's: every receiver is a QObject of
    the GUI thread, so Qt queues the calls across (a plain Python function would run on the emitter's)."""

    opened = Signal(object, object, object)  # renderer, data, component data
    page_data = Signal(object)
    component_data = Signal(str, object)
    input_value = Signal(str)

    def __init__(self, phone: WebPhone, assets: Any) -> None:
        super().__init__(phone)
        self._phone = phone
        self._assets = assets
        self.opened.connect(self._show)
        self.page_data.connect(phone.set_data)
        self.component_data.connect(phone.set_component_data)
        self.input_value.connect(phone.set_input_value)

    @Slot(object, object, object)
    def _show(self, renderer: Any, data: dict[str, Any], component_data: dict[str, dict[str, Any]]) -> None:
        self._phone.show_page(renderer, data, assets=self._assets, component_data=component_data)


class PhoneLink(PageView):
    """``MiniProgram(project=p, view=link)`` then ``link.attach(program)``: the run's page on the phone.

    Handler calls from the phone are numbered apart from the run's own ``--tap``/``--input`` steps,
    so a string a ``bindinput`` handler returns goes back to the input the user typed into.
    """

    def __init__(self, project: Any, phone: WebPhone, **kw: Any) -> None:
        super().__init__(project, **kw)
        self.phone = phone
        self._relay = _Relay(phone, project.root)
        phone.event_fired.connect(self._on_phone_event)
        self._program: Any = None
        self._numbers = itertools.count(1 << 30)  # the run's own steps count up from 1
        self._typed_on_phone: set[int] = set()
        self._lock = threading.Lock()

    def attach(self, program: Any) -> None:
        """The run that taps and keystrokes on the phone go to."""
        self._program = program

    # -- the run's side (its thread) ---------------------------------------------------------------
    def page_opened(self, route: str, data: dict[str, Any]) -> None:
        super().page_opened(route, data)
        if self.renderer is not None:
            self._relay.opened.emit(self.renderer, data, self.component_data())

    def set_data(self, owner: str | None, changes: dict[str, Any]) -> None:
        super().set_data(owner, changes)
        if owner is None:
            self._relay.page_data.emit(changes)
        else:
            self._relay.component_data.emit(owner, changes)

    def input_value(self, seq: int, value: str) -> None:
        super().input_value(seq, value)
        with self._lock:
            typed_here = seq in self._typed_on_phone
        if typed_here:
            self._relay.input_value.emit(value)

    def close(self) -> None:
        self.phone.event_fired.disconnect(self._on_phone_event)
        super().close()

    # -- the phone's side (the GUI thread) ---------------------------------------------------------
    def _on_phone_event(self, handler: str, owner: Any, event: dict[str, Any]) -> None:
        program = self._program
        if program is None:
            return
        number = next(self._numbers)
        if event.get("type") == "input":
            with self._lock:
                self._typed_on_phone.add(number)
        program.deliver(handler, owner, event, number)
