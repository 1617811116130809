"""The plain-Python events a request produces, shared by the recorder, the GUI and the runtime.

A ``RequestTask`` (``core/task.py``) reports what happens on the wire to *monitors*: objects with any
of the methods of ``StreamMonitor``. The chunk log writer is one monitor, the GUI's model adapter
another; replaying a log (``core/chunklog.py``) calls the same methods, so every consumer sees a
recorded stream exactly as it saw the live one.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Literal, Protocol

Level = Literal["wire", "read", "delivered"]
LEVELS: tuple[Level, ...] = ("wire", "read", "delivered")


@dataclass(frozen=True, slots=True)
class Chunk:
    """One piece of the body at one level: as framed by the server, as read, or as delivered."""

    level: Level
    seq: int  # 0-based, per level
    t_ms: float  # milliseconds since the request started
    data: bytes


@dataclass(slots=True)
class RequestStart:
    """What was asked for: the request as sent (secrets not yet redacted) and how it is delivered."""

    url: str
    method: str
    headers: list[tuple[str, str]]
    body: bytes
    options: dict  # the wx.request options as given (callbacks excluded)
    profile: str  # delivery profile spec, e.g. "random" or "fixed:16"
    seed: int
    platform: str
    started_at: float  # unix time


@dataclass(slots=True)
class ResponseInfo:
    """Status line and headers of the final response (after any followed redirects)."""

    t_ms: float
    status: int
    reason: str
    http_version: str
    headers: list[tuple[str, str]]
    url: str
    # level -> "observed" or a sentence saying why that level could not be observed
    levels: dict[str, str] = field(default_factory=dict)
    content_encoding: str | None = None  # set when the body was delivered decoded


@dataclass(slots=True)
class EndInfo:
    """How the request ended. ``reason`` is one of END_REASONS."""

    t_ms: float
    reason: str
    err_msg: str
    errno: int | None = None
    detail: str = ""  # a readable sentence for the user (exception text, what was lost)
    # per level: {"chunks": n, "bytes": n}; plus "dropped" (same shape) when abort() kept read bytes
    # from the listeners, so that read = delivered + dropped (docs/delivery.md)
    totals: dict = field(default_factory=dict)


END_REASONS = ("complete", "abort", "timeout", "disconnect", "error")


class StreamMonitor(Protocol):
    """Receives a request's events in order: start, response?, chunk*, end (exactly once)."""

    def on_start(self, start: RequestStart) -> None: ...

    def on_response(self, response: ResponseInfo) -> None: ...

    def on_chunk(self, chunk: Chunk) -> None: ...

    def on_end(self, end: EndInfo) -> None: ...
