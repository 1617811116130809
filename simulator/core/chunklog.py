"""Chunk logs: every request recorded as JSON Lines while it streams, and read back.

The format (``mpsim-chunklog`` version 2) is documented in ``docs/chunk-log.md``; its JSON Schema,
``docs/chunk-log.schema.json``, is ``json_schema()`` of the ``LINE_FIELDS`` table below, which is
what the one reader here checks every line against. In short, one JSON object a line:

- ``header`` first: the request (secrets redacted by ``core/redact.py`` unless kept), options,
  delivery profile, seed, platform, and the name of the *body file* beside the log;
- ``response`` (at most one, before any chunk): status, headers, which levels were observed;
- ``chunk`` per chunk of each level (``wire``, ``read``, ``delivered``): seq, time, size and where its
  bytes are: in the body file (``at``), a stretch of the ``read`` bytes already in the log (``off``),
  or inline (``b64``), so each byte is stored once;
- ``end`` last: reason, errMsg, errno, totals.

The body file holds the bytes as they came, one after another: no encoding to pay for while the
stream runs and a log the size of the body (base64 lines, version 1, made it 1.34 times as big and
cost a third of the recorder's time on a bulk stream; see docs/chunk-log.md). Each chunk's bytes are
written before its line, and both are flushed, so a killed process loses nothing already received,
and the reader stops cleanly at a half-written last line. Nothing is kept in memory while writing.
Version 1 logs (bytes inline as ``b64``) read as before; ``export --format jsonl`` writes one
self-contained file with every chunk inline.
"""

from __future__ import annotations

import base64
import binascii
import json
import math
import os
import time
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, BinaryIO, ClassVar

from .redact import redact_body, redact_headers, redact_options, redact_url
from .stream import Chunk, EndInfo, RequestStart, ResponseInfo, StreamMonitor

__all__ = ["FORMAT", "LINE_FIELDS", "VERSION", "ChunkLog", "ChunkLogWriter", "LogError", "json_schema",
           "read_log", "replay"]

FORMAT = "mpsim-chunklog"
VERSION = 2
BODY_SUFFIX = ".body"  # the body file is named after the log: rec.jsonl -> rec.jsonl.body


class LogError(ValueError):
    """A log that cannot be read; the message says which file, which line and why."""


class ChunkLogWriter:
    """A ``StreamMonitor`` that appends each event to a JSON Lines file as it happens.

    Secrets in the request and the response headers are redacted (``core/redact.py``) unless
    ``keep_secrets``; its default is the class attribute, which ``mpsim run --keep-secrets`` sets for
    the process. A failed write (disk full) stops the log at its last whole line and is kept in
    ``error``; the request itself goes on.
    """

    keep_secrets: ClassVar[bool] = False

    def __init__(self, path: Path | str, *, keep_secrets: bool | None = None) -> None:
        self.path = Path(path)
        self.body_path = self.path.with_name(self.path.name + BODY_SUFFIX)
        self.keep = type(self).keep_secrets if keep_secrets is None else keep_secrets
        self.error: str | None = None
        self.path.parent.mkdir(parents=True, exist_ok=True)
        self._f: BinaryIO | None = open(self.path, "wb")  # noqa: SIM115 - closed in on_end
        if self.body_path.is_symlink() or self.body_path.is_file():
            self.body_path.unlink()  # an earlier recording's: this log's body starts empty, and only here
        self._body: BinaryIO | None = None  # opened at the first stored chunk
        self._body_size = 0  # bytes of the body file that lines refer to
        self._whole = 0  # bytes of whole lines on disk
        self._lines = 0
        self._offsets = {"wire": 0, "read": 0, "delivered": 0}
        self._by_reference = {"wire", "delivered"}

    def _write(self, *parts: bytes) -> None:
        """One line, given in parts so a chunk's base64 is not copied into a formatted string."""
        f = self._f
        if f is None:
            return
        try:
            for part in parts:
                f.write(part)
            # Every line is flushed: a killed process loses nothing already received. (Flushing once
            # per network read was measured too: faster headless, but the GUI's event loop then
            # stalled up to 150 ms, as these flushes were what let it take the GIL between chunks.)
            f.flush()
        except OSError as exc:
            self._stop(exc)
            return
        self._whole += sum(map(len, parts))
        self._lines += 1

    def _stop(self, exc: OSError) -> None:
        self.error = (f"the chunk log {self.path} stopped after {self._lines} lines: "
                      f"{exc.strerror or exc}; everything before is kept")
        for name, path, keep in (("_f", self.path, self._whole), ("_body", self.body_path, self._body_size)):
            f = getattr(self, name)
            setattr(self, name, None)
            if f is None:
                continue
            try:
                f.close()
            except OSError:
                pass  # its buffer could not be written either
            try:
                if path.is_file():
                    os.truncate(path, keep)  # drop the half-written line or chunk
            except OSError:
                pass

    def _store(self, data: bytes) -> int | None:
        """Append a chunk's bytes to the body file (before its line); returns where they start."""
        at = self._body_size
        try:
            if self._body is None:
                self._body = open(self.body_path, "wb")  # noqa: SIM115 - closed in close()
            self._body.write(data)
            self._body.flush()
        except OSError as exc:
            self._stop(exc)
            return None
        self._body_size = at + len(data)
        return at

    def _json(self, obj: dict[str, Any]) -> None:
        self._write(json.dumps(obj, ensure_ascii=False, separators=(",", ":"), allow_nan=False).encode(), b"\n")

    def on_start(self, start: RequestStart) -> None:
        keep = self.keep
        self._json({
            "type": "header", "format": FORMAT, "version": VERSION, "body": self.body_path.name,
            "created": start.started_at,
            "request": {"url": start.url if keep else redact_url(start.url), "method": start.method,
                        "headers": [list(h) for h in (start.headers if keep else redact_headers(start.headers))],
                        "body_b64": base64.b64encode(start.body if keep else redact_body(start.body)).decode()},
            "options": start.options if keep else redact_options(start.options), "profile": start.profile,
            "seed": start.seed, "platform": start.platform, "redacted": not keep,
        })

    def on_response(self, r: ResponseInfo) -> None:
        keep = self.keep
        self._json({"type": "response", "t": round(r.t_ms, 3), "status": r.status, "reason": r.reason,
                    "http_version": r.http_version, "url": r.url if keep else redact_url(r.url),
                    "headers": [list(h) for h in (r.headers if keep else redact_headers(r.headers))],
                    "levels": r.levels, "content_encoding": r.content_encoding})
        # Decoded (gzip...) deliveries are other bytes than the reads: store them in full.
        self._by_reference = {"wire"} if r.content_encoding else {"wire", "delivered"}

    def on_chunk(self, c: Chunk) -> None:
        if self._f is None:
            return
        off = self._offsets[c.level]
        self._offsets[c.level] = off + len(c.data)
        # Hand-formatted: this line is written for every chunk of every level, and json.dumps of a
        # dict costs several times more than the base64 itself.
        if c.level in self._by_reference:
            self._write(b'{"type":"chunk","level":"%s","seq":%d,"t":%.3f,"size":%d,"off":%d}\n' % (
                c.level.encode(), c.seq, c.t_ms, len(c.data), off))
            return
        at = self._store(c.data)
        if at is not None:
            self._write(b'{"type":"chunk","level":"%s","seq":%d,"t":%.3f,"size":%d,"at":%d}\n' % (
                c.level.encode(), c.seq, c.t_ms, len(c.data), at))

    def on_end(self, e: EndInfo) -> None:
        self._json({"type": "end", "t": round(e.t_ms, 3), "reason": e.reason, "errMsg": e.err_msg,
                    "errno": e.errno, "detail": e.detail, "totals": e.totals})
        self.close()

    def close(self) -> None:
        """Close the files (``on_end`` does); a log closed before its end line reads as interrupted."""
        for name in ("_body", "_f"):
            f = getattr(self, name)
            if f is not None:
                try:
                    f.close()
                except OSError as exc:
                    self._stop(exc)
                setattr(self, name, None)


# -- the format, as the reader checks it ---------------------------------------------------------
MAX_MS = 1e10  # times since the request started: 115 days is more than any recording
MAX_UNIX = 253402300799  # 9999-12-31, the last time a HAR's ISO 8601 startedDateTime can hold
# Value kinds, each a JSON Schema fragment (docs/chunk-log.schema.json is generated from these).
KINDS: dict[str, dict[str, Any]] = {
    "text": {"type": "string"},
    "filename": {"type": "string", "pattern": "^[^/\\\\]+$", "not": {"enum": [".", ".."]}},
    "count": {"type": "integer", "minimum": 0},
    "integer": {"type": "integer"},
    "ms": {"type": "number", "minimum": 0, "maximum": MAX_MS},
    "unix": {"type": "number", "minimum": 0, "maximum": MAX_UNIX},
    "boolean": {"type": "boolean"},
    "status": {"type": "integer", "minimum": 0, "maximum": 999},
    "null": {"type": "null"},
    "object": {"type": "object"},
    "base64": {"type": "string", "contentEncoding": "base64"},
    "pairs": {"type": "array", "items": {"type": "array", "items": {"type": "string"},
                                         "minItems": 2, "maxItems": 2}},
    "labels": {"type": "object", "additionalProperties": {"type": "string"}},
    "level": {"enum": ["wire", "read", "delivered"]},
    "request": {"$ref": "#/$defs/request"},
}
# Per line type: field -> (accepted kinds, required). Unknown fields are allowed (and kept).
LINE_FIELDS: dict[str, dict[str, tuple[tuple[str, ...], bool]]] = {
    "header": {"format": (("text",), True), "version": (("count",), True), "request": (("request",), True),
               "body": (("filename",), False), "created": (("unix",), False), "options": (("object",), False),
               "profile": (("text",), False),
               "seed": (("integer",), False), "platform": (("text",), False), "redacted": (("boolean",), False)},
    "request": {"url": (("text",), True), "method": (("text",), True), "headers": (("pairs",), True),
                "body_b64": (("base64",), True)},
    "response": {"t": (("ms",), True), "status": (("status",), True), "headers": (("pairs",), True),
                 "reason": (("text",), False), "http_version": (("text",), False), "url": (("text",), False),
                 "levels": (("labels",), False), "content_encoding": (("text", "null"), False)},
    "chunk": {"level": (("level",), True), "seq": (("count",), True), "t": (("ms",), True),
              "size": (("count",), True), "b64": (("base64",), False), "off": (("count",), False),
              "at": (("count",), False)},
    "end": {"t": (("ms",), True), "reason": (("text",), True), "errMsg": (("text",), False),
            "errno": (("integer", "null"), False), "detail": (("text",), False), "totals": (("object",), False)},
}
_WORDS = {"text": "a string", "filename": "a file name (no folder)", "count": "a whole number >= 0",
          "integer": "a whole number",
          "ms": f"a number of ms from 0 to {MAX_MS:.0e}", "unix": "a unix time from 0 to year 9999",
          "boolean": "true or false", "status": "an HTTP status (0-999)", "null": "null", "object": "an object",
          "base64": "base64 text", "pairs": "a list of [name, value] string pairs",
          "labels": "an object of strings", "level": "one of wire, read, delivered", "request": "an object"}


def json_schema() -> dict[str, Any]:
    """The JSON Schema of one log line (``docs/chunk-log.schema.json`` is this, written out)."""
    def props(kind: str) -> dict[str, Any]:
        fields = LINE_FIELDS[kind]
        out: dict[str, Any] = {"type": "object", "properties": {}, "required": [k for k, (_, r) in fields.items() if r]}
        if kind in ("header", "response", "chunk", "end"):
            out["properties"]["type"] = {"const": kind}
            out["required"].insert(0, "type")
        for name, (kinds, _) in fields.items():
            alts = [KINDS[k] for k in kinds]
            out["properties"][name] = alts[0] if len(alts) == 1 else {"anyOf": alts}
        return out

    lines = {kind: props(kind) for kind in ("header", "response", "chunk", "end")}
    lines["header"]["properties"]["format"] = {"const": FORMAT}
    lines["chunk"]["oneOf"] = [{"required": [where]} for where in BYTES_FIELDS]
    return {
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        "title": f"One line of an {FORMAT} version {VERSION} chunk log",
        "description": "See docs/chunk-log.md: header first, response before any chunk, end last.",
        "$defs": {"request": props("request"), **lines},
        "oneOf": [{"$ref": f"#/$defs/{kind}"} for kind in lines],
    }


BYTES_FIELDS = ("b64", "off", "at")  # where a chunk's bytes are: exactly one of these


def _is(kind: str, v: Any) -> bool:
    if kind in ("text", "base64"):
        return isinstance(v, str)
    if kind == "filename":
        return isinstance(v, str) and v not in ("", ".", "..") and "/" not in v and "\\" not in v
    if kind in ("count", "integer", "status"):
        ok = isinstance(v, int) and not isinstance(v, bool)
        return ok and (kind == "integer" or (v >= 0 and (kind == "count" or v <= 999)))
    if kind in ("ms", "unix"):
        ok = isinstance(v, int | float) and not isinstance(v, bool) and math.isfinite(v)
        return ok and 0 <= v <= (MAX_MS if kind == "ms" else MAX_UNIX)
    if kind == "boolean":
        return isinstance(v, bool)
    if kind == "null":
        return v is None
    if kind in ("object", "request"):
        return isinstance(v, dict)
    if kind == "labels":
        return isinstance(v, dict) and all(isinstance(x, str) for x in v.values())
    if kind == "pairs":
        return isinstance(v, list) and all(
            isinstance(p, list) and len(p) == 2 and all(isinstance(x, str) for x in p) for p in v)
    return v in KINDS["level"]["enum"]  # level


def _check(rec: dict[str, Any], kind: str, where: str, prefix: str = "") -> None:
    for name, (kinds, required) in LINE_FIELDS[kind].items():
        if name not in rec:
            if required:
                raise LogError(f"{where}: the {kind} line has no field '{prefix}{name}'")
            continue
        v = rec[name]
        if not any(_is(k, v) for k in kinds):
            raise LogError(f"{where}: field '{prefix}{name}' must be {' or '.join(_WORDS[k] for k in kinds)}, "
                           f"not {_shown(v)}")
        if "base64" in kinds and kind != "chunk":  # a chunk's bytes are decoded (and so checked) once, later
            try:
                base64.b64decode(v, validate=True)
            except (binascii.Error, ValueError):
                raise LogError(f"{where}: field '{prefix}{name}' is not valid base64") from None
        if kind == "header" and name == "request":
            _check(v, "request", where, "request.")


def _shown(v: Any) -> str:
    text = json.dumps(v, ensure_ascii=False, allow_nan=True) if not isinstance(v, bytes) else repr(v)
    return text if len(text) <= 40 else text[:37] + "..."


def _no_constants(name: str) -> Any:
    raise ValueError(f"{name} is not JSON")


def _parse(raw: bytes, where: str) -> dict[str, Any]:
    try:
        rec = json.loads(raw, parse_constant=_no_constants)
    except (ValueError, RecursionError) as exc:
        raise LogError(f"{where}: not JSON ({str(exc).split(':')[0]}); the log is damaged there") from None
    if not isinstance(rec, dict):
        raise LogError(f"{where}: a line must be a JSON object, not {_shown(rec)}")
    return rec


def _checked(rec: dict[str, Any], where: str) -> dict[str, Any]:
    kind = rec.get("type")
    if kind not in ("response", "chunk", "end"):
        raise LogError(f"{where}: field 'type' must be one of response, chunk, end, not {_shown(kind)}")
    _check(rec, kind, where)
    if kind == "chunk":
        held = [name for name in BYTES_FIELDS if name in rec]
        if len(held) != 1:
            raise LogError(f"{where}: a chunk line has one of the fields 'b64', 'off' and 'at', not "
                           + (f"both '{held[0]}' and '{held[1]}'" if held else "neither"))
        if "b64" in rec:
            try:
                data = base64.b64decode(rec["b64"], validate=True)
            except (binascii.Error, ValueError):
                raise LogError(f"{where}: field 'b64' is not valid base64") from None
            if len(data) != rec["size"]:
                raise LogError(f"{where}: field 'size' says {rec['size']} bytes but 'b64' holds {len(data)}")
            rec["data"] = data
    return rec


def _check_header(header: Any, path: Path) -> dict[str, Any]:
    where = f"{path} line 1"
    if not isinstance(header, dict) or header.get("format") != FORMAT:
        raise LogError(f"{path} is not an mpsim chunk log (no '{FORMAT}' header line)")
    version = header.get("version")
    if isinstance(version, int) and not isinstance(version, bool) and version > VERSION:
        raise LogError(f"{path} was written by a newer mpsim (log version {version}); this one reads version {VERSION}")
    if header.get("type") != "header":
        raise LogError(f"{where}: field 'type' must be header, not {_shown(header.get('type'))}")
    _check(header, "header", where)
    return header


@dataclass
class ChunkLog:
    """A log file opened for reading: header, response and end up front, chunks streamed on demand.

    Every line is checked as it is read (``LINE_FIELDS``, and the order header, response, chunks,
    end); a line that breaks the format raises ``LogError`` naming the file, line and field.
    ``validate()`` reads the whole log once, for callers that must know before they start.
    """

    path: Path
    header: dict[str, Any]
    response: dict[str, Any] | None
    end: dict[str, Any] | None = None
    truncated: bool = False  # the last line was cut off (the recorder was killed mid-write)
    problems: list[str] = field(default_factory=list)

    def lines(self) -> Iterator[dict[str, Any]]:
        """Every whole record after the header, checked, in order; stops at a cut-off last line.

        A chunk carrying its bytes has them decoded in ``rec["data"]``.
        """
        for _, rec in self.raw_lines():
            yield rec

    def raw_lines(self) -> Iterator[tuple[bytes, dict[str, Any]]]:
        """``lines()`` with each line's bytes as written (for a lossless copy)."""
        seen_chunk = seen_response = seen_end = False
        try:
            f = open(self.path, "rb")  # noqa: SIM115
        except OSError as exc:
            raise LogError(f"cannot read {self.path}: {exc.strerror or exc}") from None
        body = _BodyFile(self)
        with f, body:
            next(f, None)
            for lineno, raw in enumerate(f, start=2):
                if not raw.endswith(b"\n"):
                    self.truncated = True  # a line cut off by a kill: everything before it stands
                    return
                where = f"{self.path} line {lineno}"
                rec = _checked(_parse(raw, where), where)
                if "at" in rec:
                    rec["data"] = body.read(rec["at"], rec["size"], where)
                kind = rec["type"]
                if seen_end:
                    raise LogError(f"{where}: a {kind} line after the end line (the end line must be last)")
                if kind == "response":
                    if seen_response or seen_chunk:
                        raise LogError(f"{where}: a response line must come once, before any chunk")
                    seen_response = True
                elif kind == "chunk":
                    seen_chunk = True
                else:
                    seen_end = True
                yield raw, rec

    def records(self) -> Iterator[dict[str, Any]]:
        """Like ``lines()``, with every chunk record's bytes in ``rec["data"]``.

        Chunks stored by reference (``off``) are cut from the ``read`` bytes, of which only the
        stretch not yet claimed by every referring level is kept, so memory stays flat.
        """
        reads = bytearray()
        base = 0  # offset in the read stream of reads[0]
        claimed: dict[str, int] = {}  # level -> end offset of its last chunk taken by reference
        referring = len(self._referring_levels())
        lineno = 1
        for rec in self.lines():
            lineno += 1
            if rec["type"] != "chunk":
                yield rec
                continue
            if "data" in rec:
                if rec["level"] == "read":
                    reads += rec["data"]
            else:
                off, size = rec["off"] - base, rec["size"]
                if off < 0 or off + size > len(reads):
                    raise LogError(f"{self.path} line {lineno}: field 'off' refers to read bytes "
                                   f"{rec['off']}..{rec['off'] + size} that the log does not hold")
                rec["data"] = bytes(reads[off:off + size])
                claimed[rec["level"]] = rec["off"] + size
                keep_from = min(claimed.values()) - base
                if keep_from > 65536 and len(claimed) >= referring:
                    del reads[:keep_from]
                    base += keep_from
            yield rec

    def _referring_levels(self) -> set[str]:
        resp = self.response or {}
        levels = {"delivered"} if not resp.get("content_encoding") else set()
        if (resp.get("levels") or {}).get("wire") == "observed":
            levels.add("wire")
        return levels or {"wire"}

    def chunks(self, level: str | None = "delivered") -> Iterator[Chunk]:
        for rec in self.records():
            if rec["type"] == "chunk" and (level is None or rec["level"] == level):
                yield Chunk(rec["level"], rec["seq"], rec["t"], rec["data"])

    def validate(self) -> ChunkLog:
        """Read every line once (memory stays flat); raises ``LogError`` at the first fault."""
        for _ in self.records():
            pass
        return self

    @property
    def request(self) -> dict[str, Any]:
        return self.header["request"]

    @property
    def body_path(self) -> Path | None:
        """The body file beside the log that ``at`` fields point into (version 2), if it names one."""
        name = self.header.get("body")
        return self.path.with_name(name) if name else None

    @property
    def notes(self) -> list[str]:
        """What a user should be told about this log besides its contents (interrupted, cut)."""
        return self.problems + (["its last line was cut off mid-write and is skipped"] if self.truncated else [])


class _BodyFile:
    """The body file of a log, opened at the first chunk that points into it."""

    def __init__(self, log: ChunkLog) -> None:
        self._log = log
        self._f: BinaryIO | None = None
        self._pos = 0
        self._size = 0

    def read(self, at: int, size: int, where: str) -> bytes:
        path = self._log.body_path
        if path is None:
            raise LogError(f"{where}: field 'at' points into a body file, but the header names none")
        if self._f is None:
            try:
                self._f = open(path, "rb")  # noqa: SIM115 - closed by __exit__
            except OSError as exc:
                why = "is missing" if isinstance(exc, FileNotFoundError) else f"cannot be read ({exc.strerror or exc})"
                raise LogError(f"{where}: the chunk's bytes are in the body file {path.name} beside the log, "
                               f"which {why}") from None
            self._size = os.fstat(self._f.fileno()).st_size
        if at + size > self._size:  # checked before reading: a size from a damaged line may be huge
            raise LogError(f"{where}: field 'size' says {size} bytes at {at} ('at'), but the body file "
                           f"{path.name} ends after {self._size}")
        if at != self._pos:
            self._f.seek(at)
        data = self._f.read(size)
        self._pos = at + len(data)
        if len(data) != size:
            raise LogError(f"{where}: the body file {path.name} changed while it was read")
        return data

    def __enter__(self) -> _BodyFile:
        return self

    def __exit__(self, *exc: object) -> None:
        if self._f is not None:
            self._f.close()


def read_log(path: Path | str) -> ChunkLog:
    """Open a chunk log, checking it is one; reads and checks the header, response and end lines."""
    path = Path(path)
    if path.is_dir() or (path.exists() and not path.is_file()):  # a FIFO would block, a folder is no log
        raise LogError(f"cannot read {path}: it is not a file")
    try:
        f = open(path, "rb")  # noqa: SIM115
    except OSError as exc:
        raise LogError(f"cannot read {path}: {exc.strerror or exc}") from None
    with f:
        first = f.readline(1 << 20)
        if not first.strip():
            raise LogError(f"{path} is empty: it holds no chunk log")
        try:
            header = json.loads(first, parse_constant=_no_constants)
        except (ValueError, RecursionError):
            raise LogError(f"{path} is not a chunk log: its first line is not JSON") from None
        size = f.seek(0, 2)
    log = ChunkLog(path=path, header=_check_header(header, path), response=None)
    log.truncated = size > len(first) and _last_byte(path, size) != b"\n"
    # The response line comes before any chunk and the end line is last: read just those, so
    # opening a log of a 1 GiB stream is instant.
    for rec in log.lines():
        if rec["type"] == "response":
            log.response = rec
        break
    log.end = _end_line(path, size)
    if log.end is None:
        log.problems.append("the log has no end line: the recording was interrupted; "
                            "everything up to the last whole line is kept")
    return log


def _last_byte(path: Path, size: int) -> bytes:
    with open(path, "rb") as f:
        f.seek(size - 1)
        return f.read(1)


def _end_line(path: Path, size: int) -> dict[str, Any] | None:
    with open(path, "rb") as f:
        f.seek(max(0, size - 65536))
        tail = f.read()
    if not tail.endswith(b"\n"):
        return None  # cut off mid-line: no end line
    last = tail.rstrip(b"\n").rsplit(b"\n", 1)[-1]
    if b'"end"' not in last:
        return None
    where = f"{path} last line"
    rec = _parse(last, where)
    return _checked(rec, where) if rec.get("type") == "end" else None


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
