"""Delivery profiles: how the bytes that arrived are cut into ``onChunkReceived`` callbacks.

A device hands a listener whatever its network stack has, so one server write can arrive in two
callbacks cut at any byte, and two events can arrive in one (reference 4.1). A profile reproduces
that on the desktop, deterministically for a seed: its cuts depend only on the seed and on the byte
offsets, never on timing, so a recorded stream re-cut with the same profile and seed is cut the
same way every time (the split check relies on this).

Spec syntax: ``NAME[:ARG][,latency=MS][,jitter=MS][,bandwidth=BYTES_PER_S]``, e.g. ``random``,
``fixed:16``, ``utf8-cut,latency=40,jitter=20``.
"""

from __future__ import annotations

import random
import re
from dataclasses import dataclass

__all__ = ["PROFILE_NAMES", "Cutter", "DeliveryProfile", "Pacing", "ProfileError", "parse_profile"]

PROFILE_NAMES = ("passthrough", "wire", "fixed:N", "random", "utf8-cut")
PROFILE_HELP = {
    "passthrough": "one callback per network read, as httpx read it",
    "wire": "one callback per HTTP/1.1 chunk, as the server framed it",
    "fixed:N": "callbacks of exactly N bytes (the last may be shorter)",
    "random": "device-like: cuts at arbitrary bytes (inside characters and JSON) and joins neighbours",
    "utf8-cut": "cuts inside every multi-byte UTF-8 character",
}


class ProfileError(ValueError):
    pass


class Cutter:
    """A stream stage: ``feed(bytes) -> list[bytes]`` of completed callbacks, ``flush()`` at the end."""

    def feed(self, data: bytes) -> list[bytes]:
        return [data] if data else []

    def flush(self) -> list[bytes]:
        return []


class _Fixed(Cutter):
    def __init__(self, size: int) -> None:
        self._size = size
        self._buf = bytearray()

    def feed(self, data: bytes) -> list[bytes]:
        self._buf += data
        n = self._size
        whole = len(self._buf) // n * n
        if not whole:
            return []
        out = [bytes(self._buf[i:i + n]) for i in range(0, whole, n)]
        del self._buf[:whole]
        return out

    def flush(self) -> list[bytes]:
        out = [bytes(self._buf)] if self._buf else []
        self._buf.clear()
        return out


class _Random(Cutter):
    """Cut lengths drawn from a seeded generator over byte offsets.

    Mostly shorter than an SSE event (so events and characters are cut), sometimes longer (so
    neighbours are joined, the "two events in one callback" case of miniprogram-bug-report#304).
    A piece waits for the bytes up to its cut point, as a device buffer does.
    """

    def __init__(self, seed: int) -> None:
        self._rng = random.Random(seed)
        self._buf = bytearray()
        self._next = self._draw()

    def _draw(self) -> int:
        r = self._rng.random()
        if r < 0.25:
            return self._rng.randint(1, 8)
        if r < 0.75:
            return self._rng.randint(9, 160)
        return self._rng.randint(161, 512)

    def feed(self, data: bytes) -> list[bytes]:
        self._buf += data
        out: list[bytes] = []
        start = 0
        while len(self._buf) - start >= self._next:
            out.append(bytes(self._buf[start:start + self._next]))
            start += self._next
            self._next = self._draw()
        del self._buf[:start]
        return out

    def flush(self) -> list[bytes]:
        out = [bytes(self._buf)] if self._buf else []
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


def parse_profile(spec: str) -> DeliveryProfile:
    """Parse a profile spec; raises ProfileError with a message naming what is allowed."""
    parts = [p.strip() for p in (spec or "passthrough").split(",") if p.strip()]
    if not parts:
        parts = ["passthrough"]
    head, *opts = parts
    name, _, arg_s = head.partition(":")
    name = name.lower()
    arg: int | None = None
    if name == "fixed":
        if not arg_s.isdigit() or int(arg_s) < 1:
            raise ProfileError(f"profile {head!r}: fixed needs a positive byte count, e.g. fixed:16")
        arg = int(arg_s)
    elif name not in ("passthrough", "wire", "random", "utf8-cut") or arg_s:
        raise ProfileError(f"unknown delivery profile {head!r}: choose one of {', '.join(PROFILE_NAMES)}")
    values: dict[str, float] = {}
    for opt in opts:
        key, _, val = opt.partition("=")
        key = key.strip().lower()
        if key not in ("latency", "jitter", "bandwidth"):
            raise ProfileError(f"unknown pacing option {key!r}: use latency=MS, jitter=MS or bandwidth=BYTES")
        try:
            values[key] = float(val)
            if values[key] < 0:
                raise ValueError
        except ValueError:
            raise ProfileError(f"pacing option {opt!r} needs a non-negative number") from None
    pacing = Pacing(values.get("latency", 0.0), values.get("jitter", 0.0), values.get("bandwidth", 0.0))
    return DeliveryProfile(name, arg, pacing, ",".join([head.lower(), *opts]))
