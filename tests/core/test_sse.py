"""SseParser against HTML §9.2.6 "Interpreting an event stream", its examples and chunk cuts."""

from __future__ import annotations

import itertools
import json
import tracemalloc

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from simulator.core import sse as sse_module
from simulator.core.sse import SseEvent, SseParser, is_done, merge_openai_deltas
from simulator.core.text import Utf8Stream

Seen = tuple[str, str, str, int | None]  # what a page sees of an event: type, data, id, retry


def parse(*pieces: str, parser: SseParser | None = None) -> list[SseEvent]:
    parser = parser or SseParser()
    events = [event for seq, piece in enumerate(pieces) for event in parser.feed(piece, seq)]
    return events + parser.flush()


def seen(events: list[SseEvent]) -> list[Seen]:
    return [(e.type, e.data, e.last_event_id, e.retry) for e in events]


def test_module_exports_its_public_names() -> None:
    assert set(sse_module.__all__) >= {"SseEvent", "SseParser", "is_done", "merge_openai_deltas"}


# --- The examples of §9.2.6 and the introduction (§9.2.1) -------------------------------------


def test_spec_stock_example_is_one_event_with_three_lines() -> None:
    assert seen(parse("data: YHOO\ndata: +2\ndata: 10\n\n")) == [("message", "YHOO\n+2\n10", "", None)]


def test_spec_four_blocks_example_comment_id_and_leading_space() -> None:
    stream = ": test stream\n\ndata: first event\nid: 1\n\ndata:second event\nid\n\ndata:  third event\n\n"
    parser = SseParser()
    assert seen(parse(stream, parser=parser)) == [
        ("message", "first event", "1", None),
        ("message", "second event", "", None),  # "id" with no value resets the last event ID
        ("message", " third event", "", None),  # only one leading space is removed
    ]
    assert parser.comments == 1


def test_spec_example_last_block_without_blank_line_is_discarded() -> None:
    parser = SseParser()
    events = parse("data\n\ndata\ndata\n\ndata:", parser=parser)
    assert seen(events) == [("message", "", "", None), ("message", "\n", "", None)]
    assert parser.discarded_at_end


def test_spec_example_space_after_colon_is_optional() -> None:
    assert seen(parse("data:test\n\ndata: test\n\n")) == [("message", "test", "", None)] * 2


def test_spec_intro_example_event_types() -> None:
    stream = "event: add\ndata: 73857293\n\nevent: remove\ndata: 2153\n\nevent: add\ndata: 113411\n\n"
    assert [(e.type, e.data) for e in parse(stream)] == [
        ("add", "73857293"),
        ("remove", "2153"),
        ("add", "113411"),
    ]


# --- Field parsing ------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("line", "expected"),
    [
        ("data", ""),
        ("data:", ""),
        ("data: ", ""),
        ("data:  two", " two"),
        ("data:a:b", "a:b"),
        ("data: a : b", "a : b"),
    ],
    ids=["no-colon", "colon-only", "one-space", "two-spaces", "colon-in-value", "spaced-colon"],
)
def test_data_field_value_after_first_colon_minus_one_space(line: str, expected: str) -> None:
    assert [e.data for e in parse(line + "\n\n")] == [expected]


@pytest.mark.parametrize(
    "stream",
    ["Data: x\n\n", "DATA: x\n\n", " data: x\n\n", "data : x\n\n", "dat: x\n\n"],
    ids=["capitalised", "upper", "leading-space", "space-before-colon", "other-name"],
)
def test_field_names_are_compared_literally(stream: str) -> None:
    assert parse(stream) == []


def test_event_field_name_is_case_sensitive_too() -> None:
    assert [e.type for e in parse("Event: add\ndata: 1\n\n")] == ["message"]


def test_comments_are_ignored_and_counted() -> None:
    parser = SseParser()
    assert seen(parse(": ping\n:\ndata: x\n: inside\n\n", parser=parser)) == [("message", "x", "", None)]
    assert parser.comments == 3


def test_block_without_data_fires_nothing() -> None:
    assert parse("event: add\nid: 3\n\n") == []


def test_event_type_is_reset_after_dispatch() -> None:
    assert [e.type for e in parse("event: add\ndata: 1\n\ndata: 2\n\n")] == ["add", "message"]


def test_event_type_is_reset_even_when_nothing_was_dispatched() -> None:
    assert [e.type for e in parse("event: add\n\ndata: 2\n\n")] == ["message"]


def test_last_event_id_persists_across_events_until_set_again() -> None:
    parser = SseParser()
    events = parse("id: 7\ndata: a\n\ndata: b\n\nid\ndata: c\n\n", parser=parser)
    assert [e.last_event_id for e in events] == ["7", "7", ""]
    assert parser.last_event_id == ""


def test_id_in_a_block_without_data_still_sets_the_last_event_id() -> None:
    parser = SseParser()
    events = parse("id: 5\n\ndata: x\n\n", parser=parser)
    assert [e.last_event_id for e in events] == ["5"]


@pytest.mark.parametrize("value", ["a\0b", "\0"], ids=["nul-inside", "nul-only"])
def test_id_containing_nul_is_ignored(value: str) -> None:
    events = parse(f"id: 1\ndata: a\n\nid: {value}\ndata: b\n\n")
    assert [e.last_event_id for e in events] == ["1", "1"]


def test_retry_sets_reconnection_time_and_is_reported_on_the_event() -> None:
    parser = SseParser()
    events = parse("retry: 3000\ndata: a\n\ndata: b\n\n", parser=parser)
    assert [e.retry for e in events] == [3000, None]
    assert parser.reconnection_time == 3000


def test_retry_only_block_fires_nothing_but_sets_reconnection_time() -> None:
    parser = SseParser()
    assert parse("retry: 10000\n\n", parser=parser) == []
    assert parser.reconnection_time == 10000


@pytest.mark.parametrize(
    "value",
    ["3s", "-1", "1.5", " 100", "", "\uff13", "\u00b2", "1e3"],
    ids=["unit", "negative", "decimal", "two-spaces", "empty", "fullwidth-digit", "superscript", "exponent"],
)
def test_retry_that_is_not_all_ascii_digits_is_ignored(value: str) -> None:
    parser = SseParser()
    events = parse(f"retry: 5\n\nretry: {value}\ndata: x\n\n", parser=parser)
    assert [e.retry for e in events] == [None]
    assert parser.reconnection_time == 5


def test_unknown_fields_are_ignored() -> None:
    assert seen(parse("foo: bar\ndata: x\nbaz\n\n")) == [("message", "x", "", None)]


# --- Line ends, BOM -------------------------------------------------------------------------


@pytest.mark.parametrize("newline", ["\n", "\r", "\r\n"], ids=["lf", "cr", "crlf"])
def test_every_line_end_gives_the_same_events(newline: str) -> None:
    stream = "event: e\ndata: a\ndata: b\n\ndata: c\n\n".replace("\n", newline)
    assert seen(parse(stream)) == [("e", "a\nb", "", None), ("message", "c", "", None)]


def test_mixed_line_ends_in_one_stream() -> None:
    assert [e.data for e in parse("data: a\r\ndata: b\rdata: c\n\r\n")] == ["a\nb\nc"]


def test_crlf_split_across_feeds_is_one_line_end() -> None:
    # Were the LF taken as a blank line of its own, "a" would be dispatched alone.
    assert [e.data for e in parse("data: a\r", "\ndata: b\r", "\n\r", "\n")] == ["a\nb"]


def test_cr_at_end_of_feed_dispatches_without_waiting_for_the_next_feed() -> None:
    parser = SseParser()
    assert [e.data for e in parser.feed("data: a\r\r", 0)] == ["a"]
    assert parser.feed("\n", 1) == []  # the LF of the CRLF, not another blank line
    assert [e.data for e in parser.feed("data: b\n\n", 2)] == ["b"]


def test_cr_then_cr_across_feeds_is_two_line_ends() -> None:
    assert [e.data for e in parse("data: a\r", "\r")] == ["a"]


def test_bom_at_start_of_stream_is_stripped() -> None:
    assert [e.data for e in parse("\ufeffdata: a\n\n")] == ["a"]


def test_bom_in_a_later_first_nonempty_feed_is_stripped() -> None:
    assert [e.data for e in parse("", "\ufeff", "data: a\n\n")] == ["a"]


def test_only_one_bom_is_stripped() -> None:
    # The second BOM becomes part of the field name "\ufeffdata", which is ignored.
    assert parse("\ufeff\ufeffdata: a\n\n") == []


def test_bom_later_in_the_stream_is_not_stripped() -> None:
    assert [e.data for e in parse("data: a\n\n", "\ufeffdata: b\n\ndata: c\n\n")] == ["a", "c"]


# --- Provenance, end of stream --------------------------------------------------------------


def test_events_say_which_chunks_they_came_from() -> None:
    parser = SseParser()
    pieces = {10: ": ping\n", 11: "data: a", 12: "bc\ndata: d\n", 13: "\ndata: e\n\n"}
    events = [event for seq, piece in pieces.items() for event in parser.feed(piece, seq)]
    assert [(e.data, e.first_chunk, e.last_chunk) for e in events] == [("abc\nd", 11, 13), ("e", 13, 13)]


def test_event_type_line_starts_the_event() -> None:
    parser = SseParser()
    assert parser.feed("event: x\n", 4) == []
    [event] = parser.feed("data: y\n\n", 5)
    assert (event.first_chunk, event.last_chunk) == (4, 5)


@pytest.mark.parametrize(
    ("stream", "discarded"),
    [
        ("data: a\n\n", False),
        ("data: a\n\n: bye\n", False),
        ("data: a\n\n: bye", False),
        ("data: a\n", True),
        ("data: a", True),
        ("event: x\n", True),
        ("data: a\n\ndata: b", True),
    ],
    ids=[
        "clean",
        "trailing-comment",
        "unterminated-comment",
        "no-blank-line",
        "no-line-end",
        "type-only",
        "second-unterminated",
    ],
)
def test_end_of_stream_discards_an_unfinished_event(stream: str, discarded: bool) -> None:
    parser = SseParser()
    events = parse(stream, parser=parser)
    assert [e.data for e in events] == ["a"] * stream.startswith("data: a\n\n")
    assert parser.discarded_at_end is discarded


# --- Bounded memory -------------------------------------------------------------------------


def test_oversized_line_in_one_feed_is_dropped_and_counted() -> None:
    parser = SseParser(max_line=16)
    events = parse("data: " + "x" * 100 + "\ndata: ok\n\ndata: fine\n\n", parser=parser)
    assert [e.data for e in events] == ["ok", "fine"]
    assert parser.oversized_lines == 1


def test_line_over_the_limit_only_once_its_last_piece_arrives_is_dropped() -> None:
    parser = SseParser(max_line=6)
    assert parse("dat", "a: x\n\ndata:y\n\n", parser=parser)[0].data == "y"
    assert parser.oversized_lines == 1


def test_line_at_the_limit_is_kept() -> None:
    parser = SseParser(max_line=16)
    line = "data: " + "x" * 10
    assert [e.data for e in parse(line[:7], line[7:] + "\n\n", parser=parser)] == ["x" * 10]
    assert parser.oversized_lines == 0


def test_stream_without_line_end_uses_bounded_memory() -> None:
    parser = SseParser(max_line=64 * 1024)
    piece_size = 64 * 1024
    tracemalloc.start()
    try:
        for seq in range(512):  # 32 MiB, each piece a new string as from a decoder
            assert parser.feed(str(seq % 10) * piece_size, seq) == []
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert peak < 1024 * 1024
    assert [e.data for e in parser.feed("\ndata: after\n\n", 512)] == ["after"]
    assert parser.oversized_lines == 1


def test_oversized_event_is_dropped_and_counted() -> None:
    parser = SseParser(max_event=10)
    events = parse("data: 12345\n", "data: 67890\n", "\ndata: small\n\n", parser=parser)
    assert [e.data for e in events] == ["small"]
    assert parser.oversized_events == 1


def test_many_data_lines_keep_one_event() -> None:
    lines = [f"data: {i}\n" for i in range(10_000)]
    events = parse(*lines, "\n")
    assert events[0].data == "\n".join(str(i) for i in range(10_000))


# --- Any cutting, bytes through Utf8Stream then SseParser -------------------------------------

sse_fragments = st.sampled_from(
    [
        "data",
        "data:",
        "data: ",
        "event:",
        "event: ",
        "id:",
        "id: ",
        "retry:",
        "retry: ",
        ":",
        " ",
        "\n",
        "\n",
        "\n",
        "\r",
        "\r\n",
        "x",
        "中",
        "😀",
        "12",
        "\0",
        "\ufeff",
        "Data:",
        "[DONE]",
    ]
)
sse_bytes = st.lists(
    st.one_of(sse_fragments.map(str.encode), st.sampled_from([b"\xff", b"\xe4\xb8", b"\xf0\x9f\x98"])),
    max_size=40,
).map(b"".join)


def run(chunks: list[bytes], max_line: int, max_event: int) -> tuple[str, list[Seen], tuple[object, ...]]:
    decoder = Utf8Stream()
    parser = SseParser(max_line=max_line, max_event=max_event)
    texts: list[str] = []
    events: list[SseEvent] = []
    for seq, chunk in enumerate([*chunks, None]):
        text = decoder.feed(chunk) if chunk is not None else decoder.flush()
        texts.append(text)
        events += parser.feed(text, seq)
    events += parser.flush()
    counters = (
        parser.comments,
        parser.oversized_lines,
        parser.oversized_events,
        parser.discarded_at_end,
        parser.last_event_id,
        parser.reconnection_time,
    )
    return "".join(texts), seen(events), counters


@settings(max_examples=300)
@given(st.data(), st.sampled_from([(8 * 1024 * 1024, 64 * 1024 * 1024), (6, 8)]))
def test_any_cutting_of_the_bytes_gives_the_same_text_and_events(
    data: st.DataObject, limits: tuple[int, int]
) -> None:
    raw = data.draw(sse_bytes)
    positions = sorted(data.draw(st.lists(st.integers(0, len(raw)), max_size=10)))
    bounds = [0, *positions, len(raw)]
    chunks = [raw[a:b] for a, b in itertools.pairwise(bounds)]
    assert run(chunks, *limits) == run([raw], *limits)


@settings(max_examples=150)
@given(sse_bytes, st.sampled_from([(8 * 1024 * 1024, 64 * 1024 * 1024), (6, 8)]))
def test_every_single_cut_gives_the_same_text_and_events(raw: bytes, limits: tuple[int, int]) -> None:
    # Exhaustive over one cut, so a CR and LF on either side of a boundary are always tried.
    whole = run([raw], *limits)
    for position in range(len(raw) + 1):
        assert run([raw[:position], raw[position:]], *limits) == whole, position
    # And byte by byte, so every line arrives in pieces smaller than any limit.
    assert run([raw[i : i + 1] for i in range(len(raw))], *limits) == whole


def test_cuts_inside_chinese_and_emoji_do_not_change_the_events() -> None:
    raw = 'data: {"choices":[{"delta":{"content":"你好😀"}}]}\r\n\r\n'.encode()
    for position in range(len(raw) + 1):
        assert run([raw[:position], raw[position:]], 1024, 1024) == run([raw], 1024, 1024), position


# --- Helpers for OpenAI-style streams --------------------------------------------------------


def openai_chunk(content: str | None) -> str:
    delta = {} if content is None else {"content": content}
    return "data: " + json.dumps({"choices": [{"index": 0, "delta": delta}]}, ensure_ascii=False) + "\n\n"


def test_merge_openai_deltas_concatenates_content_and_skips_the_rest() -> None:
    stream = (
        openai_chunk("你")
        + ": keep-alive\n\n"
        + openai_chunk(None)
        + openai_chunk("好")
        + "data: not json\n\n"
        + 'data: {"choices": []}\n\n'
        + "data: [DONE]\n\n"
    )
    events = parse(stream)
    assert merge_openai_deltas(events) == "你好"
    assert [is_done(e) for e in events][-1] is True
    assert not any(is_done(e) for e in events[:-1])


def test_event_json_is_none_when_data_is_not_json() -> None:
    json_event, text_event = parse('data: {"a": [1, 2]}\n\ndata: hello\n\n')
    assert json_event.json() == {"a": [1, 2]}
    assert text_event.json() is None


def test_count_only_counts_the_same_events_as_a_full_parse() -> None:
    raw = "data: a\n\nevent: x\ndata: b\n\n: comment\n\ndata: c\nid: 7\n\ndata: d\n\ndata: tail"
    full, counting = SseParser(), SseParser(count_only=True)
    got_full: list[SseEvent] = []
    returned = 0
    for i in range(0, len(raw), 5):
        got_full += full.feed(raw[i:i + 5], i)
        returned += len(counting.feed(raw[i:i + 5], i))
    assert returned + counting.counted == len(got_full) == 4
