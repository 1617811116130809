"""The chunk log format as the one reader checks it (docs/chunk-log.md), and the writer under a full disk."""

import base64
import errno
import json
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from simulator.core.chunklog import ChunkLogWriter, LogError, json_schema, read_log
from simulator.core.export import iter_csv, iter_events, iter_har, iter_jsonl, iter_text
from simulator.core.stream import Chunk, EndInfo, RequestStart, ResponseInfo

DOCS = Path(__file__).resolve().parents[2] / "docs"


def test_the_documented_schema_is_the_one_the_reader_checks():
    assert json.loads((DOCS / "chunk-log.schema.json").read_text()) == json_schema()


def read_all(path):
    log = read_log(path)
    return log, [rec for rec in log.records()]


def lines_of(path) -> list[dict]:
    return [json.loads(x) for x in Path(path).read_text().splitlines()]


def rewrite(path, lines) -> Path:
    Path(path).write_text("".join((x if isinstance(x, str) else json.dumps(x)) + "\n" for x in lines))
    return path


def first(lines, **match) -> int:
    return next(i for i, x in enumerate(lines) if all(x.get(k) == v for k, v in match.items()))


def _set(field, value):
    def change(rec):
        rec[field] = value
    return change


def _drop(field):
    return lambda rec: rec.pop(field)


# (which line, how it is damaged, what the message must name)
DAMAGE = {
    "seq-is-text": ({"type": "chunk"}, _set("seq", "3"), "line 3: field 'seq'"),
    "seq-is-bool": ({"type": "chunk"}, _set("seq", True), "field 'seq'"),
    "negative-size": ({"type": "chunk"}, _set("size", -1), "field 'size'"),
    "bad-level": ({"type": "chunk"}, _set("level", "air"), "field 'level'"),
    "bad-base64": ({"type": "chunk", "level": "read"}, lambda r: (r.pop("at"), r.update(b64="%%%")),
                   "field 'b64' is not valid base64"),
    "size-lies": ({"type": "chunk", "level": "read"}, _set("size", 999), "field 'size' says 999"),
    "no-bytes": ({"type": "chunk", "level": "wire"}, _drop("off"), "neither"),
    "both-bytes": ({"type": "chunk", "level": "read"}, _set("off", 0), "both"),
    "off-beyond": ({"type": "chunk", "level": "wire"}, _set("off", 10_000), "field 'off'"),
    "status-text": ({"type": "response"}, _set("status", "200"), "field 'status'"),
    "headers-not-pairs": ({"type": "response"}, _set("headers", [["a"]]), "field 'headers'"),
    "no-reason": ({"type": "end"}, _drop("reason"), "no field 'reason'"),
    "end-t-text": ({"type": "end"}, _set("t", "soon"), "field 't'"),
    "unknown-type": ({"type": "end"}, _set("type", "epilogue"), "field 'type'"),
    "no-request": ({"type": "header"}, _drop("request"), "line 1: the header line has no field 'request'"),
    "request-url-number": ({"type": "header"}, lambda r: r["request"].update(url=5), "field 'request.url'"),
    "request-body-b64": ({"type": "header"}, lambda r: r["request"].update(body_b64="!!"), "request.body_b64"),
}


@pytest.mark.parametrize("case", DAMAGE.values(), ids=DAMAGE.keys())
def test_a_damaged_line_is_named_with_its_file_line_and_field(write_chunk_log, tmp_path, case):
    match, damage, message = case
    path = write_chunk_log(tmp_path / "rec.jsonl")
    lines = lines_of(path)
    damage(lines[first(lines, **match)])
    rewrite(path, lines)
    with pytest.raises(LogError) as err:
        read_all(path)
    assert message in str(err.value) and str(path) in str(err.value) and "\n" not in str(err.value)


@pytest.mark.parametrize(("move", "message"), [
    (lambda ls: ls.insert(first(ls, type="chunk") + 1, ls[1]), "response line must come once"),
    (lambda ls: ls.append(ls[2]), "after the end line"),
    (lambda ls: ls.insert(1, ls[0]), "field 'type' must be one of response, chunk, end"),
], ids=["response-after-chunk", "chunk-after-end", "second-header"])
def test_lines_out_of_order_are_refused(write_chunk_log, tmp_path, move, message):
    path = write_chunk_log(tmp_path / "rec.jsonl")
    lines = lines_of(path)
    move(lines)
    rewrite(path, lines)
    with pytest.raises(LogError, match=message):
        read_all(path)


@pytest.mark.parametrize("number", ["NaN", "Infinity", "-Infinity", "1e999"])
def test_non_finite_times_are_refused(write_chunk_log, tmp_path, number):
    path = write_chunk_log(tmp_path / "rec.jsonl")
    text = path.read_text().replace('"t":2.000', f'"t":{number}', 1)
    path.write_text(text)
    with pytest.raises(LogError, match="line 3"):
        read_all(path)


def test_a_log_killed_mid_line_reads_to_its_last_whole_line_with_a_note(write_chunk_log, tmp_path):
    path = write_chunk_log(tmp_path / "rec.jsonl", pieces=[b"one ", b"two ", b"three"], end=None)
    data = path.read_bytes()
    path.write_bytes(data[:-7])  # inside the last delivered chunk's line
    log, recs = read_all(path)
    assert log.end is None and log.truncated
    assert b"".join(r["data"] for r in recs if r.get("level") == "delivered") == b"one two "
    assert len(log.notes) == 2 and "interrupted" in log.notes[0]


def test_the_writer_keeps_secrets_only_when_asked(write_chunk_log, tmp_path):
    kw = {"url": "http://127.0.0.1:9/s?access_token=T0K", "headers": [("X-Api-Key", "K3Y")],
          "body": b'{"password":"PW"}', "response_headers": [("Set-Cookie", "sid=C00K")]}
    redacted = write_chunk_log(tmp_path / "r.jsonl", **kw).read_text()
    kept = write_chunk_log(tmp_path / "k.jsonl", keep_secrets=True, **kw).read_text()
    for secret in ("T0K", "K3Y", "C00K"):
        assert secret not in redacted and secret in kept
    assert base64.b64encode(b'{"password":"PW"}').decode() in kept
    assert json.loads(base64.b64decode(read_log(tmp_path / "r.jsonl").request["body_b64"])) == {
        "password": "[redacted]"}


class _FullDisk:
    """A file that takes ``room`` bytes and then fails as a full disk does."""

    def __init__(self, real, room: int) -> None:
        self._real, self._room = real, room

    def write(self, data: bytes) -> int:
        if len(data) > self._room:
            self._real.write(data[: self._room])
            self._room = 0
            self._real.flush()
            raise OSError(errno.ENOSPC, "No space left on device")
        self._room -= len(data)
        return self._real.write(data)

    def flush(self) -> None:
        self._real.flush()

    def close(self) -> None:
        self._real.close()


def test_a_full_disk_stops_the_log_at_its_last_whole_line_and_says_so(write_chunk_log, tmp_path):
    path = tmp_path / "full.jsonl"
    write_chunk_log(path, pieces=[b"x" * 10], end=None)
    room = path.stat().st_size + 30  # the disk fills in the middle of the next line
    writer = ChunkLogWriter(path)
    writer._f = _FullDisk(writer._f, room)
    writer.on_start(RequestStart("http://h/", "GET", [], b"", {}, "passthrough", 0, "android", 0.0))
    writer.on_response(ResponseInfo(1.0, 200, "OK", "HTTP/1.1", [], "http://h/", {"read": "observed"}))
    for seq in range(20):  # more lines than the room left
        writer.on_chunk(Chunk("read", seq, 2.0, b"y" * 10))
    writer.on_end(EndInfo(9.0, "complete", "request:ok"))
    assert writer.error and "No space left on device" in writer.error and "everything before is kept" in writer.error
    assert path.read_bytes().endswith(b"\n")
    log, recs = read_all(path)
    assert log.end is None and not log.truncated and recs


@pytest.fixture
def tiny_disk(tmp_path):
    """A 64 KiB tmpfs: a real disk that fills (needs root and mount; skipped elsewhere)."""
    import subprocess

    mnt = tmp_path / "tiny"
    mnt.mkdir()
    if subprocess.run(["mount", "-t", "tmpfs", "-o", "size=64k", "tmpfs", str(mnt)],
                      capture_output=True).returncode != 0:
        pytest.skip("cannot mount a tmpfs here")
    try:
        yield mnt
    finally:
        subprocess.run(["umount", str(mnt)], capture_output=True)


def test_a_really_full_disk_leaves_a_log_of_whole_lines(write_chunk_log, tiny_disk):
    path = write_chunk_log(tiny_disk / "rec.jsonl", pieces=[bytes([65 + i % 26]) * 1000 for i in range(200)])
    log, recs = read_all(path)
    assert log.end is None and not log.truncated and path.read_bytes().endswith(b"\n")
    delivered = [r["data"] for r in recs if r.get("level") == "delivered"]
    assert 10 < len(delivered) < 200 and delivered[-1] == bytes([65 + (len(delivered) - 1) % 26]) * 1000


# -- fuzz: whatever the bytes, the reader reads or says LogError ---------------------------------
good_body = b""


def _good_log(tmp_path_factory) -> bytes:
    path = tmp_path_factory.mktemp("fuzz") / "good.jsonl"
    w = ChunkLogWriter(path)
    w.on_start(RequestStart("http://h/?a=1", "POST", [("k", "v")], b"{}", {"url": "http://h/"}, "random", 1,
                            "ios", 1.5))
    w.on_response(ResponseInfo(1.0, 200, "OK", "HTTP/1.1", [("content-type", "text/plain")], "http://h/",
                               {"wire": "observed", "read": "observed", "delivered": "observed"}))
    for seq, piece in enumerate([b"\xe4\xbd\xa0", b"ok", b"data: 1\n\n"]):
        for level in ("read", "wire", "delivered"):
            w.on_chunk(Chunk(level, seq, 2.0 + seq, piece))
    w.on_end(EndInfo(9.0, "complete", "request:ok", totals={"read": {"chunks": 3, "bytes": 14}}))
    global good_body
    good_body = w.body_path.read_bytes()  # the fuzzed log reads its bytes from beside it
    return path.read_bytes()


JSON_VALUES = st.recursive(
    st.none() | st.booleans() | st.integers(-2, 2**40) | st.floats(allow_nan=True) | st.text(max_size=8),
    lambda inner: st.lists(inner, max_size=3) | st.dictionaries(st.text(max_size=6), inner, max_size=3),
    max_leaves=6)


@st.composite
def damaged_logs(draw, good: bytes) -> bytes:
    lines = good.split(b"\n")[:-1]
    how = draw(st.sampled_from(["field", "number", "bytes", "cut", "drop", "swap"]))
    i = draw(st.integers(0, len(lines) - 1))
    if how == "number":  # an extreme value in a field that holds a number
        rec = json.loads(lines[i])
        numeric = [k for k, v in rec.items() if isinstance(v, int | float) and not isinstance(v, bool)]
        rec[draw(st.sampled_from(numeric))] = draw(st.sampled_from([1e300, -1e300, 2**70, -(2**70), -1, 1e10 + 1,
                                                                    5e-324, 253402300800]))
        lines[i] = json.dumps(rec).encode()
    elif how == "field":
        rec = json.loads(lines[i])
        key = draw(st.sampled_from([*rec.keys(), "extra"]))
        rec[key] = draw(JSON_VALUES)
        lines[i] = json.dumps(rec).encode()
    elif how == "bytes":
        raw = bytearray(lines[i])
        for _ in range(draw(st.integers(1, 4))):
            raw[draw(st.integers(0, len(raw) - 1))] = draw(st.integers(0, 255))
        lines[i] = bytes(raw)
    elif how == "drop":
        del lines[i]
    elif how == "swap":
        j = draw(st.integers(0, len(lines) - 1))
        lines[i], lines[j] = lines[j], lines[i]
    data = b"\n".join(lines) + b"\n"
    if how == "cut":
        data = data[: draw(st.integers(0, len(data)))]
    return data


@pytest.fixture(scope="module")
def good_log(tmp_path_factory) -> bytes:
    return _good_log(tmp_path_factory)


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(data=st.data())
def test_fuzz_the_reader_and_every_export_read_or_raise_log_error(good_log, tmp_path, data):
    raw = data.draw(damaged_logs(good_log))
    path = tmp_path / "fuzz.jsonl"
    path.write_bytes(raw)
    (tmp_path / "good.jsonl.body").write_bytes(good_body)
    try:
        log = read_log(path)
        for rec in log.records():
            assert rec["type"] in ("response", "chunk", "end")
            if rec["type"] == "chunk":
                assert len(rec["data"]) == rec["size"]
        json.loads("".join(iter_har(log)), parse_constant=_not_json)
        for line in iter_jsonl(log):
            json.loads(line, parse_constant=_not_json)
        for _ in (*iter_csv(log), *iter_events(log), *iter_text(log)):
            pass
    except LogError as exc:
        assert "\n" not in str(exc)


def _not_json(name: str):
    raise AssertionError(f"{name} written into a JSON export")
