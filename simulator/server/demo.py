"""The built-in demo streaming server (`mpsim serve`, `mpsim demo`, and the tests' peer).

It is the standard library's ``http.server.ThreadingHTTPServer`` on purpose. It adds no dependency,
and the fault endpoints need exact control over every write: a chunk's framing, a chunk cut short,
a socket closed mid-body or reset. An ASGI stack (uvicorn, hypercorn) frames and buffers the body
itself and would hide exactly what this server exists to show.

Rules every streaming endpoint follows, because the client's ``wire`` level depends on them:

- ``Transfer-Encoding: chunked`` is written by hand, and each HTTP chunk is ONE ``wfile.write``
  (``wbufsize`` is 0, so that is one ``sendall``), with ``TCP_NODELAY`` on. One SSE event or one
  NDJSON line is one chunk unless the endpoint says otherwise.
- Waits between chunks go through ``_DemoHTTPServer.stopping`` so that ``stop()`` is prompt even
  while a never-ending stream is open.

Query parameters: ``delay`` (milliseconds between chunks) on every streaming endpoint; ``n`` where a
count makes sense. ``speed`` (constructor) divides every wait: tests run at a high speed.
"""

from __future__ import annotations

import html
import json
import re
import shlex
import socket
import socketserver
import struct
import sys
import threading
import time
import uuid
import zlib
from collections.abc import Callable, Iterable, Iterator
from dataclasses import asdict, dataclass
from http import HTTPStatus
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from itertools import cycle
from typing import Any
from urllib.parse import parse_qs, urlsplit

from simulator import __version__

__all__ = ["DEMO_ANSWER", "ENDPOINTS", "DemoServer", "Endpoint"]

#: The answer every demo stream types out. Chinese with punctuation, newlines and emoji, two of them
#: 4-byte (😀, 🚀), because those are what hand-written byte-to-string code garbles on devices.
DEMO_ANSWER = (
    "你好！😀 我是 mpsim 演示服务器上的小助手。下面用几句话演示流式输出（打字机效果）：\n\n"
    "1. 服务器每次只写一小段文字，小程序通过 onChunkReceived 一块一块地收到。\n"
    "2. 真机上一个汉字的三个字节可能被切到两块里，请用流式解码器拼接，不要逐块直接转换。\n"
    "3. 表情符号占四个字节，比如火箭 🚀 和笑脸 😀，最容易被切坏。\n\n"
    "祝你调试顺利！🎉"
)

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

_MIB = 1024 * 1024
_MAX_REQUEST_BODY = 1 * _MIB  # the demo only reads small JSON bodies
_NO_NEWLINE_BLOCK = 64 * 1024


@dataclass(frozen=True, slots=True)
class Endpoint:
    """One demo endpoint, as listed by the index page, ``/endpoints.json`` and the GUI's presets."""

    method: str
    path: str
    title: str
    description: str
    content_type: str
    sample_body: str | None = None  # for POST: a body that works as is
    curl_flags: tuple[str, ...] = ()  # what curl needs to show this one usefully (-i, -L, --compressed)

    def curl(self, base_url: str) -> str:
        """A copy-pasteable curl command; ``-N`` turns off curl's buffering so the stream shows live."""
        parts = ["curl", "-N", *self.curl_flags]
        if self.method != "GET":
            parts += ["-X", self.method]
        if self.sample_body is not None:
            parts += ["-H", "Content-Type: application/json", "-d", self.sample_body]
        parts.append(base_url + self.path)
        return shlex.join(parts)


_SSE = "text/event-stream; charset=utf-8"
_CHAT_SAMPLE_BODY = json.dumps(
    {
        "model": "mpsim-demo",
        "stream": True,
        "messages": [{"role": "user", "content": "你好，演示一下流式输出"}],
    },
    ensure_ascii=False,
)

_REASONER_SAMPLE_BODY = json.dumps(
    {
        "model": f"mpsim-{REASONER}",
        "stream": True,
        "stream_options": {"include_usage": True},
        "messages": [{"role": "user", "content": "你好，先想一想再回答"}],
    },
    ensure_ascii=False,
)

ENDPOINTS: list[Endpoint] = [
    Endpoint(
        "POST", "/v1/chat/completions", "OpenAI chat stream",
        'OpenAI-compatible chat completion. With "stream": true, SSE chat.completion.chunk events '
        "(role first, then 1-4 character deltas with Chinese and emoji, finish_reason stop) and "
        'data: [DONE]; otherwise one chat.completion JSON. With "stream_options": {"include_usage": '
        'true} every chunk has "usage": null and a last chunk with "choices": [] carries the usage '
        "before [DONE], as OpenAI sends it. A bad JSON body gets a 400 error object.",
        _SSE, sample_body=_CHAT_SAMPLE_BODY,
    ),
    Endpoint(
        "POST", "/v1/chat/completions", "OpenAI chat stream with reasoning (DeepSeek-style)",
        f'A model whose name contains "{REASONER}" (e.g. mpsim-{REASONER}) thinks first: deltas carry '
        "reasoning_content (content null), then content (reasoning_content null), as DeepSeek's "
        "deepseek-reasoner streams. The usage then counts reasoning_tokens.",
        _SSE, sample_body=_REASONER_SAMPLE_BODY,
    ),
    Endpoint(
        "GET", "/v1/chat/completions", "OpenAI chat stream (GET)",
        "The same OpenAI stream with default options, for a browser or a plain curl; ?model=NAME and "
        "?include_usage=1 stand for the body's model and stream_options.",
        _SSE,
    ),
    Endpoint(
        "GET", "/v1/chat/completions/buffered", "OpenAI chat stream through a buffering proxy",
        "The OpenAI stream (POST takes the same body) as it arrives behind nginx or a CDN that buffers: "
        f"chunks of size bytes (default {_PROXY_BUFFER}, nginx's proxy_buffer_size) holding several "
        "events, cut wherever the buffer filled, mid-line and mid-character.",
        _SSE,
    ),
    Endpoint(
        "GET", "/sse/append", "SSE, append mode",
        "Each event's data is the next piece of the answer; id: on every event, retry: on the first, "
        "event: done at the end.",
        _SSE,
    ),
    Endpoint(
        "GET", "/sse/overwrite", "SSE, overwrite mode",
        'Each event\'s data is JSON {"text": <the whole answer so far>}; event: done at the end.',
        _SSE,
    ),
    Endpoint(
        "GET", "/ndjson", "NDJSON",
        'One JSON object per line and per chunk: {"seq", "delta", "done"}, the last one done: true.',
        "application/x-ndjson; charset=utf-8",
    ),
    Endpoint(
        "GET", "/text", "Plain chunked text",
        "The answer as chunked text/plain, no SSE framing.",
        "text/plain; charset=utf-8",
    ),
    Endpoint(
        "GET", "/sse/slow", "SSE, slow",
        "The append stream with about 300 ms between events.",
        _SSE,
    ),
    Endpoint(
        "GET", "/sse/fast", "SSE, fast",
        "n events (default 2000) with no delay, one chunk each: for throughput and big tables.",
        _SSE,
    ),
    Endpoint(
        "GET", "/fault/disconnect", "Fault: disconnect",
        "n events (default 5), then half a chunk and the socket closes: no terminating 0-chunk.",
        _SSE,
    ),
    Endpoint(
        "GET", "/fault/reset", "Fault: connection reset",
        "n events (default 5), then half a chunk and a TCP reset (RST) instead of a close.",
        _SSE,
    ),
    Endpoint(
        "GET", "/fault/invalid-utf8", "Fault: invalid UTF-8",
        "SSE whose data holds invalid bytes (\\xff, a truncated 3-byte character, an encoded "
        "surrogate, an overlong form) between valid Chinese text.",
        _SSE,
    ),
    Endpoint(
        "GET", "/fault/status/404", "Fault: 404",
        "Status 404 with a chunked JSON error body. Any code works: /fault/status/{code}.",
        "application/json; charset=utf-8", curl_flags=("-i",),
    ),
    Endpoint(
        "GET", "/fault/status/500", "Fault: 500",
        "Status 500 with a chunked JSON error body. Any code works: /fault/status/{code}.",
        "application/json; charset=utf-8", curl_flags=("-i",),
    ),
    Endpoint(
        "GET", "/fault/never-ending", "Fault: never-ending",
        "One event every 200 ms until the client goes away or the server stops "
        "(rate=BYTES_PER_S: a chunk of ~1 KiB events every 50 ms at that rate).",
        _SSE,
    ),
    Endpoint(
        "GET", "/fault/no-newline", "Fault: no newline",
        "mb MiB (default 100) of a single SSE data line without any newline, in 64 KiB chunks, fast.",
        _SSE,
    ),
    Endpoint(
        "GET", "/fault/gzip", "Fault: gzip",
        "The append stream gzip-compressed (Content-Encoding: gzip), still chunked, flushed per event.",
        _SSE, curl_flags=("--compressed",),
    ),
    Endpoint(
        "GET", "/fault/redirect", "Fault: redirect",
        "302 to /sse/append (the query string is kept).",
        "text/plain; charset=utf-8", curl_flags=("-L",),
    ),
    Endpoint(
        "GET", "/fault/content-length", "Fault: Content-Length",
        "The append stream without chunked framing: Content-Length, written one event at a time.",
        _SSE, curl_flags=("-i",),
    ),
    Endpoint(
        "GET", "/fault/split-utf8", "Fault: split UTF-8",
        "The append stream re-cut by the server so every chunk ends inside a multi-byte character.",
        _SSE,
    ),
]


#: Each endpoint's title and description in Chinese, by its English title: the index page shows both,
#: the GUI's presets the window's language.
ENDPOINTS_ZH: dict[str, tuple[str, str]] = {
    "OpenAI chat stream": (
        "OpenAI 对话流",
        '兼容 OpenAI 的 chat completion。"stream": true 时返回 SSE 的 chat.completion.chunk 事件（先是 role，'
        "再是 1–4 个字符的 delta，含中文和 emoji，finish_reason 为 stop）和 data: [DONE]；否则返回一个 "
        'chat.completion JSON。"stream_options": {"include_usage": true} 时每块带 "usage": null，并在 '
        '[DONE] 前用一个 "choices": [] 的块给出用量，与 OpenAI 一致。请求体不是合法 JSON 时返回 400 错误对象。'),
    "OpenAI chat stream with reasoning (DeepSeek-style)": (
        "带推理过程的 OpenAI 对话流（DeepSeek 风格）",
        f"模型名含“{REASONER}”（如 mpsim-{REASONER}）时先思考：delta 先带 reasoning_content（content 为 null），"
        "再带 content（reasoning_content 为 null），与 deepseek-reasoner 一致；用量里会统计 reasoning_tokens。"),
    "OpenAI chat stream (GET)": (
        "OpenAI 对话流（GET）",
        "同一个 OpenAI 流，使用默认选项，便于浏览器或普通 curl 访问；?model=NAME 和 ?include_usage=1 "
        "对应请求体里的 model 和 stream_options。"),
    "OpenAI chat stream through a buffering proxy": (
        "经过缓冲代理的 OpenAI 对话流",
        "OpenAI 流（POST 使用同样的请求体）经过会缓冲的 nginx 或 CDN 后的样子：每块为 size 字节"
        f"（默认 {_PROXY_BUFFER}，即 nginx 的 proxy_buffer_size），包含多个事件，在缓冲区填满处切开，"
        "会切在行中间和字符中间。"),
    "SSE, append mode": (
        "SSE，追加模式",
        "每个事件的 data 是回答的下一段；每个事件都有 id:，第一个事件带 retry:，最后是 event: done。"),
    "SSE, overwrite mode": (
        "SSE，覆盖模式",
        '每个事件的 data 是 JSON {"text": <到目前为止的完整回答>}；最后是 event: done。'),
    "NDJSON": (
        "NDJSON",
        '每行、每块一个 JSON 对象：{"seq", "delta", "done"}，最后一个 done 为 true。'),
    "Plain chunked text": (
        "分块纯文本",
        "以分块 text/plain 发送回答，没有 SSE 格式。"),
    "SSE, slow": (
        "SSE，慢速",
        "追加模式的流，事件间隔约 300 毫秒。"),
    "SSE, fast": (
        "SSE，快速",
        "n 个事件（默认 2000），无间隔，每个事件一块：用于测吞吐量和大表格。"),
    "Fault: disconnect": (
        "故障：断开连接",
        "n 个事件（默认 5）后发半块数据，然后关闭 socket：没有结束的 0 长度块。"),
    "Fault: connection reset": (
        "故障：连接重置",
        "n 个事件（默认 5）后发半块数据，然后以 TCP 重置（RST）代替正常关闭。"),
    "Fault: invalid UTF-8": (
        "故障：无效 UTF-8",
        "SSE 的 data 在正常中文之间夹有无效字节（\\xff、被截断的 3 字节字符、编码后的代理项、超长编码）。"),
    "Fault: 404": (
        "故障：404",
        "状态码 404，响应体为分块的 JSON 错误。任意状态码都可以：/fault/status/{code}。"),
    "Fault: 500": (
        "故障：500",
        "状态码 500，响应体为分块的 JSON 错误。任意状态码都可以：/fault/status/{code}。"),
    "Fault: never-ending": (
        "故障：永不结束",
        "每 200 毫秒一个事件，直到客户端断开或服务器停止"
        "（rate=每秒字节数：按该速率每 50 毫秒发一块约 1 KiB 的事件）。"),
    "Fault: no newline": (
        "故障：没有换行",
        "mb MiB（默认 100）的单行 SSE data，没有任何换行，以 64 KiB 的块快速发送。"),
    "Fault: gzip": (
        "故障：gzip",
        "追加模式的流经 gzip 压缩（Content-Encoding: gzip），仍然分块，每个事件刷新一次。"),
    "Fault: redirect": (
        "故障：重定向",
        "302 跳转到 /sse/append（保留查询字符串）。"),
    "Fault: Content-Length": (
        "故障：Content-Length",
        "追加模式的流不用分块编码：带 Content-Length，每次写一个事件。"),
    "Fault: split UTF-8": (
        "故障：切开的 UTF-8",
        "追加模式的流由服务器重新切分，每块都结束在多字节字符中间。"),
}


# -- stream content ------------------------------------------------------------------------------

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


_INVALID_UTF8_EVENTS: tuple[bytes, ...] = (
    "data: 先来一行正常的中文：你好\n\n".encode(),
    b"data: lone bytes \xff\xfe here\n\n",
    b"data: truncated \xe4\xbd then ascii\n\n",  # "你" is e4 bd a0: its last byte is missing
    b"data: encoded surrogate \xed\xa0\x80 here\n\n",
    b"data: overlong slash \xc0\xaf here\n\n",
    "data: 最后又是正常的 😀\n\n".encode(),
    b"event: done\ndata: [DONE]\n\n",
)


def _cut_inside_characters(data: bytes, min_size: int = 12) -> list[bytes]:
    """Cut ``data`` into pieces of at least ``min_size`` bytes, each ending inside a multi-byte character."""
    pieces, start, offsets = [], 0, cycle((1, 2, 3))
    while start < len(data):
        lead = start + min_size
        while lead < len(data) and data[lead] < 0xC0:  # find a UTF-8 lead byte of 2+ bytes
            lead += 1
        if lead >= len(data):
            pieces.append(data[start:])
            break
        length = 4 if data[lead] >= 0xF0 else 3 if data[lead] >= 0xE0 else 2
        end = lead + 1 + next(offsets) % (length - 1)  # 1..length-1 bytes of the character
        pieces.append(data[start:end])
        start = end
    return pieces


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


# -- the server ----------------------------------------------------------------------------------

class _Stopping(Exception):
    """The server is stopping: end the response without its terminating chunk."""


class _BadRequest(Exception):
    """A query parameter or request body the endpoint cannot use; answered before any body is sent."""

    def __init__(self, message: str, status: int = HTTPStatus.BAD_REQUEST) -> None:
        super().__init__(message)
        self.status = status


class _DemoHTTPServer(ThreadingHTTPServer):
    # Handler threads are daemon threads (process_request below). server_close() would join them
    # without a time limit; stop() instead shuts the open sockets down, which wakes every blocked
    # handler, and then joins them with a deadline.
    block_on_close = False

    def __init__(self, address: tuple[str, int], *, speed: float, verbose: bool,
                 handler: type[BaseHTTPRequestHandler] | None = None) -> None:
        self.speed = speed
        self.verbose = verbose
        self.stopping = threading.Event()
        self._open: set[socket.socket] = set()
        self._handlers: set[threading.Thread] = set()
        self._open_lock = threading.Lock()
        if ":" in address[0]:
            self.address_family = socket.AF_INET6
        super().__init__(address, handler or _DemoHandler)

    def server_bind(self) -> None:
        # HTTPServer.server_bind calls socket.getfqdn(), a reverse DNS lookup that can stall for
        # seconds on a machine with broken DNS; the name is never used here.
        socketserver.TCPServer.server_bind(self)
        host, port = self.server_address[:2]
        self.server_name, self.server_port = str(host), int(port)

    def process_request(self, request: Any, client_address: Any) -> None:
        # ThreadingMixIn.process_request, plus bookkeeping done here on the serving thread, so that a
        # connection accepted just before stop() is already known when stop() shuts them down.
        thread = threading.Thread(
            target=self.process_request_thread, args=(request, client_address),
            name=f"mpsim-demo-{client_address[1]}", daemon=True,
        )
        with self._open_lock:
            self._open.add(request)
            self._handlers.add(thread)
        thread.start()

    def process_request_thread(self, request: Any, client_address: Any) -> None:
        try:
            super().process_request_thread(request, client_address)
        finally:
            with self._open_lock:
                self._handlers.discard(threading.current_thread())

    def shutdown_request(self, request: Any) -> None:
        with self._open_lock:
            self._open.discard(request)
        super().shutdown_request(request)

    def shut_open_connections(self) -> None:
        with self._open_lock:
            open_now = list(self._open)
        for conn in open_now:
            try:
                conn.shutdown(socket.SHUT_RDWR)  # wakes a handler blocked in recv() or sendall()
            except OSError:
                pass

    def join_handlers(self, timeout: float) -> None:
        deadline = time.monotonic() + timeout
        with self._open_lock:
            running = list(self._handlers)
        for thread in running:
            if thread is not threading.current_thread():
                thread.join(max(0.0, deadline - time.monotonic()))

    def handle_error(self, request: Any, client_address: Any) -> None:
        # A client going away is normal for a streaming server; anything else is a bug worth a traceback.
        if isinstance(sys.exception(), ConnectionError) or self.stopping.is_set():
            return
        super().handle_error(request, client_address)


class _DemoHandler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"
    server_version = f"mpsim-demo/{__version__}"
    disable_nagle_algorithm = True  # TCP_NODELAY: a small chunk leaves now, not after the next ACK
    server: _DemoHTTPServer

    _query: dict[str, list[str]]
    _body: bytes

    # -- plumbing --------------------------------------------------------------------------------
    def handle(self) -> None:
        try:
            super().handle()
        except ConnectionError:
            # The client went away between requests or mid-stream: nothing to report.
            self.close_connection = True

    def log_message(self, format: str, *args: Any) -> None:
        if self.server.verbose:
            super().log_message(format, *args)

    def do_GET(self) -> None:
        self._dispatch()

    def do_POST(self) -> None:
        self._dispatch()

    def do_PUT(self) -> None:
        self._dispatch()

    def do_DELETE(self) -> None:
        self._dispatch()

    def do_PATCH(self) -> None:
        self._dispatch()

    def do_OPTIONS(self) -> None:
        # Only a browser needs this (CORS preflight before a JSON POST); wx.request never sends it.
        self._read_body()
        self.send_response(HTTPStatus.NO_CONTENT)
        self.send_header("Access-Control-Allow-Origin", "*")
        self.send_header("Access-Control-Allow-Methods", "GET, POST, OPTIONS")
        self.send_header("Access-Control-Allow-Headers", "*")
        self.send_header("Content-Length", "0")
        self.end_headers()

    _ROUTES: dict[str, dict[str, str]] = {
        "/": {"GET": "_index"},
        "/endpoints.json": {"GET": "_endpoints_json"},
        "/v1/chat/completions": {"GET": "_chat_completions", "POST": "_chat_completions"},
        "/v1/chat/completions/buffered": {"GET": "_chat_buffered", "POST": "_chat_buffered"},
        "/sse/append": {"GET": "_sse_append"},
        "/sse/overwrite": {"GET": "_sse_overwrite"},
        "/ndjson": {"GET": "_ndjson"},
        "/text": {"GET": "_text"},
        "/sse/slow": {"GET": "_sse_slow"},
        "/sse/fast": {"GET": "_sse_fast"},
        "/fault/disconnect": {"GET": "_fault_disconnect"},
        "/fault/reset": {"GET": "_fault_reset"},
        "/fault/invalid-utf8": {"GET": "_fault_invalid_utf8"},
        "/fault/never-ending": {"GET": "_fault_never_ending"},
        "/fault/no-newline": {"GET": "_fault_no_newline"},
        "/fault/gzip": {"GET": "_fault_gzip"},
        "/fault/redirect": {"GET": "_fault_redirect"},
        "/fault/content-length": {"GET": "_fault_content_length"},
        "/fault/split-utf8": {"GET": "_fault_split_utf8"},
    }
    _STATUS_PATH = re.compile(r"/fault/status/(\d{3})")

    def _dispatch(self) -> None:
        url = urlsplit(self.path)
        self._query = parse_qs(url.query)
        try:
            self._body = self._read_body()
        except _BadRequest as exc:
            self.close_connection = True  # the unread body would be taken for the next request
            self._send_whole(exc.status, "text/plain", f"{exc}\n".encode())
            return

        if match := self._STATUS_PATH.fullmatch(url.path):
            code = int(match[1])
            routes: dict[str, Callable[[], None]] = {"GET": lambda: self._fault_status(code)}
        elif (names := self._ROUTES.get(url.path)) is not None:
            routes = {method: getattr(self, name) for method, name in names.items()}
        else:
            self._not_found(url.path)
            return
        if (handler := routes.get(self.command)) is None:
            allowed = ", ".join(routes)
            self._send_whole(
                HTTPStatus.METHOD_NOT_ALLOWED, "text/plain",
                f"{self.command} is not allowed on {url.path}; use {allowed}.\n".encode(),
                [("Allow", allowed)],
            )
            return

        try:
            handler()
        except _BadRequest as exc:
            self._send_whole(exc.status, "text/plain", f"{exc}\n".encode())
        except (_Stopping, ConnectionError):
            self.close_connection = True

    def _read_body(self) -> bytes:
        try:
            if self.headers.get("Transfer-Encoding", "").lower() == "chunked":
                return self._read_chunked_body()
            length = int(self.headers.get("Content-Length") or 0)
        except ValueError:
            raise _BadRequest("malformed Content-Length or chunked request body") from None
        if length > _MAX_REQUEST_BODY:
            raise _BadRequest(
                f"request body too large for the demo ({length} bytes)", HTTPStatus.REQUEST_ENTITY_TOO_LARGE
            )
        return self.rfile.read(length) if length > 0 else b""

    def _read_chunked_body(self) -> bytes:
        body = bytearray()
        while True:
            size = int(self.rfile.readline().split(b";", 1)[0].strip() or b"0", 16)
            if size == 0:
                while self.rfile.readline() not in (b"\r\n", b"\n", b""):  # trailers
                    pass
                return bytes(body)
            body += self.rfile.read(size)
            self.rfile.readline()
            if len(body) > _MAX_REQUEST_BODY:
                raise _BadRequest("request body too large for the demo", HTTPStatus.REQUEST_ENTITY_TOO_LARGE)

    def _param(self, name: str, default: float, *, minimum: float = 0, integer: bool = False) -> float:
        raw = self._query.get(name, [None])[-1]
        if raw is None or raw == "":
            return default
        try:
            value = int(raw) if integer else float(raw)
        except ValueError:
            kind = "an integer" if integer else "a number"
            raise _BadRequest(f"query parameter {name} must be {kind}, got {raw!r}") from None
        if value < minimum:
            raise _BadRequest(f"query parameter {name} must be at least {minimum}, got {raw!r}")
        return value

    def _delay_s(self, default_ms: float) -> float:
        return self._param("delay", default_ms) / 1000 / self.server.speed

    def _pause(self, seconds: float) -> None:
        stopping = self.server.stopping
        stopped = stopping.wait(seconds) if seconds > 0 else stopping.is_set()
        if stopped:
            raise _Stopping

    def _start_stream(
        self, content_type: str, status: int = HTTPStatus.OK, headers: list[tuple[str, str]] | None = None
    ) -> None:
        self.send_response(status)
        self.send_header("Content-Type", content_type)
        self.send_header("Transfer-Encoding", "chunked")
        self.send_header("Cache-Control", "no-cache")
        self.send_header("X-Accel-Buffering", "no")  # asks a reverse proxy (nginx) not to buffer the stream
        self.send_header("Access-Control-Allow-Origin", "*")
        for name, value in headers or []:
            self.send_header(name, value)
        self.end_headers()

    def _chunk(self, data: bytes) -> None:
        # An empty chunk would be the terminating one (RFC 9112, 7.1), so it is never written here.
        if data:
            self.wfile.write(b"%X\r\n%b\r\n" % (len(data), data))
            self.wfile.flush()

    def _end_stream(self) -> None:
        self.wfile.write(b"0\r\n\r\n")
        self.wfile.flush()

    def _stream(self, pieces: Iterable[bytes], delay_s: float) -> None:
        for i, piece in enumerate(pieces):
            if i:
                self._pause(delay_s)
            elif self.server.stopping.is_set():
                raise _Stopping
            self._chunk(piece)
        self._end_stream()

    def _send_whole(
        self, status: int, content_type: str, body: bytes, headers: list[tuple[str, str]] | None = None
    ) -> None:
        self.send_response(status)
        if "charset" not in content_type:
            content_type += "; charset=utf-8"
        self.send_header("Content-Type", content_type)
        self.send_header("Content-Length", str(len(body)))
        self.send_header("Access-Control-Allow-Origin", "*")
        for name, value in headers or []:
            self.send_header(name, value)
        self.end_headers()
        self.wfile.write(body)
        self.wfile.flush()

    def _base_url(self) -> str:
        host = self.headers.get("Host")
        return f"http://{host}" if host else _url_for(self.server.server_address)

    # -- index --------------------------------------------------------------------------------
    def _not_found(self, path: str) -> None:
        body = f"404 Not Found: {path}\nThe list of endpoints is at / (and /endpoints.json).\n"
        self._send_whole(HTTPStatus.NOT_FOUND, "text/plain", body.encode())

    def _index(self) -> None:
        base = self._base_url()
        rows = "\n".join(
            f"<tr><td>{html.escape(e.method)}</td><td><a href=\"{html.escape(e.path)}\">"
            f"{html.escape(e.path)}</a></td><td><b>{html.escape(e.title)}</b><br>"
            f"{html.escape(e.description)}{_zh_cell(e)}</td><td><code>{html.escape(e.curl(base))}</code></td></tr>"
            for e in ENDPOINTS
        )
        page = f"""<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>mpsim demo server</title>
<style>body{{font-family:sans-serif;margin:2em}}td{{border-top:1px solid #ccc;padding:.4em;
vertical-align:top}}code{{white-space:pre-wrap;word-break:break-all}}</style></head><body>
<h1>mpsim demo server</h1>
<p>Streaming endpoints for trying <code>wx.request({{enableChunked: true}})</code>. Every streaming
endpoint takes <code>?delay=MS</code> (milliseconds between chunks); some take <code>n</code>.
Machine-readable list: <a href="/endpoints.json">/endpoints.json</a>.</p>
<p lang="zh-CN">用来试验 <code>wx.request({{enableChunked: true}})</code> 的流式接口。每个流式接口都接受
<code>?delay=MS</code>（块间隔毫秒数），部分接口接受 <code>n</code>。机器可读的列表：
<a href="/endpoints.json">/endpoints.json</a>。</p>
<table><tr><th>Method 方法</th><th>Path 路径</th><th>What it does 说明</th><th>Try it 试一试</th></tr>
{rows}
</table></body></html>
"""
        self._send_whole(HTTPStatus.OK, "text/html", page.encode())

    def _endpoints_json(self) -> None:
        base = self._base_url()
        listing = [asdict(e) | {"curl": e.curl(base)} for e in ENDPOINTS]
        self._send_whole(HTTPStatus.OK, "application/json", json.dumps(listing, ensure_ascii=False).encode())

    # -- OpenAI ---------------------------------------------------------------------------------
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

    # -- ordinary streams ----------------------------------------------------------------------
    def _sse_append(self, default_delay_ms: float = 50) -> None:
        delay_s = self._delay_s(default_delay_ms)
        self._start_stream(_SSE)
        self._stream(_append_events(), delay_s)

    def _sse_slow(self) -> None:
        self._sse_append(default_delay_ms=300)

    def _sse_overwrite(self) -> None:
        delay_s = self._delay_s(50)
        so_far = ""
        events = []
        for i, piece in enumerate(_ANSWER_PIECES, start=1):
            so_far += piece
            events.append(_sse(_compact_json({"text": so_far}), id=str(i)))
        events.append(_sse("[DONE]", event="done"))
        self._start_stream(_SSE)
        self._stream(events, delay_s)

    def _ndjson(self) -> None:
        delay_s = self._delay_s(50)
        lines = [
            (_compact_json({"seq": i, "delta": piece, "done": False}) + "\n").encode()
            for i, piece in enumerate(_ANSWER_PIECES)
        ]
        lines.append((_compact_json({"seq": len(lines), "delta": "", "done": True}) + "\n").encode())
        self._start_stream("application/x-ndjson; charset=utf-8")
        self._stream(lines, delay_s)

    def _text(self) -> None:
        delay_s = self._delay_s(50)
        self._start_stream("text/plain; charset=utf-8")
        self._stream([piece.encode() for piece in _ANSWER_PIECES], delay_s)

    def _sse_fast(self) -> None:
        delay_s = self._delay_s(0)
        n = int(self._param("n", 2000, minimum=1, integer=True))
        pieces = cycle(_ANSWER_PIECES)
        self._start_stream(_SSE)
        self._stream((_sse(next(pieces), id=str(i)) for i in range(1, n + 1)), delay_s)

    # -- faults ---------------------------------------------------------------------------------
    def _stream_then_cut(self) -> None:
        delay_s = self._delay_s(50)
        n = int(self._param("n", 5, minimum=0, integer=True))
        events = _append_events()
        events = [events[i % (len(events) - 1)] for i in range(n + 1)]  # never the done event
        self._start_stream(_SSE)
        for event in events[:-1]:
            self._chunk(event)
            self._pause(delay_s)
        # The chunk header announces the whole event, the socket then carries only half of it.
        last = events[-1]
        self.wfile.write(b"%X\r\n%b" % (len(last), last[: len(last) // 2]))
        self.wfile.flush()
        self.close_connection = True

    def _fault_disconnect(self) -> None:
        self._stream_then_cut()  # the handler returns and the server closes the socket: a FIN

    def _fault_reset(self) -> None:
        self._stream_then_cut()
        # SO_LINGER with a zero timeout makes close() send RST instead of FIN. The server would
        # shut the socket down (FIN) before closing it, so close it here, rfile first: the socket
        # only really closes once its makefile() reader is gone.
        self.connection.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, struct.pack("ii", 1, 0))
        self.rfile.close()
        self.connection.close()

    def _fault_invalid_utf8(self) -> None:
        delay_s = self._delay_s(50)
        self._start_stream(_SSE)  # says charset=utf-8 and then breaks it, as broken servers do
        self._stream(list(_INVALID_UTF8_EVENTS), delay_s)

    def _fault_status(self, code: int) -> None:
        # 1xx, 204, 205 and 304 cannot carry a body (RFC 9110, 15).
        if not 200 <= code <= 599 or code in (204, 205, 304):
            raise _BadRequest(
                f"/fault/status/{code}: use a status that carries a body (200-599, not 204/205/304)"
            )
        try:
            reason = HTTPStatus(code).phrase
        except ValueError:
            reason = "Unknown Status"
        body = {"error": {"code": code, "message": f"demo fault: {code} {reason}", "type": "demo_fault"}}
        headers = [("Retry-After", "1")] if code in (429, 503) else []
        self._start_stream("application/json; charset=utf-8", code, headers)
        self._chunk(_compact_json(body).encode())
        self._end_stream()

    def _fault_never_ending(self) -> None:
        delay_s = self._delay_s(200)
        pieces = cycle(_ANSWER_PIECES)
        rate = self._param("rate", 0, minimum=0)  # bytes a second: a soak test's fast stream
        self._start_stream(_SSE)
        if rate:
            self._never_ending_at(rate, pieces)
        seq = 0
        while True:  # ends by _Stopping or by a ConnectionError when the client is gone
            seq += 1
            self._chunk(_sse(next(pieces), id=str(seq)))
            self._pause(delay_s)

    def _never_ending_at(self, rate: float, pieces: Iterator[str]) -> None:
        """Every 50 ms a chunk of whole events, each about 1 KiB of answer text, at ``rate``."""
        seq, sent, t0 = 0, 0, time.monotonic()
        while True:
            chunk = bytearray()
            while sent + len(chunk) < rate * (time.monotonic() - t0 + 0.05):
                seq += 1
                text = ""
                while len(text) < 340:  # ~1 KiB of UTF-8: the pieces are mostly Chinese
                    text += next(pieces)
                chunk += _sse(text, id=str(seq))
            self._chunk(bytes(chunk))
            sent += len(chunk)
            self._pause(0.05)

    def _fault_no_newline(self) -> None:
        delay_s = self._delay_s(0)
        remaining = int(self._param("mb", 100, minimum=0) * _MIB)
        # 64 KiB is a multiple of the 16-byte pattern, so every full chunk is the same bytes object.
        block = b"0123456789abcdef" * (_NO_NEWLINE_BLOCK // 16)

        def chunks() -> Iterator[bytes]:
            nonlocal remaining
            first = b"data: " + block[6:]
            yield first[:remaining]
            remaining -= len(first)
            while remaining > 0:
                yield block[:remaining]
                remaining -= len(block)

        self._start_stream(_SSE)
        self._stream(chunks(), delay_s)

    def _fault_gzip(self) -> None:
        delay_s = self._delay_s(50)
        # wbits=31: a gzip wrapper. Z_SYNC_FLUSH after each event makes it decodable on arrival, so
        # the compressed stream still streams.
        compressor = zlib.compressobj(wbits=31)
        pieces = [
            compressor.compress(event) + compressor.flush(zlib.Z_SYNC_FLUSH) for event in _append_events()
        ]
        pieces.append(compressor.flush(zlib.Z_FINISH))
        self._start_stream(_SSE, headers=[("Content-Encoding", "gzip"), ("Vary", "Accept-Encoding")])
        self._stream(pieces, delay_s)

    def _fault_redirect(self) -> None:
        query = urlsplit(self.path).query
        location = "/sse/append" + (f"?{query}" if query else "")
        self._send_whole(HTTPStatus.FOUND, "text/plain", f"Redirecting to {location}\n".encode(),
                         [("Location", location)])

    def _fault_content_length(self) -> None:
        delay_s = self._delay_s(50)
        events = _append_events()
        self.send_response(HTTPStatus.OK)
        self.send_header("Content-Type", _SSE)
        self.send_header("Content-Length", str(sum(map(len, events))))
        self.send_header("Cache-Control", "no-cache")
        self.send_header("Access-Control-Allow-Origin", "*")
        self.end_headers()
        for i, event in enumerate(events):
            if i:
                self._pause(delay_s)
            self.wfile.write(event)
            self.wfile.flush()

    def _fault_split_utf8(self) -> None:
        delay_s = self._delay_s(50)
        self._start_stream(_SSE)
        self._stream(_cut_inside_characters(b"".join(_append_events())), delay_s)


def _zh_cell(endpoint: Endpoint) -> str:
    title, description = ENDPOINTS_ZH.get(endpoint.title, ("", ""))
    if not title:
        return ""
    return f'<br><span lang="zh-CN"><b>{html.escape(title)}</b><br>{html.escape(description)}</span>'


def _url_for(address: tuple[Any, ...]) -> str:
    host, port = str(address[0]), int(address[1])
    return f"http://[{host}]:{port}" if ":" in host else f"http://{host}:{port}"


class DemoServer:
    """The demo streaming server. Binds when constructed (like ``socketserver``), so ``url`` is known
    before serving starts; ``start()`` serves on a background thread, ``serve_forever()`` on this one.
    """

    def __init__(
        self, host: str = "127.0.0.1", port: int = 0, speed: float = 1.0, *, verbose: bool = False
    ) -> None:
        if not speed > 0:
            raise ValueError(f"speed must be greater than 0, got {speed}")
        self._httpd = self._make_server((host, port), speed=speed, verbose=verbose)
        self._thread: threading.Thread | None = None
        self._entered = threading.Event()  # serve_forever() was called: shutdown() will not wait forever

    def _make_server(self, address: tuple[str, int], *, speed: float, verbose: bool) -> _DemoHTTPServer:
        return _DemoHTTPServer(address, speed=speed, verbose=verbose)

    @property
    def url(self) -> str:
        """Base URL without a trailing slash, e.g. ``http://127.0.0.1:8765``."""
        return _url_for(self._httpd.server_address)

    @property
    def speed(self) -> float:
        return self._httpd.speed

    def start(self) -> DemoServer:
        if self._httpd.stopping.is_set():
            raise RuntimeError("this DemoServer was stopped; create a new one")
        if self._thread is None:
            self._thread = threading.Thread(target=self.serve_forever, name="mpsim-demo-server", daemon=True)
            self._thread.start()
            self._entered.wait()
        return self

    def serve_forever(self) -> None:
        """Serve on this thread until ``stop()`` (from another thread) or an exception (Ctrl+C)."""
        self._entered.set()
        try:
            # A short poll interval: shutdown() waits up to one interval for the loop to notice.
            self._httpd.serve_forever(poll_interval=0.05)
        finally:
            # Also on Ctrl+C in `mpsim serve`: end open streams instead of leaving them to daemon threads.
            self._httpd.stopping.set()
            self._httpd.shut_open_connections()
            self._httpd.server_close()

    def stop(self) -> None:
        """Stop serving and end open streams (without their terminating chunk). Safe to call twice.

        Returns once the handlers have finished (normally within milliseconds; at most about 2 s).
        Call it from another thread than a blocking ``serve_forever()``: ``shutdown()`` waits for
        that loop to exit.
        """
        self._httpd.stopping.set()
        if self._entered.is_set():
            self._httpd.shutdown()
        self._httpd.shut_open_connections()
        self._httpd.server_close()
        self._httpd.join_handlers(timeout=2)
        if self._thread is not None and self._thread is not threading.current_thread():
            self._thread.join(timeout=5)

    def __enter__(self) -> DemoServer:
        return self.start()

    def __exit__(self, *exc_info: object) -> None:
        self.stop()
