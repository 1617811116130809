"""End-to-end tests of the demo server: a real server on loopback, read with httpx (and, where the
chunk framing itself is the point, with h11, the HTTP/1.1 parser httpx uses)."""

from __future__ import annotations

import html
import json
import socket
import time
import zlib
from collections.abc import Iterator
from urllib.parse import urlsplit

import h11
import httpx
import pytest

from simulator.server import DEMO_ANSWER, ENDPOINTS, DemoServer, Endpoint

SPEED = 50  # every default delay divided by 50: the whole file runs in a few seconds


@pytest.fixture(scope="module")
def server() -> Iterator[DemoServer]:
    with DemoServer(speed=SPEED) as demo:
        yield demo


@pytest.fixture(scope="module")
def client(server: DemoServer) -> Iterator[httpx.Client]:
    with httpx.Client(base_url=server.url, timeout=10) as http:
        yield http


def parse_sse(text: str) -> list[dict[str, str]]:
    """Just enough of an SSE parser for these streams: blocks split on a blank line, data lines joined."""
    events = []
    for block in text.split("\n\n"):
        if not block:
            continue
        fields: dict[str, str] = {}
        data: list[str] = []
        for line in block.split("\n"):
            name, _, value = line.partition(":")
            value = value.removeprefix(" ")
            if name == "data":
                data.append(value)
            else:
                fields[name] = value
        if data:
            fields["data"] = "\n".join(data)
        events.append(fields)
    return events


def wire_chunks(server: DemoServer, target: str) -> tuple[h11.Response, list[bytes]]:
    """The response body as the HTTP/1.1 chunks the server framed, read off a plain socket."""
    url = urlsplit(server.url)
    assert url.hostname is not None and url.port is not None
    conn = h11.Connection(h11.CLIENT)
    with socket.create_connection((url.hostname, url.port), timeout=10) as sock:
        request = h11.Request(method="GET", target=target, headers=[("Host", url.netloc)])
        sock.sendall(conn.send(request) + conn.send(h11.EndOfMessage()))
        response, chunks, current = None, [], bytearray()
        while True:
            event = conn.next_event()
            if event is h11.NEED_DATA:
                conn.receive_data(sock.recv(65536))
            elif isinstance(event, h11.Response):
                response = event
            elif isinstance(event, h11.Data):
                if event.chunk_start:
                    current = bytearray()
                current += event.data
                if event.chunk_end:
                    chunks.append(bytes(current))
            elif isinstance(event, h11.EndOfMessage):
                assert response is not None
                return response, chunks


def answer_events(events: list[dict[str, str]]) -> list[dict[str, str]]:
    return [e for e in events if e.get("event") != "done"]


# -- the demo answer -------------------------------------------------------------------------------

def test_demo_answer_is_chinese_with_4_byte_emoji() -> None:
    assert "😀" in DEMO_ANSWER and "🚀" in DEMO_ANSWER
    assert sum(1 for ch in DEMO_ANSWER if len(ch.encode()) == 3) > 50  # mostly CJK


# -- OpenAI ---------------------------------------------------------------------------------------

def chat_body(**overrides: object) -> dict[str, object]:
    messages = [{"role": "user", "content": "你好"}]
    return {"model": "mpsim-demo", "stream": True, "messages": messages} | overrides


def test_openai_stream_merges_to_demo_answer_and_ends_with_done(client: httpx.Client) -> None:
    response = client.post("/v1/chat/completions", json=chat_body())

    assert response.status_code == 200
    assert response.headers["content-type"].startswith("text/event-stream")
    events = parse_sse(response.text)
    assert events[-1] == {"data": "[DONE]"}
    chunks = [json.loads(e["data"]) for e in events[:-1]]
    assert {c["object"] for c in chunks} == {"chat.completion.chunk"}
    assert len({c["id"] for c in chunks}) == 1
    assert chunks[0]["choices"][0]["delta"]["role"] == "assistant"
    deltas = [c["choices"][0]["delta"].get("content", "") for c in chunks[1:-1]]
    assert all(1 <= len(d) <= 4 for d in deltas)
    assert "".join(deltas) == DEMO_ANSWER
    assert chunks[-1]["choices"][0]["finish_reason"] == "stop"
    assert all(c["choices"][0]["finish_reason"] is None for c in chunks[:-1])


def test_openai_get_streams_with_defaults(client: httpx.Client) -> None:
    events = parse_sse(client.get("/v1/chat/completions").text)

    merged = "".join(json.loads(e["data"])["choices"][0]["delta"].get("content", "") for e in events[:-1])
    assert merged == DEMO_ANSWER
    assert events[-1]["data"] == "[DONE]"


def test_openai_without_stream_returns_one_completion(client: httpx.Client) -> None:
    response = client.post("/v1/chat/completions", json=chat_body(stream=False, model="my-model"))

    completion = response.json()
    assert completion["object"] == "chat.completion"
    assert completion["model"] == "my-model"
    assert completion["choices"][0]["message"] == {"role": "assistant", "content": DEMO_ANSWER}
    assert "transfer-encoding" not in response.headers


@pytest.mark.parametrize(
    "body",
    [b"{not json", b"", b"[1, 2]", b'{"stream": "yes"}'],
    ids=["bad-json", "empty", "array", "bad-stream"],
)
def test_openai_bad_body_is_400_with_openai_error(client: httpx.Client, body: bytes) -> None:
    response = client.post("/v1/chat/completions", content=body, headers={"Content-Type": "application/json"})

    assert response.status_code == 400
    assert response.json()["error"]["type"] == "invalid_request_error"
    assert response.json()["error"]["message"]


# -- ordinary streams ------------------------------------------------------------------------------

def test_sse_append_events_rebuild_the_answer(client: httpx.Client) -> None:
    events = parse_sse(client.get("/sse/append", params={"delay": 0}).text)

    assert events[-1]["event"] == "done"
    pieces = answer_events(events)
    assert "".join(e["data"] for e in pieces) == DEMO_ANSWER
    assert [e["id"] for e in pieces] == [str(i) for i in range(1, len(pieces) + 1)]
    assert pieces[0]["retry"] == "3000"


def test_sse_overwrite_each_event_holds_the_whole_answer_so_far(client: httpx.Client) -> None:
    events = answer_events(parse_sse(client.get("/sse/overwrite", params={"delay": 0}).text))

    texts = [json.loads(e["data"])["text"] for e in events]
    for earlier, later in zip(texts, texts[1:], strict=False):
        assert later.startswith(earlier) and later != earlier
    assert texts[-1] == DEMO_ANSWER


def test_ndjson_is_one_json_object_per_line(client: httpx.Client) -> None:
    response = client.get("/ndjson", params={"delay": 0})

    assert response.headers["content-type"].startswith("application/x-ndjson")
    lines = [json.loads(line) for line in response.text.splitlines()]
    assert "".join(line["delta"] for line in lines) == DEMO_ANSWER
    assert [line["done"] for line in lines] == [False] * (len(lines) - 1) + [True]


def test_text_is_the_plain_answer(client: httpx.Client) -> None:
    response = client.get("/text", params={"delay": 0})

    assert response.headers["content-type"].startswith("text/plain")
    assert response.headers["transfer-encoding"] == "chunked"
    assert response.text == DEMO_ANSWER


def test_sse_slow_waits_about_300_ms_between_events(client: httpx.Client) -> None:
    start = time.monotonic()
    events = parse_sse(client.get("/sse/slow").text)
    elapsed = time.monotonic() - start

    # A lower bound only: the server waits at least this long, however fast the machine is.
    assert elapsed >= 0.9 * (len(events) - 1) * 0.300 / SPEED
    assert "".join(e["data"] for e in answer_events(events)) == DEMO_ANSWER


@pytest.mark.parametrize(("query", "count"), [({}, 2000), ({"n": 321}, 321)], ids=["default", "n"])
def test_sse_fast_sends_n_events(client: httpx.Client, query: dict[str, int], count: int) -> None:
    events = parse_sse(client.get("/sse/fast", params=query).text)

    assert len(events) == count
    assert events[-1]["id"] == str(count)


@pytest.mark.parametrize(
    "query",
    [{"delay": "soon"}, {"delay": -1}, {"n": 0}, {"n": "many"}],
    ids=["delay-word", "delay-neg", "n-0", "n-word"],
)
def test_bad_query_parameter_is_400_with_a_reason(client: httpx.Client, query: dict[str, object]) -> None:
    response = client.get("/sse/fast", params=query)

    assert response.status_code == 400
    assert next(iter(query)) in response.text


# -- chunk framing -------------------------------------------------------------------------------

def test_httpx_sees_the_stream_arrive_in_several_pieces(client: httpx.Client) -> None:
    with client.stream("GET", "/sse/append", params={"delay": 50}) as response:
        pieces = list(response.iter_raw())

    assert len(pieces) > 1
    assert b"".join(pieces).decode().endswith("event: done\nid: 72\ndata: [DONE]\n\n")


@pytest.mark.parametrize("path", ["/sse/append", "/sse/overwrite", "/v1/chat/completions", "/sse/fast?n=50"])
def test_each_event_is_one_http_chunk(server: DemoServer, path: str) -> None:
    separator = "&" if "?" in path else "?"
    response, chunks = wire_chunks(server, f"{path}{separator}delay=0")

    assert (b"transfer-encoding", b"chunked") in response.headers
    assert len(chunks) > 10
    assert all(chunk.endswith(b"\n\n") and chunk.count(b"\n\n") == 1 for chunk in chunks)


def test_ndjson_sends_one_line_per_chunk(server: DemoServer) -> None:
    _, chunks = wire_chunks(server, "/ndjson?delay=0")

    assert all(chunk.count(b"\n") == 1 and chunk.endswith(b"\n") for chunk in chunks)


def test_split_utf8_cuts_every_chunk_inside_a_character(server: DemoServer, client: httpx.Client) -> None:
    _, chunks = wire_chunks(server, "/fault/split-utf8?delay=0")

    assert len(chunks) > 10
    # The byte after every boundary is a UTF-8 continuation byte: each cut falls inside a character.
    assert all(0x80 <= chunk[0] <= 0xBF for chunk in chunks[1:])
    assert b"".join(chunks) == client.get("/sse/append", params={"delay": 0}).content


# -- faults --------------------------------------------------------------------------------------

@pytest.mark.parametrize("path", ["/fault/disconnect", "/fault/reset"])
def test_cut_off_stream_raises_after_some_data(client: httpx.Client, path: str) -> None:
    received = bytearray()
    with pytest.raises(httpx.TransportError) as failure, client.stream("GET", path) as response:
        for piece in response.iter_raw():
            received += piece

    if path == "/fault/disconnect":
        assert isinstance(failure.value, httpx.RemoteProtocolError)
    assert received.startswith(b"id: 1\n")


@pytest.mark.parametrize("n", [0, 3])
def test_disconnect_sends_n_whole_events_first(client: httpx.Client, n: int) -> None:
    received = bytearray()
    with pytest.raises(httpx.RemoteProtocolError), client.stream(
        "GET", "/fault/disconnect", params={"n": n, "delay": 0}
    ) as response:
        for piece in response.iter_raw():
            received += piece

    assert received.count(b"\n\n") == n
    assert received and not received.endswith(b"\n\n")  # half of the next event, cut off


def test_invalid_utf8_stream_holds_invalid_bytes_in_data(client: httpx.Client) -> None:
    body = client.get("/fault/invalid-utf8", params={"delay": 0}).content

    assert b"\xff" in body
    assert b"\xe4\xbd then" in body  # a 3-byte character missing its last byte
    with pytest.raises(UnicodeDecodeError):
        body.decode()
    events = parse_sse(body.decode(errors="replace"))
    assert events[0]["data"].endswith("你好")
    assert events[-1]["event"] == "done"


@pytest.mark.parametrize("code", [400, 401, 404, 429, 500, 503])
def test_status_fault_returns_that_status_with_a_chunked_json_body(client: httpx.Client, code: int) -> None:
    response = client.get(f"/fault/status/{code}")

    assert response.status_code == code
    assert response.headers["transfer-encoding"] == "chunked"
    assert response.json()["error"]["code"] == code


@pytest.mark.parametrize("code", [204, 304, 101, 999])
def test_status_fault_refuses_a_status_without_a_body(client: httpx.Client, code: int) -> None:
    assert client.get(f"/fault/status/{code}").status_code == 400


def test_never_ending_keeps_sending(client: httpx.Client) -> None:
    with client.stream("GET", "/fault/never-ending", params={"delay": 0}) as response:
        text = ""
        for piece in response.iter_text():
            text += piece
            if text.count("\n\n") >= 200:  # far more than the answer has pieces: it went round again
                break

    assert len(parse_sse(text)) >= 200


def test_stop_is_prompt_while_a_never_ending_stream_is_open() -> None:
    demo = DemoServer(speed=SPEED).start()
    with (
        httpx.Client(base_url=demo.url, timeout=10) as http,
        http.stream("GET", "/fault/never-ending") as response,
    ):
        pieces = response.iter_raw()
        assert next(pieces).startswith(b"id: 1\n")

        start = time.monotonic()
        demo.stop()
        assert time.monotonic() - start < 1.0

        with pytest.raises(httpx.RemoteProtocolError):  # the stream ended without its last chunk
            for _ in pieces:
                pass


def test_client_leaving_mid_stream_prints_no_traceback(capfd: pytest.CaptureFixture[str]) -> None:
    demo = DemoServer(speed=SPEED).start()
    with httpx.Client(base_url=demo.url, timeout=10) as http:
        for path in ("/sse/fast?n=1000000", "/fault/never-ending?delay=1"):
            with http.stream("GET", path) as response:
                next(response.iter_raw())  # then leave: the server is still writing
        assert http.get("/text", params={"delay": 0}).text == DEMO_ANSWER
    demo.stop()  # returns once every handler has finished, tracebacks included

    assert capfd.readouterr().err == ""


def test_no_newline_streams_megabytes_without_a_newline(server: DemoServer) -> None:
    _, chunks = wire_chunks(server, "/fault/no-newline?mb=1")

    body = b"".join(chunks)
    assert len(body) == 1024 * 1024
    assert body.startswith(b"data: ") and b"\n" not in body
    assert {len(chunk) for chunk in chunks} == {64 * 1024}


def test_gzip_decodes_to_sse_and_streams_compressed(client: httpx.Client) -> None:
    response = client.get("/fault/gzip", params={"delay": 0})

    assert response.headers["content-encoding"] == "gzip"
    assert response.headers["transfer-encoding"] == "chunked"
    events = parse_sse(response.text)
    assert "".join(e["data"] for e in answer_events(events)) == DEMO_ANSWER

    with client.stream("GET", "/fault/gzip", params={"delay": 50}) as streamed:
        pieces = streamed.iter_raw()
        first = next(pieces)
        # The first compressed piece decodes on its own into whole events: the server flushed it.
        assert zlib.decompressobj(wbits=31).decompress(first).startswith(b"id: 1\nretry: 3000\ndata: ")


def test_redirect_points_to_sse_append_keeping_the_query(client: httpx.Client) -> None:
    response = client.get("/fault/redirect", params={"delay": 0})
    assert response.status_code == 302
    assert response.headers["location"] == "/sse/append?delay=0"

    followed = client.get("/fault/redirect", params={"delay": 0}, follow_redirects=True)
    assert "".join(e["data"] for e in answer_events(parse_sse(followed.text))) == DEMO_ANSWER


def test_content_length_stream_has_no_chunked_framing(client: httpx.Client) -> None:
    response = client.get("/fault/content-length", params={"delay": 0})

    assert "transfer-encoding" not in response.headers
    assert int(response.headers["content-length"]) == len(response.content)
    assert "".join(e["data"] for e in answer_events(parse_sse(response.text))) == DEMO_ANSWER


# -- index and routing ---------------------------------------------------------------------------

def test_index_lists_every_endpoint_with_a_curl_example(client: httpx.Client, server: DemoServer) -> None:
    page = client.get("/")

    assert page.headers["content-type"].startswith("text/html")
    text = html.unescape(page.text)
    for endpoint in ENDPOINTS:
        assert f">{endpoint.path}</a>" in text
        assert endpoint.description in text
        assert endpoint.curl(server.url) in text
    assert text.count("curl -N") == len(ENDPOINTS)


def test_endpoints_json_matches_endpoints(client: httpx.Client, server: DemoServer) -> None:
    listing = client.get("/endpoints.json").json()

    assert [(e["method"], e["path"]) for e in listing] == [(e.method, e.path) for e in ENDPOINTS]
    assert all(e["curl"].startswith("curl -N") and server.url in e["curl"] for e in listing)


def expected_status(endpoint: Endpoint) -> int:
    if endpoint.path.startswith("/fault/status/"):
        return int(endpoint.path.rsplit("/", 1)[1])
    return 302 if endpoint.path == "/fault/redirect" else 200


@pytest.mark.parametrize("endpoint", ENDPOINTS, ids=[f"{e.method} {e.path}" for e in ENDPOINTS])
def test_every_listed_endpoint_answers_with_its_content_type(
    client: httpx.Client, endpoint: Endpoint
) -> None:
    with client.stream(
        endpoint.method, endpoint.path, params={"delay": 0, "mb": 0.01}, content=endpoint.sample_body
    ) as response:
        assert response.status_code == expected_status(endpoint)
        assert response.headers["content-type"] == endpoint.content_type


def test_unknown_path_is_404_pointing_to_the_index(client: httpx.Client) -> None:
    response = client.get("/no/such/thing")

    assert response.status_code == 404
    assert "/no/such/thing" in response.text and " / " in response.text


def test_wrong_method_is_405_with_allow(client: httpx.Client) -> None:
    response = client.post("/sse/append")

    assert response.status_code == 405
    assert response.headers["allow"] == "GET"


def test_connection_is_reused_after_a_complete_stream(client: httpx.Client) -> None:
    peers = set()
    for _ in range(3):
        with client.stream("GET", "/text", params={"delay": 0}) as response:
            response.read()
            stream = response.extensions["network_stream"]
            peers.add(stream.get_extra_info("client_addr"))

    assert len(peers) == 1


def test_server_binds_loopback_and_reports_its_url() -> None:
    with DemoServer() as demo:
        assert demo.url.startswith("http://127.0.0.1:")
        assert not demo.url.endswith("/")


def test_speed_must_be_positive() -> None:
    with pytest.raises(ValueError, match="speed"):
        DemoServer(speed=0)
