"""What the delivered bytes mean: decoded text and SSE events, computed as chunks arrive.

``StreamAnalysis`` is a ``StreamMonitor`` chaining the stages ``Utf8Stream -> SseParser`` over the
``delivered`` level (what ``onChunkReceived`` was given), the way httpx chains
``iter_bytes -> iter_text -> iter_lines``. It keeps counts always and, only when asked, the text and
the events, so recording a 1 GiB stream stays flat in memory.
"""

from __future__ import annotations

from collections.abc import Callable

from .sse import SseEvent, SseParser
from .stream import Chunk, EndInfo, ResponseInfo
from .text import Utf8Stream

__all__ = ["StreamAnalysis"]


class StreamAnalysis:
    def __init__(self, *, keep_text: bool = False, keep_events: bool = False,
                 on_event: Callable[[SseEvent], None] | None = None,
                 on_text: Callable[[str], None] | None = None) -> None:
        self._utf8 = Utf8Stream()
        # Nobody reads the events themselves: let the parser just count the plain ones.
        self._sse = SseParser(count_only=not keep_events and on_event is None)
        self.keep_text, self.keep_events = keep_text, keep_events
        self._on_event, self._on_text = on_event, on_text
        self._text_parts: list[str] = []
        self.events: list[SseEvent] = []
        self._event_count = 0
        self.chars = 0
        self.first_event_ms: float | None = None
        self.replacements = 0  # U+FFFD produced: invalid or truncated UTF-8
        self.status: int | None = None
        self.content_type = ""

    @property
    def event_count(self) -> int:
        return self._event_count + self._sse.counted

    @property
    def text(self) -> str:
        if len(self._text_parts) > 1:
            self._text_parts[:] = ["".join(self._text_parts)]
        return self._text_parts[0] if self._text_parts else ""

    def on_response(self, response: ResponseInfo) -> None:
        self.status = response.status
        self.content_type = next((v for k, v in response.headers if k.lower() == "content-type"), "")

    def on_chunk(self, chunk: Chunk) -> None:
        if chunk.level != "delivered":
            return
        self._take(self._utf8.feed(chunk.data), chunk.seq, chunk.t_ms)

    def on_end(self, end: EndInfo) -> None:
        self._take(self._utf8.flush(), -1, end.t_ms)
        for ev in self._sse.flush():
            self._event(ev, end.t_ms)

    def _take(self, text: str, seq: int, t_ms: float) -> None:
        if not text:
            return
        self.chars += len(text)
        if "\ufffd" in text:
            self.replacements += text.count("\ufffd")
        if self.keep_text:
            self._text_parts.append(text)
        if self._on_text is not None:
            self._on_text(text)
        for ev in self._sse.feed(text, seq):
            self._event(ev, t_ms)
        if self.first_event_ms is None and self._sse.counted:
            self.first_event_ms = t_ms

    def _event(self, ev: SseEvent, t_ms: float) -> None:
        self._event_count += 1
        if self.first_event_ms is None:
            self.first_event_ms = t_ms
        if self.keep_events:
            self.events.append(ev)
        if self._on_event is not None:
            self._on_event(ev)
