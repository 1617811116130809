"""Delivery profiles: how the bytes that arrived are cut into ``onChunkReceived`` callbacks.

A device hands a listener whatever its network stack has, so one server write can arrive in two
callbacks cut at any byte, and two events can arrive in one (docs/wechat-request-api.md §4.1). A profile reproduces
that on the desktop, deterministically for a seed: its cuts depend only on the seed and on the byte
offsets, never on timing, so a recorded stream re-cut with the same profile and seed is cut the
same way every time (the split check relies on this).

A device also never sits on bytes: it hands a listener what it has within milliseconds of reading
it. So a profile that holds bytes back (``random`` and ``fixed`` wait for the bytes up to their
next cut) hands them over at most ``IDLE_WINDOW_MS`` after the oldest of them was read, and
everything at the end of the response, before ``success``/``fail`` (``docs/delivery.md``). Such a
hand-over adds a cut; the planned cuts stay at the same byte offsets.

Spec syntax: ``NAME[:ARG][,latency=MS][,jitter=MS][,bandwidth=BYTES_PER_S]``, e.g. ``random``,
``fixed:16``, ``utf8-cut,latency=40,jitter=20``.
"""

from __future__ import annotations

import math
import random
import re
from collections import deque
from dataclasses import dataclass

__all__ = ["IDLE_WINDOW_MS", "PROFILE_NAMES", "Cutter", "DeliveryProfile", "Pacing", "ProfileError", "WireCutter",
           "parse_profile"]

# The longest a profile holds a byte it has read. 30 ms: below one frame of a 30 fps typewriter, so
# nothing visibly waits; well above the gap between the TCP segments of one server write (well under
# a millisecond on loopback and LANs, a few ms on a phone link), so `random` still joins the pieces
# of one write as a device's buffer does. docs/delivery.md says more.
IDLE_WINDOW_MS = 30
# Pacing options are bounded so that a typo cannot freeze delivery for days.
MAX_PACING_MS = 600_000

PROFILE_NAMES = ("passthrough", "wire", "fixed:N", "random", "utf8-cut")
PROFILE_HELP = {
    "passthrough": "one callback per network read, as httpx read it",
    "wire": "one callback per HTTP/1.1 chunk, as the server framed it",
    "fixed:N": f"callbacks of N bytes, cut at every N-byte offset; no byte is held more than "
               f"{IDLE_WINDOW_MS} ms",
    "random": f"device-like: cuts at arbitrary bytes (inside characters and JSON) and joins neighbours; "
              f"no byte is held more than {IDLE_WINDOW_MS} ms",
    "utf8-cut": "cuts inside every multi-byte UTF-8 character",
}
#: The same, in Chinese: the window shows the one of its language.
PROFILE_HELP_ZH = {
    "passthrough": "每次网络读取回调一次，与 httpx 读到的一致",
    "wire": "每个 HTTP/1.1 chunk 回调一次，与服务器的分帧一致",
    "fixed:N": f"每 N 字节切开，每次回调 N 字节；任何字节最多停留 {IDLE_WINDOW_MS} ms",
    "random": f"模拟真机：在任意字节处切开（包括字符和 JSON 内部）并合并相邻片段；任何字节最多停留 {IDLE_WINDOW_MS} ms",
    "utf8-cut": "在每个多字节 UTF-8 字符内部切开",
}


class ProfileError(ValueError):
    pass


class Cutter:
    """A stream stage: ``feed(bytes) -> list[bytes]`` of completed callbacks, ``flush()`` hands over
    what is held (when the network goes quiet, and at the end); ``held`` counts those bytes."""

    held = 0

    def feed(self, data: bytes) -> list[bytes]:
        return [data] if data else []

    def flush(self) -> list[bytes]:
        return []


class _Planned(Cutter):
    """Cuts at byte offsets planned ahead: each piece's length comes from ``_draw``.

    A piece waits for the bytes up to its cut point, as a device buffer does, but only until
    ``flush``; after a flush the next planned cut stays at the same offset.
    """

    def __init__(self) -> None:
        self._buf = bytearray()
        self._left = self._draw()  # bytes still to come before the next planned cut

    def _draw(self) -> int:
        raise NotImplementedError

    @property
    def held(self) -> int:  # type: ignore[override]
        return len(self._buf)

    def feed(self, data: bytes) -> list[bytes]:
        self._buf += data
        out: list[bytes] = []
        start, end = 0, len(self._buf)
        while end - start >= self._left:
            out.append(bytes(self._buf[start:start + self._left]))
            start += self._left
            self._left = self._draw()
        del self._buf[:start]
        return out

    def flush(self) -> list[bytes]:
        if not self._buf:
            return []
        out = [bytes(self._buf)]
        self._left -= len(self._buf)  # >= 1: feed never leaves a whole piece in the buffer
        self._buf.clear()
        return out


class _Fixed(_Planned):
    def __init__(self, size: int) -> None:
        self._size = size
        super().__init__()

    def _draw(self) -> int:
        return self._size


class _Random(_Planned):
    """Cut lengths drawn from a seeded generator over byte offsets.

    Mostly shorter than an SSE event (so events and characters are cut), sometimes longer (so
    neighbours are joined, the "two events in one callback" case of miniprogram-bug-report#304).
    """

    def __init__(self, seed: int) -> None:
        self._rng = random.Random(seed)
        super().__init__()

    def _draw(self) -> int:
        r = self._rng.random()
        if r < 0.25:
            return self._rng.randint(1, 8)
        if r < 0.75:
            return self._rng.randint(9, 160)
        return self._rng.randint(161, 512)


class WireCutter(Cutter):
    """The ``wire`` profile on a live stream: fed the bytes as read, cut where the server's chunks end.

    ``chunk_ended(size)`` says a chunk of ``size`` body bytes is complete; the bytes of a chunk
    still arriving are held, and handed over early by ``flush`` (a chunk that is slow to arrive).
    """

    def __init__(self) -> None:
        self._buf = bytearray()
        self._ends: deque[int] = deque()  # sizes of completed chunks whose bytes are not cut yet
        self._early = 0  # bytes of the current chunk already handed over by a flush

    @property
    def held(self) -> int:  # type: ignore[override]
        return len(self._buf)

    def chunk_ended(self, size: int) -> None:
        self._ends.append(size)

    def feed(self, data: bytes) -> list[bytes]:
        if data:
            self._buf += data
        out: list[bytes] = []
        start = 0
        while self._ends:
            n = self._ends[0] - self._early
            if len(self._buf) - start < n:
                break
            self._ends.popleft()
            self._early = 0
            if n > 0:
                out.append(bytes(self._buf[start:start + n]))
                start += n
        if start:
            del self._buf[:start]
        return out

    def flush(self) -> list[bytes]:
        out = self.feed(b"")
        if self._buf:
            out.append(bytes(self._buf))
            self._early += len(self._buf)
            self._buf.clear()
        return out


_LEAD = re.compile(rb"[\xc2-\xf4]")


class _Utf8Cut(Cutter):
    """Cut right after the lead byte of every multi-byte character, so each one is split."""

    def feed(self, data: bytes) -> list[bytes]:
        out: list[bytes] = []
        start = 0
        for m in _LEAD.finditer(data):
            end = m.end()
            if end < len(data):
                out.append(data[start:end])
                start = end
        if start < len(data):
            out.append(data[start:])
        return out


@dataclass(frozen=True, slots=True)
class Pacing:
    latency_ms: float = 0.0
    jitter_ms: float = 0.0
    bandwidth: float = 0.0  # bytes per second, 0 = unlimited

    @property
    def active(self) -> bool:
        return bool(self.latency_ms or self.jitter_ms or self.bandwidth)


class PacingClock:
    """When each delivered piece is due: arrival + latency + jitter, no faster than the bandwidth."""

    def __init__(self, pacing: Pacing, seed: int) -> None:
        self._p = pacing
        self._rng = random.Random(seed ^ 0x5EED)
        self._last_due = 0.0

    def due(self, arrival_ms: float, size: int) -> float:
        p = self._p
        due = arrival_ms + p.latency_ms + (self._rng.uniform(0, p.jitter_ms) if p.jitter_ms else 0.0)
        if p.bandwidth:
            due = max(due, self._last_due + size * 1000.0 / p.bandwidth)
        due = max(due, self._last_due)  # callbacks never overtake each other
        self._last_due = due
        return due


@dataclass(frozen=True, slots=True)
class DeliveryProfile:
    name: str  # passthrough | wire | fixed | random | utf8-cut
    arg: int | None
    pacing: Pacing
    spec: str  # as given, normalized

    @property
    def source(self) -> str:
        """Which recorded level the cuts are applied to."""
        return "wire" if self.name == "wire" else "read"

    def cutter(self, seed: int) -> Cutter:
        if self.name == "fixed":
            assert self.arg
            return _Fixed(self.arg)
        if self.name == "random":
            return _Random(seed)
        if self.name == "utf8-cut":
            return _Utf8Cut()
        return Cutter()

    def clock(self, seed: int) -> PacingClock | None:
        return PacingClock(self.pacing, seed) if self.pacing.active else None


_COUNT = re.compile(r"[0-9]{1,12}")  # ASCII digits only: str.isdigit() also takes "٣" and "²"
_NUMBER = re.compile(r"[0-9]+(?:\.[0-9]*)?|\.[0-9]+")  # plain decimals: no nan, inf, 1e9, +4 or 1_0


def parse_profile(spec: str | None) -> DeliveryProfile:
    """Parse a profile spec; raises ProfileError with one line naming the bad part and what is allowed.

    ``None`` is the default (``passthrough``); an empty or blank string is an error, as any other
    spec that says nothing a user could have meant.
    """
    if spec is None:
        spec = "passthrough"
    choices = ", ".join(PROFILE_NAMES)
    if not isinstance(spec, str) or not spec.strip():
        raise ProfileError(f"empty delivery profile: choose one of {choices}")
    head, *opts = [p.strip() for p in spec.split(",")]
    if not head:
        raise ProfileError(f"delivery profile {spec!r} starts with a comma: name a profile first ({choices})")
    name, colon, arg_s = head.partition(":")
    name = name.strip().lower()
    arg: int | None = None
    if name == "fixed":
        if not _COUNT.fullmatch(arg_s) or int(arg_s) < 1:
            raise ProfileError(f"profile {head!r}: fixed needs a positive whole byte count, e.g. fixed:16")
        arg = int(arg_s)
    elif name not in ("passthrough", "wire", "random", "utf8-cut"):
        raise ProfileError(f"unknown delivery profile {head!r}: choose one of {choices}")
    elif colon:
        raise ProfileError(f"profile {head!r}: {name} takes no ':' argument")
    values: dict[str, float] = {}
    for opt in opts:
        if not opt:
            raise ProfileError(f"delivery profile {spec!r} has an empty option between commas")
        key, eq, val = opt.partition("=")
        key = key.strip().lower()
        if key not in ("latency", "jitter", "bandwidth"):
            raise ProfileError(f"unknown pacing option {key!r} in {opt!r}: "
                               "use latency=MS, jitter=MS or bandwidth=BYTES_PER_S")
        if key in values:
            raise ProfileError(f"pacing option {key!r} is given twice in {spec!r}")
        val = val.strip()
        if not eq or not _NUMBER.fullmatch(val):
            raise ProfileError(f"pacing option {opt!r} needs a plain non-negative number, e.g. {key}=40")
        number = float(val)
        if key == "bandwidth" and 0 < number < 1:
            raise ProfileError(f"pacing option {opt!r}: bandwidth is at least 1 byte/s (0 means unlimited)")
        if key != "bandwidth" and number > MAX_PACING_MS:
            raise ProfileError(f"pacing option {opt!r}: at most {MAX_PACING_MS} ms")
        if not math.isfinite(number):
            raise ProfileError(f"pacing option {opt!r} is not a finite number")
        values[key] = number
    pacing = Pacing(values.get("latency", 0.0), values.get("jitter", 0.0), values.get("bandwidth", 0.0))
    return DeliveryProfile(name, arg, pacing, ",".join([head.lower(), *opts]))
