"""The GUI's Qt-free parts fed exact chunk boundaries: feed, store, text composer, hex layout."""

from __future__ import annotations

import json
import threading

import pytest

from simulator.core.stream import Chunk, EndInfo
from simulator.core.text import chunk_marks
from simulator.gui.answer import AnswerComposer, TextMode, fold_long_lines
from simulator.gui.feed import StreamFeed
from simulator.gui.hexview import ByteKind, layout_chunk
from simulator.gui.models import preview_text
from simulator.gui.store import StreamStore


def feed_chunks(feed: StreamFeed, pieces: list[bytes], *, level: str = "delivered", t: float = 1.0) -> None:
    for seq, data in enumerate(pieces):
        feed.on_chunk(Chunk(level, seq, t + seq, data))  # type: ignore[arg-type]


def openai_event(content: str) -> bytes:
    obj = {"choices": [{"index": 0, "delta": {"content": content}, "finish_reason": None}]}
    return b"data: " + json.dumps(obj, ensure_ascii=False).encode() + b"\n\n"


def test_feed_decodes_across_a_cut_character():
    feed = StreamFeed()
    body = "data: 你好\n\n".encode()
    feed_chunks(feed, [body[:7], body[7:]])  # "你" is cut after its first byte
    feed.on_end(EndInfo(t_ms=5.0, reason="complete", err_msg="request:ok"))
    batch = feed.take()
    assert "".join(batch.text) == "data: 你好\n\n"
    assert [row[4] for row in batch.chunks] == [0, 1]  # the event ends in the second chunk
    assert batch.end is not None and batch.events[0][0].data == "你好"


def test_feed_end_waits_for_every_row():
    feed = StreamFeed()
    feed_chunks(feed, [b"data: a\n\n"] * 5)
    feed.on_end(EndInfo(t_ms=5.0, reason="complete", err_msg="request:ok"))
    first = feed.take(max_rows=3)
    assert len(first.chunks) == 3 and first.more and first.end is None
    second = feed.take(max_rows=3)
    assert len(second.chunks) == 2 and not second.more and second.end is not None


def test_closed_feed_queues_nothing():
    feed = StreamFeed()
    feed.close()
    feed_chunks(feed, [b"data: a\n\n"])
    assert not feed.take().chunks


def test_feed_extracts_openai_deltas_when_asked():
    feed = StreamFeed(openai_deltas=True)
    feed_chunks(feed, [openai_event("你"), openai_event("好"), b"data: [DONE]\n\n"])
    rows = feed.take().events
    assert [r[2] for r in rows] == ["你", "好", ""]


def test_paused_feed_holds_the_producer_until_resumed():
    feed = StreamFeed()
    done = threading.Event()

    def produce() -> None:
        feed.on_chunk(Chunk("delivered", 0, 0.0, b"data: a\n\n"))
        done.set()

    with feed.paused():
        producer = threading.Thread(target=produce)
        producer.start()
        assert not done.wait(0.2)  # held at the chunk
    producer.join(5)
    assert done.is_set() and len(feed.take().chunks) == 1


def store_with(pieces: list[bytes], *, ended: bool = True) -> StreamStore:
    feed = StreamFeed()
    feed_chunks(feed, pieces)
    if ended:
        feed.on_end(EndInfo(t_ms=99.0, reason="complete", err_msg="request:ok"))
    store = StreamStore()
    store.extend(feed.take())
    return store


def test_store_maps_chunks_events_text_and_time():
    body = "data: 你好\n\ndata: 世界\n\n".encode()
    store = store_with([body[:7], body[7:20], body[20:]])
    assert store.count("delivered") == 3
    assert store.total_bytes("delivered") == len(body)
    assert store.text == body.decode()
    assert [ev.data for ev, _, _ in store.events] == ["你好", "世界"]
    assert store.event_at(0) == 0 and store.event_at(2) == 1
    assert store.chunk_at_time("delivered", 2.2) == 1
    assert store.before("delivered", 1) == body[4:7]
    a, b = store.char_range(1)  # chunk 1 completes "你" and runs on to the next "data: "
    assert store.text[a:b] == "你好\n\ndata: "


def test_store_gives_back_each_event_as_parsed():
    """The events table and the text view's merge read what the parser made: type, id, retry, the
    chunks it spans, its time and its OpenAI delta."""
    feed = StreamFeed(openai_deltas=True)
    feed_chunks(feed, [b"event: note\nid: 7\nretry: 3000\ndata: a\n", b"\n" + openai_event("你"),
                       b"id: 8\n" + openai_event("好")])
    parsed = feed.take()
    store = StreamStore()
    store.extend(parsed)
    assert list(store.events) == parsed.events
    ev, t_ms, delta = store.events[0]
    assert (ev.type, ev.last_event_id, ev.retry, ev.first_chunk, ev.last_chunk) == ("note", "7", 3000, 0, 1)
    assert (t_ms, delta) == (2.0, "")  # not an OpenAI chunk: no content
    assert [(row[0].last_event_id, row[2]) for row in store.events[1:]] == [("7", "你"), ("8", "好")]


def test_store_marks_cut_characters_like_the_core():
    body = "你好".encode()
    pieces = [body[:2], body[2:4], body[4:]]
    store = store_with(pieces)
    carry = b""
    for seq, piece in enumerate(pieces):
        expected = chunk_marks(piece, carry, final=seq == len(pieces) - 1)
        carry = expected.carry_out
        assert store.marks(store.row_of("delivered", seq)) == expected


def test_store_maps_other_levels_to_delivered_chunks():
    store = StreamStore()
    feed = StreamFeed()
    feed_chunks(feed, [b"data: a\n\n", b"data: b\n\n"], level="wire")
    feed_chunks(feed, [b"data: a\n", b"\ndata: b", b"\n\n"])
    store.extend(feed.take())
    assert store.delivered_seq_at("wire", 1) == 1  # wire chunk 1 starts inside delivered chunk 1


@pytest.mark.parametrize(("text", "line_len", "expected_breaks"), [
    ("short", 0, []),
    ("a" * 25, 0, [10, 20]),
    ("a" * 5 + "\n" + "b" * 12, 0, [16]),
    ("a" * 8, 7, [3]),
], ids=["short", "long-line", "after-newline", "continues-a-line"])
def test_fold_long_lines_breaks_only_long_lines(text, line_len, expected_breaks):
    shown, breaks, end_len = fold_long_lines(text, line_len, limit=10)
    assert breaks == expected_breaks
    assert shown.replace("\n", "") == text.replace("\n", "")
    assert all(len(line) <= 10 for line in shown.split("\n")[1:])
    assert end_len == len(shown.split("\n")[-1]) + (line_len if "\n" not in shown else 0)


def test_composer_modes():
    store = store_with([openai_event("你"), openai_event("好"), b"data: [DONE]\n\n"])
    rows = store.events
    assert AnswerComposer(TextMode.APPEND, merge_openai=True).update(rows, "") == ("你好", False)
    plain = AnswerComposer(TextMode.APPEND, merge_openai=False).update(rows, "")
    assert plain is not None and plain[0].startswith('{"choices"')
    assert AnswerComposer(TextMode.BODY).update(rows, "abc") == ("abc", False)

    overwrite = store_with([b'data: {"text": "\xe4\xbd\xa0"}\n\n', b'data: {"text": "\xe4\xbd\xa0\xe5\xa5\xbd"}\n\n'])
    composer = AnswerComposer(TextMode.OVERWRITE, json_field="text")
    assert composer.update(overwrite.events, "") == ("你好", True)
    assert composer.full(overwrite) == "你好"
    composer.json_field = ""
    assert composer.full(overwrite) == '{"text": "你好"}'


def test_hex_layout_marks_cut_and_invalid_bytes():
    data = "a你".encode()[:3] + b"\xff"  # "a", 2 of 3 bytes of "你"... then an invalid byte
    marks = chunk_marks(data, b"")
    layout = layout_chunk(data, marks, after=b"\xa0")
    assert layout.kinds[0] == ByteKind.PLAIN and layout.glyphs[0] == "a"
    assert ByteKind.INVALID in layout.kinds
    assert any("Invalid UTF-8" in note for note in layout.notes.values())

    cut = "好".encode()
    tail = layout_chunk(cut[:2], chunk_marks(cut[:2], b""), after=cut[2:])
    assert list(tail.kinds) == [ByteKind.CUT_TAIL, ByteKind.CUT_TAIL]
    assert "“好”" in tail.notes[0]
    head = layout_chunk(cut[2:], chunk_marks(cut[2:], cut[:2]), before=cut[:2])
    assert list(head.kinds) == [ByteKind.CUT_HEAD]
    assert "“好”" in head.notes[0]


def test_preview_shows_cut_bytes_and_line_ends():
    assert preview_text("你好\n".encode()[1:]) == "\\xbd\\xa0好↵"


@pytest.mark.parametrize(("chunk", "expected"), [
    ("数据流式传输中文字符".encode(), "数据流式传输中文…"),  # 30 bytes: the 9th character would be split by the preview
    ("ab数据流式传输中文".encode(), "ab数据流式传输中…"),  # 文 begins at the 24th byte
    ("数据".encode()[:5], "数\\xe6\\x8d"),  # the chunk itself ends inside 据: that cut shows
    (b"abc", "abc"),
], ids=["cjk-long", "offset-by-two", "real-cut", "short"])
def test_a_preview_cut_only_by_its_own_length_does_not_look_cut(chunk, expected):
    assert preview_text(chunk[:24], size=len(chunk)) == expected


def test_all_levels_are_listed_in_time_order_while_rows_arrive_late(qtmodeltester):
    from simulator.gui.models import ChunkTableModel

    feed, store = StreamFeed(), StreamStore()
    model = ChunkTableModel(store)
    model.set_level(None)
    qtmodeltester.check(model)
    # As a recording is written: each read and what it delivered, then the read's wire frame.
    for seq, t in enumerate((10.0, 20.0, 30.0)):
        feed.on_chunk(Chunk("read", seq, t, b"ab"))
        feed.on_chunk(Chunk("delivered", seq, t + 1, b"ab"))
        feed.on_chunk(Chunk("wire", seq, t, b"ab"))
        if seq != 1:  # two of the reads arrive in one tick
            store.extend(feed.take())
            model.sync()
    shown = [model.chunk_at(r) for r in range(model.rowCount())]
    assert shown == [(level, seq) for seq in range(3) for level in ("wire", "read", "delivered")]
    assert model.row_for("wire", 2) == 6 and model.row_for("delivered", 1) == 5
    model.set_level("delivered")
    assert [model.chunk_at(r) for r in range(model.rowCount())] == [("delivered", s) for s in range(3)]
