"""RequestTask end to end against the real demo server on loopback (no mocks of httpx)."""

from __future__ import annotations

import threading

import pytest

from simulator.core.analysis import StreamAnalysis
from simulator.core.chunklog import read_log
from simulator.core.options import RequestOptions
from simulator.core.sse import merge_openai_deltas
from simulator.core.task import RequestTask
from simulator.server.demo import DEMO_ANSWER


class Calls:
    """Records every callback and listener call in order."""

    def __init__(self) -> None:
        self.order: list[str] = []
        self.chunks: list[bytes] = []
        self.results: dict[str, dict] = {}

    def wire(self, task: RequestTask) -> None:
        task.on_headers_received(lambda res: (self.order.append("headers"), self.results.__setitem__("headers", res)))
        task.on_chunk_received(self.chunk)

    def chunk(self, res: dict) -> None:
        self.order.append("chunk")
        self.chunks.append(res["data"])

    def callbacks(self) -> dict:
        def make(name):
            return lambda res: (self.order.append(name), self.results.__setitem__(name, res))
        return {"success": make("success"), "fail": make("fail"), "complete": make("complete")}


def request(url: str, calls: Calls, **kw) -> RequestTask:
    wx = {"url": url, **kw.pop("wx", {})}
    task = RequestTask(RequestOptions.from_wx(wx), **calls.callbacks(), **kw)
    calls.wire(task)
    return task


def collapse(order: list[str]) -> list[str]:
    out: list[str] = []
    for name in order:
        if not out or out[-1] != name:
            out.append(name)
    return out


def test_openai_stream_runs_headers_chunks_success_complete_in_order(demo_url, tmp_path):
    calls = Calls()
    analysis = StreamAnalysis(keep_events=True)
    task = request(f"{demo_url}/v1/chat/completions", calls, profile="random", seed=3, monitors=[analysis],
                   log_path=tmp_path / "chat.jsonl",
                   wx={"method": "POST", "data": {"stream": True, "messages": [{"role": "user", "content": "hi"}]}})
    end = task.run()
    assert end.reason == "complete"
    assert collapse(calls.order) == ["headers", "chunk", "success", "complete"]
    assert calls.results["success"]["errMsg"] == "request:ok"
    assert calls.results["success"]["data"] == ""
    assert calls.results["headers"]["statusCode"] == 200
    assert analysis.events[-1].data == "[DONE]"
    assert merge_openai_deltas(analysis.events) == DEMO_ANSWER
    # what the listener was given is what the log recorded as delivered, byte for byte
    log = read_log(tmp_path / "chat.jsonl")
    assert [c.data for c in log.chunks("delivered")] == calls.chunks
    assert log.end["reason"] == "complete"


def test_wire_level_shows_the_servers_chunk_framing(demo_url):
    calls = Calls()
    wire: list[bytes] = []

    class Wire:
        def on_chunk(self, c):
            if c.level == "wire":
                wire.append(c.data)

    task = request(f"{demo_url}/fault/split-utf8", calls, profile="wire", monitors=[Wire()])
    task.run()
    assert calls.chunks == wire and len(wire) > 3
    # the server cut each chunk inside a character: the frames show it
    assert any(not _complete_utf8(w) for w in wire)


def _complete_utf8(b: bytes) -> bool:
    try:
        b.decode()
        return True
    except UnicodeDecodeError:
        return False


@pytest.mark.parametrize("status", [404, 500])
def test_error_statuses_still_reach_success(demo_url, status):
    calls = Calls()
    end = request(f"{demo_url}/fault/status/{status}", calls).run()
    assert end.reason == "complete"
    assert calls.results["success"]["statusCode"] == status
    assert "fail" not in calls.results
    assert b"".join(calls.chunks)  # the error body arrives as chunks


def test_abort_fails_once_closes_and_no_listener_runs_after(demo_url):
    calls = Calls()
    task = request(f"{demo_url}/fault/never-ending?delay=5", calls)
    seen_three = threading.Event()
    task.on_chunk_received(lambda res: len(calls.chunks) >= 3 and seen_three.set())
    task.start()
    assert seen_three.wait(10)
    task.abort()
    n = len(calls.chunks)
    assert task.wait(10)
    assert len(calls.chunks) == n
    assert calls.results["fail"]["errMsg"] == "request:fail abort"
    assert calls.order.count("fail") == 1 and calls.order.count("complete") == 1
    assert "success" not in calls.results
    assert task.end.reason == "abort"


def test_chunks_after_abort_quirk_keeps_delivering(demo_url):
    from simulator.core.platforms import get_platform

    calls = Calls()
    task = request(f"{demo_url}/fault/never-ending?delay=5", calls,
                   platform=get_platform("android", chunks_after_abort=True))
    task.after_abort_window_s = 0.3
    first = threading.Event()
    after: list[bytes] = []
    task.on_chunk_received(lambda res: first.set() if not task.aborted else after.append(res["data"]))
    task.start()
    assert first.wait(10)
    task.abort()
    assert task.wait(10)
    assert after, "with the quirk on, chunks keep coming after abort()"
    assert calls.results["fail"]["errMsg"] == "request:fail abort"


def test_off_with_the_same_function_removes_only_it_and_off_without_argument_removes_all(demo_url):
    got: dict[str, int] = {"a": 0, "b": 0, "c": 0}
    task = RequestTask(RequestOptions.from_wx({"url": f"{demo_url}/sse/append"}))

    def a(res):
        got["a"] += 1

    def b(res):
        got["b"] += 1

    task.on_chunk_received(a)
    task.on_chunk_received(b)
    task.off_chunk_received(lambda res: None)  # a different function object: removes nothing
    task.off_chunk_received(a)
    task.on_headers_received(lambda res: got.__setitem__("c", 1))
    task.off_headers_received()
    task.run()
    assert got["a"] == 0 and got["b"] > 0 and got["c"] == 0


def test_whole_request_timeout_cuts_a_stream_that_keeps_sending(demo_url):
    calls = Calls()
    end = request(f"{demo_url}/fault/never-ending?delay=20", calls, wx={"timeout": 300}).run()
    assert end.reason == "timeout"
    assert calls.results["fail"] == {"errMsg": "request:fail timeout", "errno": 5}
    assert calls.chunks, "chunks before the timeout were delivered"


def test_disconnect_mid_stream_keeps_what_arrived(demo_url, tmp_path):
    calls = Calls()
    end = request(f"{demo_url}/fault/disconnect", calls, log_path=tmp_path / "d.jsonl").run()
    assert end.reason == "disconnect"
    assert calls.results["fail"]["errMsg"].startswith("request:fail")
    log = read_log(tmp_path / "d.jsonl")
    assert b"".join(c.data for c in log.chunks("delivered")) == b"".join(calls.chunks) != b""


def test_unreachable_host_fails_with_a_reason():
    calls = Calls()
    end = request("http://127.0.0.1:9/", calls).run()
    assert end.reason == "error"
    assert calls.results["fail"]["errMsg"] == "request:fail connection refused"
    assert calls.order == ["fail", "complete"]


def test_gzip_body_is_delivered_decoded_and_the_log_says_so(demo_url, tmp_path):
    calls = Calls()
    task = request(f"{demo_url}/fault/gzip", calls, log_path=tmp_path / "g.jsonl")
    task.run()
    text = b"".join(calls.chunks).decode()
    assert text.startswith("id:") or "data:" in text
    assert read_log(tmp_path / "g.jsonl").response["content_encoding"] == "gzip"


def test_redirect_follow_and_manual(demo_url):
    calls = Calls()
    request(f"{demo_url}/fault/redirect", calls).run()
    assert calls.results["success"]["statusCode"] == 200 and calls.chunks
    manual = Calls()
    request(f"{demo_url}/fault/redirect", manual, wx={"redirect": "manual"}).run()
    assert manual.results["headers"]["statusCode"] == 302
    assert "location" in {k.lower() for k in manual.results["headers"]["header"]}
    assert manual.results["success"]["statusCode"] == 302 and manual.chunks == []


def test_content_length_body_says_the_wire_level_is_not_observable(demo_url, tmp_path):
    calls = Calls()
    task = request(f"{demo_url}/fault/content-length", calls, profile="wire", log_path=tmp_path / "c.jsonl")
    task.run()
    levels = read_log(tmp_path / "c.jsonl").response["levels"]
    assert levels["wire"].startswith("not chunked")
    assert calls.chunks  # the wire profile falls back to reads


def test_devtools_headers_have_no_status_code(demo_url):
    calls = Calls()
    request(f"{demo_url}/sse/append", calls, platform="devtools").run()
    assert "statusCode" not in calls.results["headers"]
    assert calls.results["success"]["statusCode"] == 200


def test_without_enable_chunked_the_body_arrives_in_success(demo_url):
    calls = Calls()
    request(f"{demo_url}/fault/status/404", calls, wx={"enableChunked": False}).run()
    assert calls.chunks == []
    assert isinstance(calls.results["success"]["data"], dict)  # dataType json parses it


def test_connection_reset_mid_stream_is_a_disconnect_with_what_arrived(demo_url):
    calls = Calls()
    end = request(f"{demo_url}/fault/reset", calls).run()
    assert end.reason == "disconnect" and calls.chunks
    assert calls.order[-2:] == ["fail", "complete"]


def test_tls_to_a_plain_http_server_fails_with_the_handshake_message(demo_url):
    calls = Calls()
    end = request(demo_url.replace("http://", "https://") + "/sse/append", calls).run()
    assert end.reason == "error"
    assert calls.results["fail"]["errMsg"] == "request:fail ssl hand shake error"


@pytest.mark.parametrize("path", ["/text", "/ndjson"])
def test_non_sse_content_still_streams_chunks_and_text(demo_url, path):
    calls = Calls()
    analysis = StreamAnalysis(keep_text=True)
    request(f"{demo_url}{path}", calls, monitors=[analysis]).run()
    assert len(calls.chunks) > 3 and analysis.event_count == 0
    assert analysis.text and "\ufffd" not in analysis.text
