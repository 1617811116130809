"""Recordings on disk: reading one chunk log back by chunk, and keeping the folder within a size.

``RecordingIndex`` remembers where each chunk line of a chunk log starts (8 bytes a chunk), so a
window showing a long stream keeps the bytes on disk and reads back only the chunk a user selects.
It reads the log as it grows, whole lines only, and never holds a line in memory to find its end
(a 200 MiB chunk is one 270 MB line). The format is ``docs/chunk-log.md``: a chunk line holds its
bytes (``b64``) or their offset in the ``read`` bytes (``off``).

``trim_folder`` deletes the oldest recordings until the folder fits a size, never the ones in use.
"""

from __future__ import annotations

import base64
import binascii
import json
import os
import re
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
    """Where each chunk line of a chunk log is; ``chunk_bytes(n)`` reads the n-th chunk's bytes.

    Chunks are numbered in the order their lines come, all levels together: the order a replay or a
    live request hands them to a monitor.
    """

    def __init__(self, path: Path | str) -> None:
        self.path = Path(path)
        self._offsets = array("q")  # file offset of the n-th chunk line
        self._levels = bytearray()  # its level (index in _LEVELS)
        self._sizes = array("q")  # its size field
        self._read_chunks = array("q")  # n of each read chunk, in order
        self._read_ends = array("q")  # read bytes up to and including each read chunk
        self._scanned = 0  # file offset after the last whole line indexed
        self._f: BinaryIO | None = None

    def __len__(self) -> int:
        return len(self._offsets)

    def level(self, n: int) -> str:
        return _LEVELS[self._levels[n]]

    def size(self, n: int) -> int:
        return self._sizes[n]

    def _file(self) -> BinaryIO:
        if self._f is None:
            self._f = open(self.path, "rb")  # noqa: SIM115 - closed in close()
        return self._f

    def close(self) -> None:
        if self._f is not None:
            self._f.close()
            self._f = None

    def scan(self) -> int:
        """Index the whole lines written since the last scan; returns how many chunks are indexed."""
        try:
            f = self._file()
        except OSError:
            return len(self)
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

    def _line(self, offset: int, head: bytes) -> None:
        m = _FAST.match(head)
        if m is not None and m[1] != b"chunk":
            return
        if m is not None and m[2] is not None:
            level, size = m[2].decode(), int(m[3])
        else:
            rec = self._record_at(offset)
            if rec is None or rec.get("type") != "chunk":
                return
            level, size = rec.get("level"), rec.get("size")
            if level not in _LEVELS or not isinstance(size, int):
                return
        n = len(self._offsets)
        self._offsets.append(offset)
        self._levels.append(_LEVELS.index(level))
        self._sizes.append(size)
        if level == "read":
            self._read_chunks.append(n)
            self._read_ends.append((self._read_ends[-1] if self._read_ends else 0) + size)

    def _record_at(self, offset: int) -> dict[str, Any] | None:
        f = self._file()
        f.seek(offset)
        try:
            rec = json.loads(f.readline())
        except ValueError:
            return None
        return rec if isinstance(rec, dict) else None

    def chunk_bytes(self, n: int) -> bytes | None:
        """The bytes of the n-th chunk, or None when the log does not hold them (damaged, cut)."""
        if not 0 <= n < len(self._offsets):
            return None
        try:
            rec = self._record_at(self._offsets[n])
            if rec is None:
                return None
            if isinstance(rec.get("b64"), str):
                return base64.b64decode(rec["b64"], validate=True)
            off = rec.get("off")
            return self.read_bytes(off, rec.get("size", 0)) if isinstance(off, int) else None
        except (OSError, binascii.Error, ValueError):
            return None

    def read_bytes(self, start: int, size: int) -> bytes | None:
        """``size`` bytes of the ``read`` level from offset ``start`` (what ``off`` refers to)."""
        ends = self._read_ends
        i = bisect_right(ends, start)
        out = bytearray()
        while len(out) < size and i < len(ends):
            rec = self._record_at(self._offsets[self._read_chunks[i]])
            if rec is None or not isinstance(rec.get("b64"), str):
                return None
            data = base64.b64decode(rec["b64"], validate=True)
            lo = start + len(out) - (ends[i] - len(data))
            out += data[lo:lo + size - len(out)]
            i += 1
        return bytes(out) if len(out) == size else None

    @property
    def held_bytes(self) -> int:
        """Memory the index itself takes (about 25 bytes a chunk)."""
        return sum(a.itemsize * len(a) for a in (self._offsets, self._sizes, self._read_chunks,
                                                   self._read_ends)) + len(self._levels)


# -- the folder's size -----------------------------------------------------------------------------
@dataclass(frozen=True, slots=True)
class TrimResult:
    deleted: list[Path]
    freed: int  # bytes
    size: int  # the folder's recordings after trimming, bytes


def folder_size(folder: Path) -> int:
    return sum(size for _, size, _ in _recordings(folder))


def _recordings(folder: Path) -> list[tuple[Path, int, float]]:
    out = []
    try:
        entries = list(os.scandir(folder))
    except OSError:
        return []
    for e in entries:
        if not e.name.endswith(".jsonl"):
            continue
        try:
            if not e.is_file(follow_symlinks=False):
                continue
            st = e.stat(follow_symlinks=False)
        except OSError:
            continue
        out.append((Path(e.path), st.st_size, st.st_mtime))
    return out


def trim_folder(folder: Path | str, limit_bytes: int, keep: Iterable[Path | str | None] = ()) -> TrimResult:
    """Delete the oldest ``*.jsonl`` recordings in ``folder`` until their total is within
    ``limit_bytes``; never a path in ``keep`` (the recording open in the window, the one being
    written), which still counts towards the total."""
    kept = {os.path.realpath(p) for p in keep if p is not None}
    files = sorted(_recordings(Path(folder)), key=lambda r: r[2])  # oldest first
    total = sum(size for _, size, _ in files)
    deleted: list[Path] = []
    freed = 0
    for path, size, _ in files:
        if total <= limit_bytes:
            break
        if os.path.realpath(path) in kept:
            continue
        try:
            path.unlink()
        except OSError:
            continue  # gone already, or not ours to delete: it stays counted
        deleted.append(path)
        freed += size
        total -= size
    return TrimResult(deleted, freed, total)
