"""``ReplayedRequestTask``: a ``RequestTask`` whose response comes from a recorded chunk log.

Everything a script sees is ``RequestTask``'s own machinery (listeners, ``off*``, ``abort()``, the
whole-request timeout, success/fail/complete exactly once, monitors and ``log_path``); only the part
that talks to the network is replaced (``_fetch``). The response is the log's: its status and
headers, and as body the log's ``delivered`` bytes (what the device's listeners had), re-cut by any
delivery profile and seed, or by an explicit list of cut offsets (``cuts=[...]``: exactly those
pieces). The log's end decides the callback: ``complete`` -> ``success``, anything else -> ``fail``
with the recorded errMsg and errno. No network is used.

``make_task_factory(log, ...)`` gives a ``MiniProgram`` ``task_factory``: every ``wx.request`` of the
script gets the recorded stream, whatever URL it asks for. The split check
(``runtime/splitcheck.py``) runs a script against many re-cuttings this way.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import httpx

from .chunklog import ChunkLog, read_log
from .delivery import Cutter, DeliveryProfile, parse_profile
from .options import RequestOptions
from .platforms import PlatformProfile
from .stream import EndInfo, ResponseInfo, StreamMonitor
from .task import ERRNO, Listener, RequestTask, _Stopped

__all__ = ["OffsetCutter", "Recording", "ReplayedRequestTask", "cut_offsets", "make_task_factory"]

# What a log without an end line (the recorder was killed) is replayed as: the stream just stopped.
_INTERRUPTED = {"reason": "disconnect", "errMsg": "request:fail connection closed before the response ended",
                "errno": ERRNO["network"],
                "detail": "the chunk log ends without an end line: the recording was interrupted"}


@dataclass
class Recording:
    """A chunk log loaded into memory once, for replaying it many times (the split check).

    ``pieces`` are the recorded ``delivered`` chunks; ``wire`` the recorded HTTP/1.1 chunks when they
    were observed on an unencoded body (the ``wire`` profile replays those), else ``None``.
    """

    response: dict[str, Any] | None
    end: dict[str, Any]
    pieces: list[bytes] = field(default_factory=list)
    wire: list[bytes] | None = None
    source: str = ""  # the log's path, for messages

    @classmethod
    def load(cls, log: ChunkLog | Path | str) -> Recording:
        """Read a whole log; raises ``LogError`` for a file that is not a readable chunk log."""
        log = log if isinstance(log, ChunkLog) else read_log(log)
        pieces: list[bytes] = []
        wire: list[bytes] = []
        for rec in log.records():
            if rec.get("type") == "chunk":
                if rec["level"] == "delivered":
                    pieces.append(rec["data"])
                elif rec["level"] == "wire":
                    wire.append(rec["data"])
        return cls(log.response, log.end or dict(_INTERRUPTED), pieces,
                   wire if _wire_usable(log.response) else None, str(log.path))

    @property
    def body(self) -> bytes:
        return b"".join(self.pieces)


def _wire_usable(response: dict[str, Any] | None) -> bool:
    resp = response or {}
    return (resp.get("levels") or {}).get("wire") == "observed" and not resp.get("content_encoding")


class OffsetCutter(Cutter):
    """Cuts at the given byte offsets of the body and nowhere else, however the bytes are fed."""

    def __init__(self, cuts: Iterable[int]) -> None:
        self._cuts = sorted({int(c) for c in cuts if int(c) > 0})
        self._next = 0  # index in _cuts of the next cut still ahead
        self._pos = 0  # body offset of _buf[0]
        self._buf = bytearray()

    def feed(self, data: bytes) -> list[bytes]:
        self._buf += data
        out: list[bytes] = []
        end = self._pos + len(self._buf)
        start = 0
        cuts = self._cuts
        while self._next < len(cuts) and cuts[self._next] <= end:
            at = cuts[self._next] - self._pos
            if at > start:
                out.append(bytes(self._buf[start:at]))
                start = at
            self._next += 1
        del self._buf[:start]
        self._pos += start
        return out

    def flush(self) -> list[bytes]:
        out = [bytes(self._buf)] if self._buf else []
        self._pos += len(self._buf)
        self._buf.clear()
        return out


def cut_offsets(profile: str | DeliveryProfile, body: bytes, seed: int = 0) -> list[int]:
    """Where a profile cuts ``body`` when it arrives in one read: the offsets between pieces."""
    prof = parse_profile(profile) if isinstance(profile, str) else profile
    cutter = prof.cutter(seed)
    offsets: list[int] = []
    pos = 0
    for piece in [*cutter.feed(body), *cutter.flush()]:
        pos += len(piece)
        offsets.append(pos)
    return [o for o in offsets if 0 < o < len(body)]


class ReplayedRequestTask(RequestTask):
    """A ``RequestTask`` answered by a recorded chunk log instead of the network.

    ``log`` is a ``Recording`` (loaded once, reused across tasks), a ``ChunkLog`` or a log path (read
    as it is delivered, so memory stays flat). ``cuts`` (byte offsets in the body) replace the
    profile's cutting; the profile's pacing still applies. With a profile, the pieces fed to it are
    the recorded ``delivered`` chunks (so ``passthrough`` gives the device's own callbacks), or the
    recorded HTTP/1.1 chunks for ``wire`` when the log has them.
    """

    def __init__(
        self,
        options: RequestOptions,
        log: Recording | ChunkLog | Path | str,
        *,
        cuts: Sequence[int] | None = None,
        profile: str | DeliveryProfile = "passthrough",
        seed: int = 0,
        platform: str | PlatformProfile = "android",
        monitors: Iterable[StreamMonitor] = (),
        log_path: Path | str | None = None,
        success: Listener | None = None,
        fail: Listener | None = None,
        complete: Listener | None = None,
    ) -> None:
        super().__init__(options, profile=profile, seed=seed, platform=platform, monitors=monitors,
                         log_path=log_path, success=success, fail=fail, complete=complete)
        if isinstance(log, Recording | ChunkLog):
            self.recording = log
        else:
            self.recording = read_log(log)  # LogError now, in the caller, for a bad file
        self.cuts = None if cuts is None else sorted(set(cuts))

    # -- the part of RequestTask that is replaced ------------------------------------------------
    def _fetch(self, url: str, body: bytes, headers: dict[str, str], timeout_ms: int) -> EndInfo:
        rec = self.recording
        end = rec.end or _INTERRUPTED
        try:
            self._check_stopped()
            resp = rec.response
            if resp is not None:
                info = self._replayed_response(resp)
                self.response = info
                self._emit("on_response", info)
                self._fire_headers(httpx.Response(info.status, headers=info.headers))
                self._deliver(self._source_pieces())
            return self._recorded_end(end)
        except _Stopped:
            return self._stopped_end()

    def _replayed_response(self, resp: dict[str, Any]) -> ResponseInfo:
        where = f"replayed from the chunk log {self._source_name()}"
        return ResponseInfo(
            t_ms=self.elapsed_ms(), status=int(resp["status"]), reason=resp.get("reason", ""),
            http_version=resp.get("http_version", "HTTP/1.1"),
            headers=[(str(k), str(v)) for k, v in resp.get("headers", [])], url=resp.get("url", ""),
            # The body is the recorded (decoded) delivered bytes: reads are those bytes, unencoded.
            levels={"wire": f"not observed: {where}", "read": "observed", "delivered": "observed"},
            content_encoding=None)

    def _source_name(self) -> str:
        rec = self.recording
        return rec.source if isinstance(rec, Recording) else str(rec.path)

    def _source_pieces(self) -> Iterator[bytes]:
        rec = self.recording
        use_wire = self.cuts is None and self.profile.source == "wire"
        if isinstance(rec, Recording):
            if use_wire and rec.wire is not None:
                yield from _clip(rec.wire, sum(map(len, rec.pieces)))
            else:
                yield from rec.pieces
            return
        for chunk in rec.chunks("delivered"):
            yield chunk.data

    def _deliver(self, pieces: Iterable[bytes]) -> None:
        cutter = OffsetCutter(self.cuts) if self.cuts is not None else self.profile.cutter(self.seed)
        body = None if self.options.enableChunked else self._plain_body
        feed = self._deliverer(cutter, self.profile.clock(self.seed), body)
        for piece in pieces:
            self._check_stopped()
            now = self.elapsed_ms()
            if self.first_byte_ms is None:
                self.first_byte_ms = now
            self._record("read", piece, now)
            feed(piece, now)
        self._check_stopped()
        feed(None, self.elapsed_ms())

    def _recorded_end(self, end: dict[str, Any]) -> EndInfo:
        reason = str(end.get("reason") or "error")
        if reason == "complete":
            return self._end("complete", "request:ok", None, "")
        err_msg = end.get("errMsg") or f"request:fail {reason}"
        detail = str(end.get("detail") or "")
        return self._end(reason, err_msg, end.get("errno"), f"as recorded: {detail}" if detail else "as recorded")


def _clip(pieces: list[bytes], total: int) -> Iterator[bytes]:
    """The pieces up to ``total`` bytes (the wire may hold bytes the listeners never got)."""
    left = total
    for p in pieces:
        if left <= 0:
            return
        yield p[:left]
        left -= len(p)


def make_task_factory(
    log: Recording | ChunkLog | Path | str,
    profile: str | DeliveryProfile | None = None,
    seed: int = 0,
    cuts: Sequence[int] | None = None,
) -> Callable[..., ReplayedRequestTask]:
    """A ``MiniProgram`` ``task_factory``: every ``wx.request`` gets the recorded stream.

    The script's URL is ignored. ``profile``/``seed`` override the ones the runtime passes (``None``
    keeps the runtime's); ``cuts`` overrides both. A log path is read once, here.
    """
    recording = log if isinstance(log, Recording) else Recording.load(log)
    fixed = None if cuts is None else sorted(set(cuts))

    def factory(options: RequestOptions, **kw: Any) -> ReplayedRequestTask:
        if profile is not None:
            kw["profile"], kw["seed"] = profile, seed
        return ReplayedRequestTask(options, recording, cuts=fixed, **kw)

    return factory
