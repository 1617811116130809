"""``StreamFeed``: the one monitor the GUI attaches to a request (live or replayed).

A ``RequestTask`` calls its monitors on the request's own thread, so the feed does nothing there but
what must happen in stream order: it runs the core ``StreamAnalysis`` (UTF-8 decoding and SSE
parsing of the delivered level) and queues plain tuples. The GUI thread takes what has queued on a
timer (``take``) and inserts it in one batch: it is never called per chunk, and no Qt object is
touched off the GUI thread (the napari / mitmproxy eventstore pattern in STYLE.md).

The queues are ``deque``s (appends and pops are atomic), so the producer takes no lock per chunk;
a lock is only met while the GUI thread asked for a pause (``paused``). The feed is Qt-free;
``StreamController`` owns the timer that drains it.

The queues are bounded (``MAX_QUEUED`` bytes): a producer faster than the window (a recording
replayed at once reads its body file at disk speed) waits for the GUI thread to take what is
queued, instead of queueing the whole recording in memory (issue 8: a 1 GiB recording opened in
the window peaked at 2.8 GB).
"""

from __future__ import annotations

import threading
from collections import deque
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field

from simulator.core.analysis import StreamAnalysis
from simulator.core.sse import OpenAiAnswer, SseEvent
from simulator.core.stream import Chunk, EndInfo, RequestStart, ResponseInfo

from .paint import ProducerGate

__all__ = ["ChunkRow", "EventRow", "FeedBatch", "StreamFeed"]

#: One chunk as the views store it: ``(level, seq, t_ms, data, events_ended, chars_end)``.
#: ``events_ended`` is how many SSE events end in this chunk and ``chars_end`` how many characters
#: were decoded up to and including it (both only for the delivered level, else 0).
ChunkRow = tuple[str, int, float, bytes, int, int]
#: One SSE event, the time of the chunk that completed it, and its OpenAI delta content when the
#: feed was asked to extract it (``openai_deltas``), else None.
EventRow = tuple[SseEvent, float, str | None]


@dataclass(slots=True)
class FeedBatch:
    """What arrived since the last ``take``: in stream order within each list."""

    start: RequestStart | None = None
    response: ResponseInfo | None = None
    chunks: list[ChunkRow] = field(default_factory=list)
    events: list[EventRow] = field(default_factory=list)
    text: list[str] = field(default_factory=list)
    end: EndInfo | None = None
    more: bool = False  # rows are still queued beyond this batch's limit

    def __bool__(self) -> bool:
        return bool(self.start or self.response or self.chunks or self.events or self.text or self.end)


def _drain(queue: deque, limit: int) -> list:
    n = len(queue) if not limit else min(limit, len(queue))
    pop = queue.popleft
    return [pop() for _ in range(n)]


class StreamFeed:
    """A ``StreamMonitor`` that analyses on the producer's thread and queues for the GUI thread.

    Attach it to a task before the task starts (``RequestTask(monitors=[feed])`` or
    ``task.monitors.append(feed)``), or pass it to ``chunklog.replay``. ``close()`` detaches it:
    the producer may go on calling it, but nothing more is queued.

    ``openai_deltas``: also extract each event's ``choices[0].delta.content`` (the core's
    ``merge_openai_deltas``) on the producer thread, so the text view's merge mode costs the GUI
    thread nothing per event. It may be switched on and off at any time.
    """

    MAX_QUEUED = 32 << 20  # bytes of chunks queued for the GUI thread before the producer waits

    def __init__(self, *, openai_deltas: bool = False) -> None:
        self.openai_deltas = openai_deltas
        # Bytes queued = put - taken; each counter is written by one thread only.
        self._put_bytes = 0
        self._taken_bytes = 0
        self._drained = threading.Event()
        self._answer = OpenAiAnswer()  # reasoning then answer: the merge needs the events in order
        self._chunks: deque[ChunkRow] = deque()
        self._events: deque[EventRow] = deque()
        self._text: deque[str] = deque()
        self._start: RequestStart | None = None
        self._response: ResponseInfo | None = None
        self._end: EndInfo | None = None
        self._closed = False
        self.ended = False  # on_end was called (producer side)
        self._gate = ProducerGate()  # see paused()
        # Producer-side state, touched only on the thread that calls the monitor methods.
        self._analysis = StreamAnalysis(on_event=self._on_event, on_text=self._on_text)
        self._t_ms = 0.0
        self._chars = 0
        self._n_events = 0

    # -- StreamMonitor (producer thread) ------------------------------------------------------------
    def on_start(self, start: RequestStart) -> None:
        self._start = start

    def on_response(self, response: ResponseInfo) -> None:
        self._analysis.on_response(response)
        self._response = response

    def on_chunk(self, chunk: Chunk) -> None:
        self._gate.wait()  # the GUI thread may be painting: wait for it, off the GIL
        while self._put_bytes - self._taken_bytes > self.MAX_QUEUED and not self._closed:
            self._drained.clear()
            self._drained.wait(0.05)  # set by take(); the timeout rechecks a feed closed meanwhile
        if self._closed:
            return
        self._put_bytes += len(chunk.data)
        level = chunk.level
        if level != "delivered":
            self._chunks.append((level, chunk.seq, chunk.t_ms, chunk.data, 0, 0))
            return
        self._t_ms = chunk.t_ms
        self._n_events = 0
        # The callbacks queue the events and text this chunk completes, then its row follows.
        self._analysis.on_chunk(chunk)
        self._chunks.append((level, chunk.seq, chunk.t_ms, chunk.data, self._n_events, self._chars))

    def on_end(self, end: EndInfo) -> None:
        self._t_ms = end.t_ms
        self._analysis.on_end(end)  # flushes a character left incomplete as U+FFFD
        self._end = end  # after everything else: the consumer reads it first, then drains
        self.ended = True

    def _on_event(self, event: SseEvent) -> None:
        self._n_events += 1
        delta = self._answer.feed(event) if self.openai_deltas else None
        self._events.append((event, self._t_ms, delta))

    def _on_text(self, text: str) -> None:
        self._chars += len(text)
        self._text.append(text)

    # -- consumer (GUI thread) -------------------------------------------------------------------
    def take(self, max_rows: int = 0) -> FeedBatch:
        """Everything queued (at most ``max_rows`` chunks and events when given); the end only comes
        once every chunk and event before it has been taken."""
        end = self._end  # read before draining: whatever was queued before it is drained below
        chunks = _drain(self._chunks, max_rows)
        if chunks:
            self._taken_bytes += sum(len(row[3]) for row in chunks)
            self._drained.set()
        events = _drain(self._events, max_rows)
        text = _drain(self._text, 0)
        more = bool(self._chunks or self._events)
        start, response = self._start, self._response
        if start is not None:
            self._start = None
        if response is not None:
            self._response = None
        if end is not None and not more:
            self._end = None
        else:
            end = None
        return FeedBatch(start, response, chunks, events, text, end, more)

    @contextmanager
    def paused(self) -> Iterator[None]:
        """Hold the producer at its next chunk while the GUI thread works or paints.

        A producer blocked on the gate does not compete for the GIL, so the many short entries into
        Python that painting an item view makes (one per cell) each get it at once, instead of
        waiting for the request thread to hand it over. It costs the producer the few milliseconds
        the GUI thread needs, which the GIL would have taken from it anyway.
        """
        with self._gate.hold():
            yield

    def close(self) -> None:
        """Stop queueing; what is queued is dropped."""
        self._closed = True
        self._drained.set()
        self._chunks.clear()
        self._events.clear()
        self._text.clear()
        self._start = self._response = self._end = None

    @property
    def closed(self) -> bool:
        return self._closed

    @property
    def last_t_ms(self) -> float:
        """Time of the last delivered chunk (or of the end) the producer passed on."""
        return self._t_ms
