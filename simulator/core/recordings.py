"""Recordings on disk: reading one chunk log back by chunk, and keeping the folder within a size.

``RecordingIndex`` remembers where each chunk line of a chunk log starts (8 bytes a chunk), so a
window showing a long stream keeps the bytes on disk and reads back only the chunk a user selects.
It reads the log as it grows, whole lines only, and never holds a line in memory to find its end
(a 200 MiB chunk is one 270 MB line in a version 1 log). The format is ``docs/chunk-log.md``: a
chunk line says where its bytes are: in the body file beside the log (``at``), inline (``b64``), or
as a stretch of the ``read`` bytes (``off``).

``trim_folder`` deletes the oldest recordings (a log and its body file) until the folder fits a
size, never the ones in use.
"""

from __future__ import annotations

import base64
import binascii
import json
import os
import re
import time
from array import array
from bisect import bisect_right
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import Any, BinaryIO

__all__ = ["DEFAULT_LIMIT_BYTES", "RecordingIndex", "TrimResult", "folder_size", "trim_folder"]

DEFAULT_LIMIT_BYTES = 1 << 30  # 1 GiB

_LEVELS = ("wire", "read", "delivered")
_BLOCK = 1 << 20
_HEAD = 256  # enough of a line to read its type, level and size as the recorder writes them
# The recorder's own field order (ChunkLogWriter.on_chunk); other writers' lines are parsed as JSON.
_FAST = re.compile(rb'\{"type":"(\w+)"(?:,"level":"(\w+)","seq":\d+,"t":[-+.\deE]+,"size":(\d+))?')


class RecordingIndex:
    """Where the chunk lines of a chunk log are; ``chunk_bytes(n)`` reads the n-th chunk's bytes.

    Chunks are numbered in the order their lines come, all levels together: the order a replay or a
    live request hands them to a monitor. The offset of every ``EVERY``-th chunk line is kept (and
    of every ``read`` line, which ``off`` fields point into), so the index costs a fraction of a
    byte a chunk; a chunk between two kept offsets is found by reading the few lines from the one
    before it.
    """

    EVERY = 32

    def __init__(self, path: Path | str) -> None:
        self.path = Path(path)
        self._count = 0  # chunk lines indexed
        self._anchors = array("q")  # file offset of chunk line k * EVERY
        self._read_offsets = array("q")  # file offset of each read line, in order
        self._read_ends = array("q")  # read bytes up to and including each read chunk
        self._scanned = 0  # file offset after the last whole line indexed
        self._f: BinaryIO | None = None
        self._body_path: Path | None = None  # named by the header line (version 2)
        self._body: BinaryIO | None = None

    def __len__(self) -> int:
        return self._count

    def _file(self) -> BinaryIO:
        if self._f is None:
            self._f = open(self.path, "rb")  # noqa: SIM115 - closed in close()
        return self._f

    def close(self) -> None:
        for f in (self._f, self._body):
            if f is not None:
                f.close()
        self._f = self._body = None

    def scan(self) -> int:
        """Index the whole lines written since the last scan; returns how many chunks are indexed."""
        try:
            f = open(self.path, "rb")  # its own handle: _line() reads some lines whole with the other
        except OSError:
            return len(self)
        with f:
            f.seek(self._scanned)
            start = self._scanned  # where the line being read began
            head = b""
            pos = self._scanned
            while block := f.read(_BLOCK):
                i = 0
                while (nl := block.find(b"\n", i)) >= 0:
                    if len(head) < _HEAD:
                        head += block[i:min(nl, i + _HEAD)]
                    self._line(start, head[:_HEAD])
                    i = nl + 1
                    start, head = pos + i, b""
                if len(head) < _HEAD:
                    head += block[i:i + _HEAD]
                pos += len(block)
        self._scanned = start
        return len(self)

    def _kind(self, offset: int, head: bytes) -> tuple[str, int] | None:
        """``(level, size)`` of a chunk line, None for any other line."""
        m = _FAST.match(head)
        if m is not None and m[1] == b"header":
            name = (self._record_at(offset) or {}).get("body")
            if isinstance(name, str) and name not in ("", ".", "..") and "/" not in name and "\\" not in name:
                self._body_path = self.path.with_name(name)
            return None
        if m is not None and m[1] != b"chunk":
            return None
        if m is not None and m[2] is not None:
            return m[2].decode(), int(m[3])
        rec = self._record_at(offset)
        if rec is None or rec.get("type") != "chunk":
            return None
        level, size = rec.get("level"), rec.get("size")
        return (level, size) if level in _LEVELS and isinstance(size, int) else None

    def _line(self, offset: int, head: bytes) -> None:
        kind = self._kind(offset, head)
        if kind is None:
            return
        if not self._count % self.EVERY:
            self._anchors.append(offset)
        self._count += 1
        if kind[0] == "read":
            self._read_offsets.append(offset)
            self._read_ends.append((self._read_ends[-1] if self._read_ends else 0) + kind[1])

    def _record_at(self, offset: int) -> dict[str, Any] | None:
        f = self._file()
        f.seek(offset)
        return _json_object(f.readline())

    def _record(self, n: int) -> dict[str, Any] | None:
        """The n-th chunk line, parsed."""
        if n >= self._count:
            self.scan()
        if not 0 <= n < self._count:
            return None
        f = self._file()
        f.seek(self._anchors[n // self.EVERY])
        skip = n % self.EVERY
        while True:
            line = f.readline()
            if not line.endswith(b"\n"):
                return None
            if skip == 0:
                return _json_object(line)
            m = _FAST.match(line, 0, _HEAD)
            if (m[1] == b"chunk") if m is not None else (_json_object(line) or {}).get("type") == "chunk":
                skip -= 1

    def chunk_bytes(self, n: int, level: str | None = None, size: int | None = None) -> bytes | None:
        """The bytes of the n-th chunk, or None when the log does not hold them (damaged, cut, or
        its n-th chunk is not of ``level`` and ``size``, when given)."""
        try:
            rec = self._record(n)
            if rec is None or (level is not None and rec.get("level") != level) \
                    or (size is not None and rec.get("size") != size):
                return None
            off = rec.get("off")
            if isinstance(off, int) and "b64" not in rec and "at" not in rec:
                return self.read_bytes(off, rec.get("size", 0))
            return self._stored(rec)
        except (OSError, binascii.Error, ValueError):
            return None

    def _stored(self, rec: dict[str, Any]) -> bytes | None:
        """The bytes a line holds itself (``b64``) or in the body file (``at``)."""
        if isinstance(rec.get("b64"), str):
            return base64.b64decode(rec["b64"], validate=True)
        at, size = rec.get("at"), rec.get("size")
        if not isinstance(at, int) or not isinstance(size, int) or self._body_path is None:
            return None
        if self._body is None:
            self._body = open(self._body_path, "rb")  # noqa: SIM115 - closed in close()
        self._body.seek(at)
        data = self._body.read(size)
        return data if len(data) == size else None

    def read_bytes(self, start: int, size: int) -> bytes | None:
        """``size`` bytes of the ``read`` level from offset ``start`` (what ``off`` refers to)."""
        ends = self._read_ends
        i = bisect_right(ends, start)
        out = bytearray()
        while len(out) < size and i < len(ends):
            rec = self._record_at(self._read_offsets[i])
            data = self._stored(rec) if rec is not None else None
            if data is None:
                return None
            lo = start + len(out) - (ends[i] - len(data))
            out += data[lo:lo + size - len(out)]
            i += 1
        return bytes(out) if len(out) == size else None

    @property
    def held_bytes(self) -> int:
        """Memory the index itself takes."""
        return sum(a.itemsize * len(a) for a in (self._anchors, self._read_offsets, self._read_ends))


def _json_object(line: bytes) -> dict[str, Any] | None:
    try:
        rec = json.loads(line)
    except ValueError:
        return None
    return rec if isinstance(rec, dict) else None


# -- the folder's size -----------------------------------------------------------------------------
@dataclass(frozen=True, slots=True)
class TrimResult:
    deleted: list[Path]
    freed: int  # bytes
    size: int  # the folder's recordings after trimming, bytes


_BODY = ".body"  # a log's body file is named after it: rec.jsonl -> rec.jsonl.body


def folder_size(folder: Path) -> int:
    return sum(size for _, size, _ in _recordings(folder))


def _recordings(folder: Path) -> list[tuple[Path, int, float]]:
    """``(log, bytes of the log and its body file, modified)`` per recording; a body file whose log
    is gone counts as a recording of its own."""
    files: dict[str, tuple[int, float]] = {}
    try:
        entries = list(os.scandir(folder))
    except OSError:
        return []
    for e in entries:
        if not e.name.endswith((".jsonl", ".jsonl" + _BODY)):
            continue
        try:
            if not e.is_file(follow_symlinks=False):
                continue
            st = e.stat(follow_symlinks=False)
        except OSError:
            continue
        files[e.name] = (st.st_size, st.st_mtime)
    out = []
    for name, (size, mtime) in files.items():
        if name.endswith(_BODY) and name[:-len(_BODY)] in files:
            continue  # counted with its log
        body = files.get(name + _BODY)
        if body is not None:
            size, mtime = size + body[0], max(mtime, body[1])
        out.append((folder / name, size, mtime))
    return out


def trim_folder(folder: Path | str, limit_bytes: int, keep: Iterable[Path | str | None] = (), *,
                busy_s: float = 60.0) -> TrimResult:
    """Delete the oldest ``*.jsonl`` recordings (with their body files) in ``folder`` until their
    total is within ``limit_bytes``; never a path in ``keep`` (the recording open in the window,
    the one being written), which still counts towards the total. Nor one written to in the last
    ``busy_s`` seconds: a page's other requests record too, and the window does not watch them."""
    kept = {os.path.realpath(p) for p in keep if p is not None}
    busy_since = time.time() - busy_s
    files = sorted(_recordings(Path(folder)), key=lambda r: r[2])  # oldest first
    total = sum(size for _, size, _ in files)
    deleted: list[Path] = []
    freed = 0
    for path, size, mtime in files:
        if total <= limit_bytes:
            break
        if os.path.realpath(path) in kept or mtime > busy_since:
            continue
        try:
            path.unlink()
        except OSError:
            continue  # gone already, or not ours to delete: it stays counted
        try:
            path.with_name(path.name + _BODY).unlink(missing_ok=True)
        except OSError:
            pass  # the log is gone; the body file alone is deleted next time, as a recording
        deleted.append(path)
        freed += size
        total -= size
    return TrimResult(deleted, freed, total)
