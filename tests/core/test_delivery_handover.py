"""Delivery hands over what it holds: at planned cuts, when the network goes quiet, and at the end."""

from __future__ import annotations

import pytest

from simulator.core.delivery import ProfileError, WireCutter, parse_profile
from simulator.core.options import RequestOptions
from simulator.core.task import RequestTask

BODY = ("data: 你好，世界😀\n\n" * 40).encode()


def offsets(pieces: list[bytes]) -> set[int]:
    out, pos = set(), 0
    for p in pieces:
        pos += len(p)
        out.add(pos)
    return out


@pytest.mark.parametrize("spec", ["random", "fixed:16"])
def test_an_idle_hand_over_adds_a_cut_and_keeps_the_planned_ones(spec):
    whole = parse_profile(spec).cutter(3)
    planned = whole.feed(BODY) + whole.flush()
    cutter = parse_profile(spec).cutter(3)
    pieces = cutter.feed(BODY[:100])
    assert cutter.held == 100 - sum(map(len, pieces))
    pieces += cutter.flush()  # the network went quiet at byte 100
    assert cutter.held == 0
    pieces += cutter.feed(BODY[100:]) + cutter.flush()
    assert b"".join(pieces) == BODY
    assert offsets(pieces) == offsets(planned) | {100}


def test_wire_cutter_cuts_where_chunks_end_and_hands_over_a_chunk_still_arriving():
    cutter = WireCutter()
    assert cutter.feed(b"hello wor") == []
    cutter.chunk_ended(5)
    assert cutter.feed(b"") == [b"hello"] and cutter.held == 4
    assert cutter.flush() == [b" wor"]  # quiet: the first 4 bytes of the second chunk go out now
    assert cutter.feed(b"ld!") == []
    cutter.chunk_ended(7)
    assert cutter.feed(b"") == [b"ld!"] and cutter.held == 0


@pytest.mark.parametrize(("spec", "names"), [
    ("", "empty delivery profile"),
    ("   ", "empty delivery profile"),
    ("random,,", "empty option between commas"),
    (",random", "starts with a comma"),
    ("random,latency=nan", "latency=nan"),
    ("random,latency=inf", "latency=inf"),
    ("random,latency=", "latency="),
    ("random,latency", "'latency'"),
    ("random,latency=1e3", "latency=1e3"),
    ("random,latency=+4", "latency=+4"),
    ("random,latency=1_0", "latency=1_0"),
    ("random,latency=-1", "latency=-1"),
    ("random,latency=9999999", "at most 600000 ms"),
    ("random,bandwidth=0.5", "at least 1 byte/s"),
    ("random,jitter=5,jitter=6", "given twice"),
    ("random,speed=3", "'speed'"),
    ("fixed", "fixed needs a positive whole byte count"),
    ("fixed:0", "'fixed:0'"),
    ("fixed:+4", "'fixed:+4'"),
    ("fixed:٣", "'fixed:٣'"),
    ("fixed:1_0", "'fixed:1_0'"),
    ("random:3", "takes no ':' argument"),
    ("chaos", "unknown delivery profile 'chaos'"),
])
def test_nonsense_profile_strings_are_refused_with_one_line_naming_the_bad_part(spec, names):
    with pytest.raises(ProfileError) as err:
        parse_profile(spec)
    message = str(err.value)
    assert names in message and "\n" not in message


@pytest.mark.parametrize(("spec", "normal"), [
    ("random, latency=40", "random,latency=40"),
    ("FIXED:16", "fixed:16"),
    ("utf8-cut,latency=0.5,jitter=.5,bandwidth=0", "utf8-cut,latency=0.5,jitter=.5,bandwidth=0"),
])
def test_sensible_profile_strings_still_parse(spec, normal):
    assert parse_profile(spec).spec == normal


def test_none_means_the_default_profile():
    assert parse_profile(None).name == "passthrough"


@pytest.mark.parametrize("fault", ["/fault/disconnect", "/fault/reset"])
@pytest.mark.parametrize("spec", ["random", "fixed:100", "wire"])
def test_a_cut_stream_delivers_every_byte_read_before_fail(demo_url, fault, spec):
    chunks: list[bytes] = []
    order: list[str] = []
    task = RequestTask(RequestOptions.from_wx({"url": f"{demo_url}{fault}?n=3"}), profile=spec, seed=2,
                       fail=lambda r: order.append("fail"), complete=lambda r: order.append("complete"))
    task.on_chunk_received(lambda r: (chunks.append(r["data"]), order.append("chunk")))
    end = task.run()
    assert end.reason == "disconnect" and order[-2:] == ["fail", "complete"]
    assert "chunk" in order and order.index("fail") > max(i for i, o in enumerate(order) if o == "chunk")
    assert end.totals["read"]["bytes"] > 0
    assert sum(map(len, chunks)) == end.totals["delivered"]["bytes"] == end.totals["read"]["bytes"]
