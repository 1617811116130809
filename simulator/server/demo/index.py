"""The endpoint list (in English and Chinese), the index page and ``/endpoints.json``."""

from __future__ import annotations

import html
import json
import shlex
from dataclasses import asdict, dataclass
from http import HTTPStatus

from .content import _SSE
from .handler import _HandlerBase
from .llm import _PROXY_BUFFER, REASONER


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


def _zh_cell(endpoint: Endpoint) -> str:
    title, description = ENDPOINTS_ZH.get(endpoint.title, ("", ""))
    if not title:
        return ""
    return f'<br><span lang="zh-CN"><b>{html.escape(title)}</b><br>{html.escape(description)}</span>'


class _IndexRoutes(_HandlerBase):
    """``/``, ``/endpoints.json`` and the 404 page that points to them."""

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
