"""What every demo stream says, and how it is framed as Server-Sent Events."""

from __future__ import annotations

import json
from itertools import cycle
from typing import Any

#: The answer every demo stream types out. Chinese with punctuation, newlines and emoji, two of them
#: 4-byte (😀, 🚀), because those are what hand-written byte-to-string code garbles on devices.
DEMO_ANSWER = (
    "你好！😀 我是 mpsim 演示服务器上的小助手。下面用几句话演示流式输出（打字机效果）：\n\n"
    "1. 服务器每次只写一小段文字，小程序通过 onChunkReceived 一块一块地收到。\n"
    "2. 真机上一个汉字的三个字节可能被切到两块里，请用流式解码器拼接，不要逐块直接转换。\n"
    "3. 表情符号占四个字节，比如火箭 🚀 和笑脸 😀，最容易被切坏。\n\n"
    "祝你调试顺利！🎉"
)

_SSE = "text/event-stream; charset=utf-8"


def _split_answer(text: str) -> list[str]:
    # A fixed size pattern, not a seeded random, so every run and every endpoint cuts alike.
    sizes = cycle((2, 1, 3, 4, 2, 3, 1, 4, 3))
    pieces, pos = [], 0
    while pos < len(text):
        size = next(sizes)
        pieces.append(text[pos : pos + size])
        pos += size
    return pieces


_ANSWER_PIECES = _split_answer(DEMO_ANSWER)


def _sse(data: str, *, event: str | None = None, id: str | None = None, retry: int | None = None) -> bytes:
    lines = []
    if event is not None:
        lines.append(f"event: {event}")
    if id is not None:
        lines.append(f"id: {id}")
    if retry is not None:
        lines.append(f"retry: {retry}")
    # A newline inside data must become several data: lines; the parser joins them back with "\n"
    # (WHATWG HTML, 9.2.6 "Interpreting an event stream").
    lines += [f"data: {line}" for line in data.split("\n")]
    return ("\n".join(lines) + "\n\n").encode()


def _compact_json(obj: Any) -> str:
    # Compact and raw UTF-8 like the OpenAI API: Chinese stays multi-byte on the wire, where it can be cut.
    return json.dumps(obj, ensure_ascii=False, separators=(",", ":"))


def _append_events() -> list[bytes]:
    events = [
        _sse(piece, id=str(i), retry=3000 if i == 1 else None)
        for i, piece in enumerate(_ANSWER_PIECES, start=1)
    ]
    events.append(_sse("[DONE]", event="done", id=str(len(events) + 1)))
    return events
