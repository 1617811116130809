"""The demo server as real LLM APIs stream: read by the official ``openai`` SDK, by mpsim's own
request task, and shown by the window's merge view (reasoning and answer both)."""

from __future__ import annotations

from collections.abc import Iterator

import openai
import pytest
from openai.types.chat import ChatCompletionChunk

from simulator.core.analysis import StreamAnalysis
from simulator.core.options import RequestOptions
from simulator.core.sse import OpenAiAnswer, SseParser, merge_openai_deltas
from simulator.core.task import RequestTask
from simulator.gui.answer import AnswerComposer, TextMode
from simulator.gui.feed import StreamFeed
from simulator.server.demo import DEMO_ANSWER, DEMO_REASONING, DemoServer

MESSAGES = [{"role": "user", "content": "你好"}]
SHOWN = f"<think>\n{DEMO_REASONING}\n</think>\n\n{DEMO_ANSWER}"  # what the merge view shows for a reasoner


@pytest.fixture
def server(demo_server) -> DemoServer:
    return demo_server


@pytest.fixture
def sdk(server: DemoServer) -> Iterator[openai.OpenAI]:
    with openai.OpenAI(base_url=f"{server.url}/v1", api_key="sk-demo", max_retries=0, timeout=10) as client:
        yield client


def stream(sdk: openai.OpenAI, **kw) -> list[ChatCompletionChunk]:
    return list(sdk.chat.completions.create(messages=MESSAGES, stream=True, **kw))  # type: ignore[call-overload]


def test_sdk_gets_the_usage_chunk_last_with_no_choices(sdk):
    chunks = stream(sdk, model="mpsim-demo", stream_options={"include_usage": True})

    *deltas, last = chunks
    assert last.choices == [] and last.usage is not None
    assert last.usage.completion_tokens == len(deltas) - 2  # every delta but the role and the stop chunk
    assert last.usage.total_tokens == last.usage.prompt_tokens + last.usage.completion_tokens
    assert all(c.usage is None for c in deltas)
    assert "".join(c.choices[0].delta.content or "" for c in deltas) == DEMO_ANSWER
    assert deltas[-1].choices[0].finish_reason == "stop"


def test_sdk_gets_no_usage_chunk_unless_asked(sdk):
    chunks = stream(sdk, model="mpsim-demo")

    assert all(c.choices for c in chunks)
    assert all("usage" not in c.model_fields_set for c in chunks)


def test_sdk_sees_reasoning_content_before_the_answer(sdk):
    chunks = stream(sdk, model="mpsim-reasoner", stream_options={"include_usage": True})

    kinds = []  # "r" for a reasoning delta, "c" for an answer delta, in stream order
    reasoning = answer = ""
    for chunk in chunks[:-1]:
        delta = chunk.choices[0].delta
        extra = delta.model_extra or {}
        if extra.get("reasoning_content"):
            reasoning += extra["reasoning_content"]
            kinds.append("r")
        if delta.content:
            answer += delta.content
            kinds.append("c")
    assert reasoning == DEMO_REASONING and answer == DEMO_ANSWER
    assert "".join(kinds) == "r" * kinds.count("r") + "c" * kinds.count("c")
    usage = chunks[-1].usage
    assert usage is not None and usage.completion_tokens_details is not None
    assert usage.completion_tokens_details.reasoning_tokens == kinds.count("r")


def test_whole_reasoner_answer_carries_both(sdk):
    done = sdk.chat.completions.create(model="deepseek-reasoner", messages=MESSAGES)  # type: ignore[call-overload]

    assert done.choices[0].message.content == DEMO_ANSWER
    assert (done.choices[0].message.model_extra or {})["reasoning_content"] == DEMO_REASONING


def test_buffered_stream_packs_events_and_cuts_them_mid_line(server, sdk):
    # The chunks as the server framed them are what the wire profile hands to onChunkReceived.
    wx = {"url": f"{server.url}/v1/chat/completions/buffered?size=1000", "enableChunked": True}
    task = RequestTask(RequestOptions.from_wx(wx), profile="wire",
                       monitors=[analysis := StreamAnalysis(keep_events=True)])
    wire: list[bytes] = []
    task.on_chunk_received(lambda res: wire.append(res["data"]))
    assert task.run().reason == "complete"

    assert len(wire) > 3 and [len(c) for c in wire[:-1]] == [1000] * (len(wire) - 1)
    assert all(c.count(b"\n\n") >= 2 for c in wire[:-1])  # several events in one chunk
    assert sum(not c.endswith(b"\n\n") for c in wire) >= len(wire) - 1  # cut inside an event
    assert merge_openai_deltas(analysis.events) == DEMO_ANSWER
    # and the official SDK, reading the same endpoint, still gets every delta
    chunks = sdk.post("/chat/completions/buffered", cast_to=ChatCompletionChunk, stream=True,
                      body={"model": "mpsim-demo", "messages": MESSAGES},
                      stream_cls=openai.Stream[ChatCompletionChunk])
    assert "".join(c.choices[0].delta.content or "" for c in chunks) == DEMO_ANSWER


def test_reasoner_through_request_task_merges_reasoning_then_answer(server):
    analysis = StreamAnalysis(keep_events=True)
    wx = {"url": f"{server.url}/v1/chat/completions", "method": "POST", "enableChunked": True,
          "data": {"model": "mpsim-reasoner", "stream": True, "messages": MESSAGES}}
    task = RequestTask(RequestOptions.from_wx(wx), profile="utf8-cut", monitors=[analysis])

    assert task.run().reason == "complete"
    assert merge_openai_deltas(analysis.events) == SHOWN


def test_window_merge_view_shows_reasoning_and_answer(server):
    """The text view in append + merge mode: live (the feed extracts on the request thread), and
    again from the stored events when merge is switched on after the stream."""
    wx = {"url": f"{server.url}/v1/chat/completions?model=mpsim-reasoner", "enableChunked": True}
    live, later = StreamFeed(openai_deltas=True), StreamFeed()
    assert RequestTask(RequestOptions.from_wx(wx), profile="random", seed=4, monitors=[live, later]).run().reason \
        == "complete"
    composer = AnswerComposer(TextMode.APPEND, merge_openai=True)

    shown = ""
    while (batch := live.take(max_rows=7)).chunks or batch.events:  # the view updates batch by batch
        change = composer.update(batch.events, "".join(batch.text))
        shown += change[0] if change else ""
    assert shown == SHOWN
    update = composer.update(later.take().events, "")
    assert update is not None and update[0] == SHOWN


@pytest.mark.parametrize(("deltas", "shown"), [
    ([{"content": "你"}, {"content": "好"}], "你好"),
    ([{"reasoning_content": "想"}, {"reasoning_content": "好了", "content": None}, {"content": "答"}],
     "<think>\n想好了\n</think>\n\n答"),
    ([{"reasoning_content": "只想不答"}], "<think>\n只想不答"),
    ([{"reasoning_content": ""}, {"content": ""}, {"content": "答"}], "答"),
], ids=["answer-only", "reasoning-then-answer", "reasoning-cut-off", "empty-pieces"])
def test_openai_answer_event_by_event(deltas, shown):
    import json

    text = "".join(f"data: {json.dumps({'choices': [{'index': 0, 'delta': d}]})}\n\n" for d in deltas)
    events = SseParser().feed(text + 'data: {"choices":[],"usage":{"total_tokens":3}}\n\ndata: [DONE]\n\n', 0)
    answer = OpenAiAnswer()
    assert "".join(answer.feed(e) for e in events) == shown
