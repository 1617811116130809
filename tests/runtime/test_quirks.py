"""Opt-in platform variants (reference section 4) and success res.profile, as a page sees them."""

import json

from simulator.core.chunklog import read_log
from simulator.runtime import MiniProgram

TWO_STREAMS = """
Page({ data: { a: 0, b: 0, done: 0 }, onLoad(q) {
  const end = () => this.setData({ done: this.data.done + 1 });
  const a = wx.request({ url: q.base + '/sse/append', enableChunked: true, complete: end });
  a.onChunkReceived(() => this.setData({ a: this.data.a + 1 }));
  const b = wx.request({ url: q.base + '/sse/append', enableChunked: true, complete: end });
  b.onChunkReceived(() => this.setData({ b: this.data.b + 1 }));
} });
"""


def _run(page, demo_url, platform, **kw):
    return MiniProgram(page, query={"base": demo_url}, platform=platform, timeout_ms=20000, **kw).run()


def test_ios_8_0_54_gives_chunks_only_to_the_last_started_chunked_request(demo_url):
    buggy = _run(TWO_STREAMS, demo_url, "ios-8.0.54").data
    assert buggy["done"] == 2 and buggy["a"] == 0 and buggy["b"] > 0
    fine = _run(TWO_STREAMS, demo_url, "ios").data
    assert fine["a"] > 0 and fine["b"] > 0


WHOLE_BODY = """
Page({ data: { chunks: 0, body: '' }, onLoad(q) {
  const t = wx.request({ url: q.base + '/sse/append', enableChunked: true, dataType: 'text',
    success: (res) => this.setData({ body: res.data }) });
  t.onChunkReceived(() => this.setData({ chunks: this.data.chunks + 1 }));
} });
"""


def test_pc_wechat_fires_no_chunks_and_hands_the_body_to_success(demo_url):
    pc = _run(WHOLE_BODY, demo_url, "pc").data
    assert pc["chunks"] == 0 and pc["body"].endswith("data: [DONE]\n\n") and pc["body"].count("\n\n") > 10
    android = _run(WHOLE_BODY, demo_url, "android").data
    assert android["chunks"] > 0 and android["body"] == ""


ORDER = """
Page({ data: { order: [] }, onLoad() {
  const log = (x) => this.setData({ order: this.data.order.concat([x]) });
  setTimeout(() => log('timeout'), 0);
  Promise.resolve().then(() => log('then'));
  log('sync');
} });
"""


def test_ios15_runs_promise_callbacks_as_macrotasks(demo_url):
    ios15 = _run(ORDER, demo_url, "ios15")
    assert ios15.data["order"] == ["sync", "timeout", "then"] and ios15.end_reason == "idle"
    chain = _run("Page({ data: { v: 0 }, onLoad() { Promise.resolve(1).then((x) => Promise.resolve(x + 1))"
                 ".then((x) => { throw x; }).catch((x) => this.setData({ v: x })); } });", demo_url, "ios15")
    assert chain.data["v"] == 2 and chain.end_reason == "idle" and not chain.errors
    assert _run(ORDER, demo_url, "ios").data["order"] == ["sync", "then", "timeout"]


REDIRECT = """
Page({ data: { status: 0 }, onLoad(q) {
  const t = wx.request({ url: q.base + '/fault/redirect', redirect: 'manual', enableChunked: true });
  t.onHeadersReceived((res) => this.setData({ status: 1 }));
} });
"""


def test_devtools_redirect_variant_appends_wx_redirect_manual(demo_url, tmp_path):
    log = tmp_path / "r.jsonl"
    _run(REDIRECT, demo_url, "devtools-redirect", log_path=log)
    assert read_log(log).request["url"].endswith("/fault/redirect?_wx_redirect=manual")
    plain = tmp_path / "p.jsonl"
    _run(REDIRECT, demo_url, "devtools", log_path=plain)
    assert read_log(plain).request["url"].endswith("/fault/redirect")


PROFILE = """
Page({ data: { profile: null }, onLoad(q) {
  wx.request({ url: q.base + '/sse/append', enableChunked: true,
    success: (res) => this.setData({ profile: res.profile === undefined ? 'none' : res.profile }) });
} });
"""


def test_success_profile_has_the_measured_timings_on_devices_only(demo_url):
    profile = _run(PROFILE, demo_url, "android").data["profile"]
    assert profile["protocol"] == "http1.1" and profile["peerIP"] == "127.0.0.1"
    steps = [profile[k] for k in ("fetchStart", "domainLookUpStart", "domainLookUpEnd", "connectStart",
                                  "connectEnd", "requestStart", "requestEnd", "responseStart", "responseEnd")]
    assert steps == sorted(steps) and steps[0] > 1_600_000_000_000  # Unix ms, in order
    assert profile["SSLconnectionStart"] == 0  # no TLS on this request
    assert profile["receivedBytedCount"] > 0 and profile["sendBytesCount"] > 0
    assert _run(PROFILE, demo_url, "devtools").data["profile"] == "none"
    json.dumps(profile)  # a page can log it as it is
