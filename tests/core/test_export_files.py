"""Where exports go: regular files replaced atomically, anything else written through, never clobbered."""

import base64
import json
import os
import stat

import pytest
from peers import reading_fifo

from simulator.core.chunklog import LogError, read_log
from simulator.core.export import EXPORT_FORMATS, iter_har, make_har, write_export


@pytest.fixture
def log(write_chunk_log, tmp_path):
    return write_chunk_log(tmp_path / "rec.jsonl", pieces=[b"data: \xe4\xbd", b"\xa0\n\n", b"data: [DONE]\n\n"])


def no_part_files(folder) -> bool:
    return not [p for p in os.listdir(folder) if p.endswith(".part")]


def test_a_regular_file_is_replaced_whole_and_keeps_its_mode(log, tmp_path):
    out = tmp_path / "out.txt"
    out.write_text("old")
    out.chmod(0o640)
    write_export(log, "text", out)
    assert out.read_text(encoding="utf-8") == "data: 你\n\ndata: [DONE]\n\n"
    assert stat.S_IMODE(out.stat().st_mode) == 0o640 and no_part_files(tmp_path)


def test_a_symlink_is_followed_not_replaced(log, tmp_path):
    target = tmp_path / "real.txt"
    target.write_text("old")
    link = tmp_path / "link.txt"
    link.symlink_to(target)
    write_export(log, "text", link)
    assert link.is_symlink() and os.readlink(link) == str(target)
    assert "[DONE]" in target.read_text(encoding="utf-8") and no_part_files(tmp_path)


def test_a_fifo_gets_the_export_through_it(log, tmp_path):
    fifo = tmp_path / "pipe"
    with reading_fifo(fifo) as got:
        write_export(log, "text", fifo)
    assert got == ["data: 你\n\ndata: [DONE]\n\n".encode()]
    assert stat.S_ISFIFO(os.lstat(fifo).st_mode) and no_part_files(tmp_path)


def test_a_device_is_written_through(log, tmp_path):
    null = tmp_path / "null"
    try:
        os.mknod(null, stat.S_IFCHR | 0o666, os.makedev(1, 3))  # a private /dev/null
    except PermissionError:
        pytest.skip("making a device node needs root")
    write_export(log, "har", null)
    assert stat.S_ISCHR(os.lstat(null).st_mode) and no_part_files(tmp_path)


def test_a_folder_is_refused_and_left_alone(log, tmp_path):
    folder = tmp_path / "outdir"
    folder.mkdir()
    with pytest.raises(IsADirectoryError, match="folder"):
        write_export(log, "har", folder)
    assert list(folder.iterdir()) == []


def test_a_failed_export_leaves_the_old_file_and_no_part(log, tmp_path):
    lines = log.read_text().splitlines()
    lines[-2] = lines[-2].replace('"seq":2', '"seq":"two"')
    log.write_text("\n".join(lines) + "\n")
    out = tmp_path / "out.har"
    out.write_text("previous export")
    with pytest.raises(LogError, match="field 'seq'"):
        write_export(log, "har", out)
    assert out.read_text() == "previous export" and no_part_files(tmp_path)


def test_a_fifo_gets_nothing_from_a_damaged_log(log, tmp_path):
    log.write_text(log.read_text().replace('"level":"delivered","seq":2', '"level":"delivered","seq":-2'))
    fifo = tmp_path / "pipe"
    os.mkfifo(fifo)
    with pytest.raises(LogError):  # checked before the pipe is opened: no reader needed, nothing sent
        write_export(log, "text", fifo)


@pytest.mark.parametrize("fmt", EXPORT_FORMATS)
def test_every_export_is_strict_json_where_it_is_json(log, tmp_path, fmt):
    out = write_export(log, fmt, tmp_path / f"x.{fmt}")
    text = out.read_text(encoding="utf-8")

    def strict(name):
        raise AssertionError(f"{name} in {fmt}")

    if fmt == "har":
        json.loads(text, parse_constant=strict)
    elif fmt in ("jsonl", "events"):
        for line in text.splitlines():
            json.loads(line, parse_constant=strict)


def test_har_body_of_invalid_utf8_is_base64_of_the_exact_bytes(write_chunk_log, tmp_path):
    body = [b"\xff\xfe", b"abcd", b"\x80"]
    har = make_har(read_log(write_chunk_log(tmp_path / "b.jsonl", pieces=body)))
    content = har["log"]["entries"][0]["response"]["content"]
    assert content["encoding"] == "base64" and content["size"] == 7
    assert base64.b64decode(content["text"]) == b"".join(body)


def test_har_is_written_in_pieces_none_holding_the_body(write_chunk_log, tmp_path):
    pieces = [b"x" * 50_000 for _ in range(20)]
    log = read_log(write_chunk_log(tmp_path / "big.jsonl", pieces=pieces))
    sizes = [len(p) for p in iter_har(log)]
    assert max(sizes) < 100_000 < sum(sizes)
    entry = make_har(log)["log"]["entries"][0]
    assert entry["response"]["content"]["text"] == "x" * 1_000_000
    assert [c["offset"] for c in entry["_chunks"] if c["level"] == "delivered"] == list(range(0, 1_000_000, 50_000))
