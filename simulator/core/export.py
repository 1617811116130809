"""Exports of a chunk log: a pure builder per format and one thin writer (as mitmproxy's savehar).

- ``jsonl``: the native log, lossless (secrets redacted unless asked not to);
- ``har``: HAR 1.2 with the body plus ``_chunks`` and ``_eventSourceMessages`` extensions;
- ``csv``: one row per chunk, bytes as base64 so nothing is lost;
- ``events``: JSON Lines, one SSE event per line with the chunk seqs it came from;
- ``text``: the decoded body, UTF-8.

Builders stream (generators) where the format allows it, so exporting a 1 GiB log stays flat.
"""

from __future__ import annotations

import base64
import csv
import io
import json
from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path
from typing import Any
from urllib.parse import parse_qsl, urlsplit

from .. import __version__
from .chunklog import ChunkLog, read_log
from .redact import redact_headers, redact_url
from .sse import SseParser
from .text import Utf8Stream

__all__ = ["EXPORT_FORMATS", "iter_csv", "iter_events", "iter_jsonl", "iter_text", "make_har", "write_export"]

EXPORT_FORMATS = ("jsonl", "har", "csv", "events", "text")
SUFFIX = {"jsonl": ".jsonl", "har": ".har", "csv": ".csv", "events": ".events.jsonl", "text": ".txt"}


def _headers(pairs: list[list[str]] | list[tuple[str, str]], redact: bool) -> list[tuple[str, str]]:
    out = [(str(k), str(v)) for k, v in pairs]
    return redact_headers(out) if redact else out


def iter_jsonl(log: ChunkLog, *, redact: bool = True) -> Iterator[bytes]:
    """The log itself, with response secrets (Set-Cookie) redacted; chunk lines pass through as is."""
    with open(log.path, "rb") as f:
        for raw in f:
            if not raw.endswith(b"\n"):
                break  # a line cut off by a kill: keep everything before it
            if redact and raw.startswith(b'{"type":"response"'):
                rec = json.loads(raw)
                rec["headers"] = [list(h) for h in _headers(rec.get("headers", []), True)]
                rec["url"] = redact_url(rec.get("url", ""))
                raw = json.dumps(rec, ensure_ascii=False, separators=(",", ":")).encode() + b"\n"
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


def make_har(log: ChunkLog, *, redact: bool = True) -> dict[str, Any]:
    """HAR 1.2 (http://www.softwareishard.com/blog/har-12-spec/) of one request.

    Underscore-prefixed fields are HAR's documented place for custom data: ``_chunks`` (every chunk of
    every level: level, seq, time, size, offset into the delivered body) and ``_eventSourceMessages``
    (the SSE events, shaped like Chrome's ``_webSocketMessages``).
    """
    req, resp, end = log.request, log.response or {}, log.end or {}
    url = redact_url(req.get("url", "")) if redact else req.get("url", "")
    started = datetime.fromtimestamp(float(log.header.get("created", 0.0)), tz=UTC)
    body = base64.b64decode(req.get("body_b64", ""))
    req_headers = _headers(req.get("headers", []), redact)
    mime = next((v for k, v in req_headers if k.lower() == "content-type"), "application/octet-stream")
    request: dict[str, Any] = {
        "method": req.get("method", "GET"), "url": url, "httpVersion": resp.get("http_version", "HTTP/1.1"),
        "cookies": [], "headers": [{"name": k, "value": v} for k, v in req_headers],
        "queryString": [{"name": k, "value": v} for k, v in parse_qsl(urlsplit(url).query)],
        "headersSize": -1, "bodySize": len(body),
    }
    if body:
        request["postData"] = {"mimeType": mime, "text": body.decode("utf-8", errors="replace")}
    chunks: list[dict[str, Any]] = []
    raw = bytearray()
    for chunk in log.chunks(None):
        rec = {"level": chunk.level, "seq": chunk.seq, "time": round(chunk.t_ms, 3), "size": len(chunk.data)}
        if chunk.level == "delivered":
            rec["offset"] = len(raw)
            raw += chunk.data
        chunks.append(rec)
    text = raw.decode("utf-8", errors="replace")
    resp_headers = _headers(resp.get("headers", []), redact)
    ctype = next((v for k, v in resp_headers if k.lower() == "content-type"), "")
    content: dict[str, Any] = {"size": len(raw), "mimeType": ctype, "text": text}
    if "\ufffd" in text:  # invalid UTF-8: keep the exact bytes too
        content = {"size": len(raw), "mimeType": ctype, "text": base64.b64encode(raw).decode(),
                   "encoding": "base64"}
    first = next((c["time"] for c in chunks if c["level"] == "delivered"), None)
    total = float(end.get("t", chunks[-1]["time"] if chunks else 0.0))
    wait = first if first is not None else float(resp.get("t", 0.0))
    messages = [{"type": "receive", "time": round(ev.get("t", 0.0) / 1000.0, 6), "eventName": ev["type"],
                 "eventId": ev["lastEventId"], "data": ev["data"]} for ev in iter_events(log)]
    entry = {
        "startedDateTime": started.isoformat().replace("+00:00", "Z"), "time": round(total, 3),
        "request": request,
        "response": {
            "status": resp.get("status", 0), "statusText": resp.get("reason", ""),
            "httpVersion": resp.get("http_version", ""), "cookies": [],
            "headers": [{"name": k, "value": v} for k, v in resp_headers], "content": content,
            "redirectURL": next((v for k, v in resp_headers if k.lower() == "location"), ""),
            "headersSize": -1, "bodySize": len(raw),
            "_endReason": end.get("reason", "incomplete"), "_errMsg": end.get("errMsg", ""),
        },
        "cache": {},
        "timings": {"blocked": -1, "dns": -1, "connect": -1, "ssl": -1, "send": 0,
                    "wait": round(wait, 3), "receive": round(max(0.0, total - wait), 3)},
        "_chunks": chunks,
        "_eventSourceMessages": messages,
        "_mpsim": {"profile": log.header.get("profile"), "seed": log.header.get("seed"),
                   "platform": log.header.get("platform"), "levels": resp.get("levels", {})},
    }
    return {"log": {"version": "1.2", "creator": {"name": "mpsim", "version": __version__},
                    "pages": [], "entries": [entry]}}


def write_export(log_path: Path | str | ChunkLog, fmt: str, out_path: Path | str, *,
                 redact: bool = True) -> Path:
    """Write one export; raises ValueError for an unknown format and LogError for a bad log."""
    if fmt not in EXPORT_FORMATS:
        raise ValueError(f"unknown export format {fmt!r}: choose one of {', '.join(EXPORT_FORMATS)}")
    log = log_path if isinstance(log_path, ChunkLog) else read_log(log_path)
    out = Path(out_path)
    tmp = out.with_name(out.name + ".part")
    with open(tmp, "wb") as f:
        if fmt == "jsonl":
            for raw in iter_jsonl(log, redact=redact):
                f.write(raw)
        elif fmt == "har":
            f.write(json.dumps(make_har(log, redact=redact), ensure_ascii=False, indent=1).encode())
        elif fmt == "csv":
            for row in iter_csv(log):
                f.write(row.encode())
        elif fmt == "events":
            for ev in iter_events(log):
                f.write(json.dumps(ev, ensure_ascii=False).encode() + b"\n")
        else:
            for text in iter_text(log):
                f.write(text.encode())
    tmp.replace(out)  # never leave a half-written export under the final name
    return out


def default_export_path(log_path: Path | str, fmt: str) -> Path:
    p = Path(log_path)
    stem = p.name.removesuffix(".jsonl")
    return p.with_name(stem + (".export.jsonl" if fmt == "jsonl" else SUFFIX[fmt]))
