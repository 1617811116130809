"""Exports of a chunk log: a streaming builder per format and one thin writer (as mitmproxy's savehar).

- ``jsonl``: the native log, lossless (secrets redacted unless asked not to);
- ``har``: HAR 1.2 with the body plus ``_chunks`` and ``_eventSourceMessages`` extensions;
- ``csv``: one row per chunk, bytes as base64 so nothing is lost;
- ``events``: JSON Lines, one SSE event per line with the chunk seqs it came from;
- ``text``: the decoded body, UTF-8.

Every builder is a generator reading the log as it goes, so exporting a 1 GiB log stays flat (HAR
too: its JSON is written piece by piece). Secrets follow the one rule set of ``core/redact.py``.
Numbers are written as strict JSON (``allow_nan=False``); the reader already refuses NaN.
"""

from __future__ import annotations

import base64
import codecs
import csv
import io
import json
import os
import stat
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import UTC, datetime
from pathlib import Path
from typing import Any, BinaryIO
from urllib.parse import parse_qsl, urlsplit

from .. import __version__
from .chunklog import ChunkLog, read_log
from .redact import redact_body, redact_headers, redact_options, redact_url
from .sse import SseParser
from .text import Utf8Stream

__all__ = ["EXPORT_FORMATS", "iter_csv", "iter_events", "iter_har", "iter_jsonl", "iter_text", "make_har",
           "write_export"]

EXPORT_FORMATS = ("jsonl", "har", "csv", "events", "text")
SUFFIX = {"jsonl": ".jsonl", "har": ".har", "csv": ".csv", "events": ".events.jsonl", "text": ".txt"}


def _dumps(value: Any) -> str:
    return json.dumps(value, ensure_ascii=False, separators=(",", ":"), allow_nan=False)


def _headers(pairs: list[list[str]] | list[tuple[str, str]], redact: bool) -> list[tuple[str, str]]:
    out = [(str(k), str(v)) for k, v in pairs]
    return redact_headers(out) if redact else out


def iter_jsonl(log: ChunkLog, *, redact: bool = True) -> Iterator[bytes]:
    """The log itself, every line checked; header and response lines redacted, chunk lines as written."""
    header = dict(log.header)
    header.pop("body", None)  # every chunk goes inline: one self-contained file
    if redact:
        req = dict(header["request"])
        req["url"] = redact_url(req["url"])
        req["headers"] = [list(h) for h in _headers(req["headers"], True)]
        req["body_b64"] = base64.b64encode(redact_body(base64.b64decode(req["body_b64"]))).decode()
        header["request"] = req
        if isinstance(header.get("options"), dict):
            header["options"] = redact_options(header["options"])
        header["redacted"] = True
    yield (_dumps(header) + "\n").encode()
    for raw, rec in log.raw_lines():
        if "at" in rec:
            raw = b'{"type":"chunk","level":"%s","seq":%d,"t":%s,"size":%d,"b64":"%s"}\n' % (
                rec["level"].encode(), rec["seq"], _dumps(rec["t"]).encode(), rec["size"],
                base64.b64encode(rec["data"]))
        if redact and rec["type"] == "response":
            rec = {k: v for k, v in rec.items() if k != "data"}
            rec["headers"] = [list(h) for h in _headers(rec["headers"], True)]
            rec["url"] = redact_url(rec.get("url", ""))
            raw = (_dumps(rec) + "\n").encode()
        yield raw


def iter_text(log: ChunkLog) -> Iterator[str]:
    utf8 = Utf8Stream()
    for chunk in log.chunks("delivered"):
        text = utf8.feed(chunk.data)
        if text:
            yield text
    rest = utf8.flush()
    if rest:
        yield rest


def iter_events(log: ChunkLog) -> Iterator[dict[str, Any]]:
    utf8, sse = Utf8Stream(), SseParser()
    times: dict[int, float] = {}
    for chunk in log.chunks("delivered"):
        times[chunk.seq] = chunk.t_ms
        for ev in sse.feed(utf8.feed(chunk.data), chunk.seq):
            yield _event_record(ev, times)
            times = {k: v for k, v in times.items() if k >= ev.last_chunk}
    last = max(times, default=-1)
    for ev in sse.feed(utf8.flush(), last) + sse.flush():
        yield _event_record(ev, times)


def _event_record(ev: Any, times: dict[int, float]) -> dict[str, Any]:
    rec: dict[str, Any] = {"type": ev.type, "data": ev.data, "lastEventId": ev.last_event_id}
    if ev.retry is not None:
        rec["retry"] = ev.retry
    rec["chunks"] = list(range(ev.first_chunk, ev.last_chunk + 1))
    if ev.last_chunk in times:
        rec["t"] = times[ev.last_chunk]
    return rec


def iter_csv(log: ChunkLog) -> Iterator[str]:
    buf = io.StringIO()
    w = csv.writer(buf, lineterminator="\n")
    w.writerow(["level", "seq", "t_ms", "size", "text_preview", "hex_preview", "b64"])
    for chunk in log.chunks(None):
        preview = chunk.data[:32]
        w.writerow([chunk.level, chunk.seq, f"{chunk.t_ms:.3f}", len(chunk.data),
                    preview.decode("utf-8", errors="replace"), preview.hex(" "),
                    base64.b64encode(chunk.data).decode()])
        yield buf.getvalue()
        buf.seek(0)
        buf.truncate()


def _body_facts(log: ChunkLog) -> tuple[int, int, bool, float | None, float]:
    """One pass over the chunks: the delivered size, the bytes received (the ``read`` level: as they
    came off the network, still compressed when the body had a Content-Encoding), whether the
    delivered bytes are valid UTF-8, the first delivery's time and the last chunk's."""
    size, received, first, last = 0, 0, None, 0.0
    check = codecs.getincrementaldecoder("utf-8")()
    valid = True
    for chunk in log.chunks(None):
        last = chunk.t_ms
        if chunk.level == "read":
            received += len(chunk.data)
        if chunk.level != "delivered":
            continue
        first = chunk.t_ms if first is None else first
        size += len(chunk.data)
        if valid:
            try:
                check.decode(chunk.data)
            except UnicodeDecodeError:
                valid = False
    if valid:
        try:
            check.decode(b"", final=True)
        except UnicodeDecodeError:
            valid = False
    return size, received, valid, first, last


def _body_text(log: ChunkLog, valid_utf8: bool) -> Iterator[str]:
    """The delivered body as the inside of a JSON string: the text, or base64 when not UTF-8."""
    if valid_utf8:
        for text in iter_text(log):
            yield _dumps(text)[1:-1]
        return
    rest = b""
    for chunk in log.chunks("delivered"):
        data = rest + chunk.data
        whole = len(data) - len(data) % 3  # base64 of whole 3-byte groups joins without padding
        yield base64.b64encode(data[:whole]).decode()
        rest = data[whole:]
    yield base64.b64encode(rest).decode()


def iter_har(log: ChunkLog, *, redact: bool = True) -> Iterator[str]:
    """HAR 1.2 (http://www.softwareishard.com/blog/har-12-spec/) of one request, as JSON text pieces.

    Underscore-prefixed fields are HAR's documented place for custom data: ``_chunks`` (every chunk of
    every level: level, seq, time, size, offset into the delivered body) and ``_eventSourceMessages``
    (the SSE events, shaped like Chrome's ``_webSocketMessages``). The body, the chunks and the events
    are written as they are read from the log, so memory stays flat however long the stream.
    """
    req, resp, end = log.request, log.response or {}, log.end or {}
    size, received, valid_utf8, first, last = _body_facts(log)
    url = redact_url(req["url"]) if redact else req["url"]
    started = datetime.fromtimestamp(float(log.header.get("created", 0.0)), tz=UTC)
    body = base64.b64decode(req["body_b64"])
    body = redact_body(body) if redact else body
    req_headers = _headers(req["headers"], redact)
    mime = next((v for k, v in req_headers if k.lower() == "content-type"), "application/octet-stream")
    request: dict[str, Any] = {
        "method": req["method"], "url": url, "httpVersion": resp.get("http_version", "HTTP/1.1"),
        "cookies": [], "headers": [{"name": k, "value": v} for k, v in req_headers],
        "queryString": [{"name": k, "value": v} for k, v in parse_qsl(urlsplit(url).query)],
        "headersSize": -1, "bodySize": len(body),
    }
    if body:
        request["postData"] = {"mimeType": mime, "text": body.decode("utf-8", errors="replace")}
    total = float(end.get("t", last))
    wait = first if first is not None else float(resp.get("t", 0.0))
    resp_headers = _headers(resp.get("headers", []), redact)
    ctype = next((v for k, v in resp_headers if k.lower() == "content-type"), "")
    response = {
        "status": resp.get("status", 0), "statusText": resp.get("reason", ""),
        "httpVersion": resp.get("http_version", ""), "cookies": [],
        "headers": [{"name": k, "value": v} for k, v in resp_headers],
        "redirectURL": next((v for k, v in resp_headers if k.lower() == "location"), ""),
        # HAR 1.2 "response": bodySize is the received body; content.size the decoded one, and
        # content.compression the bytes saved (http://www.softwareishard.com/blog/har-12-spec/#content).
        "headersSize": -1, "bodySize": received,
        "_endReason": end.get("reason", "incomplete"), "_errMsg": end.get("errMsg", ""),
    }
    yield '{"log":{"version":"1.2","creator":' + _dumps({"name": "mpsim", "version": __version__})
    yield ',"pages":[],"entries":[{"startedDateTime":' + _dumps(started.isoformat().replace("+00:00", "Z"))
    yield ',"time":' + _dumps(round(total, 3)) + ',"request":' + _dumps(request)
    yield ',"response":' + _dumps(response)[:-1]
    saved = ',"compression":' + str(size - received) if resp.get("content_encoding") else ""
    yield ',"content":{"size":' + str(size) + saved + ',"mimeType":' + _dumps(ctype) + ',"text":"'
    yield from _body_text(log, valid_utf8)
    yield '"' + ("" if valid_utf8 else ',"encoding":"base64"') + "}}"
    yield ',"cache":{},"timings":' + _dumps({"blocked": -1, "dns": -1, "connect": -1, "ssl": -1, "send": 0,
                                            "wait": round(wait, 3), "receive": round(max(0.0, total - wait), 3)})
    yield ',"_chunks":['
    offset, sep = 0, ""
    for chunk in log.chunks(None):
        rec = {"level": chunk.level, "seq": chunk.seq, "time": round(chunk.t_ms, 3), "size": len(chunk.data)}
        if chunk.level == "delivered":
            rec["offset"] = offset
            offset += len(chunk.data)
        yield sep + _dumps(rec)
        sep = ","
    yield '],"_eventSourceMessages":['
    sep = ""
    created = float(log.header.get("created", 0.0))
    for ev in iter_events(log):
        # Unix seconds, as Chrome writes the time of its _webSocketMessages (docs/chunk-log.md, "HAR").
        yield sep + _dumps({"type": "receive", "time": round(created + ev.get("t", 0.0) / 1000.0, 6),
                            "eventName": ev["type"], "eventId": ev["lastEventId"], "data": ev["data"]})
        sep = ","
    yield '],"_mpsim":' + _dumps({"profile": log.header.get("profile"), "seed": log.header.get("seed"),
                                  "platform": log.header.get("platform"), "levels": resp.get("levels", {})})
    yield "}]}}"


def make_har(log: ChunkLog, *, redact: bool = True) -> dict[str, Any]:
    """The HAR of ``iter_har`` as a dict (for a small log; the writer streams)."""
    return json.loads("".join(iter_har(log, redact=redact)))


def write_export(log_path: Path | str | ChunkLog, fmt: str, out_path: Path | str, *,
                 redact: bool = True) -> Path:
    """Write one export; raises ValueError for an unknown format, LogError for a bad log, OSError.

    A regular file (or a new one) is replaced atomically: nothing half-written under its name and no
    ``*.part`` left behind on failure. Anything else (a FIFO, a device such as /dev/stdout) is written
    through, after the whole log has been checked; a symlink is followed, never replaced.
    """
    if fmt not in EXPORT_FORMATS:
        raise ValueError(f"unknown export format {fmt!r}: choose one of {', '.join(EXPORT_FORMATS)}")
    log = log_path if isinstance(log_path, ChunkLog) else read_log(log_path)
    out = Path(out_path)
    with _output(out, log) as f:
        if fmt == "jsonl":
            for raw in iter_jsonl(log, redact=redact):
                f.write(raw)
        elif fmt == "har":
            for piece in iter_har(log, redact=redact):
                f.write(piece.encode())
        elif fmt == "csv":
            for row in iter_csv(log):
                f.write(row.encode())
        elif fmt == "events":
            for ev in iter_events(log):
                f.write(_dumps(ev).encode() + b"\n")
        else:
            for text in iter_text(log):
                f.write(text.encode())
    return out


@contextmanager
def _output(out: Path, log: ChunkLog) -> Iterator[BinaryIO]:
    try:
        st: os.stat_result | None = os.stat(out)  # follows symlinks: what a write would reach
    except FileNotFoundError:
        st = None
    if st is not None and stat.S_ISDIR(st.st_mode):
        raise IsADirectoryError(21, "it is a folder; give a file name", str(out))
    real = Path(os.path.realpath(out))
    # /dev/stdout, /dev/fd/N, /proc/self/fd/N stand for a file this process already has open:
    # renaming over what they point at would leave the open file (a shell's `> file`) empty.
    through = st is not None and (not stat.S_ISREG(st.st_mode) or real.parts[1:2] in (("dev",), ("proc",))
                                  or out.parts[1:2] in (("dev",), ("proc",)))
    if through:
        log.validate()  # nothing can be taken back from a pipe or a device: fail before writing
        with open(out, "wb") as f:
            yield f
        return
    fd, tmp = tempfile.mkstemp(dir=real.parent, prefix=f".{real.name}.", suffix=".part")
    try:
        with os.fdopen(fd, "wb") as f:
            yield f
        os.chmod(tmp, stat.S_IMODE(st.st_mode) if st is not None else 0o666 & ~_umask())
        os.replace(tmp, real)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


def _umask() -> int:
    mask = os.umask(0o022)
    os.umask(mask)
    return mask


def default_export_path(log_path: Path | str, fmt: str) -> Path:
    p = Path(log_path)
    stem = p.name.removesuffix(".jsonl")
    return p.with_name(stem + (".export.jsonl" if fmt == "jsonl" else SUFFIX[fmt]))
