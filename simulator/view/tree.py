"""The rendered page as Python objects: find elements by selector, and build the event a tap or typed
text makes, with the handlers it reaches in order (capture, target, bubbling; ``catch`` stops it).

Event rules from https://developers.weixin.qq.com/miniprogram/dev/framework/view/wxml/event.html:
which events bubble, capture before bubble, ``catch`` and ``capture-catch`` stop the event,
``mut-bind`` handlers exclude each other, ``target`` / ``currentTarget`` carry ``id`` and ``dataset``,
``mark`` merges the marks from the target up to where the handler sits.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any

from .wxml_compiler import dataset_key

__all__ = ["Delivery", "Element", "SelectorError", "event_object", "event_path", "input_event",
           "split_selector_text", "tap_event"]

# The bubbling events; every other event (input, confirm, submit, scroll, ...) stays on its target.
BUBBLING_EVENTS = frozenset({"touchstart", "touchmove", "touchcancel", "touchend", "tap", "longpress", "longtap",
                             "transitionend", "animationstart", "animationiteration", "animationend",
                             "touchforcechange"})


class SelectorError(ValueError):
    """A selector that cannot be read; the message says where."""


@dataclass
class Binding:
    handler: str
    catch: bool = False
    capture: bool = False
    mut: bool = False


@dataclass(eq=False, slots=True)
class Element:
    tag: str
    id: str = ""
    classes: list[str] = field(default_factory=list)
    dataset: dict[str, Any] = field(default_factory=dict)
    attrs: dict[str, Any] = field(default_factory=dict)
    style: str = ""
    events: dict[str, list[Binding]] = field(default_factory=dict)
    children: list[Element] = field(default_factory=list)
    text: str = ""
    loc: str = ""
    owner: str | None = None
    component_id: str | None = None
    key: str | None = None
    mark: dict[str, Any] = field(default_factory=dict)
    parent: Element | None = field(default=None, repr=False)

    @classmethod
    def from_vnode(cls, vnode: dict[str, Any], parent: Element | None = None) -> Element:
        """The tree of a vnode (as ``render.js`` makes it); the vnode's dicts are used, not copied."""
        get = vnode.get
        raw_events = get("events")
        events = {t: [Binding(b.get("handler", ""), bool(b.get("catch")), bool(b.get("capture")), bool(b.get("mut")))
                      for b in bindings] for t, bindings in raw_events.items()} if raw_events else {}
        element = cls(get("tag", ""), get("id", ""), get("classes") or [], get("dataset") or {}, get("attrs") or {},
                      get("style", ""), events, [], get("text", ""), get("loc", ""), get("owner"),
                      get("componentId"), get("key"), get("mark") or {}, parent)
        children = get("children")
        if children:
            element.children = [cls.from_vnode(child, element) for child in children]
        return element

    def iter(self) -> Iterator[Element]:
        """This element and everything under it, in document order."""
        stack = [self]
        while stack:
            element = stack.pop()
            yield element
            stack.extend(reversed(element.children))

    def ancestors(self) -> Iterator[Element]:
        node = self.parent
        while node is not None:
            yield node
            node = node.parent

    @property
    def text_content(self) -> str:
        return "".join(e.text for e in self.iter() if e.tag == "#text")

    def find_all(self, selector: str) -> list[Element]:
        groups = _parse_selector(selector)
        return [e for e in self.iter() if e.tag != "#text" and any(_matches(e, g) for g in groups)]

    def find(self, selector: str) -> Element | None:
        found = self.find_all(selector)
        return found[0] if found else None

    def describe(self) -> str:
        """``<button#send.primary>`` at file:line, for messages."""
        return f"<{self.tag}{'#' + self.id if self.id else ''}{''.join('.' + c for c in self.classes)}> ({self.loc})"


# ----- selectors -------------------------------------------------------------------------------
@dataclass
class _Compound:
    tag: str | None = None
    ids: list[str] = field(default_factory=list)
    classes: list[str] = field(default_factory=list)
    attrs: list[tuple[str, str | None]] = field(default_factory=list)
    # :nth-child(N) as N, :first-child as 1, :last-child as -1 (among element siblings)
    positions: list[int] = field(default_factory=list)


_IDENT = r"-?[A-Za-z_\u0080-\uffff][\w\-\u0080-\uffff]*"
_TOKEN = re.compile(rf"""
    (?P<space>\s*>\s*|\s*,\s*|\s+)
  | (?P<tag>{_IDENT}|\*)
  | \#(?P<id>[\w\-\u0080-\uffff]+)
  | \.(?P<cls>{_IDENT})
  | \[\s*(?P<attr>[\w\-:]+)\s*(?:=\s*(?:"(?P<dq>[^"]*)"|'(?P<sq>[^']*)'|(?P<bare>[^\]\s]*))\s*)?\]
  | :(?:nth-child\(\s*(?P<nth>\d+)\s*\)|(?P<edge>first|last)-child)
""", re.X)


def _parse_selector(selector: str) -> list[list[tuple[str, _Compound]]]:
    """Groups (comma) of compounds, each with the combinator before it (" " or ">")."""
    text = selector.strip()
    if not text:
        raise SelectorError("empty selector")
    groups: list[list[tuple[str, _Compound]]] = [[]]
    combinator = " "
    current: _Compound | None = None
    pos = 0
    while pos < len(text):
        m = _TOKEN.match(text, pos)
        if not m:
            raise SelectorError(f"cannot read selector {selector!r} at column {pos + 1} ({text[pos:]!r})")
        pos = m.end()
        if m["space"] is not None:
            sep = m["space"].strip()
            if current is None and sep != "":
                raise SelectorError(f"selector {selector!r}: nothing before {sep!r}")
            if sep == ",":
                groups.append([])
                combinator = " "
            else:
                combinator = sep or " "
            current = None
            continue
        if current is None:
            current = _Compound()
            groups[-1].append((combinator, current))
        if m["tag"]:
            if current.tag is not None or current.ids or current.classes or current.attrs or current.positions:
                raise SelectorError(f"selector {selector!r}: tag {m['tag']!r} must come first")
            current.tag = None if m["tag"] == "*" else m["tag"]
        elif m["id"]:
            current.ids.append(m["id"])
        elif m["cls"]:
            current.classes.append(m["cls"])
        elif m["nth"]:
            current.positions.append(int(m["nth"]))
        elif m["edge"]:
            current.positions.append(1 if m["edge"] == "first" else -1)
        else:
            value = m["dq"] if m["dq"] is not None else m["sq"] if m["sq"] is not None else m["bare"]
            current.attrs.append((m["attr"], value))
    if any(not g for g in groups) or current is None:
        raise SelectorError(f"selector {selector!r} ends without an element")
    return groups


def _attr_value(element: Element, name: str) -> Any:
    if name == "id":
        return element.id or None
    if name == "class":
        return " ".join(element.classes) or None
    if name.startswith("data-"):
        return element.dataset.get(dataset_key(name))
    return element.attrs.get(name)


def _text_of(value: Any) -> str:
    if value is True:
        return "true"
    if value is False:
        return "false"
    return "" if value is None else str(value)


def _compound_matches(element: Element, c: _Compound) -> bool:
    if c.tag is not None and element.tag != c.tag:
        return False
    if any(element.id != i for i in c.ids):
        return False
    if any(cls not in element.classes for cls in c.classes):
        return False
    for name, value in c.attrs:
        actual = _attr_value(element, name)
        if actual is None or (value is not None and _text_of(actual) != value):
            return False
    if c.positions:
        siblings = [e for e in element.parent.children if e.tag != "#text"] if element.parent else [element]
        place = siblings.index(element)
        if any(place != (p - 1 if p > 0 else len(siblings) + p) for p in c.positions):
            return False
    return True


def _matches(element: Element, chain: list[tuple[str, _Compound]]) -> bool:
    """Right to left, as browsers match: the last compound is the element itself."""

    def match_from(node: Element, index: int) -> bool:
        if not _compound_matches(node, chain[index][1]):
            return False
        if index == 0:
            return True
        combinator = chain[index][0]
        if combinator == ">":
            return node.parent is not None and match_from(node.parent, index - 1)
        return any(match_from(a, index - 1) for a in node.ancestors())

    return match_from(element, len(chain) - 1)


def split_selector_text(argument: str) -> tuple[str, str]:
    """``SELECTOR=TEXT`` split at the first ``=`` outside square brackets (``[data-k=v]=hi``)."""
    depth = 0
    for i, ch in enumerate(argument):
        if ch == "[":
            depth += 1
        elif ch == "]":
            depth = max(0, depth - 1)
        elif ch == "=" and depth == 0:
            selector = argument[:i].strip()
            if not selector:
                break
            return selector, argument[i + 1:]
    raise SelectorError(f"expected SELECTOR=TEXT, got {argument!r}")


# ----- events ----------------------------------------------------------------------------------
@dataclass
class Delivery:
    """One handler call: which handler, on which element, in whose code (page or component id)."""

    element: Element
    target: Element
    handler: str
    owner: str | None
    event: dict[str, Any]


def _retarget(target: Element, current: Element) -> Element:
    """Seen from a handler outside a custom component, the target is the component's host element."""
    node: Element | None = target
    while node is not None and node.owner != current.owner:
        node = node.parent
    return node or target


def event_path(target: Element, event_type: str) -> list[tuple[Element, Binding]]:
    """The bindings ``event_type`` on ``target`` reaches, in the order they run."""
    chain = [target, *target.ancestors()]
    reached: list[tuple[Element, Binding]] = []
    mut_taken = False
    phases = [(list(reversed(chain)), True)]
    phases.append((chain if event_type in BUBBLING_EVENTS else [target], False))
    for elements, capture in phases:
        for element in elements:
            stop = False
            for binding in element.events.get(event_type, []):
                if binding.capture != capture:
                    continue
                if binding.mut:
                    if mut_taken:
                        continue
                    mut_taken = True
                reached.append((element, binding))
                stop = stop or binding.catch
            if stop:
                return reached
    return reached


def event_object(event_type: str, target: Element, current: Element, detail: dict[str, Any],
                 time_stamp: int = 0, touches: list[dict[str, Any]] | None = None) -> dict[str, Any]:
    """The object a handler receives (the fields of a device's event)."""
    seen_target = _retarget(target, current)
    mark: dict[str, Any] = {}
    for node in [target, *target.ancestors()]:
        for k, v in node.mark.items():
            mark.setdefault(k, v)
        if node is current:
            break
    return {"type": event_type, "timeStamp": time_stamp,
            "target": {"id": seen_target.id, "dataset": dict(seen_target.dataset)},
            "currentTarget": {"id": current.id, "dataset": dict(current.dataset)},
            "mark": mark, "detail": detail, "touches": touches or [], "changedTouches": touches or []}


def _deliveries(target: Element, event_type: str, detail: dict[str, Any], time_stamp: int,
                touches: list[dict[str, Any]] | None = None) -> list[Delivery]:
    return [Delivery(element, target, binding.handler, element.owner,
                     event_object(event_type, target, element, detail, time_stamp, touches))
            for element, binding in event_path(target, event_type)]


def tap_event(target: Element, time_stamp: int = 0, x: float = 0, y: float = 0) -> list[Delivery]:
    """What tapping ``target`` delivers: ``detail`` is the tap point, as on a device."""
    touch = {"identifier": 0, "pageX": x, "pageY": y, "clientX": x, "clientY": y}
    return _deliveries(target, "tap", {"x": x, "y": y}, time_stamp, [touch])


def input_event(target: Element, value: str, time_stamp: int = 0) -> list[Delivery]:
    """What typing ``value`` into an input (or the input inside ``target``) delivers: ``bindinput``
    gets ``{value, cursor, keyCode}`` (https://developers.weixin.qq.com/miniprogram/dev/component/input.html)."""
    field_element = next((e for e in target.iter() if e.tag in ("input", "textarea")), target)
    key_code = ord(value[-1]) if value else 8  # an emptied field ends with a backspace
    return _deliveries(field_element, "input", {"value": value, "cursor": len(value), "keyCode": key_code},
                       time_stamp)
