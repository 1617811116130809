"""Why a page garbles: the first place its text leaves the correct decoding, and the cut that did it."""

from __future__ import annotations

import pytest

from simulator import ASSETS
from simulator.core.chunklog import read_log
from simulator.core.garble import boundaries, correct_text, explain_garble
from simulator.runtime import run_script
from simulator.server.demo import DEMO_ANSWER


def naive(chunks: list[bytes]) -> str:
    """What per-chunk decoding shows: a chunk that does not decode falls back to one char per byte."""
    out = []
    for c in chunks:
        try:
            out.append(c.decode("utf-8"))
        except UnicodeDecodeError:
            out.append(c.decode("latin-1"))
    return "".join(out)


def test_the_naive_decoder_example_under_utf8_cut_is_pointed_at_the_byte_of_the_first_cut_character(
        demo_url: str, tmp_path) -> None:
    log = tmp_path / "naive.jsonl"
    result = run_script(ASSETS / "examples" / "naive-decoder.js", query={"base": demo_url}, profile="utf8-cut",
                        timeout_ms=20000, log_path=log)
    chunks = [c.data for c in read_log(log).chunks("delivered")]
    body = b"".join(chunks)
    shown = result.data["answer"]
    assert shown != DEMO_ANSWER

    g = explain_garble(chunks, shown)

    assert g is not None
    assert g.source == "openai"  # the page shows the merged deltas, not the raw body
    first = DEMO_ANSWER[g.index]
    assert DEMO_ANSWER[:g.index] == shown[:g.index]
    assert g.char == first == "你"
    assert g.offset == body.index(first.encode())
    assert body[g.offset:g.offset + 3] == b"\xe4\xbd\xa0" == g.char_bytes
    assert g.offset < g.boundary < g.offset + 3  # the boundary that cut it falls inside it
    ends = [sum(len(c) for c in chunks[:i + 1]) for i in range(len(chunks))]
    assert g.boundary in ends and ends.index(g.boundary) == g.between[0] == g.chunk
    assert f"byte {g.offset}" in g.en and "e4 bd a0" in g.en and "cuts this character" in g.en
    assert f"第 {g.offset} 字节" in g.zh and "切开了这个字符" in g.zh


def test_a_page_showing_the_right_text_has_nothing_to_explain() -> None:
    chunks = [b"data: {\"choices\":[{\"delta\":{\"content\":\"\xe4\xbd", b"\xa0\"}}]}\n\n", b"data: [DONE]\n\n"]
    assert explain_garble(chunks, "你") is None
    assert explain_garble(chunks, b"".join(chunks).decode()) is None


@pytest.mark.parametrize(("chunks", "offset", "boundary", "cause"), [
    ([b"ab\xe4\xbd", b"\xa0cd"], 2, 4, "cuts this character"),
    ([b"x\xe5\xa5\xbd\xe4", b"\xbd\xa0"], 1, 5, "holds a cut character"),
], ids=["cut-inside", "same-chunk-cut-later"])
def test_the_cause_is_the_boundary_in_the_character_or_in_its_chunk(chunks, offset, boundary, cause) -> None:
    g = explain_garble(chunks, naive(chunks))
    assert g is not None
    assert (g.offset, g.boundary) == (offset, boundary)
    assert cause in g.en


def test_a_difference_no_cut_explains_is_put_on_the_page_logic() -> None:
    g = explain_garble([b"hello ", b"world"], "hello World")
    assert g is not None
    assert (g.offset, g.char, g.boundary) == (6, "w", None)
    assert "page's own handling" in g.en and "页面自己" in g.zh


def test_a_page_that_stops_early_is_told_what_it_left_out() -> None:
    g = explain_garble(["你好".encode()[:4], "你好".encode()[4:]], "你")
    assert g is not None and (g.offset, g.char, g.shown) == (3, "好", "")
    assert "stops" in g.en


def test_offsets_count_invalid_bytes_as_the_decoder_replaced_them() -> None:
    chunks = [b"a\xff\xfeb\xe4\xbd", b"\xa0"]
    g = explain_garble(chunks, "a\ufffd\ufffdbX")
    assert g is not None and (g.offset, g.char) == (4, "你")


def test_boundaries_say_which_fall_inside_a_character() -> None:
    assert boundaries([b"a", "你".encode()[:1], "你".encode()[1:] + b"b", b"c"]) == [(1, False), (2, True), (5, False)]


def test_the_correct_text_is_the_answer_the_events_spell_out() -> None:
    chunks = [b'data: {"choices":[{"delta":{"content":"\xe4\xbd\xa0"}}]}\n\n', b"data: [DONE]\n\n"]
    assert correct_text(chunks) == ("openai", "你")
    assert correct_text([b"plain ", b"text"]) == ("body", "plain text")
