"""``StreamStore``: everything the views show about one stream, with the bytes kept on disk.

The models and views read from it; only ``StreamController`` writes to it, one ``FeedBatch`` per
timer tick. Rows only grow, so a row index stays valid, and every lookup a view needs on a repaint
(row -> chunk, (level, seq) -> row, chunk -> event, time -> chunk) is O(1) or a bisect.

Memory stays flat on a never-ending stream (issue 8, "The window"): per chunk the store keeps about
20 bytes in ``array``s (its level, its row in its level, where it ends in its level's bytes, its
time); everything else about it is derived from those (its seq, its size, how many events end in
it). The bytes themselves come back from the stream's chunk log (``RecordingIndex``), and only the
most recent ``RECENT_BYTES`` of them stay in memory. Events keep their place (time, chunks) for
all, their data for the most recent ones only; an older event is parsed again from its chunks when
a view asks for it. The decoded text keeps its first ``TEXT_KEEP`` characters, what the text view
shows. ``release()``
drops what is held once the stream has ended. Without a log (``attach_log`` not called) every byte
stays in memory, as nothing else holds it.

Per-chunk UTF-8 marks (cut characters, invalid bytes) are computed on demand with the core's
``chunk_marks`` and cached: a table repaint asks for the ~50 visible rows, not for 100,000.
"""

from __future__ import annotations

import ctypes
import ctypes.util
import sys
from array import array
from bisect import bisect_left, bisect_right
from collections import OrderedDict, deque
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from functools import cache
from itertools import islice
from pathlib import Path
from typing import TypeVar, overload

from simulator.core.recordings import RecordingIndex
from simulator.core.sse import SseEvent, SseParser
from simulator.core.stream import LEVELS, EndInfo, RequestStart, ResponseInfo
from simulator.core.text import ChunkMarks, Utf8Stream, chunk_marks

from .feed import ChunkRow, EventRow, FeedBatch

__all__ = ["R_CHARS", "R_DATA", "R_EVENTS", "R_LEVEL", "R_SEQ", "R_T", "StoreDelta", "StreamStore"]

R_LEVEL, R_SEQ, R_T, R_DATA, R_EVENTS, R_CHARS = range(6)
_MARK_CACHE_LIMIT = 20000
PREFIX = 24  # first bytes of each chunk kept for the table's preview columns
_REPARSE_MAX_CHUNKS = 4096  # an older event spread over more chunks is not parsed again
_CHECKPOINT = 256  # rows between two records of how many chunks each level had
_LEVEL_CODE = {name: i for i, name in enumerate(LEVELS)}


@dataclass(slots=True)
class StoreDelta:
    """What one ``extend`` added: row and event index ranges, and the new decoded text."""

    rows: range
    events: range
    text: str
    started: bool
    responded: bool
    ended: bool


T = TypeVar("T")
#: An event as the store keeps it: ``SseEvent``'s fields in order, then ``t_ms`` and ``delta``.
_KeptEvent = tuple[str, str, str, int | None, int, int, float, str | None]


class _StoreSequence(Sequence[T]):
    """A read-only list over the store whose items are made when asked for."""

    def __init__(self, store: StreamStore) -> None:
        self._store = store

    def _item(self, i: int) -> T:
        raise NotImplementedError

    def _items(self, rows: range) -> list[T]:
        return [self._item(j) for j in rows]

    @overload
    def __getitem__(self, i: int) -> T: ...
    @overload
    def __getitem__(self, i: slice) -> list[T]: ...
    def __getitem__(self, i: int | slice) -> T | list[T]:
        if isinstance(i, slice):
            return self._items(range(*i.indices(len(self))))
        if i < 0:
            i += len(self)
        if not 0 <= i < len(self):
            raise IndexError(i)
        return self._item(i)

    def __iter__(self) -> Iterator[T]:
        for i in range(len(self)):
            yield self._item(i)


class _Rows(_StoreSequence[ChunkRow]):
    """``store.rows[i]``: the chunk row as the feed made it, its bytes read back if need be."""

    def __len__(self) -> int:
        return len(self._store._lvl)

    def _item(self, i: int) -> ChunkRow:
        level, seq, t, _, events, chars = self._store.row_info(i)
        return (level, seq, t, self._store.data(i), events, chars)


class _Events(_StoreSequence[EventRow]):
    """``store.events[i]``: ``(SseEvent, t_ms, delta)``, parsed again from the log when dropped."""

    def __len__(self) -> int:
        return len(self._store._ev_t)

    def _item(self, i: int) -> EventRow:
        return self._store._event(i)

    def _items(self, rows: range) -> list[EventRow]:
        return self._store._events(rows)


class StreamStore:
    #: Bytes, and number, of the most recent chunks kept in memory while a stream with a log runs
    #: (each costs ~100 bytes besides its own: small chunks are counted too).
    RECENT_BYTES = 8 << 20
    RECENT_ROWS = 20_000
    #: Characters of event data kept in memory (the most recent events).
    EVENT_CHARS = 4 << 20
    EVENTS_KEPT = 50_000
    #: What stays in memory once the stream has ended (``release``).
    RELEASED_EVENT_CHARS = 256 << 10
    TEXT_KEEP = 200_001  # characters of decoded text kept: what the text view shows, and one more

    def __init__(self) -> None:
        self._index: RecordingIndex | None = None
        self.rows = _Rows(self)
        self.events = _Events(self)
        self.clear()

    def clear(self) -> None:
        if self._index is not None:
            self._index.close()
        self._index = None
        self.log_path: Path | None = None
        # Per row (all levels, arrival order): its level; every _CHECKPOINT rows, how many chunks
        # of each level came before (a row's seq is that plus a count in _lvl).
        self._lvl = bytearray()
        self._checkpoints = array("q")
        self._chars = array("q")  # per delivered seq, characters decoded up to it (while < TEXT_KEEP)
        self._recent: OrderedDict[int, bytes] = OrderedDict()  # row -> bytes, oldest first
        self._recent_bytes = 0
        self._older: OrderedDict[int, bytes] = OrderedDict()  # a few read back from the log
        self._older_bytes = 0
        self.by_level: dict[str, array] = {lvl: array("I") for lvl in LEVELS}  # seq -> row index
        self.ends: dict[str, array] = {lvl: array("q") for lvl in LEVELS}  # cumulative bytes after chunk
        # Times as 32-bit floats: 0.06 ms apart at 10 minutes, finer than the 0.1 ms shown.
        self.times: dict[str, array] = {lvl: array("f") for lvl in LEVELS}
        # Per event: time and chunks always; the row itself for the most recent ones.
        self._ev_t = array("f")
        self._ev_first = array("i")
        self._ev_last = array("i")
        # Kept as tuples of plain values: the garbage collector stops tracking those, and a full
        # collection (which holds the GIL, so the window waits) no longer walks 50,000 events.
        self._ev_kept: deque[_KeptEvent] = deque()
        self._ev_base = 0  # event index of _ev_kept[0]
        self._ev_kept_chars = 0
        self._ev_cache: OrderedDict[int, EventRow] = OrderedDict()  # parsed again, most recent last
        self._text_parts: list[str] = []
        self._text_len = 0
        self.chars = 0
        self.start: RequestStart | None = None
        self.response: ResponseInfo | None = None
        self.end: EndInfo | None = None
        self.first_byte_ms: float | None = None
        self.first_event_ms: float | None = None
        self._marks: dict[int, ChunkMarks] = {}

    def attach_log(self, path: Path | str | None) -> None:
        """The chunk log this stream is recorded in (or replayed from): bytes beyond the recent
        ones are read back from it. Call before the first ``extend``."""
        if self._index is not None:
            self._index.close()
        self.log_path = Path(path) if path is not None else None
        self._index = RecordingIndex(path) if path is not None else None

    # -- writing (GUI thread, once per tick) -------------------------------------------------------
    def extend(self, batch: FeedBatch) -> StoreDelta:
        if batch.start is not None:
            self.start = batch.start
        if batch.response is not None:
            self.response = batch.response
        n0, e0 = len(self._lvl), len(self._ev_t)
        rows = batch.chunks
        if rows:
            by_level, ends, times = self.by_level, self.ends, self.times
            recent, lvl, chars_at = self._recent, self._lvl, self._chars
            for i, (level, _seq, t, data, _nev, chars) in enumerate(rows, n0):
                size = len(data)
                if not i % _CHECKPOINT:
                    self._checkpoints.extend(len(by_level[name]) for name in LEVELS)
                lvl.append(_LEVEL_CODE[level])
                if level == "delivered" and (not chars_at or chars_at[-1] < self.TEXT_KEEP):
                    chars_at.append(chars)
                by_level[level].append(i)
                lends = ends[level]
                lends.append((lends[-1] if lends else 0) + size)
                times[level].append(t)
                recent[i] = data
                self._recent_bytes += size
            self._trim_recent(self.RECENT_BYTES)
            if self.first_byte_ms is None:
                self.first_byte_ms = min(r[R_T] for r in rows[:8])
        if batch.events:
            for row in batch.events:
                ev = row[0]
                self._ev_t.append(row[1])
                self._ev_first.append(ev.first_chunk)
                self._ev_last.append(ev.last_chunk)
                self._ev_kept.append((ev.type, ev.data, ev.last_event_id, ev.retry, ev.first_chunk,
                                      ev.last_chunk, row[1], row[2]))
                self._ev_kept_chars += len(ev.data)
            self._trim_events(self.EVENT_CHARS, self.EVENTS_KEPT)
            if self.first_event_ms is None:
                self.first_event_ms = batch.events[0][1]
        text = "".join(batch.text)
        if text:
            self.chars += len(text)
            room = self.TEXT_KEEP - self._text_len
            if room > 0:
                self._text_parts.append(text[:room])
                self._text_len += min(room, len(text))
        if batch.end is not None:
            self.end = batch.end
            # The last chunk of each level is now known to be last: a character still open at its
            # end is invalid rather than cut, so its cached marks are stale.
            for lvl in LEVELS:
                if self.by_level[lvl]:
                    self._marks.pop(self.by_level[lvl][-1], None)
        return StoreDelta(range(n0, len(self._lvl)), range(e0, len(self._ev_t)), text,
                          batch.start is not None, batch.response is not None, batch.end is not None)

    def _trim_recent(self, limit: int) -> None:
        if self._index is None:
            return  # nothing else holds these bytes
        recent = self._recent
        while recent and (self._recent_bytes > limit or len(recent) > self.RECENT_ROWS):
            _, data = recent.popitem(last=False)
            self._recent_bytes -= len(data)

    def _trim_events(self, chars: int, count: int) -> None:
        if self._index is None:
            return
        kept = self._ev_kept
        while kept and (self._ev_kept_chars > chars or len(kept) > count):
            self._ev_kept_chars -= len(kept.popleft()[1])
            self._ev_base += 1

    def _keep_newest_events(self, chars: int) -> None:
        """What ``_trim_events(chars, EVENTS_KEPT)`` keeps, found from the newest end."""
        kept, keep, total = self._ev_kept, 0, 0
        for ev in reversed(kept):
            if keep == self.EVENTS_KEPT or total + len(ev[1]) > chars:
                break
            keep += 1
            total += len(ev[1])
        drop = len(kept) - keep
        if drop:
            self._ev_kept = deque(islice(kept, drop, None))
            self._ev_base += drop
            self._ev_kept_chars = total

    def release(self) -> None:
        """The stream has ended: drop the bytes and events held for speed (the log has them all)."""
        if self._index is not None:
            # In bulk: one at a time, a long stream's 20,000 chunks and 50,000 events held the
            # window for 30 ms as it ended.
            self._recent.clear()
            self._recent_bytes = 0
            self._keep_newest_events(self.RELEASED_EVENT_CHARS)
        self._ev_cache.clear()
        self._older.clear()
        self._older_bytes = 0
        self._marks.clear()
        if self._index is not None:
            self._index.close()  # reopened on the next read; the log may be deleted meanwhile
        _give_back_memory()

    @property
    def held_bytes(self) -> int:
        """Bytes of stream content this store holds in memory: chunk bytes, event data, text."""
        cached = sum(len(row[0].data) for row in self._ev_cache.values())
        return self._recent_bytes + self._older_bytes + self._ev_kept_chars + cached + self._text_len

    # -- reading -------------------------------------------------------------------------------------
    @property
    def text(self) -> str:
        """The delivered body decoded as UTF-8 (a stream decoder: correct across cuts), up to its
        first ``TEXT_KEEP`` characters."""
        if len(self._text_parts) > 1:
            self._text_parts[:] = ["".join(self._text_parts)]
        return self._text_parts[0] if self._text_parts else ""

    def seq_of(self, row: int) -> int:
        code = self._lvl[row]
        base = row - row % _CHECKPOINT
        return self._checkpoints[base // _CHECKPOINT * len(LEVELS) + code] + self._lvl.count(code, base, row)

    def size_of(self, row: int) -> int:
        level = LEVELS[self._lvl[row]]
        a, b = self.chunk_range(level, self.seq_of(row))
        return b - a

    def time_key(self, row: int) -> tuple[float, int, int]:
        """A row's place in time order: arrival time, then level (wire, read, delivered), then row;
        without ``row_info``'s event and character look-ups, as a sort asks it of every row."""
        code = self._lvl[row]
        return self.times[LEVELS[code]][self.seq_of(row)], code, row

    def row_info(self, row: int) -> tuple[str, int, float, int, int, int]:
        """``(level, seq, t_ms, size, events_ended, chars_end)`` of a row, without its bytes."""
        level = LEVELS[self._lvl[row]]
        seq = self.seq_of(row)
        end = self.ends[level][seq]
        size = end - (self.ends[level][seq - 1] if seq else 0)
        if level != "delivered":
            return level, seq, self.times[level][seq], size, 0, 0
        nev = bisect_right(self._ev_last, seq) - bisect_left(self._ev_last, seq)
        return level, seq, self.times[level][seq], size, nev, self.char_range(seq)[1]

    def prefix(self, row: int) -> bytes:
        """The first bytes of a chunk (up to ``PREFIX``), for a preview."""
        return self.data(row)[:PREFIX]

    def data(self, row: int) -> bytes:
        """A chunk's bytes: from memory if recent, else read back from the log."""
        data = self._recent.get(row)
        if data is None:
            data = self._older.get(row)
        if data is not None:
            return data
        level = LEVELS[self._lvl[row]]
        size = self.size_of(row)
        if self._index is None or size == 0:
            return b""
        data = self._index.chunk_bytes(row, level, size)
        if data is None:
            return b""  # the log stopped before this chunk (disk full) or was deleted
        # A repaint asks for the same few rows several times (preview, marks, the row before).
        self._older[row] = data
        self._older_bytes += len(data)
        while len(self._older) > 1 and (len(self._older) > 256 or self._older_bytes > 4 << 20):
            self._older_bytes -= len(self._older.popitem(last=False)[1])
        return data

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
        return (self.ends[level][seq - 1] if seq else 0), end

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
        i = bisect_left(self._ev_last, delivered_seq)
        if i < len(self._ev_last) and self._ev_first[i] <= delivered_seq:
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
        chars = self._chars
        if delivered_seq >= len(chars):  # past the text kept (and shown)
            last = chars[-1] if chars else 0
            return last, last
        return (chars[delivered_seq - 1] if delivered_seq else 0), chars[delivered_seq]

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
            out = self.data(rows[seq])[-n:] + out
        return out[-n:]

    def after(self, level: str, seq: int, n: int = 3) -> bytes:
        """Up to ``n`` bytes of the level's stream right after chunk ``seq``."""
        out = b""
        rows = self.by_level[level]
        while seq + 1 < len(rows) and len(out) < n:
            seq += 1
            out += self.data(rows[seq])[:n]
        return out[:n]

    def marks(self, row: int) -> ChunkMarks | None:
        """UTF-8 marks of a chunk, or None when its level is not text (compressed)."""
        cached = self._marks.get(row)
        if cached is not None:
            return cached
        level, seq = LEVELS[self._lvl[row]], self.seq_of(row)
        if level != "delivered" and self.compressed:
            return None
        final = self.end is not None and seq == len(self.by_level[level]) - 1
        marks = chunk_marks(self.data(row), self.before(level, seq), final=final)
        if len(self._marks) > _MARK_CACHE_LIMIT:
            self._marks.clear()
        self._marks[row] = marks
        return marks

    # -- events --------------------------------------------------------------------------------------
    def _event(self, i: int) -> EventRow:
        k = i - self._ev_base
        if k >= 0:
            kept = self._ev_kept[k]
            return SseEvent(*kept[:6]), kept[6], kept[7]
        row = self._ev_cache.get(i)
        if row is not None:
            self._ev_cache.move_to_end(i)
            return row
        self._reparse(i)
        row = self._ev_cache.get(i)
        if row is None:  # its chunks are not in the log any more
            row = (SseEvent("message", "", "", None, self._ev_first[i], self._ev_last[i]), self._ev_t[i], None)
        return row

    def _events(self, rows: range) -> list[EventRow]:
        """Events ``rows``, the kept ones read in one pass (indexing a deque walks it: taken one at
        a time, the 20,000 events a text refresh can ask for cost 60 ms)."""
        base = self._ev_base
        if rows.step != 1 or rows.stop <= base:
            return [self._event(i) for i in rows]
        older = [self._event(i) for i in range(rows.start, base)]
        kept = islice(self._ev_kept, max(rows.start - base, 0), rows.stop - base)
        return older + [(SseEvent(*k[:6]), k[6], k[7]) for k in kept]

    def _reparse(self, i: int) -> None:
        """Parse event ``i`` again from its delivered chunks, and the events ending with it.

        Parsing starts at the start of the chunk where the event's first line began, so it may
        start inside an earlier event: that one's rest can dispatch an event of its own, but only
        before the blank line that ends it, after which the parser is in step again. The events
        ending in the event's last chunk are thus the last ones parsed (counted from the end).
        """
        first, last = self._ev_first[i], self._ev_last[i]
        if first < 0 or first > last:
            first = last
        if last - first > _REPARSE_MAX_CHUNKS or last >= len(self.by_level["delivered"]):
            return
        utf8, parser = Utf8Stream(), SseParser()
        parsed: list[SseEvent] = []
        rows = self.by_level["delivered"]
        for seq in range(first, last + 1):
            data = self.data(rows[seq])
            if not data and self.size_of(rows[seq]):
                return
            parsed.extend(ev for ev in parser.feed(utf8.feed(data), seq) if ev.last_chunk == last)
        lo, hi = bisect_left(self._ev_last, last), bisect_right(self._ev_last, last)
        if hi - lo > len(parsed):
            return
        for j, ev in zip(range(lo, hi), parsed[len(parsed) - (hi - lo):], strict=True):
            if j < self._ev_base:
                self._ev_cache[j] = (ev, self._ev_t[j], None)
        while len(self._ev_cache) > 2000:
            self._ev_cache.popitem(last=False)


def _give_back_memory() -> None:
    """Hand freed heap pages back to the system: glibc keeps them for reuse otherwise, and the
    window's memory would look as if the stream were still held."""
    if not sys.platform.startswith("linux"):
        return
    try:
        _libc().malloc_trim(0)
    except (OSError, AttributeError):
        pass


@cache
def _libc() -> ctypes.CDLL:
    # Looked up once: find_library runs ldconfig in a subprocess.
    return ctypes.CDLL(ctypes.util.find_library("c") or "libc.so.6")
