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


@pytest.mark.parametrize("bad", [b"zz\r\nabc\r\n", b"3\r\nabcXY", b"9" * 5000], ids=["size", "crlf", "long-line"])
def test_framing_it_cannot_follow_is_reported(bad):
    with pytest.raises(ValueError):
        ChunkFraming().feed(bad)
