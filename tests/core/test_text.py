"""Utf8Stream and chunk_marks: text must not depend on where chunk boundaries fall."""

from __future__ import annotations

import itertools

import pytest
from hypothesis import given
from hypothesis import strategies as st

from simulator.core import text as text_module
from simulator.core.text import ChunkMarks, Utf8Stream, chunk_marks, pending_suffix

SAMPLES = {
    "chinese-3-byte": "你好，世界".encode(),
    "emoji-4-byte": "ok😀👍🏽!".encode(),
    "accents-2-byte": "café ñandú".encode(),
    "mixed-1-2-3-4": "aé中😀z".encode(),
    "sse-line": 'data: {"content":"你好😀"}\n\n'.encode(),
    "invalid-bytes": b"a\xffb\xe4\xb8c\xf0\x9f\x98\xc0\x80\xed\xa0\x80" + "中".encode(),
    "truncated-at-end": "中".encode() + "😀".encode()[:3],
}


def decode_in_chunks(chunks: list[bytes]) -> str:
    stream = Utf8Stream()
    return "".join(stream.feed(chunk) for chunk in chunks) + stream.flush()


def cut(data: bytes, positions: tuple[int, ...]) -> list[bytes]:
    bounds = [0, *positions, len(data)]
    return [data[a:b] for a, b in itertools.pairwise(bounds)]


def marks_in_chunks(chunks: list[bytes]) -> list[ChunkMarks]:
    marks: list[ChunkMarks] = []
    carry = b""
    for chunk in chunks:
        marks.append(chunk_marks(chunk, carry))
        carry = marks[-1].carry_out
    marks.append(chunk_marks(b"", carry, final=True))
    return marks


def invalid_positions(chunks: list[bytes], marks: list[ChunkMarks]) -> set[int]:
    """Absolute stream offsets of bytes that became U+FFFD, from per-chunk marks."""
    positions: set[int] = set()
    start = 0
    carried = b""
    for chunk, mark in zip([*chunks, b""], marks, strict=True):
        if mark.carry_in_invalid:
            positions.update(range(start - len(carried), start))
        for a, b in mark.invalid:
            positions.update(range(start + a, start + b))
        start += len(chunk)
        carried = mark.carry_out
    return positions


def test_module_exports_its_public_names() -> None:
    assert sorted(text_module.__all__) == ["ChunkMarks", "Utf8Stream", "chunk_marks", "pending_suffix"]


@pytest.mark.parametrize("data", SAMPLES.values(), ids=SAMPLES.keys())
def test_every_single_cut_gives_the_same_text_as_no_cut(data: bytes) -> None:
    whole = data.decode("utf-8", errors="replace")
    for position in range(len(data) + 1):
        assert decode_in_chunks(cut(data, (position,))) == whole, position


@pytest.mark.parametrize("data", SAMPLES.values(), ids=SAMPLES.keys())
def test_every_pair_of_cuts_gives_the_same_text_as_no_cut(data: bytes) -> None:
    whole = data.decode("utf-8", errors="replace")
    for positions in itertools.combinations_with_replacement(range(len(data) + 1), 2):
        assert decode_in_chunks(cut(data, positions)) == whole, positions


def test_one_byte_chunks_give_the_same_text() -> None:
    data = SAMPLES["mixed-1-2-3-4"]
    assert decode_in_chunks([bytes([b]) for b in data]) == "aé中😀z"


def test_a_cut_character_is_held_back_until_completed() -> None:
    stream = Utf8Stream()
    assert stream.feed("中".encode()[:2]) == ""
    assert stream.pending == "中".encode()[:2]
    assert stream.feed("中".encode()[2:] + b"x") == "中x"
    assert stream.pending == b""


def test_a_character_truncated_at_end_of_stream_becomes_one_replacement() -> None:
    stream = Utf8Stream()
    assert stream.feed(b"ab\xf0\x9f\x98") == "ab"
    assert stream.flush() == "\ufffd"


@pytest.mark.parametrize(
    ("data", "text"),
    [
        (b"\xff", "\ufffd"),
        (b"\xf0\x9f\x98A", "\ufffdA"),  # a truncated emoji is one maximal subpart
        (b"\xe4\xb8" + "中".encode(), "\ufffd中"),
        (b"\xc0\x80", "\ufffd\ufffd"),  # overlong NUL: C0 is never a lead byte
        (b"\xe0\x80\x80", "\ufffd" * 3),  # overlong: E0 must be followed by A0..BF
        (b"\xed\xa0\x80", "\ufffd" * 3),  # a UTF-16 surrogate is not a character
        (b"\xf4\x90\x80\x80", "\ufffd" * 4),  # above U+10FFFF
    ],
    ids=["ff", "truncated-emoji", "truncated-then-char", "overlong-2", "overlong-3", "surrogate", "too-big"],
)
def test_replacement_follows_whatwg_maximal_subparts(data: bytes, text: str) -> None:
    assert decode_in_chunks([data]) == text
    assert decode_in_chunks([bytes([b]) for b in data]) == text


@pytest.mark.parametrize(
    ("position", "tail", "head"),
    [
        (1, 0, 0),  # a|中: between characters
        (2, 1, 2),  # a\xe4|\xb8\xad
        (3, 2, 1),
        (4, 0, 0),
        (5, 1, 3),  # \xf0|\x9f\x98\x80
        (6, 2, 2),
        (7, 3, 1),
    ],
    ids=[
        "boundary",
        "3-byte-after-1",
        "3-byte-after-2",
        "between",
        "4-byte-after-1",
        "4-byte-after-2",
        "4-byte-after-3",
    ],
)
def test_marks_show_a_character_cut_by_a_chunk_boundary(position: int, tail: int, head: int) -> None:
    data = "a中😀".encode()
    first = chunk_marks(data[:position])
    second = chunk_marks(data[position:], first.carry_out)
    assert (first.cut_tail, first.ends_inside) == (tail, tail > 0)
    assert (second.cut_head, second.starts_inside) == (head, head > 0)
    assert first.invalid == second.invalid == []
    assert second.carry_out == b""
    assert not second.carry_in_invalid


def test_marks_for_a_chunk_wholly_inside_one_character() -> None:
    emoji = "😀".encode()
    marks = marks_in_chunks([emoji[:1], emoji[1:2], emoji[2:3], emoji[3:]])
    inner = marks[1]
    assert (inner.starts_inside, inner.ends_inside, inner.cut_head, inner.cut_tail) == (True, True, 1, 1)
    assert marks[3].cut_head == 1 and not marks[3].ends_inside
    assert all(m.invalid == [] and not m.carry_in_invalid for m in marks)


def test_marks_of_pure_ascii_are_clean() -> None:
    assert chunk_marks(b"data: hello\n\n") == ChunkMarks()


@pytest.mark.parametrize(
    ("data", "invalid"),
    [
        (b"\xff", [(0, 1)]),
        (b"ab\xff\xfecd", [(2, 3), (3, 4)]),
        (b"A\xc0\x80", [(1, 2), (2, 3)]),
        (b"x\xf0\x9f\x98y", [(1, 4)]),
        (b"\xed\xa0\x80", [(0, 1), (1, 2), (2, 3)]),
        (b"\x80", [(0, 1)]),  # a continuation byte with nothing before it
    ],
    ids=[
        "ff",
        "two-bytes-two-replacements",
        "overlong",
        "truncated-mid-chunk",
        "surrogate",
        "stray-continuation",
    ],
)
def test_marks_show_invalid_bytes_one_range_per_replacement(
    data: bytes, invalid: list[tuple[int, int]]
) -> None:
    marks = chunk_marks(data)
    assert marks.invalid == invalid
    assert (marks.cut_head, marks.cut_tail) == (0, 0)


def test_a_sequence_truncated_at_end_of_stream_is_cut_until_final_then_invalid() -> None:
    data = b"ok\xe4\xb8"
    assert chunk_marks(data).cut_tail == 2
    assert chunk_marks(data).invalid == []
    final = chunk_marks(data, final=True)
    assert (final.cut_tail, final.invalid, final.carry_out) == (0, [(2, 4)], b"")


def test_carried_bytes_not_continued_are_reported_invalid_in_the_next_chunk() -> None:
    first = chunk_marks(b"a\xf0\x9f")
    second = chunk_marks(b"bc", first.carry_out)
    assert first.ends_inside
    assert second.carry_in_invalid
    assert (second.starts_inside, second.cut_head, second.invalid) == (False, 0, [])


def test_a_broken_sequence_continued_across_the_cut_is_invalid_on_both_sides() -> None:
    marks = chunk_marks(b"\x9fA", b"\xf0")
    assert marks.carry_in_invalid
    assert (marks.cut_head, marks.invalid) == (1, [(0, 1)])


def test_stream_ending_inside_a_character_shows_in_the_final_marks() -> None:
    marks = marks_in_chunks([b"ab", "中".encode()[:1]])
    assert marks[-1].carry_in_invalid


@pytest.mark.parametrize(
    ("before", "pending"),
    [
        (b"", b""),
        (b"abc", b""),
        ("中".encode(), b""),
        ("x中".encode()[:3], "中".encode()[:2]),
        ("😀😀".encode()[:7], "😀".encode()[:3]),
        (b"\xe0\x80", b""),  # not a valid start, so nothing is pending
    ],
    ids=["empty", "ascii", "complete", "3-byte-prefix", "4-byte-prefix", "invalid-prefix"],
)
def test_pending_suffix_finds_the_cut_character_from_any_tail(before: bytes, pending: bytes) -> None:
    assert pending_suffix(before) == pending


def test_marks_from_any_chunk_given_only_the_bytes_before_it() -> None:
    data = "a中😀b".encode()
    streamed = marks_in_chunks(cut(data, (2, 6)))
    random_access = chunk_marks(data[6:], data[:6])
    assert random_access == streamed[2]


stream_bytes = st.lists(
    st.one_of(
        st.text(max_size=6).map(str.encode),
        st.sampled_from([b"\xff", b"\x80", b"\xc0\x80", b"\xe4\xb8", b"\xf0\x9f\x98", b"\xed\xa0\x80"]),
    ),
    max_size=12,
).map(b"".join)


@given(st.data())
def test_any_cutting_gives_the_same_text_and_invalid_bytes(data: st.DataObject) -> None:
    raw = data.draw(stream_bytes)
    positions = tuple(sorted(data.draw(st.lists(st.integers(0, len(raw)), max_size=8))))
    chunks = cut(raw, positions)

    assert decode_in_chunks(chunks) == raw.decode("utf-8", errors="replace")
    whole_marks = marks_in_chunks([raw])
    assert invalid_positions(chunks, marks_in_chunks(chunks)) == invalid_positions([raw], whole_marks)
    # One U+FFFD per reported range (a literal U+FFFD in the input is always a valid character).
    replacements = raw.decode("utf-8", errors="replace").count("\ufffd") - raw.count("\ufffd".encode())
    assert replacements == len(whole_marks[0].invalid) + len(whole_marks[1].invalid) + int(
        whole_marks[1].carry_in_invalid
    )
