import json

import pytest

from simulator.core.analysis import StreamAnalysis
from simulator.core.chunklog import LogError, read_log, replay
from simulator.core.options import RequestOptions
from simulator.core.task import RequestTask


@pytest.fixture
def recorded(demo_url, tmp_path):
    path = tmp_path / "append.jsonl"
    RequestTask(RequestOptions.from_wx({"url": f"{demo_url}/sse/append", "header": {
        "Authorization": "Bearer sk-secret", "X-Trace": "t1"}}), profile="random", seed=5,
        log_path=path).run()
    return path


def test_log_has_header_response_chunks_of_every_level_and_end(recorded):
    lines = [json.loads(x) for x in recorded.read_text().splitlines()]
    assert lines[0]["format"] == "mpsim-chunklog" and lines[0]["profile"] == "random" and lines[0]["seed"] == 5
    assert lines[1]["type"] == "response" and lines[1]["status"] == 200
    levels = {x["level"] for x in lines if x["type"] == "chunk"}
    assert levels == {"wire", "read", "delivered"}
    assert lines[-1]["type"] == "end" and lines[-1]["reason"] == "complete"


def test_request_secrets_are_redacted_in_the_log(recorded):
    headers = dict(read_log(recorded).request["headers"])
    assert headers["Authorization"] == "[redacted]" and headers["X-Trace"] == "t1"
    assert "sk-secret" not in recorded.read_text()


def test_a_log_cut_off_by_a_kill_still_reads_up_to_the_last_whole_line(recorded, tmp_path):
    data = recorded.read_bytes()
    cut = tmp_path / "killed.jsonl"
    cut.write_bytes(data[: len(data) * 2 // 3])  # mid-line, no end record
    log = read_log(cut)
    assert log.end is None and log.problems
    whole = list(read_log(recorded).chunks(None))
    kept = list(log.chunks(None))
    assert 0 < len(kept) < len(whole) and kept == whole[: len(kept)]
    assert log.truncated


def test_replay_gives_monitors_the_same_stream(recorded):
    live = StreamAnalysis(keep_text=True, keep_events=True)
    replay(read_log(recorded), [live])
    assert live.event_count > 3 and live.text.startswith("retry:") or "data:" in live.text


@pytest.mark.parametrize(
    ("content", "message"),
    [(b"", "is empty"), (b"hello\n", "not a chunk log"), (b'{"format": "other"}\n', "not an mpsim chunk log"),
     (b'{"format": "mpsim-chunklog", "version": 99}\n', "newer mpsim")],
    ids=["empty", "not-json", "other-json", "newer-version"],
)
def test_files_that_are_not_logs_get_a_clear_message(tmp_path, content, message):
    p = tmp_path / "x.jsonl"
    p.write_bytes(content)
    with pytest.raises(LogError, match=message):
        read_log(p)


def test_missing_file_gets_a_clear_message(tmp_path):
    with pytest.raises(LogError, match="cannot read"):
        read_log(tmp_path / "nope.jsonl")


def test_each_read_is_on_disk_before_the_next_one_is_waited_for(demo_url, tmp_path):
    # What a killed recorder leaves: the log as it stands while the stream is still open.
    import threading

    path = tmp_path / "live.jsonl"
    task = RequestTask(RequestOptions.from_wx({"url": f"{demo_url}/fault/never-ending?delay=5"}), log_path=path)
    three = threading.Event()
    task.on_chunk_received(lambda res: task.totals["read"]["chunks"] >= 3 and three.set())
    task.start()
    assert three.wait(10)
    on_disk = [json.loads(x) for x in path.read_bytes().splitlines()]
    task.abort()
    task.wait(10)
    reads = [x for x in on_disk if x.get("level") == "read"]
    delivered = [x for x in on_disk if x.get("level") == "delivered"]
    assert len(reads) >= 2 and len(delivered) >= 2
