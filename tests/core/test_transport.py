"""The chunk framing scanner agrees with h11 (the parser httpcore uses) on every cut of the bytes."""

import h11
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from simulator.core.transport import ChunkFraming

FRAMED = (b"6\r\nhello \r\n"
          b"a;ext=1\r\n" + "中文😀".encode()[:10] + b"\r\n"
          b"1\r\n\n\r\n"
          b"0\r\nX-Trailer: yes\r\n\r\n")


def h11_chunks(framed: bytes) -> list[bytes]:
    """What h11 itself reports as chunks: Data events joined from chunk_start to chunk_end."""
    conn = h11.Connection(h11.CLIENT)
    conn.send(h11.Request(method="GET", target="/", headers=[("Host", "x")]))
    conn.send(h11.EndOfMessage())
    conn.receive_data(b"HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n" + framed)
    out: list[bytes] = []
    cur = b""
    while True:
        ev = conn.next_event()
        if isinstance(ev, h11.Data):
            cur = ev.data if ev.chunk_start else cur + ev.data
            if ev.chunk_end:
                out.append(bytes(cur))
        elif ev is h11.NEED_DATA or isinstance(ev, h11.EndOfMessage):
            return out


def scan(pieces: list[bytes]) -> tuple[bytes, list[bytes]]:
    f = ChunkFraming()
    body, chunks = b"", []
    for p in pieces:
        b, c = f.feed(p)
        body += b
        chunks += c
    return body, chunks


@pytest.mark.parametrize("cut", range(len(FRAMED) + 1))
def test_every_single_cut_gives_h11s_chunks(cut):
    body, chunks = scan([FRAMED[:cut], FRAMED[cut:]])
    assert chunks == h11_chunks(FRAMED)
    assert body == b"".join(chunks)


@settings(max_examples=200)
@given(st.lists(st.binary(min_size=1, max_size=40), min_size=1, max_size=12), st.data())
def test_any_cutting_of_any_chunk_sizes_gives_h11s_chunks(chunks, data):
    framed = b"".join(b"%x\r\n" % len(c) + c + b"\r\n" for c in chunks) + b"0\r\n\r\n"
    cuts = sorted(data.draw(st.lists(st.integers(0, len(framed)), max_size=8)))
    pieces = [framed[a:b] for a, b in zip([0, *cuts], [*cuts, len(framed)], strict=True)]
    assert scan(pieces) == (b"".join(chunks), h11_chunks(framed))


GOOD = b"5\r\nhello\r\n"
BAD_FRAMING = {
    "negative-size": (b"-6\r\nworld!\r\n0\r\n\r\n", "hex digits only, got '-6'"),
    "underscore": (b"1_0\r\n" + b"x" * 16 + b"\r\n", "hex digits only, got '1_0'"),
    "plus-sign": (b"+4\r\nabcd\r\n", "hex digits only, got '+4'"),
    "hex-with-junk": (b"4g\r\nabcd\r\n", "hex digits only, got '4g'"),
    "0x-prefix": (b"0x4\r\nabcd\r\n", "hex digits only, got '0x4'"),
    "empty-size": (b"\r\nabcd\r\n", "has no size"),
    "huge-size": (b"1" * 17 + b"\r\n", "too large"),
    "long-line": (b"4;" + b"e" * 5000, "longer than 4096 bytes"),
    "long-line-with-crlf": (b"4;" + b"e" * 5000 + b"\r\nabcd\r\n", "longer than 4096 bytes"),
    "no-crlf-after-data": (b"3\r\nabcXY", "longer than its size line said", b"abc"),
    "lf-only": (b"4\nabcd\n0\n\n", "bare LF"),
    "lf-after-data": (b"3\r\nabc\nX", "longer than its size line said", b"abc"),
    "lf-in-trailer": (b"0\r\nX: y\n\n", "bare LF"),
}


@pytest.mark.parametrize("bad", BAD_FRAMING.values(), ids=BAD_FRAMING.keys())
def test_broken_framing_keeps_the_body_before_it_and_says_what_was_wrong(bad):
    framed, message, *extra = bad
    kept = b"hello" + b"".join(extra)  # chunks complete before the fault are body
    whole = GOOD + framed
    for cut in (len(GOOD) + 1, len(whole)):  # the fault seen in one read or across two
        f = ChunkFraming()
        body, chunks = f.feed(whole[:cut])
        more, more_chunks = f.feed(whole[cut:] + b"more bytes after the fault")
        assert body + more == kept and b"".join(chunks + more_chunks) == kept
        assert f.error is not None and message in f.error
        assert not f.done
        assert f.unused >= len(b"more bytes after the fault")


def test_a_chunk_larger_than_a_part_reaches_the_wire_level_in_parts():
    size = ChunkFraming.WIRE_PART * 2 + 10
    framed = b"%x\r\n" % size + b"z" * size + b"\r\n0\r\n\r\n"
    f = ChunkFraming()
    chunks = []
    for i in range(0, len(framed), 65536):
        chunks += f.feed(framed[i:i + 65536])[1]
    assert [len(c) for c in chunks] == [ChunkFraming.WIRE_PART, ChunkFraming.WIRE_PART, 10] and f.done
