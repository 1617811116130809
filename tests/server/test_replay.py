"""A recorded log served over HTTP streams the recording: same bytes, same framing, same ending."""

from simulator.core.chunklog import read_log
from simulator.core.options import RequestOptions
from simulator.core.task import RequestTask
from simulator.server.replay import ReplayServer


def record(url: str, path) -> None:
    RequestTask(RequestOptions.from_wx({"url": url}), log_path=path).run()


def wire_chunks(path) -> list[bytes]:
    return [c.data for c in read_log(path).chunks("wire")]


def test_replayed_stream_has_the_recorded_status_bytes_and_framing(demo_url, tmp_path):
    record(f"{demo_url}/sse/append", tmp_path / "orig.jsonl")
    with ReplayServer(read_log(tmp_path / "orig.jsonl"), speed=0) as srv:
        assert srv.level == "wire"
        record(f"{srv.url}/anything", tmp_path / "again.jsonl")
    again = read_log(tmp_path / "again.jsonl")
    assert again.response["status"] == 200
    assert wire_chunks(tmp_path / "again.jsonl") == wire_chunks(tmp_path / "orig.jsonl")
    assert again.end["reason"] == "complete"


def test_a_recorded_disconnect_replays_as_a_disconnect(demo_url, tmp_path):
    record(f"{demo_url}/fault/disconnect", tmp_path / "cut.jsonl")
    with ReplayServer(read_log(tmp_path / "cut.jsonl"), speed=0) as srv:
        record(srv.url, tmp_path / "again.jsonl")
    assert read_log(tmp_path / "again.jsonl").end["reason"] == "disconnect"


def test_error_status_replays(demo_url, tmp_path):
    record(f"{demo_url}/fault/status/503", tmp_path / "e.jsonl")
    with ReplayServer(read_log(tmp_path / "e.jsonl"), speed=0) as srv:
        record(srv.url, tmp_path / "again.jsonl")
    assert read_log(tmp_path / "again.jsonl").response["status"] == 503
