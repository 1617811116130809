"""``PhoneLink``: a project run (``MiniProgram``) shown on the window's ``WebPhone`` and driven from it.

The run keeps its headless ``PageView`` (component instances, ``--tap``/``--input`` steps, the text a
check reads); the link mirrors what the run tells that view to the phone, turns the phone's taps
and keystrokes into the run's handler calls, and measures the phone's page for the run's
``createSelectorQuery`` and scrolls it for ``wx.pageScrollTo`` (docs/wxml.md, "Selector queries").
The run lives on its own thread: the phone is only reached through queued signals, and the run only
through its thread-safe inbox.
"""

from __future__ import annotations

import itertools
import threading
from collections.abc import Callable
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
    select_nodes = Signal(object, object)  # a SelectorQuery's asks, and what answers them
    scroll_page = Signal(object)

    def __init__(self, phone: WebPhone, assets: Any) -> None:
        super().__init__(phone)
        self._phone = phone
        self._assets = assets
        self.opened.connect(self._show)
        self.page_data.connect(phone.set_data)
        self.component_data.connect(phone.set_component_data)
        self.input_value.connect(phone.set_input_value)
        self.select_nodes.connect(phone.select_nodes)
        self.scroll_page.connect(phone.scroll_page)

    @Slot(object, object, object)
    def _show(self, renderer: Any, data: dict[str, Any], component_data: dict[str, dict[str, Any]]) -> None:
        self._phone.show_page(renderer, data, assets=self._assets, component_data=component_data)


class PhoneLink(PageView):
    """``MiniProgram(project=p, view=link)`` then ``link.attach(program)``: the run's page on the phone.

    Handler calls from the phone are numbered apart from the run's own ``--tap``/``--input`` steps,
    so a string a ``bindinput`` handler returns goes back to the input the user typed into.
    """

    lays_out = True  # createSelectorQuery measures the phone's page (MiniProgram's config.layout)

    def __init__(self, project: Any, phone: WebPhone, **kw: Any) -> None:
        super().__init__(project, **kw)
        self.phone = phone
        self._relay = _Relay(phone, project.root)
        phone.event_fired.connect(self._on_phone_event)
        self._program: Any = None
        self._numbers = itertools.count(1 << 30)  # the run's own steps count up from 1
        self._typed_on_phone: set[int] = set()
        self._lock = threading.Lock()
        self._queries = itertools.count(1)
        self._unanswered: dict[int, Callable[[list[Any]], None]] = {}  # queries the phone has still to answer

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

    def select_nodes(self, asks: list[dict[str, Any]], answer: Callable[[list[Any]], None]) -> None:
        """A ``createSelectorQuery`` exec: measured on the phone (after the changes sent before it, which
        travel the same queue), ``answer(results)`` called from the GUI thread."""
        number = next(self._queries)
        with self._lock:
            self._unanswered[number] = answer
        self._relay.select_nodes.emit(asks, lambda results: self._answer(number, results))

    def scroll_page(self, options: dict[str, Any]) -> None:
        self._relay.scroll_page.emit(options)

    def _answer(self, number: int, results: list[Any]) -> None:
        with self._lock:
            answer = self._unanswered.pop(number, None)
        if answer is not None:
            answer(results)

    def close(self) -> None:
        self.phone.event_fired.disconnect(self._on_phone_event)
        # A page gone with its phone answers nothing: the run hears empty answers and goes on.
        with self._lock:
            waiting = list(self._unanswered)
        for number in waiting:
            self._answer(number, [])
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
