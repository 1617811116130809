"""What the decoded-text view shows: the body, or the answer the events spell out.

Two stream styles exist (docs/product.md, "Who uses it"): each event appends a piece of the answer, or
each event carries the whole answer so far (overwrite). OpenAI-style streams append, with the piece
in ``choices[0].delta.content``; merging those is the core's ``merge_openai_deltas``.
"""

from __future__ import annotations

from collections.abc import Sequence
from enum import StrEnum

from simulator.core.sse import is_done, merge_openai_deltas

from .feed import EventRow
from .store import StreamStore

__all__ = ["AnswerComposer", "TextMode", "fold_long_lines"]

#: Lines longer than this are shown broken: a text view lays out a whole paragraph again on every
#: append, so a line without end (a stream with no newline) would make each append slower.
LONG_LINE = 8000


def fold_long_lines(text: str, line_len: int = 0, limit: int = LONG_LINE) -> tuple[str, list[int], int]:
    """``text`` with a newline inserted wherever a line would pass ``limit`` characters.

    ``line_len`` is the length of the line the text continues. Returns the text to show, the
    offsets in ``text`` where breaks were inserted, and the length of the line it ends in.
    """
    if len(text) + line_len <= limit and "\n" not in text:
        return text, [], line_len + len(text)
    out: list[str] = []
    breaks: list[int] = []
    i, n = 0, len(text)
    while i < n:
        nl = text.find("\n", i)
        stop = n if nl < 0 else nl  # the line's characters are text[i:stop]
        while line_len + (stop - i) > limit:
            take = limit - line_len
            out.append(text[i:i + take])
            out.append("\n")
            i += take
            breaks.append(i)
            line_len = 0
        if nl < 0:
            out.append(text[i:])
            line_len += n - i
            break
        out.append(text[i:nl + 1])
        line_len = 0
        i = nl + 1
    return "".join(out), breaks, line_len


class TextMode(StrEnum):
    BODY = "body"  # the delivered bytes decoded as UTF-8, SSE framing and all
    APPEND = "append"  # each event's data (or OpenAI delta) appended
    OVERWRITE = "overwrite"  # the latest event's data (or its JSON field) replaces the text


class AnswerComposer:
    def __init__(self, mode: TextMode = TextMode.BODY, *, merge_openai: bool = True,
                 json_field: str = "text") -> None:
        self.mode = mode
        self.merge_openai = merge_openai
        self.json_field = json_field

    def full(self, store: StreamStore, limit: int | None = None) -> str:
        """The whole text for what the store holds now (its first ``limit`` characters: older
        events are parsed again from the log, so stop as soon as the view has enough)."""
        if self.mode is TextMode.BODY:
            return store.text[:limit]
        if self.mode is TextMode.APPEND:
            if limit is None:
                return self._appended(store.events)
            parts: list[str] = []
            n = 0
            for row in store.events:
                piece = self._appended((row,))
                parts.append(piece)
                n += len(piece)
                if n >= limit:
                    break
            return "".join(parts)[:limit]
        return self._latest(store.events) or ""

    def update(self, events: Sequence[EventRow], body: str) -> tuple[str, bool] | None:
        """What changed given the events and body text that arrived since the last call:
        ``(text, replace)``, where ``replace`` False means append; None when nothing shows."""
        if self.mode is TextMode.BODY:
            return (body, False) if body else None
        if not events:
            return None
        if self.mode is TextMode.APPEND:
            text = self._appended(events)
            return (text, False) if text else None
        latest = self._latest(events)
        return (latest, True) if latest is not None else None

    def _appended(self, rows: Sequence[EventRow]) -> str:
        if self.merge_openai:
            # The feed may have extracted each delta on the request thread already; if not, merge in
            # order (reasoning before the answer needs the events together).
            if any(d is None for _, _, d in rows):
                return merge_openai_deltas(ev for ev, _, _ in rows)
            return "".join(d for _, _, d in rows)  # type: ignore[misc]
        return "".join(ev.data for ev, _, _ in rows if not is_done(ev))

    def _latest(self, rows: Sequence[EventRow]) -> str | None:
        for ev, _, _ in reversed(rows):
            if is_done(ev):
                continue
            field = self.json_field.strip()
            if field:
                payload = ev.json()
                if isinstance(payload, dict) and isinstance(value := payload.get(field), str):
                    return value
            return ev.data
        return None
