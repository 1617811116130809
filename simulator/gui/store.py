"""``StreamStore``: everything the views show about one stream, in plain Python lists.

The models and views read from it; only ``StreamController`` writes to it, one ``FeedBatch`` per
timer tick. Lists only grow, so a row index stays valid, and every lookup a view needs on a repaint
(row -> chunk, (level, seq) -> row, chunk -> event, time -> chunk) is O(1) or a bisect.

Per-chunk UTF-8 marks (cut characters, invalid bytes) are computed on demand with the core's
``chunk_marks`` and cached: a table repaint asks for the ~50 visible rows, not for 100,000.
"""

from __future__ import annotations

from bisect import bisect_left, bisect_right
from dataclasses import dataclass

from simulator.core.stream import LEVELS, EndInfo, RequestStart, ResponseInfo
from simulator.core.text import ChunkMarks, chunk_marks

from .feed import ChunkRow, EventRow, FeedBatch

__all__ = ["R_CHARS", "R_DATA", "R_EVENTS", "R_LEVEL", "R_SEQ", "R_T", "StoreDelta", "StreamStore"]

R_LEVEL, R_SEQ, R_T, R_DATA, R_EVENTS, R_CHARS = range(6)
_MARK_CACHE_LIMIT = 20000


@dataclass(slots=True)
class StoreDelta:
    """What one ``extend`` added: row and event index ranges, and the new decoded text."""

    rows: range
    events: range
    text: str
    started: bool
    responded: bool
    ended: bool


class StreamStore:
    def __init__(self) -> None:
        self.clear()

    def clear(self) -> None:
        self.rows: list[ChunkRow] = []
        self.by_level: dict[str, list[int]] = {lvl: [] for lvl in LEVELS}  # seq -> row index
        self.ends: dict[str, list[int]] = {lvl: [] for lvl in LEVELS}  # cumulative bytes after chunk
        self.times: dict[str, list[float]] = {lvl: [] for lvl in LEVELS}
        self.events: list[EventRow] = []
        self._event_last: list[int] = []
        self._text_parts: list[str] = []
        self.chars = 0
        self.start: RequestStart | None = None
        self.response: ResponseInfo | None = None
        self.end: EndInfo | None = None
        self.first_byte_ms: float | None = None
        self.first_event_ms: float | None = None
        self._marks: dict[int, ChunkMarks] = {}

    # -- writing (GUI thread, once per tick) -------------------------------------------------------
    def extend(self, batch: FeedBatch) -> StoreDelta:
        if batch.start is not None:
            self.start = batch.start
        if batch.response is not None:
            self.response = batch.response
        n0, e0 = len(self.rows), len(self.events)
        rows = batch.chunks
        if rows:
            self.rows.extend(rows)
            by_level, ends, times = self.by_level, self.ends, self.times
            for i, row in enumerate(rows, n0):
                level = row[0]
                by_level[level].append(i)
                lends = ends[level]
                lends.append((lends[-1] if lends else 0) + len(row[3]))
                times[level].append(row[2])
            if self.first_byte_ms is None:
                self.first_byte_ms = min(r[R_T] for r in rows[:8])
        if batch.events:
            self.events.extend(batch.events)
            self._event_last.extend(row[0].last_chunk for row in batch.events)
            if self.first_event_ms is None:
                self.first_event_ms = batch.events[0][1]
        text = "".join(batch.text)
        if text:
            self._text_parts.append(text)
            self.chars += len(text)
        if batch.end is not None:
            self.end = batch.end
            # The last chunk of each level is now known to be last: a character still open at its
            # end is invalid rather than cut, so its cached marks are stale.
            for lvl in LEVELS:
                if self.by_level[lvl]:
                    self._marks.pop(self.by_level[lvl][-1], None)
        return StoreDelta(range(n0, len(self.rows)), range(e0, len(self.events)), text,
                          batch.start is not None, batch.response is not None, batch.end is not None)

    # -- reading -------------------------------------------------------------------------------------
    @property
    def text(self) -> str:
        """The delivered body decoded as UTF-8 (a stream decoder: correct across cuts)."""
        if len(self._text_parts) > 1:
            self._text_parts[:] = ["".join(self._text_parts)]
        return self._text_parts[0] if self._text_parts else ""

    def count(self, level: str) -> int:
        return len(self.by_level[level])

    def total_bytes(self, level: str) -> int:
        ends = self.ends[level]
        return ends[-1] if ends else 0

    def row_of(self, level: str, seq: int) -> int | None:
        rows = self.by_level.get(level)
        if rows is None or not 0 <= seq < len(rows):
            return None
        return rows[seq]

    def chunk_range(self, level: str, seq: int) -> tuple[int, int]:
        """Byte offsets ``[start, end)`` of a chunk in its level's stream."""
        end = self.ends[level][seq]
        return end - len(self.rows[self.by_level[level][seq]][R_DATA]), end

    def delivered_seq_at(self, level: str, seq: int) -> int | None:
        """The delivered chunk holding the first byte of a chunk of another level (same body bytes
        when the response is not compressed)."""
        if level == "delivered":
            return seq
        if self.compressed or not self.ends["delivered"]:
            return None
        start, _ = self.chunk_range(level, seq)
        found = bisect_right(self.ends["delivered"], start)
        return found if found < len(self.ends["delivered"]) else None

    def event_at(self, delivered_seq: int) -> int | None:
        """Index of the event whose bytes include this delivered chunk, if any."""
        i = bisect_left(self._event_last, delivered_seq)
        if i < len(self.events) and self.events[i][0].first_chunk <= delivered_seq:
            return i
        return None

    def chunk_at_time(self, level: str, t_ms: float) -> int | None:
        """The seq of the chunk of ``level`` nearest to ``t_ms``."""
        times = self.times[level]
        if not times:
            return None
        i = bisect_left(times, t_ms)
        if i >= len(times):
            return len(times) - 1
        if i > 0 and t_ms - times[i - 1] < times[i] - t_ms:
            return i - 1
        return i

    def char_range(self, delivered_seq: int) -> tuple[int, int]:
        """Characters of the decoded text completed by this delivered chunk."""
        rows = self.by_level["delivered"]
        end = self.rows[rows[delivered_seq]][R_CHARS]
        start = self.rows[rows[delivered_seq - 1]][R_CHARS] if delivered_seq else 0
        return start, end

    @property
    def compressed(self) -> bool:
        """The wire and read levels hold compressed bytes (Content-Encoding): not text."""
        return self.response is not None and self.response.content_encoding is not None

    def before(self, level: str, seq: int, n: int = 3) -> bytes:
        """Up to ``n`` bytes of the level's stream right before chunk ``seq``."""
        out = b""
        rows = self.by_level[level]
        while seq > 0 and len(out) < n:
            seq -= 1
            out = self.rows[rows[seq]][R_DATA][-n:] + out
        return out[-n:]

    def after(self, level: str, seq: int, n: int = 3) -> bytes:
        """Up to ``n`` bytes of the level's stream right after chunk ``seq``."""
        out = b""
        rows = self.by_level[level]
        while seq + 1 < len(rows) and len(out) < n:
            seq += 1
            out += self.rows[rows[seq]][R_DATA][:n]
        return out[:n]

    def marks(self, row: int) -> ChunkMarks | None:
        """UTF-8 marks of a chunk, or None when its level is not text (compressed)."""
        cached = self._marks.get(row)
        if cached is not None:
            return cached
        level, seq, _, data = self.rows[row][:4]
        if level != "delivered" and self.compressed:
            return None
        final = self.end is not None and seq == len(self.by_level[level]) - 1
        marks = chunk_marks(data, self.before(level, seq), final=final)
        if len(self._marks) > _MARK_CACHE_LIMIT:
            self._marks.clear()
        self._marks[row] = marks
        return marks
