"""The window's memory on long streams (issue 8, "The window"): bytes stay in the chunk log, the
views read them back, a finished stream lets go of what it held, recordings stay within a size."""

from __future__ import annotations

import math
import os
import threading
import time
from http.server import BaseHTTPRequestHandler
from pathlib import Path

import pytest
from peers import serving

from simulator.core.chunklog import ChunkLogWriter
from simulator.core.paths import recordings_dir
from simulator.core.stream import Chunk, RequestStart, ResponseInfo
from simulator.gui.log_controller import LIMIT_KEY
from simulator.gui.store import StreamStore

TIMEOUT_MS = 30000
EVENTS = 6000  # about 6 MB of SSE


def event(i: int) -> bytes:
    return b"id: %d\ndata: event %d " % (i, i) + "流式".encode() * 160 + b"\n\n"


BODY = b"".join(event(i) for i in range(EVENTS))


class _LongStream(BaseHTTPRequestHandler):
    """Writes BODY as SSE in 48 KiB HTTP chunks, as fast as the client reads."""

    protocol_version = "HTTP/1.1"  # chunked framing is HTTP/1.1's

    def do_GET(self) -> None:  # noqa: N802 - http.server's name
        self.send_response(200)
        self.send_header("Content-Type", "text/event-stream; charset=utf-8")
        self.send_header("Transfer-Encoding", "chunked")
        self.end_headers()
        for at in range(0, len(BODY), 48 * 1024):
            piece = BODY[at:at + 48 * 1024]
            self.wfile.write(b"%X\r\n%b\r\n" % (len(piece), piece))
        self.wfile.write(b"0\r\n\r\n")

    def log_message(self, *_args: object) -> None:
        pass


@pytest.fixture(scope="module")
def long_stream_url():
    with serving(_LongStream) as url:
        yield f"{url}/stream"


@pytest.fixture
def streamed(main, qtbot, long_stream_url):
    """The window after streaming BODY (less than the recent bytes kept while streaming) to its end."""
    assert len(BODY) < StreamStore.RECENT_BYTES
    main.request.load_url(long_stream_url)
    with qtbot.waitSignal(main.stream.finished, timeout=TIMEOUT_MS):
        main.request.send()
    return main


def test_a_finished_stream_lets_go_of_its_bytes(streamed):
    store = streamed.stream.store
    assert store.end.reason == "complete"
    assert store.total_bytes("delivered") == len(BODY) and store.total_bytes("read") == len(BODY)
    assert len(store.events) == EVENTS
    # The views' own copy of the stream is gone: what is left is the decoded text the text view
    # shows, the events kept for it and a few bytes a chunk for the table's preview.
    held = store.held_bytes
    assert held < StreamStore.TEXT_KEEP * 3 + StreamStore.RELEASED_EVENT_CHARS * 3 + 24 * len(store.rows)
    assert held < len(BODY) / 4


def test_an_early_chunk_shows_its_bytes_read_back_from_the_log(streamed):
    stream, store = streamed.stream, streamed.stream.store
    hexview = streamed.window.chunk_inspector.hex.view
    for level in ("delivered", "read"):
        for seq in (0, 1, store.count(level) // 2):
            stream.select_chunk(level, seq)
            start, end = store.chunk_range(level, seq)
            assert hexview.layout_data().data == BODY[start:end], (level, seq)
    # The chunk table's preview and the text view agree with the body too.
    model = stream.chunk_model
    stream._window.chunk_pane.level.setCurrentIndex(stream._window.chunk_pane.level.findData("delivered"))
    assert model.index(0, 5).data() == BODY[:12].hex(" ")
    assert streamed.window.text_pane.edit.toPlainText().startswith("id: 0\ndata: event 0 流式")


def test_an_early_event_is_read_back_from_the_log(streamed):
    store = streamed.stream.store
    for i in (0, 1, 2, EVENTS // 2, EVENTS - 1):
        ev = store.events[i][0]
        assert ev.data == event(i).decode()[len(f"id: {i}\ndata: "):-2]
        assert ev.last_event_id == str(i)
    assert streamed.stream.event_model.index(3, 3).data().startswith("event 3 流式")


def write_recording(path: Path, size: int, *, end: bool = True) -> None:
    w = ChunkLogWriter(path)
    w.on_start(RequestStart(url="http://127.0.0.1/x", method="GET", headers=[], body=b"", options={},
                            profile="passthrough", seed=0, platform="android", started_at=1.0))
    w.on_response(ResponseInfo(t_ms=1.0, status=200, reason="OK", http_version="HTTP/1.1", headers=[],
                               url="http://127.0.0.1/x", levels={"read": "observed", "delivered": "observed"}))
    data = b"hello log\n" * 1000
    for seq in range(size // len(data) + 1):
        w.on_chunk(Chunk("read", seq, 2.0 + seq, data))
        w.on_chunk(Chunk("delivered", seq, 2.0 + seq, data))
    if end:
        from simulator.core.stream import EndInfo

        w.on_end(EndInfo(t_ms=9.0, reason="complete", err_msg="request:ok"))
    else:
        w.close()


def test_recordings_beyond_the_limit_go_oldest_first_never_the_open_one(main, qtbot):
    folder = recordings_dir()
    paths = [folder / f"rec-{i}.jsonl" for i in range(4)]
    for i, path in enumerate(paths):
        write_recording(path, 1_000_000)
        for part in folder.glob(path.name + "*"):  # the log and its body file
            os.utime(part, (time.time() - 1000 + i * 100,) * 2)  # rec-0 is the oldest
    each = sum(p.stat().st_size for p in folder.glob("rec-0.jsonl*"))
    limit_mb = math.ceil(2 * each / (1 << 20))  # room for two recordings, not three
    assert limit_mb * (1 << 20) < 3 * each
    main.settings.set(LIMIT_KEY, limit_mb)
    with qtbot.waitSignal(main.stream.finished, timeout=TIMEOUT_MS):
        assert main.logs.open_log(paths[0])  # the oldest, but open
    assert [p.exists() for p in paths] == [True, False, False, True]
    assert not list(folder.glob("rec-[12].jsonl*"))  # their body files went with them
    assert "Deleted 2 old recording" in main.window.statusBar().currentMessage()


def test_opening_a_log_with_a_cut_last_line_shows_the_note(main, qtbot, tmp_path):
    path = tmp_path / "killed.jsonl"
    write_recording(path, 30_000, end=False)
    with open(path, "ab") as f:
        f.write(b'{"type":"chunk","level":"read","seq":99,"t":5.0,"size":4,"b64":"aGVs')  # killed mid-line
    with qtbot.waitSignal(main.stream.finished, timeout=TIMEOUT_MS):
        assert main.logs.open_log(path)
    message = main.window.banner.message()
    assert "interrupted" in message and "last line was cut off mid-write" in message
    assert main.stream.store.total_bytes("delivered") == 4 * 10_000



def test_a_producer_faster_than_the_window_waits_instead_of_queueing_everything(monkeypatch):
    from simulator.gui.feed import StreamFeed

    monkeypatch.setattr(StreamFeed, "MAX_QUEUED", 4 << 20)
    feed = StreamFeed()
    piece = b"x" * (1 << 20)
    producer = threading.Thread(target=lambda: [feed.on_chunk(Chunk("read", i, float(i), piece)) for i in range(64)])
    producer.start()
    taken: list[int] = []
    most_queued = 0
    while producer.is_alive() or feed._chunks:
        most_queued = max(most_queued, feed._put_bytes - feed._taken_bytes)
        taken.extend(row[1] for row in feed.take(max_rows=1).chunks)
    producer.join()
    assert taken == list(range(64))  # every chunk, in order
    assert most_queued <= (4 << 20) + len(piece)  # never the whole 64 MiB
