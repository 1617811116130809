"""The page's view headless: the bridge between a ``MiniProgram`` (logic layer) and a ``ViewRenderer``
(view layer), as docs/wxml.md describes the two sides' messages.

Logic -> view: the page's and its component instances' ``setData`` changes, applied to the renderer
at most once a display frame (``frame_ms`` of run time) and always before the next step and at the
end. View -> logic: after a render, the component instances it made (``components`` tasks: created,
properties, detached), and for ``Tap``/``Input`` the handler calls that ``tree.py`` works out, each a
task of its own. Qt-free: ``mpsim run --tap/--input`` and the tests use it; the window's phone renders
in QtWebEngine instead.
"""

from __future__ import annotations

import json
import time
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from simulator.view import Element, RenderResult, SelectorError, ViewRenderer, input_event, tap_event
from simulator.view.tree import split_selector_text

from .project import view_reader

__all__ = ["FRAME_MS", "Input", "PageView", "Tap", "parse_input", "parse_tap"]

FRAME_MS = 16.0  # one display frame at 60 Hz: a phone redraws no more often than this

Task = tuple[str, Any, Any, float]


@dataclass(frozen=True, slots=True)
class Tap:
    """``--tap SELECTOR``: tap the first element the selector matches."""

    selector: str

    def __str__(self) -> str:
        return f"--tap {self.selector}"


@dataclass(frozen=True, slots=True)
class Input:
    """``--input SELECTOR=TEXT``: type TEXT into the first input the selector matches (or holds)."""

    selector: str
    text: str

    def __str__(self) -> str:
        return f"--input {self.selector}={self.text}"


def _check_selector(option: str, selector: str) -> None:
    try:
        Element("page").find_all(selector)
    except SelectorError as exc:
        raise ValueError(f"{option} {selector!r}: {exc}") from None


def parse_tap(argument: str) -> Tap:
    """``#send``; ValueError with a one-line message for a selector that cannot be read."""
    _check_selector("--tap", argument)
    return Tap(argument.strip())


def parse_input(argument: str) -> Input:
    """``#question=你好``, split at the first ``=`` outside square brackets; ValueError otherwise."""
    try:
        selector, text = split_selector_text(argument)
    except SelectorError as exc:
        raise ValueError(f"--input: {exc}, as in --input '#question=你好'") from None
    _check_selector("--input", selector)
    return Input(selector, text)


def _merge(into: dict[str, Any], changes: dict[str, Any]) -> None:
    """Later ``setData`` keys over earlier ones; a key set again moves to the end, so applying the
    keys in order ends where the calls ended (as ``pages.js`` ``viewChange`` keeps them)."""
    for key, value in changes.items():
        into.pop(key, None)
        into[key] = value


def _identity(element: Element) -> tuple[tuple[str, str | None], ...]:
    """Which element this is across renders: its place in the WXML and the wx:for keys above it."""
    return tuple((e.loc, e.key) for e in [element, *element.ancestors()])


class PageView:
    """The rendered page of a project run: ``MiniProgram(project=..., view=PageView(project))``.

    ``result`` is the last render (``result.tree`` the element tree, ``text()`` its text);
    ``figures`` holds what the renders cost. ``on_warning`` hears each WXML warning once.
    """

    def __init__(self, project: Any, *, frame_ms: float = FRAME_MS,
                 on_warning: Callable[[str], None] | None = None) -> None:
        self.project = project
        self.frame_ms = frame_ms
        self.on_warning = on_warning
        # npm components from node_modules too, where 构建 npm was never run (as require finds them)
        self._read = view_reader(project)
        self._renderers: dict[str, ViewRenderer] = {}
        self.route: str | None = None
        self.result: RenderResult | None = None
        self._page_changes: dict[str, Any] = {}
        self._component_changes: dict[str, dict[str, Any]] = {}
        self._component_state: dict[str, dict[str, dict[str, Any]]] = {}  # route -> instance id -> its changes
        self._last_flush = 0.0
        self._opened_at = 0.0
        self._synced: str | None = None
        self._sync_due = False
        self._said: set[str] = set()
        self._typed: dict[tuple[tuple[str, str | None], ...], list[Any]] = {}  # field -> [value, bound value]
        self._fields: dict[int, tuple[tuple[str, str | None], ...]] = {}  # input delivery -> its field
        self._seq = 0
        self._tapped_at: float | None = None
        self.figures: dict[str, Any] = {"renders": 0, "render_ms": 0.0, "max_render_ms": 0.0,
                                        "tap_to_render_ms": []}

    # -- what the run tells the view ---------------------------------------------------------------
    def page_opened(self, route: str, data: dict[str, Any]) -> None:
        """A page became the current one: render it whole; its components are reported next tick."""
        self._flush()
        self.route = route
        self._opened_at = time.monotonic()
        self._page_changes.clear()
        self._component_changes.clear()
        self.result = None
        renderer = self._renderer(route)
        self._render(lambda: renderer.render(data) if renderer is not None else None)
        self._sync_due = True  # always: the page's onLoad waits for its first components report

    def set_data(self, owner: str | None, changes: dict[str, Any]) -> None:
        """``setData`` of the page (``owner`` None) or of a component instance, kept until the flush."""
        _merge(self._page_changes if owner is None else self._component_changes.setdefault(owner, {}), changes)

    def input_value(self, seq: int, value: str) -> None:
        """A ``bindinput`` handler returned ``value``: it replaces what the input shows."""
        identity = self._fields.get(seq)
        if identity is not None and identity in self._typed:
            self._typed[identity][0] = value
            if self.result is not None:
                for element in self.result.tree.iter():
                    if element.tag in ("input", "textarea") and _identity(element) == identity:
                        element.attrs["value"] = value

    def tick(self, force: bool) -> list[Task]:
        """Flush the changes when a frame has passed (or ``force``); the tasks the render calls for."""
        if (self._page_changes or self._component_changes) and (
                force or (time.monotonic() - self._last_flush) * 1000.0 >= self.frame_ms):
            self._flush()
        if not self._sync_due:
            return []
        self._sync_due = False
        instances = self.result.components if self.result is not None else []
        self._synced = json.dumps(instances, ensure_ascii=False, sort_keys=True)
        return [("life", "components", instances, time.time() * 1000.0)]

    def due_in(self) -> float | None:
        """Seconds until pending changes are due to be shown, or None when nothing waits."""
        if not (self._page_changes or self._component_changes):
            return None
        return max(0.0, self._last_flush + self.frame_ms / 1000.0 - time.monotonic())

    def act(self, step: Tap | Input) -> list[Task]:
        """The handler calls of a tap or typed text, as tasks; ValueError when nothing matches."""
        option = "--tap" if isinstance(step, Tap) else "--input"
        tree = self.result.tree if self.result is not None else None
        if tree is None:
            raise ValueError(f"{option} {step.selector}: the page {self.route or ''} has no view to act on")
        found = tree.find_all(step.selector)
        if not found:
            raise ValueError(f"{option} {step.selector}: no element matches; the page has {self._summary(tree)}")
        stamp = round((time.monotonic() - self._opened_at) * 1000.0)
        self._seq += 1
        if isinstance(step, Tap):
            deliveries = tap_event(found[0], stamp)
            self._tapped_at = time.monotonic()
        else:
            field = next((e for e in found[0].iter() if e.tag in ("input", "textarea")), found[0])
            identity = _identity(field)
            self._typed[identity] = [step.text, field.attrs.get("value")]
            self._fields[self._seq] = identity
            field.attrs["value"] = step.text
            deliveries = input_event(found[0], step.text, stamp)
        now = time.time() * 1000.0
        return [("call", 0, {"name": d.handler, "owner": d.owner, "event": d.event, "view": self._seq,
                             "queued": True}, now) for d in deliveries]

    # -- reading the page --------------------------------------------------------------------------
    @property
    def renderer(self) -> ViewRenderer | None:
        """The current page's renderer (its compiled page and styles), None before a page opens."""
        return self._renderers.get(self.route) if self.route is not None else None

    def component_data(self) -> dict[str, dict[str, Any]]:
        """Each component instance's ``setData`` so far on the current page, for another view of it
        (``render_screenshot(..., component_data=)``)."""
        return {k: dict(v) for k, v in self._component_state.get(self.route or "", {}).items()}

    def text(self) -> str:
        """The rendered page's text, as a user reads it (empty before the first render)."""
        return self.result.tree.text_content if self.result is not None else ""

    def close(self) -> None:
        for renderer in self._renderers.values():
            renderer.close()
        self._renderers.clear()

    # -- inside ----------------------------------------------------------------------------------------
    def _renderer(self, route: str) -> ViewRenderer | None:
        if route not in self._renderers:
            try:
                self._renderers[route] = ViewRenderer(self._read, f"/{route}",
                                                      global_components=self.project.using_components)
            except (OSError, ValueError) as exc:
                self._warn(f"{route}.wxml: the page cannot be rendered: {exc}")
                return None
        return self._renderers[route]

    def _flush(self) -> None:
        if self.route is None or not (self._page_changes or self._component_changes):
            return
        page, components = self._page_changes, self._component_changes
        self._page_changes, self._component_changes = {}, {}
        state = self._component_state.setdefault(self.route, {})
        for instance_id, data in components.items():
            _merge(state.setdefault(instance_id, {}), data)
        renderer = self._renderers.get(self.route)
        if renderer is not None:
            self._render(lambda: renderer.update(page, components))

    def _render(self, render: Callable[[], RenderResult | None]) -> None:
        t0 = time.monotonic()
        result = render()
        done = time.monotonic()
        self._last_flush = done
        if result is None:
            return
        ms = (done - t0) * 1000.0
        self.figures["renders"] += 1
        self.figures["render_ms"] += ms
        self.figures["max_render_ms"] = max(self.figures["max_render_ms"], ms)
        if self._tapped_at is not None:
            self.figures["tap_to_render_ms"].append((done - self._tapped_at) * 1000.0)
            self._tapped_at = None
        self.result = result
        if self._typed:
            self._show_typed(result.tree)
        for warning in result.warnings:
            self._warn(warning)
        if self._synced != json.dumps(result.components, ensure_ascii=False, sort_keys=True):
            self._sync_due = True

    def _show_typed(self, tree: Element) -> None:
        """In a new render, typed text stays in its input until the page sets the bound value to
        something else."""
        for element in tree.iter():
            if element.tag not in ("input", "textarea"):
                continue
            typed = self._typed.get(_identity(element))
            if typed is None:
                continue
            if element.attrs.get("value") == typed[1]:
                element.attrs["value"] = typed[0]
            else:
                del self._typed[_identity(element)]

    def _summary(self, tree: Element) -> str:
        names: list[str] = []
        for element in tree.iter():
            for name in ([f"#{element.id}"] if element.id else []) + [f".{c}" for c in element.classes]:
                if name not in names:
                    names.append(name)
        if not names:
            return "no ids or classes"
        shown = ", ".join(names[:8])
        return f"{shown}{', ...' if len(names) > 8 else ''}"

    def _warn(self, text: str) -> None:
        if text in self._said:
            return
        self._said.add(text)
        if self.on_warning is not None:
            self.on_warning(text)
