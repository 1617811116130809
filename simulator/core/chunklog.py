"""Chunk logs: every request recorded as JSON Lines while it streams, and read back.

Format ``mpsim-chunklog`` version 1, one JSON object a line:

- ``{"type": "header", "format": "mpsim-chunklog", "version": 1, "created": unix, "request": {url,
  method, headers, body_b64}, "options": {...}, "profile": spec, "seed": n, "platform": name}``
  (request secrets redacted: ``core/redact.py``);
- ``{"type": "response", "t": ms, "status", "reason", "http_version", "url", "headers": [[k, v]...],
  "levels": {level: "observed" | why not}, "content_encoding"}``;
- ``{"type": "chunk", "level": "wire"|"read"|"delivered", "seq", "t": ms, "size", "b64"}`` per chunk,
  except that a chunk whose bytes are a stretch of the ``read`` stream already in the log (every
  ``wire`` chunk, and ``delivered`` chunks when the body has no Content-Encoding) carries
  ``"off": N`` (its offset in the concatenated ``read`` bytes) instead of ``b64``: the three levels are
  cuts of the same bytes, so each byte is stored once (a third of the disk and base64 work);
- ``{"type": "end", "t", "reason", "errMsg", "errno", "detail", "totals"}``.

Each line is flushed as it is written, so a killed process loses nothing already received, and a
reader stops cleanly at a half-written last line.
Nothing is kept in memory while writing.
"""

from __future__ import annotations

import base64
import json
import time
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, BinaryIO

from .redact import redact_headers, redact_url
from .stream import Chunk, EndInfo, RequestStart, ResponseInfo, StreamMonitor

__all__ = ["FORMAT", "VERSION", "ChunkLog", "ChunkLogWriter", "LogError", "read_log", "replay"]

FORMAT = "mpsim-chunklog"
VERSION = 1


class LogError(ValueError):
    """A log that cannot be read; the message says which file, which line and why."""


class ChunkLogWriter:
    """A ``StreamMonitor`` that appends each event to a JSON Lines file as it happens."""

    def __init__(self, path: Path | str) -> None:
        self.path = Path(path)
        self.path.parent.mkdir(parents=True, exist_ok=True)
        self._f: BinaryIO | None = open(self.path, "wb")  # noqa: SIM115 - closed in on_end
        self._offsets = {"wire": 0, "read": 0, "delivered": 0}
        self._by_reference = {"wire", "delivered"}

    def _write(self, obj: dict[str, Any]) -> None:
        if self._f is None:
            return
        self._f.write(json.dumps(obj, ensure_ascii=False, separators=(",", ":")).encode() + b"\n")
        self._f.flush()

    def on_start(self, start: RequestStart) -> None:
        self._write({
            "type": "header", "format": FORMAT, "version": VERSION, "created": start.started_at,
            "request": {"url": redact_url(start.url), "method": start.method,
                        "headers": redact_headers(start.headers),
                        "body_b64": base64.b64encode(start.body).decode()},
            "options": _redact_options(start.options), "profile": start.profile, "seed": start.seed,
            "platform": start.platform,
        })

    def on_response(self, r: ResponseInfo) -> None:
        self._write({"type": "response", "t": round(r.t_ms, 3), "status": r.status, "reason": r.reason,
                     "http_version": r.http_version, "url": redact_url(r.url),
                     "headers": [list(h) for h in r.headers], "levels": r.levels,
                     "content_encoding": r.content_encoding})
        # Decoded (gzip...) deliveries are other bytes than the reads: store them in full.
        self._by_reference = {"wire"} if r.content_encoding else {"wire", "delivered"}

    def on_chunk(self, c: Chunk) -> None:
        f = self._f
        if f is None:
            return
        off = self._offsets[c.level]
        self._offsets[c.level] = off + len(c.data)
        # Hand-formatted: this line is written for every chunk of every level, and json.dumps of a
        # dict costs several times more than the base64 itself.
        if c.level in self._by_reference:
            f.write(b'{"type":"chunk","level":"%s","seq":%d,"t":%.3f,"size":%d,"off":%d}\n' % (
                c.level.encode(), c.seq, c.t_ms, len(c.data), off))
        else:  # the base64 is written as is, not copied into a formatted line
            f.write(b'{"type":"chunk","level":"%s","seq":%d,"t":%.3f,"size":%d,"b64":"' % (
                c.level.encode(), c.seq, c.t_ms, len(c.data)))
            f.write(base64.b64encode(c.data))
            f.write(b'"}\n')
        # Every line is flushed: a killed process loses nothing already received. (Flushing once
        # per network read was measured too: faster headless, but the GUI's event loop then
        # stalled up to 150 ms, as these flushes were what let it take the GIL between chunks.)
        f.flush()

    def on_end(self, e: EndInfo) -> None:
        self._write({"type": "end", "t": round(e.t_ms, 3), "reason": e.reason, "errMsg": e.err_msg,
                     "errno": e.errno, "detail": e.detail, "totals": e.totals})
        if self._f is not None:
            self._f.close()
            self._f = None


def _redact_options(options: dict[str, Any]) -> dict[str, Any]:
    out = dict(options)
    if "url" in out:
        out["url"] = redact_url(str(out["url"]))
    if isinstance(out.get("header"), dict):
        out["header"] = dict(redact_headers(list(out["header"].items())))
    return out


@dataclass
class ChunkLog:
    """A log file opened for reading: header and response up front, chunks streamed on demand."""

    path: Path
    header: dict[str, Any]
    response: dict[str, Any] | None
    end: dict[str, Any] | None = None
    truncated: bool = False  # the last line was cut off (the recorder was killed mid-write)
    problems: list[str] = field(default_factory=list)

    def lines(self) -> Iterator[dict[str, Any]]:
        """Every whole record after the header, in order; stops at a cut-off last line."""
        with open(self.path, "rb") as f:
            next(f, None)
            for lineno, raw in enumerate(f, start=2):
                if not raw.endswith(b"\n"):
                    try:
                        yield json.loads(raw)
                    except ValueError:
                        self.truncated = True
                    return
                try:
                    yield json.loads(raw)
                except ValueError:
                    raise LogError(f"{self.path}: line {lineno} is not JSON; the log is damaged there") from None

    def records(self) -> Iterator[dict[str, Any]]:
        """Like ``lines()``, with each chunk record's bytes in ``rec["data"]``.

        Chunks stored by reference (``off``) are cut from the ``read`` bytes, of which only the
        stretch not yet claimed by every referring level is kept, so memory stays flat.
        """
        reads = bytearray()
        base = 0  # offset in the read stream of reads[0]
        claimed: dict[str, int] = {}  # level -> end offset of its last chunk taken by reference
        for rec in self.lines():
            if rec.get("type") != "chunk":
                yield rec
                continue
            if "b64" in rec:
                data = base64.b64decode(rec["b64"])
                if rec["level"] == "read":
                    reads += data
            else:
                off, size = rec["off"] - base, rec["size"]
                if off < 0 or off + size > len(reads):
                    raise LogError(f"{self.path}: a {rec['level']} chunk refers to read bytes the log lacks")
                data = bytes(reads[off:off + size])
                claimed[rec["level"]] = rec["off"] + size
                keep_from = min(claimed.values()) - base
                if keep_from > 65536 and len(claimed) >= len(self._referring_levels()):
                    del reads[:keep_from]
                    base += keep_from
            rec["data"] = data
            yield rec

    def _referring_levels(self) -> set[str]:
        resp = self.response or {}
        levels = {"delivered"} if not resp.get("content_encoding") else set()
        if (resp.get("levels") or {}).get("wire") == "observed":
            levels.add("wire")
        return levels or {"wire"}

    def chunks(self, level: str | None = "delivered") -> Iterator[Chunk]:
        for rec in self.records():
            if rec.get("type") == "chunk" and (level is None or rec.get("level") == level):
                yield Chunk(rec["level"], rec["seq"], rec["t"], rec["data"])

    @property
    def request(self) -> dict[str, Any]:
        return self.header.get("request", {})


def read_log(path: Path | str) -> ChunkLog:
    """Open a chunk log, checking it is one; reads the header, the response and the end line."""
    path = Path(path)
    try:
        f = open(path, "rb")  # noqa: SIM115
    except OSError as exc:
        raise LogError(f"cannot read {path}: {exc.strerror or exc}") from None
    with f:
        first = f.readline()
        if not first.strip():
            raise LogError(f"{path} is empty: it holds no chunk log")
        try:
            header = json.loads(first)
        except ValueError:
            raise LogError(f"{path} is not a chunk log: its first line is not JSON") from None
        if not isinstance(header, dict) or header.get("format") != FORMAT:
            raise LogError(f"{path} is not an mpsim chunk log (no '{FORMAT}' header line)")
        if int(header.get("version", 0)) > VERSION:
            raise LogError(f"{path} was written by a newer mpsim (log version {header['version']}); "
                           f"this one reads version {VERSION}")
    log = ChunkLog(path=path, header=header, response=None)
    # The response line comes before any chunk and the end line is last: read just those, so
    # opening a log of a 1 GiB stream is instant.
    for rec in log.lines():
        if rec.get("type") == "response":
            log.response = rec
        if rec.get("type") != "header":
            break
    log.end = _last_record(path)
    if log.end is not None and log.end.get("type") != "end":
        log.end = None
    if log.end is None:
        log.problems.append("the log has no end line: the recording was interrupted; "
                            "everything up to the last whole line is kept")
    return log


def _last_record(path: Path) -> dict[str, Any] | None:
    with open(path, "rb") as f:
        size = f.seek(0, 2)
        f.seek(max(0, size - 65536))
        tail = f.read()
    if not tail.endswith(b"\n"):
        return None  # cut off mid-line: no end line
    last = tail.rstrip(b"\n").rsplit(b"\n", 1)[-1]
    try:
        rec = json.loads(last)
    except ValueError:
        return None
    return rec if isinstance(rec, dict) else None


def replay(log: ChunkLog, monitors: Iterable[StreamMonitor], *, levels: Iterable[str] | None = None,
           speed: float = 0.0) -> EndInfo:
    """Feed a recorded stream to monitors exactly as the live request did.

    ``speed`` 0 replays at once; 1.0 at the recorded pace; 2.0 twice as fast.
    """
    monitors = list(monitors)
    wanted = set(levels) if levels is not None else None
    req = log.request
    start = RequestStart(
        url=req.get("url", ""), method=req.get("method", "GET"),
        headers=[tuple(h) for h in req.get("headers", [])],  # type: ignore[misc]
        body=base64.b64decode(req.get("body_b64", "")), options=log.header.get("options", {}),
        profile=log.header.get("profile", "passthrough"), seed=log.header.get("seed", 0),
        platform=log.header.get("platform", "android"), started_at=log.header.get("created", 0.0))
    _emit(monitors, "on_start", start)
    t0 = time.perf_counter()
    end: EndInfo | None = None
    last_t = 0.0
    for rec in log.records():
        kind = rec.get("type")
        t = float(rec.get("t", last_t))
        last_t = t
        if speed > 0:
            wait = t / 1000.0 / speed - (time.perf_counter() - t0)
            if wait > 0:
                time.sleep(wait)
        if kind == "response":
            _emit(monitors, "on_response", ResponseInfo(
                t_ms=t, status=rec["status"], reason=rec.get("reason", ""),
                http_version=rec.get("http_version", ""), headers=[tuple(h) for h in rec.get("headers", [])],
                url=rec.get("url", ""), levels=rec.get("levels", {}),
                content_encoding=rec.get("content_encoding")))
        elif kind == "chunk":
            if wanted is None or rec["level"] in wanted:
                chunk = Chunk(rec["level"], rec["seq"], t, rec["data"])
                for m in monitors:
                    m.on_chunk(chunk)
        elif kind == "end":
            end = EndInfo(t_ms=t, reason=rec["reason"], err_msg=rec.get("errMsg", ""), errno=rec.get("errno"),
                          detail=rec.get("detail", ""), totals=rec.get("totals", {}))
    if end is None:
        end = EndInfo(t_ms=last_t, reason="incomplete", err_msg="",
                      detail="the log ends without an end line: the recording was interrupted")
    _emit(monitors, "on_end", end)
    return end


def _emit(monitors: list[StreamMonitor], method: str, arg: Any) -> None:
    for m in monitors:
        fn = getattr(m, method, None)
        if fn is not None:
            fn(arg)
