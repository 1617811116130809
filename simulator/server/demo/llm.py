"""The OpenAI-compatible chat endpoint: streamed or whole, with reasoning, usage, and behind a buffering proxy."""

from __future__ import annotations

import json
import time
import uuid
from http import HTTPStatus
from typing import Any

from .content import _ANSWER_PIECES, _SSE, DEMO_ANSWER, _compact_json, _split_answer, _sse
from .handler import _HandlerBase

#: What a reasoning model "thinks" before it answers (``delta.reasoning_content``), streamed first.
DEMO_REASONING = (
    "用户想看流式输出的演示。先想一想：回答要短，要有中文、标点、换行和表情 🤔，"
    "这样切块出错时一眼就能看出来。好，开始回答。"
)
#: A model whose name contains this streams its reasoning first, as DeepSeek's ``deepseek-reasoner`` does.
REASONER = "reasoner"
#: How many bytes a buffering proxy gathers before it forwards them (nginx's ``proxy_buffer_size``
#: default is one memory page, 4 KiB: https://nginx.org/en/docs/http/ngx_http_proxy_module.html).
_PROXY_BUFFER = 4096


class _Chat:
    """One chat completion as the OpenAI API answers it, streamed or whole."""

    def __init__(self, request: dict[str, Any]) -> None:
        self.model = request.get("model") if isinstance(request.get("model"), str) else "mpsim-demo"
        self.id = f"chatcmpl-{uuid.uuid4().hex[:24]}"
        self.created = int(time.time())
        self.reasoning = _split_answer(DEMO_REASONING) if REASONER in self.model.lower() else []
        options = request.get("stream_options") or {}
        self.include_usage = options.get("include_usage") is True
        messages = request.get("messages")
        # Rough counts: the demo has no tokenizer; a character of the prompt or one delta stands for a token.
        self.prompt_tokens = sum(len(m["content"]) for m in messages if isinstance(m, dict)
                                 and isinstance(m.get("content"), str)) if isinstance(messages, list) else 0

    def usage(self) -> dict[str, Any]:
        completion = len(self.reasoning) + len(_ANSWER_PIECES)
        usage: dict[str, Any] = {"prompt_tokens": self.prompt_tokens, "completion_tokens": completion,
                                 "total_tokens": self.prompt_tokens + completion}
        if self.reasoning:
            usage["completion_tokens_details"] = {"reasoning_tokens": len(self.reasoning)}
        return usage

    def completion(self) -> dict[str, Any]:
        message: dict[str, Any] = {"role": "assistant", "content": DEMO_ANSWER}
        if self.reasoning:
            message["reasoning_content"] = DEMO_REASONING
        return {"id": self.id, "object": "chat.completion", "created": self.created, "model": self.model,
                "choices": [{"index": 0, "message": message, "finish_reason": "stop"}], "usage": self.usage()}

    def _chunk(self, choices: list[dict[str, Any]], usage: dict[str, Any] | None = None) -> bytes:
        chunk: dict[str, Any] = {"id": self.id, "object": "chat.completion.chunk", "created": self.created,
                                 "model": self.model, "choices": choices}
        if self.include_usage:
            # "If set, ... all other chunks will also include a usage field, but with a null value"
            # (https://platform.openai.com/docs/api-reference/chat/create#chat-create-stream_options).
            chunk["usage"] = usage
        return _sse(_compact_json(chunk))

    def _delta(self, delta: dict[str, Any], finish_reason: str | None = None) -> bytes:
        return self._chunk([{"index": 0, "delta": delta, "finish_reason": finish_reason}])

    def events(self) -> list[bytes]:
        if self.reasoning:
            # DeepSeek's reasoning models: reasoning_content deltas with content null, then the answer
            # with reasoning_content null (https://api-docs.deepseek.com/guides/reasoning_model).
            events = [self._delta({"role": "assistant", "content": None, "reasoning_content": ""})]
            events += [self._delta({"content": None, "reasoning_content": p}) for p in self.reasoning]
            events += [self._delta({"content": p, "reasoning_content": None}) for p in _ANSWER_PIECES]
        else:
            events = [self._delta({"role": "assistant", "content": ""})]
            events += [self._delta({"content": p}) for p in _ANSWER_PIECES]
        events.append(self._delta({}, "stop"))
        if self.include_usage:
            # "An additional chunk will be streamed before the data: [DONE] message. The usage field on
            # this chunk shows the token usage statistics for the entire request, and the choices field
            # will always be an empty array." (the stream_options page above)
            events.append(self._chunk([], self.usage()))
        return [*events, _sse("[DONE]")]


class _ChatRoutes(_HandlerBase):
    """``/v1/chat/completions`` and ``/v1/chat/completions/buffered``."""

    def _openai_error(self, status: int, message: str, param: str | None = None) -> None:
        error = {"error": {"message": message, "type": "invalid_request_error", "param": param, "code": None}}
        self._send_whole(status, "application/json", _compact_json(error).encode())

    def _chat_request(self) -> dict[str, Any] | None:
        """The chat request (None once an error was answered); a GET stands for a streaming POST."""
        if self.command != "POST":
            request: dict[str, Any] = {"stream": True}  # GET: stream with defaults, so a browser shows it
            if model := self._query.get("model", [""])[-1]:
                request["model"] = model
            if self._query.get("include_usage", [""])[-1] in ("1", "true"):
                request["stream_options"] = {"include_usage": True}
            return request
        try:
            request = json.loads(self._body)
        except (ValueError, UnicodeDecodeError) as exc:
            message = f"We could not parse the JSON body of your request. ({exc})"
            self._openai_error(HTTPStatus.BAD_REQUEST, message)
            return None
        if not isinstance(request, dict):
            self._openai_error(HTTPStatus.BAD_REQUEST, "The request body must be a JSON object.")
            return None
        if not isinstance(request.get("stream", False), bool):
            self._openai_error(HTTPStatus.BAD_REQUEST, "stream must be a boolean.", "stream")
            return None
        options = request.get("stream_options")
        if options is not None and not isinstance(options, dict):
            self._openai_error(HTTPStatus.BAD_REQUEST, "stream_options must be an object.", "stream_options")
            return None
        return request

    def _chat_completions(self) -> None:
        request = self._chat_request()
        if request is None:
            return
        delay_s = self._delay_s(40)
        chat = _Chat(request)
        if not request.get("stream", False):
            self._send_whole(HTTPStatus.OK, "application/json", _compact_json(chat.completion()).encode())
            return
        self._start_stream(_SSE)
        self._stream(chat.events(), delay_s)

    def _chat_buffered(self) -> None:
        request = self._chat_request()
        if request is None:
            return
        request["stream"] = True
        delay_s = self._delay_s(40)
        size = int(self._param("size", _PROXY_BUFFER, minimum=1, integer=True))
        body = b"".join(_Chat(request).events())
        self._start_stream(_SSE)
        # A proxy forwards whatever its buffer holds once it is full, blind to where events end.
        self._stream((body[i:i + size] for i in range(0, len(body), size)), delay_s)
