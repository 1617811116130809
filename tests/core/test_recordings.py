"""Recordings on disk: a chunk read back by its place in the log, and the folder kept within a size."""

from __future__ import annotations

import base64
import json
import os
import time
from pathlib import Path

import pytest

from simulator.core.chunklog import ChunkLogWriter
from simulator.core.recordings import RecordingIndex, folder_size, trim_folder
from simulator.core.stream import Chunk, EndInfo, RequestStart, ResponseInfo

START = RequestStart(url="http://127.0.0.1/x", method="GET", headers=[], body=b"", options={},
                     profile="random", seed=0, platform="android", started_at=1.0)


def response(encoding: str | None = None) -> ResponseInfo:
    return ResponseInfo(t_ms=1.0, status=200, reason="OK", http_version="HTTP/1.1", headers=[],
                        url="http://127.0.0.1/x", levels={"wire": "observed", "read": "observed",
                                                          "delivered": "observed"}, content_encoding=encoding)


def stream_chunks(n_reads: int = 40) -> list[Chunk]:
    """Reads of varied sizes, wire and delivered cut elsewhere, interleaved as a task records them."""
    body = "".join(f"第{i}行 line {i}\n" for i in range(n_reads * 40)).encode()
    out: list[Chunk] = []
    seqs = {"wire": 0, "read": 0, "delivered": 0}
    at = 0
    step = len(body) // n_reads
    while at < len(body):
        piece = body[at:at + step + (at % 7)]
        for level, cuts in (("wire", (len(piece) // 2,)), ("read", ()), ("delivered", (3, 10, len(piece) - 1))):
            last = 0
            for cut in (*cuts, len(piece)):
                if cut > last:
                    out.append(Chunk(level, seqs[level], float(at), piece[last:cut]))
                    seqs[level] += 1
                    last = cut
        at += len(piece)
    return out


def record(path: Path, chunks: list[Chunk], *, encoding: str | None = None, end: bool = True) -> None:
    w = ChunkLogWriter(path)
    w.on_start(START)
    w.on_response(response(encoding))
    for c in chunks:
        w.on_chunk(c)
    if end:
        w.on_end(EndInfo(t_ms=99.0, reason="complete", err_msg="request:ok"))
    else:
        w.close()


@pytest.mark.parametrize("encoding", [None, "gzip"], ids=["delivered-by-offset", "delivered-stored"])
def test_every_chunk_reads_back_as_recorded(tmp_path, encoding):
    chunks = stream_chunks()
    path = tmp_path / "rec.jsonl"
    record(path, chunks, encoding=encoding)
    index = RecordingIndex(path)
    assert index.scan() == len(chunks) > 3 * RecordingIndex.EVERY
    for n in [*range(len(chunks)), 5, 0]:  # forwards, then back
        assert index.chunk_bytes(n, chunks[n].level, len(chunks[n].data)) == chunks[n].data, n
    assert index.chunk_bytes(len(chunks)) is None
    assert index.chunk_bytes(0, "delivered" if chunks[0].level != "delivered" else "read") is None
    index.close()


def test_a_version_1_log_with_bytes_inline_reads_back(tmp_path):
    chunks = [Chunk("read", 0, 1.0, b"hello "), Chunk("delivered", 0, 1.0, b"hel"),
              Chunk("read", 1, 2.0, "世界".encode()), Chunk("delivered", 1, 2.0, "lo 世界".encode())]
    lines = [{"type": "header", "format": "mpsim-chunklog", "version": 1,
              "request": {"url": "http://x/", "method": "GET", "headers": [], "body_b64": ""}},
             {"type": "response", "t": 1.0, "status": 200, "headers": []}]
    for c in chunks:
        line = {"type": "chunk", "level": c.level, "seq": c.seq, "t": c.t_ms, "size": len(c.data)}
        if c.level == "read":
            line["b64"] = base64.b64encode(c.data).decode()
        else:
            line["off"] = 0 if c.seq == 0 else 3
        lines.append(line)
    lines[2] = {"size": lines[2]["size"], **lines[2]}  # another writer's field order
    path = tmp_path / "v1.jsonl"
    path.write_text("".join(json.dumps(x, ensure_ascii=False) + "\n" for x in lines))
    index = RecordingIndex(path)
    assert index.scan() == 4
    assert [index.chunk_bytes(n) for n in range(4)] == [c.data for c in chunks]


def test_a_growing_log_is_indexed_up_to_its_last_whole_line(tmp_path):
    chunks = stream_chunks(4)
    path = tmp_path / "live.jsonl"
    record(path, chunks[:10], end=False)
    with open(path, "ab") as f:
        f.write(b'{"type":"chunk","level":"read","seq":9')  # being written
    index = RecordingIndex(path)
    assert index.scan() == 10
    with open(path, "ab") as f:
        f.write(b',"t":1.0,"size":2,"b64":"aGk="}\n')
    assert index.scan() == 11
    assert index.chunk_bytes(10) == b"hi"


def write_file(path: Path, size: int, age_s: float) -> None:
    path.write_bytes(b"x" * size)
    os.utime(path, (time.time() - age_s,) * 2)


def test_trim_deletes_the_oldest_first_and_never_a_kept_one(tmp_path):
    for name, age in (("a", 50), ("b", 40), ("c", 30), ("d", 20)):
        write_file(tmp_path / f"{name}.jsonl", 100, age)
        write_file(tmp_path / f"{name}.jsonl.body", 900, age)
    write_file(tmp_path / "notes.txt", 5000, 60)  # not a recording: neither counted nor deleted
    assert folder_size(tmp_path) == 4000
    result = trim_folder(tmp_path, 2500, keep=[tmp_path / "a.jsonl"], busy_s=0)
    assert sorted(p.name for p in result.deleted) == ["b.jsonl", "c.jsonl"]
    assert (result.freed, result.size) == (2000, 2000)
    assert sorted(p.name for p in tmp_path.iterdir()) == ["a.jsonl", "a.jsonl.body", "d.jsonl", "d.jsonl.body",
                                                           "notes.txt"]


def test_trim_keeps_everything_within_the_limit_and_counts_kept_ones(tmp_path):
    write_file(tmp_path / "old.jsonl", 3000, 100)
    write_file(tmp_path / "new.jsonl", 3000, 10)
    assert trim_folder(tmp_path, 6000, busy_s=0).deleted == []
    # Both in use: nothing can go, and the folder stays over its limit.
    result = trim_folder(tmp_path, 1000, keep=[tmp_path / "old.jsonl", tmp_path / "new.jsonl"], busy_s=0)
    assert (result.deleted, result.size) == ([], 6000)
    # Written to a moment ago (another request of the page may be recording it): it stays too.
    assert trim_folder(tmp_path, 1000, busy_s=60).deleted == [tmp_path / "old.jsonl"]
    # A body file left without its log is a recording of its own, and goes when oldest.
    write_file(tmp_path / "orphan.jsonl.body", 500, 200)
    assert [p.name for p in trim_folder(tmp_path, 3000, busy_s=0).deleted] == ["orphan.jsonl.body"]
