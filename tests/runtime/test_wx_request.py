"""wx.request from a page script, through the core RequestTask, against the real demo server."""

from __future__ import annotations

import base64

import pytest

from simulator.core.chunklog import read_log
from simulator.core.platforms import get_platform
from simulator.core.task import RequestTask
from simulator.server.demo import DEMO_ANSWER

# Collects the order of every listener and callback, and all chunk bytes (as base64, checked in Python).
ORDER_PAGE = """
Page({
  data: {},
  onLoad(options) {
    const order = [];
    const parts = [];
    let headers = null;
    const task = wx.request({
      url: options.base + '/text', enableChunked: true,
      success: (res) => { order.push('success'); this.setData({ success: { ...res, header: null } }); },
      fail: (err) => { order.push('fail'); this.setData({ fail: err }); },
      complete: (res) => {
        order.push('complete');
        const all = new Uint8Array(parts.reduce((n, p) => n + p.length, 0));
        let at = 0;
        for (const p of parts) { all.set(p, at); at += p.length; }
        this.setData({ order, headers, b64: wx.arrayBufferToBase64(all.buffer), complete: res });
      },
    });
    task.onHeadersReceived((res) => {
      order.push('headers');
      headers = { statusCode: res.statusCode, type: res.header['content-type'] };
    });
    task.onChunkReceived((res) => { order.push('chunk'); parts.push(new Uint8Array(res.data)); });
  },
});
"""


def collapse(order: list[str]) -> list[str]:
    out: list[str] = []
    for name in order:
        if not out or out[-1] != name:
            out.append(name)
    return out


def test_listeners_run_in_order_and_every_byte_arrives_once(run_page):
    result = run_page(ORDER_PAGE, profile="fixed:16")
    d = result.data
    assert result.error is None
    assert collapse(d["order"]) == ["headers", "chunk", "success", "complete"]
    body = DEMO_ANSWER.encode()
    # fixed:16 cuts at every 16th byte; a pause in the stream adds a hand-over cut (docs/delivery.md)
    assert d["order"].count("chunk") >= -(-len(body) // 16)
    assert base64.b64decode(d["b64"]) == body
    assert d["headers"] == {"statusCode": 200, "type": "text/plain; charset=utf-8"}
    assert d["success"]["errMsg"] == "request:ok" and d["success"]["data"] == ""
    assert d["complete"] == {"errMsg": "request:ok"}
    assert result.requests == 1


OFF_PAGE = """
Page({
  data: { a: 0, b: 0, h: 0, done: false },
  onLoad(options) {
    const a = () => { this.data.a++; };
    const b = () => { this.data.b++; };
    const h = () => { this.data.h++; };
    const task = wx.request({ url: options.base + '/sse/append', enableChunked: true,
                              complete: () => this.setData({ done: true }) });
    task.onChunkReceived(a);
    task.onChunkReceived(b);
    task.onHeadersReceived(h);
    OFF;
  },
});
"""


@pytest.mark.parametrize(
    ("off", "expect"),
    [
        ("task.offChunkReceived(a)", {"a": 0, "b": "some", "h": 1}),
        ("task.offChunkReceived(() => { this.data.a++; })", {"a": "some", "b": "some", "h": 1}),
        ("task.offChunkReceived()", {"a": 0, "b": 0, "h": 1}),
        ("task.offHeadersReceived(h)", {"a": "some", "b": "some", "h": 0}),
        ("task.offHeadersReceived()", {"a": "some", "b": "some", "h": 0}),
    ],
    ids=["off-same-function", "off-equal-but-other-function", "off-no-argument-removes-all",
         "off-headers-same-function", "off-headers-no-argument"],
)
def test_off_removes_the_same_function_or_all(run_page, off, expect):
    d = run_page(OFF_PAGE.replace("OFF", off)).data
    assert d["done"] is True
    for name, want in expect.items():
        if want == "some":
            assert d[name] > 1, name
        else:
            assert d[name] == want, name
    if expect["a"] == "some" and expect["b"] == "some":
        assert d["a"] == d["b"]


def test_abort_fails_with_request_fail_abort_completes_once_and_stops_chunks(run_page):
    page = """
    Page({
      data: { chunks: 0, after: 0, fail: null, success: 0, complete: 0 },
      onLoad(options) {
        let stopped = false;
        const task = wx.request({
          url: options.base + '/fault/never-ending', enableChunked: true,
          success: () => this.setData({ success: this.data.success + 1 }),
          fail: (err) => this.setData({ fail: err }),
          complete: () => this.setData({ complete: this.data.complete + 1 }),
        });
        task.onChunkReceived(() => {
          if (stopped) { this.setData({ after: this.data.after + 1 }); return; }
          this.setData({ chunks: this.data.chunks + 1 });
          if (this.data.chunks === 2) { stopped = true; task.abort(); task.abort(); }
        });
      },
    });
    """
    result = run_page(page)
    d = result.data
    assert result.end_reason == "idle"
    assert d["chunks"] == 2 and d["after"] == 0
    assert d["fail"]["errMsg"] == "request:fail abort"
    assert d["success"] == 0 and d["complete"] == 1


def test_chunks_after_abort_reach_listeners_only_with_the_device_quirk(run_page):
    page = """
    Page({
      data: { after: 0, fail: '' },
      onLoad(options) {
        let stopped = false;
        const task = wx.request({ url: options.base + '/fault/never-ending', enableChunked: true,
                                  fail: (err) => this.setData({ fail: err.errMsg }) });
        task.onChunkReceived(() => {
          if (stopped) this.setData({ after: this.data.after + 1 });
          else { stopped = true; task.abort(); }
        });
      },
    });
    """
    quirky = run_page(page, platform=get_platform("android", chunks_after_abort=True)).data
    assert quirky["fail"] == "request:fail abort"
    assert quirky["after"] > 0


def test_request_timeout_fails_with_request_fail_timeout(run_page):
    page = """
    Page({
      data: {},
      onLoad(options) {
        wx.request({ url: options.base + '/fault/never-ending', enableChunked: true, timeout: 150,
                     fail: (err) => this.setData({ fail: err.errMsg }), complete: () => this.setData({ done: true }) });
      },
    });
    """
    assert run_page(page).data == {"fail": "request:fail timeout", "done": True}


@pytest.mark.parametrize("status", [404, 500], ids=["4xx", "5xx"])
def test_http_error_status_reaches_success(run_page, status):
    page = """
    Page({
      data: { calls: [] },
      onLoad(options) {
        const calls = [];
        const task = wx.request({
          url: options.base + '/fault/status/STATUS', enableChunked: true,
          success: (res) => {
            calls.push('success');
            this.setData({ statusCode: res.statusCode, errMsg: res.errMsg });
          },
          fail: () => calls.push('fail'),
          complete: () => this.setData({ calls }),
        });
        task.onChunkReceived((res) => this.setData({ bytes: res.data.byteLength }));
      },
    });
    """.replace("STATUS", str(status))
    d = run_page(page).data
    assert d["calls"] == ["success"]
    assert d["statusCode"] == status and d["errMsg"] == "request:ok"
    assert d["bytes"] > 0  # the JSON error body streams as chunks


def test_without_enable_chunked_success_carries_the_parsed_body(run_page):
    page = """
    Page({
      data: {},
      onLoad(options) {
        wx.request({ url: options.base + '/fault/status/404',
                     success: (res) => this.setData({ code: res.data.error.code }) });
        wx.request({ url: options.base + '/text', responseType: 'arraybuffer', enableChunked: false,
                     success: (res) => this.setData({ tag: Object.prototype.toString.call(res.data),
                                                      size: res.data.byteLength }) });
      },
    });
    """
    d = run_page(page).data
    assert d == {"code": 404, "tag": "[object ArrayBuffer]", "size": len(DEMO_ANSWER.encode())}


def test_post_data_reaches_the_server_serialized_as_json(run_page):
    page = """
    Page({
      data: {},
      onLoad(options) {
        let raw = '';
        const task = wx.request({
          url: options.base + '/v1/chat/completions', method: 'POST', enableChunked: true,
          data: { stream: false, model: 'from-script', messages: [{ role: 'user', content: '你好' }] },
          success: (res) => this.setData({ status: res.statusCode,
                                           reply: JSON.parse(decodeURIComponent(escape(raw))) }),
        });
        task.onChunkReceived((res) => { raw += String.fromCharCode(...new Uint8Array(res.data)); });
      },
    });
    """
    d = run_page(page).data
    assert d["status"] == 200
    assert d["reply"]["model"] == "from-script"  # the server parsed the JSON body the script gave
    assert d["reply"]["choices"][0]["message"]["content"] == DEMO_ANSWER


def test_bad_options_fail_asynchronously_without_crashing(run_page):
    page = """
    Page({
      data: {},
      onLoad() {
        const task = wx.request({ url: 'not a url', fail: (err) => this.setData({ fail: err.errMsg, errno: err.errno }),
                                  complete: () => this.setData({ complete: true }) });
        this.setData({ returned: typeof task.abort });
      },
    });
    """
    d = run_page(page).data
    assert d["returned"] == "function"
    assert d["fail"].startswith("request:fail") and "url" in d["fail"]
    assert d["errno"] == 1001 and d["complete"] is True


def test_every_request_is_recorded_and_reported(run_page, tmp_path):
    seen: list[object] = []
    page = """
    Page({
      data: {},
      onLoad(options) {
        wx.request({ url: options.base + '/sse/append', enableChunked: true, complete: () => this.setData({ n: 1 }) });
      },
    });
    """
    result = run_page(page, log_dir=tmp_path, on_request=seen.append, profile="random", seed=7)
    assert result.requests == 1
    assert len(seen) == 1 and isinstance(seen[0], RequestTask)
    log = read_log(tmp_path / "request-001.jsonl")
    assert b"".join(c.data for c in log.chunks("delivered")).decode().count("data: ") > 10
    assert log.request["url"].endswith("/sse/append")


def test_log_path_names_the_first_request_and_numbers_the_rest(run_page, tmp_path):
    page = """
    Page({ data: {}, onLoad(options) {
      wx.request({ url: options.base + '/text', enableChunked: true,
                   complete: () => wx.request({ url: options.base + '/text?again=1', enableChunked: true }) });
    } });
    """
    result = run_page(page, log_path=tmp_path / "run.jsonl")
    assert result.requests == 2
    assert read_log(tmp_path / "run.jsonl").request["url"].endswith("/text")
    assert read_log(tmp_path / "run-2.jsonl").request["url"].endswith("/text?again=1")


# -- platform differences (reference 3 and 4.2) ------------------------------------------------------
PLATFORM_PAGE = """
Page({
  data: {},
  onLoad(options) {
    const task = wx.request({ url: options.base + '/sse/append', enableChunked: true });
    task.onHeadersReceived((res) => this.setData({ hasStatus: 'statusCode' in res,
                                                   cookies: Array.isArray(res.cookies) }));
    task.onChunkReceived((res) => this.setData({ tag: Object.prototype.toString.call(res.data) }));
    this.setData({ decoder: typeof TextDecoder, encoder: typeof TextEncoder,
                   platform: wx.getSystemInfoSync().platform });
  },
});
"""


@pytest.mark.parametrize(
    ("platform", "tag", "decoder", "has_status"),
    [
        ("android", "[object ArrayBuffer]", "undefined", True),
        ("ios", "[object ArrayBuffer]", "undefined", True),
        ("devtools", "[object Uint8Array]", "function", False),
    ],
    ids=["android", "ios", "devtools"],
)
def test_platform_differences(run_page, platform, tag, decoder, has_status):
    d = run_page(PLATFORM_PAGE, platform=platform).data
    assert d == {"tag": tag, "decoder": decoder, "encoder": decoder, "platform": platform,
                 "hasStatus": has_status, "cookies": True}


def test_devtools_text_decoder_decodes_a_stream_cut_inside_characters(run_page):
    page = """
    Page({
      data: { text: '' },
      onLoad(options) {
        const decoder = new TextDecoder('utf-8');
        let text = '';
        const task = wx.request({ url: options.base + '/text', enableChunked: true,
                                  success: () => this.setData({ text: text + decoder.decode() }) });
        task.onChunkReceived((res) => { text += decoder.decode(res.data, { stream: true }); });
      },
    });
    """
    assert run_page(page, platform="devtools", profile="utf8-cut").data["text"] == DEMO_ANSWER


def test_a_listener_error_is_reported_and_the_stream_goes_on(run_page):
    page = """
    Page({
      data: { chunks: 0 },
      onLoad(options) {
        const task = wx.request({ url: options.base + '/sse/append', enableChunked: true,
                                  success: () => this.setData({ done: true }) });
        task.onChunkReceived((res) => {
          this.data.chunks++;
          if (this.data.chunks === 2) null.boom;
        });
      },
    });
    """
    result = run_page(page)
    assert result.data["done"] is True and result.data["chunks"] > 2
    assert result.error is not None
    assert result.error.line == 9 and result.error.where == "onChunkReceived listener"
    assert "TypeError" in result.error.message
    assert any("Uncaught TypeError" in c.text and c.line == 9 for c in result.console if c.level == "error")


def test_request_data_as_arraybuffer_is_sent_as_bytes(run_page):
    page = """
    Page({
      data: {},
      onLoad(options) {
        const body = new Uint8Array([123, 34, 115, 116, 114, 101, 97, 109, 34, 58, 102, 97, 108, 115, 101, 125]);
        wx.request({ url: options.base + '/v1/chat/completions', method: 'POST', data: body.buffer,
                     success: (res) => this.setData({ object: res.data.object }) });
      },
    });
    """
    assert run_page(page).data == {"object": "chat.completion"}  # {"stream":false} parsed by the server


def test_response_json_keys_survive_the_bridge(run_page):
    page = """
    Page({ data: {}, onLoad(options) {
      wx.request({ url: options.base + '/endpoints.json',
                   success: (res) => this.setData({ n: res.data.length, first: res.data[0].path }) });
    } });
    """
    d = run_page(page).data
    assert d["n"] > 5 and d["first"] == "/v1/chat/completions"
