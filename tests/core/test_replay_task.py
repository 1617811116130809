"""ReplayedRequestTask: RequestTask semantics over a chunk log recorded from the real demo server."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from simulator.core.chunklog import LogError, read_log
from simulator.core.options import RequestOptions
from simulator.core.replay_task import (
    OffsetCutter,
    Recording,
    ReplayedRequestTask,
    cut_offsets,
    make_task_factory,
)
from simulator.core.sse import SseParser, merge_openai_deltas
from simulator.core.task import RequestTask
from simulator.server.demo import DEMO_ANSWER

# Replays never touch the network: this URL would fail with "connection refused" if they did.
NOWHERE = "http://127.0.0.1:9/v1/chat/completions"


def record(url: str, path: Path, **wx) -> Path:
    RequestTask(RequestOptions.from_wx({"url": url, **wx}), log_path=path).run()
    return path


@pytest.fixture(scope="module")
def chat_log(demo_url, tmp_path_factory) -> Path:
    return record(f"{demo_url}/v1/chat/completions", tmp_path_factory.mktemp("replay") / "chat.jsonl",
                  method="POST", data={"stream": True, "messages": [{"role": "user", "content": "hi"}]})


@pytest.fixture(scope="module")
def recording(chat_log) -> Recording:
    return Recording.load(chat_log)


class Calls:
    def __init__(self) -> None:
        self.order: list[str] = []
        self.chunks: list[bytes] = []
        self.results: dict[str, dict] = {}

    def callbacks(self) -> dict:
        def make(name):
            return lambda res: (self.order.append(name), self.results.__setitem__(name, res))
        return {"success": make("success"), "fail": make("fail"), "complete": make("complete")}

    def wire(self, task: RequestTask) -> RequestTask:
        task.on_headers_received(lambda res: (self.order.append("headers"), self.results.__setitem__("headers", res)))
        task.on_chunk_received(self.chunk)
        return task

    def chunk(self, res: dict) -> None:
        self.order.append("chunk")
        self.chunks.append(res["data"])

    @property
    def shape(self) -> list[str]:
        out: list[str] = []
        for name in self.order:
            if not out or out[-1] != name:
                out.append(name)
        return out


def replay(log, calls: Calls, wx: dict | None = None, **kw) -> ReplayedRequestTask:
    options = RequestOptions.from_wx({"url": NOWHERE, "enableChunked": True, **(wx or {})})
    return calls.wire(ReplayedRequestTask(options, log, **calls.callbacks(), **kw))


def test_passthrough_replay_gives_the_recorded_callbacks_in_order(chat_log, recording):
    calls = Calls()
    end = replay(chat_log, calls).run()
    assert end.reason == "complete"
    assert calls.shape == ["headers", "chunk", "success", "complete"]
    assert calls.chunks == recording.pieces  # what the device's listeners had, piece for piece
    res = calls.results["success"]
    assert res["errMsg"] == "request:ok" and res["statusCode"] == 200 and res["data"] == ""
    assert res["header"]["content-type"].startswith("text/event-stream")
    assert calls.results["headers"]["statusCode"] == 200
    assert calls.results["complete"] == {"errMsg": "request:ok"}
    events = SseParser().feed(b"".join(calls.chunks).decode(), 0)
    assert merge_openai_deltas(events) == DEMO_ANSWER


def test_explicit_cuts_deliver_exactly_those_pieces(recording):
    body = recording.body
    calls = Calls()
    replay(recording, calls, cuts=[10, 3, 3, 200, len(body) - 1]).run()
    assert calls.chunks == [body[:3], body[3:10], body[10:200], body[200:-1], body[-1:]]
    calls = Calls()
    replay(recording, calls, cuts=[]).run()
    assert calls.chunks == [body]


@pytest.mark.parametrize("profile, seed", [("fixed:5", 0), ("random", 7), ("random", 8), ("fixed:1", 0)])
def test_any_profile_recuts_the_same_bytes_deterministically(recording, profile, seed):
    body = recording.body
    first, second = Calls(), Calls()
    replay(recording, first, profile=profile, seed=seed).run()
    replay(recording, second, profile=profile, seed=seed).run()
    assert first.chunks == second.chunks
    assert b"".join(first.chunks) == body
    ends = [sum(map(len, first.chunks[:i + 1])) for i in range(len(first.chunks) - 1)]
    assert ends == cut_offsets(profile, body, seed)  # offset-based: the recorded pieces do not matter


def test_utf8_cut_profile_cuts_every_multibyte_character(recording):
    calls = Calls()
    replay(recording, calls, profile="utf8-cut").run()
    body = b"".join(calls.chunks)
    assert body == recording.body
    ends = {sum(map(len, calls.chunks[:i + 1])) for i in range(len(calls.chunks))}
    leads = [i for i, b in enumerate(body) if b >= 0xC2]
    assert len(leads) > 50 and all(i + 1 in ends for i in leads)  # cut right after every lead byte


def test_wire_profile_replays_the_servers_chunk_framing(chat_log, recording):
    calls = Calls()
    replay(recording, calls, profile="wire").run()
    wire = [c.data for c in read_log(chat_log).chunks("wire")]
    assert calls.chunks == wire


def test_a_ChunkLog_is_streamed_from_the_file(chat_log, recording):
    calls = Calls()
    replay(read_log(chat_log), calls, profile="fixed:64").run()
    assert b"".join(calls.chunks) == recording.body and {len(c) for c in calls.chunks[:-1]} == {64}


def test_recorded_failure_replays_as_the_same_fail(demo_url, tmp_path):
    log = record(f"{demo_url}/fault/disconnect", tmp_path / "d.jsonl")
    recorded = read_log(log).end
    calls = Calls()
    end = replay(log, calls, profile="fixed:3").run()
    assert end.reason == "disconnect"
    assert calls.shape == ["headers", "chunk", "fail", "complete"]
    assert calls.results["fail"] == {"errMsg": recorded["errMsg"], "errno": recorded["errno"]}
    assert calls.results["complete"] == {"errMsg": recorded["errMsg"]}
    assert b"".join(calls.chunks) == Recording.load(log).body != b""


def test_error_status_replays_to_success_with_that_status(demo_url, tmp_path):
    log = record(f"{demo_url}/fault/status/404", tmp_path / "404.jsonl")
    calls = Calls()
    replay(log, calls).run()
    assert calls.results["success"]["statusCode"] == 404 and "fail" not in calls.results
    assert json.loads(b"".join(calls.chunks))


def test_a_request_that_never_got_a_response_replays_its_fail(tmp_path):
    log = record("http://127.0.0.1:9/", tmp_path / "refused.jsonl")
    calls = Calls()
    replay(log, calls).run()
    assert calls.order == ["fail", "complete"]
    assert calls.results["fail"]["errMsg"] == "request:fail connection refused"


def test_interrupted_log_replays_what_it_has_then_fails(chat_log, tmp_path):
    lines = chat_log.read_bytes().splitlines(keepends=True)
    cut = tmp_path / "killed.jsonl"
    cut.write_bytes(b"".join(lines[:40]))  # no end line: the recorder was killed
    body = chat_log.with_name(chat_log.name + ".body")  # the bytes the lines point to, beside the log
    (tmp_path / body.name).write_bytes(body.read_bytes())
    calls = Calls()
    end = replay(cut, calls).run()
    assert end.reason == "disconnect"
    assert calls.results["fail"]["errMsg"] == "request:fail connection closed before the response ended"
    assert calls.chunks and b"".join(calls.chunks) == Recording.load(cut).body


def test_abort_in_a_listener_fails_once_and_stops_the_chunks(recording):
    calls = Calls()
    task = replay(recording, calls, profile="fixed:10")
    task.on_chunk_received(lambda res: task.abort())
    end = task.run()
    assert end.reason == "abort"
    assert calls.chunks == [recording.body[:10]]
    assert calls.results["fail"] == {"errMsg": "request:fail abort", "errno": None}
    assert calls.order.count("complete") == 1 and "success" not in calls.results


def test_off_chunk_received_is_requesttasks_own(recording):
    calls = Calls()
    task = replay(recording, calls, profile="fixed:100")
    seen: list[bytes] = []

    def once(res):
        seen.append(res["data"])
        task.off_chunk_received(once)

    task.on_chunk_received(once)
    task.run()
    assert len(seen) == 1 and len(calls.chunks) > 1


def test_whole_request_timeout_still_applies(recording):
    calls = Calls()
    end = replay(recording, calls, wx={"timeout": 300}, profile="fixed:100,bandwidth=2000").run()
    assert end.reason == "timeout"
    assert calls.results["fail"] == {"errMsg": "request:fail timeout", "errno": 5}
    assert 0 < len(calls.chunks) < len(recording.body) // 100


def test_without_enable_chunked_the_body_goes_to_success(recording):
    calls = Calls()
    replay(recording, calls, wx={"enableChunked": False}, profile="random").run()
    assert calls.chunks == []
    assert calls.results["success"]["data"] == recording.body.decode()


def test_replay_records_a_new_log_of_the_recut_stream(recording, tmp_path):
    calls = Calls()
    replay(recording, calls, cuts=[5, 50], log_path=tmp_path / "again.jsonl").run()
    log = read_log(tmp_path / "again.jsonl")
    assert [c.data for c in log.chunks("delivered")] == calls.chunks
    assert log.end["reason"] == "complete" and log.response["status"] == 200
    assert "replayed" in log.response["levels"]["wire"]


def test_task_factory_serves_the_recording_to_every_request_of_a_script(chat_log):
    from simulator.runtime import MiniProgram

    script = """
    Page({ data: { sizes: [], status: [] },
      onLoad() {
        for (const url of ['http://127.0.0.1:9/a', 'https://example.invalid/b']) {
          const task = wx.request({ url, enableChunked: true,
            success: (r) => this.setData({ status: this.data.status.concat(r.statusCode) }) });
          task.onChunkReceived((r) => this.setData({ sizes: this.data.sizes.concat(r.data.byteLength) }));
        }
      } });
    """
    body_len = len(Recording.load(chat_log).body)
    result = MiniProgram(script, task_factory=make_task_factory(chat_log, cuts=[100]), timeout_ms=10000).run()
    assert result.errors == [] and result.requests == 2
    assert result.data["status"] == [200, 200]
    assert sorted(result.data["sizes"]) == sorted([100, body_len - 100] * 2)
    result = MiniProgram(script, task_factory=make_task_factory(chat_log, profile="fixed:4000"),
                         timeout_ms=10000).run()
    assert sorted(result.data["sizes"]) == sorted([4000] * (body_len // 4000) * 2 + [body_len % 4000] * 2)


def test_offset_cutter_does_not_depend_on_how_bytes_are_fed():
    body = bytes(range(50))
    for feeds in ([body], [body[:7], body[7:8], body[8:]], [body[i:i + 1] for i in range(50)]):
        cutter = OffsetCutter([8, 0, 8, 20, 49, 60])
        pieces = [p for f in feeds for p in cutter.feed(f)] + cutter.flush()
        assert pieces == [body[:8], body[8:20], body[20:49], body[49:]]


def test_a_file_that_is_not_a_log_is_refused(tmp_path):
    bad = tmp_path / "bad.jsonl"
    bad.write_text("hello\n")
    with pytest.raises(LogError, match="not a chunk log"):
        make_task_factory(bad)
    with pytest.raises(LogError):
        ReplayedRequestTask(RequestOptions.from_wx({"url": NOWHERE}), bad)
