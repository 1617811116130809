"""Log versions: version 2 keeps the bytes in a body file beside the log (a log the size of its body),
version 1 logs (bytes inline as base64) read as before, and every reader path agrees on both."""

from __future__ import annotations

import base64
import json
from pathlib import Path

import pytest

from simulator.core.chunklog import VERSION, ChunkLogWriter, LogError, read_log
from simulator.core.export import iter_har, iter_jsonl, write_export
from simulator.core.stream import Chunk, EndInfo, RequestStart, ResponseInfo

BODY = "data: 你好，流式 😀\n\n".encode() * 3 + b"data: \xff\xfe not UTF-8\n\ndata: [DONE]\n\n"
CUTS = [0, 5, 8, 30, 31, 60, 90, len(BODY)]  # inside "你" (bytes 6-8) and inside the emoji too


def v1_log(path: Path) -> Path:
    """A log as mpsim wrote it before version 2: reads inline as base64, the other levels by offset."""
    lines = [
        {"type": "header", "format": "mpsim-chunklog", "version": 1, "created": 1764398400.5,
         "request": {"url": "http://127.0.0.1:9/s", "method": "GET", "headers": [], "body_b64": ""},
         "options": {"url": "http://127.0.0.1:9/s"}, "profile": "passthrough", "seed": 0, "platform": "android",
         "redacted": True},
        {"type": "response", "t": 1.0, "status": 200, "reason": "OK", "http_version": "HTTP/1.1",
         "url": "http://127.0.0.1:9/s", "headers": [["content-type", "text/event-stream"]],
         "levels": {"wire": "observed", "read": "observed", "delivered": "observed"}, "content_encoding": None},
    ]
    for seq, (a, b) in enumerate(zip(CUTS, CUTS[1:], strict=False)):
        lines.append({"type": "chunk", "level": "read", "seq": seq, "t": 2.0 + seq, "size": b - a,
                      "b64": base64.b64encode(BODY[a:b]).decode()})
        for level in ("wire", "delivered"):
            lines.append({"type": "chunk", "level": level, "seq": seq, "t": 2.0 + seq, "size": b - a, "off": a})
    lines.append({"type": "end", "t": 20.0, "reason": "complete", "errMsg": "request:ok", "errno": None,
                  "detail": "", "totals": {}})
    path.write_text("".join(json.dumps(x, ensure_ascii=False) + "\n" for x in lines))
    return path


def v2_log(path: Path, pieces: list[bytes] | None = None, *, end: bool = True) -> ChunkLogWriter:
    pieces = pieces if pieces is not None else [BODY[a:b] for a, b in zip(CUTS, CUTS[1:], strict=False)]
    w = ChunkLogWriter(path)
    w.on_start(RequestStart("http://127.0.0.1:9/s", "GET", [], b"", {"url": "http://127.0.0.1:9/s"},
                            "passthrough", 0, "android", 1764398400.5))
    w.on_response(ResponseInfo(1.0, 200, "OK", "HTTP/1.1", [("content-type", "text/event-stream")],
                               "http://127.0.0.1:9/s",
                               {"wire": "observed", "read": "observed", "delivered": "observed"}))
    for seq, piece in enumerate(pieces):
        for level in ("read", "wire", "delivered"):
            w.on_chunk(Chunk(level, seq, 2.0 + seq, piece))  # type: ignore[arg-type]
    if end:
        w.on_end(EndInfo(20.0, "complete", "request:ok"))
    else:
        w.close()
    return w


def chunks(path: Path) -> list[tuple[str, int, bytes]]:
    return [(c.level, c.seq, c.data) for c in read_log(path).chunks(None)]


def test_a_version_1_log_reads_as_the_same_stream_as_version_2(tmp_path):
    old, new = v1_log(tmp_path / "old.jsonl"), tmp_path / "new.jsonl"
    v2_log(new)

    assert VERSION == 2 and read_log(old).header["version"] == 1
    assert chunks(old) == chunks(new)
    assert b"".join(d for level, _, d in chunks(old) if level == "delivered") == BODY
    har_old, har_new = json.loads("".join(iter_har(read_log(old)))), json.loads("".join(iter_har(read_log(new))))
    assert har_old["log"]["entries"][0]["response"] == har_new["log"]["entries"][0]["response"]
    assert har_old["log"]["entries"][0]["_chunks"] == har_new["log"]["entries"][0]["_chunks"]


def test_version_2_keeps_the_bytes_as_they_came_beside_a_small_index(tmp_path):
    body = ("data: " + "流式数据块 stream block 0123456789 " * 4 + "\n\n").encode() * 3000  # about 500 KB
    w = v2_log(tmp_path / "bulk.jsonl", [body[i:i + 65530] for i in range(0, len(body), 65530)])

    assert w.body_path == tmp_path / "bulk.jsonl.body" and w.body_path.read_bytes() == body
    on_disk = (tmp_path / "bulk.jsonl").stat().st_size + w.body_path.stat().st_size
    assert on_disk <= 1.01 * len(body)  # base64 lines (version 1) made it 1.34x
    lines = [json.loads(x) for x in (tmp_path / "bulk.jsonl").read_text().splitlines()]
    assert lines[0]["body"] == "bulk.jsonl.body"
    assert [x["at"] for x in lines if x.get("level") == "read"] == list(range(0, len(body), 65530))


def test_the_jsonl_export_is_one_self_contained_file(tmp_path):
    v2_log(tmp_path / "rec.jsonl")
    (tmp_path / "elsewhere").mkdir()
    out = write_export(tmp_path / "rec.jsonl", "jsonl", tmp_path / "elsewhere" / "copy.jsonl")

    assert sorted(p.name for p in out.parent.iterdir()) == ["copy.jsonl"]
    assert chunks(out) == chunks(tmp_path / "rec.jsonl")
    assert all(json.loads(x) for x in iter_jsonl(read_log(out)))


def test_a_renamed_log_finds_its_body_by_the_name_in_its_header(tmp_path):
    v2_log(tmp_path / "rec.jsonl")
    (tmp_path / "rec.jsonl").rename(tmp_path / "kept.jsonl")

    assert b"".join(d for level, _, d in chunks(tmp_path / "kept.jsonl") if level == "read") == BODY


def test_a_log_without_its_body_file_is_one_clear_line(tmp_path):
    v2_log(tmp_path / "rec.jsonl").body_path.unlink()

    with pytest.raises(LogError) as err:
        read_log(tmp_path / "rec.jsonl").validate()
    message = str(err.value)
    assert "rec.jsonl line 3" in message and "rec.jsonl.body" in message and "missing" in message
    assert "\n" not in message


@pytest.mark.parametrize("name", ["../secret.txt", "/etc/passwd", "..", ""], ids=["up", "absolute", "dotdot", "empty"])
def test_a_header_naming_a_body_outside_the_folder_is_refused(tmp_path, name):
    path = tmp_path / "rec.jsonl"
    v2_log(path)
    lines = path.read_text().splitlines()
    header = json.loads(lines[0])
    header["body"] = name
    path.write_text("\n".join([json.dumps(header), *lines[1:]]) + "\n")

    with pytest.raises(LogError, match="field 'body' must be a file name"):
        read_log(path)


def test_a_body_shorter_than_its_lines_say_is_refused_at_the_line(tmp_path):
    w = v2_log(tmp_path / "rec.jsonl")
    w.body_path.write_bytes(w.body_path.read_bytes()[:40])

    with pytest.raises(LogError, match=r"line \d+: field 'size' says \d+ bytes at \d+ \('at'\), but the body file"):
        read_log(tmp_path / "rec.jsonl").validate()


def test_a_recorder_killed_mid_stream_leaves_everything_it_received(tmp_path):
    w = v2_log(tmp_path / "rec.jsonl", end=False)
    index = (tmp_path / "rec.jsonl").read_bytes()
    (tmp_path / "rec.jsonl").write_bytes(index[:-9])  # killed inside the last line; its bytes are in the body
    log = read_log(tmp_path / "rec.jsonl")

    got = [d for level, _, d in chunks(tmp_path / "rec.jsonl") if level == "read"]
    assert log.truncated and log.end is None and b"".join(got) == BODY
    assert w.body_path.stat().st_size == len(BODY)


def test_recording_again_to_the_same_name_leaves_no_earlier_body(tmp_path):
    v2_log(tmp_path / "rec.jsonl")
    v2_log(tmp_path / "rec.jsonl", [])  # a request that got no body this time

    assert not (tmp_path / "rec.jsonl.body").exists()
    assert chunks(tmp_path / "rec.jsonl") == []
