"""Page/App lifecycle, setData, timers, task order, console, and the rest of the wx surface."""

from __future__ import annotations

import pytest

from simulator.runtime import MiniProgram


def run(source: str, **kw):
    kw.setdefault("timeout_ms", 10000)
    return MiniProgram(source, **kw).run()


@pytest.mark.parametrize(
    ("changes", "expect"),
    [
        ("{ 'list[0].text': 'b' }", {"list": [{"text": "b", "done": False}], "a": {"b": 1}}),
        ("{ 'a.b': 2, 'a.c': 3 }", {"list": [{"text": "a", "done": False}], "a": {"b": 2, "c": 3}}),
        ("{ 'list[1].text': 'new' }", {"list": [{"text": "a", "done": False}, {"text": "new"}], "a": {"b": 1}}),
        ("{ 'x.y[1].z': true }",
         {"list": [{"text": "a", "done": False}], "a": {"b": 1}, "x": {"y": [None, {"z": True}]}}),
        ("{ list: [], a: null }", {"list": [], "a": None}),
    ],
    ids=["array-item-field", "nested-object-fields", "new-array-item", "missing-path-is-created", "plain-keys"],
)
def test_set_data_path_keys_as_in_wechat(changes, expect):
    src = """
    Page({
      data: { list: [{ text: 'a', done: false }], a: { b: 1 } },
      onLoad() { this.setData(CHANGES); },
    });
    """.replace("CHANGES", changes)
    assert run(src).data == expect


def test_set_data_updates_this_data_at_once_and_calls_back_after_the_task():
    src = """
    Page({
      data: { n: 0, log: [] },
      onLoad() {
        const log = [];
        this.setData({ n: 1 }, () => { log.push('callback ' + this.data.n); this.setData({ log }); });
        log.push('sync ' + this.data.n);
        this.setData({ n: 2 });
      },
    });
    """
    assert run(src).data == {"n": 2, "log": ["sync 1", "callback 2"]}


def test_page_data_is_a_copy_per_page_and_json_safe():
    src = """
    const shared = { items: [1] };
    Page({
      data: { shared },
      onLoad() {
        shared.items.push(2);   // the definition object, not the page's copy
        const cyclic = { name: 'c' };
        cyclic.self = cyclic;
        this.setData({ cyclic, fn: () => 1, big: 10n, nan: NaN, when: new Date(0) });
      },
    });
    """
    assert run(src).data == {"shared": {"items": [1]}, "cyclic": {"name": "c", "self": "[Circular]"},
                             "big": "10", "nan": None, "when": "1970-01-01T00:00:00.000Z"}


def test_lifecycle_order_query_and_launch_options():
    src = """
    const order = [];
    App({
      globalData: { user: 'u' },
      onLaunch(opts) { order.push('App.onLaunch ' + opts.query.k); },
      onShow() { order.push('App.onShow'); },
    });
    Page({
      data: {},
      onLoad(options) { order.push('onLoad ' + options.k); },
      onShow() { order.push('onShow'); },
      onReady() {
        order.push('onReady');
        this.setData({
          order,
          app: getApp().globalData.user,
          pages: getCurrentPages().length,
          route: getCurrentPages()[0].route,
          launch: wx.getLaunchOptionsSync().query,
          self: getCurrentPages()[0] === this,
        });
      },
    });
    """
    d = run(src, query={"k": "v"}).data
    assert d == {"order": ["App.onLaunch v", "App.onShow", "onLoad v", "onShow", "onReady"], "app": "u",
                 "pages": 1, "route": "pages/index/index", "launch": {"k": "v"}, "self": True}


def test_unload_runs_at_the_end_and_the_result_is_the_data_before_it():
    lines: list[str] = []
    src = """
    Page({
      data: { state: 'loaded' },
      onLoad() { this.setData({ state: 'shown' }); },
      onUnload() { console.log('unloading in state', this.data.state); this.setData({ state: 'gone' }); },
    });
    """
    result = run(src, on_console=lambda level, text, line: lines.append(text))
    assert result.data == {"state": "shown"}
    assert lines == ["unloading in state shown"]


def test_a_plain_script_without_page_runs_too():
    result = run("let n = 0;\n"
                 "const t = setInterval(() => { if (++n === 3) { clearInterval(t); console.log('n', n); } }, 1);")
    assert (result.data, [c.text for c in result.console], result.end_reason) == ({}, ["n 3"], "idle")


def test_get_app_without_app_gives_global_data():
    assert run("Page({ data: {}, onLoad() { this.setData({ g: getApp().globalData }); } });").data == {"g": {}}


def test_timers_run_in_due_order_and_clear_works():
    src = """
    Page({
      data: {},
      onLoad() {
        const log = [];
        setTimeout(() => log.push('t20'), 20);
        setTimeout((a, b) => log.push('t0 ' + a + b), 0, 'x', 'y');
        const gone = setTimeout(() => log.push('never'), 5);
        clearTimeout(gone);
        let n = 0;
        const iv = setInterval(() => { log.push('iv' + ++n); if (n === 2) clearInterval(iv); }, 1);
        setTimeout(() => this.setData({ log }), 40);
      },
    });
    """
    log = run(src).data["log"]
    assert log[0] == "t0 xy"
    assert [x for x in log if x.startswith("iv")] == ["iv1", "iv2"]
    assert log[-1] == "t20" and "never" not in log


def test_each_chunk_is_its_own_task_microtasks_run_in_between(demo_url):
    # Promise callbacks of one chunk's listener run before the next chunk's listener, as on a device.
    src = """
    Page({
      data: {},
      onLoad(options) {
        const log = [];
        let i = 0;
        const task = wx.request({ url: options.base + '/text', enableChunked: true,
                                  complete: () => this.setData({ log }) });
        task.onChunkReceived(() => {
          const k = i++;
          log.push('chunk' + k);
          Promise.resolve().then(() => log.push('micro' + k));
        });
        task.onChunkReceived(async () => {
          const k = i - 1;
          await null;
          log.push('await' + k);
        });
      },
    });
    """
    log = run(src, query={"base": demo_url}, profile="fixed:4").data["log"]
    n = sum(1 for x in log if x.startswith("chunk"))
    assert n > 50
    assert log == [f"{kind}{k}" for k in range(n) for kind in ("chunk", "micro", "await")]


def test_a_timer_due_before_the_next_chunk_runs_between_chunks(demo_url):
    src = """
    Page({
      data: {},
      onLoad(options) {
        const log = [];
        let i = 0;
        const task = wx.request({ url: options.base + '/sse/slow', enableChunked: true,
                                  complete: () => this.setData({ log }) });
        task.onChunkReceived(() => {
          const k = i++;
          log.push('chunk' + k);
          if (k < 3) setTimeout(() => log.push('timer' + k), 0);
        });
      },
    });
    """
    log = run(src, query={"base": demo_url}).data["log"]
    assert log[:6] == ["chunk0", "timer0", "chunk1", "timer1", "chunk2", "timer2"]


def test_console_levels_lines_and_formatting():
    seen: list[tuple[str, str, int | None]] = []
    src = """console.log('plain', 1, true, null, undefined);
console.info('%s is %d years', 'Tom', 42.5);
console.warn({ a: [1, 'x'], b: { c: new Uint8Array([1, 2]) } });
console.error(new ArrayBuffer(8), [1, 2, 3].map((x) => x * 2));
console.debug(Symbol('s'), 12n, function named() {});
"""
    result = run(src, on_console=lambda level, text, line: seen.append((level, text, line)))
    assert seen == [
        ("log", "plain 1 true null undefined", 1),
        ("info", "Tom is 42 years", 2),
        ("warn", "{ a: [ 1, 'x' ], b: { c: Uint8Array(2) [ 1, 2 ] } }", 3),
        ("error", "ArrayBuffer { byteLength: 8 } [ 2, 4, 6 ]", 4),
        ("debug", "Symbol(s) 12n [Function: named]", 5),
    ]
    assert [(c.level, c.text, c.line) for c in result.console] == seen
    assert all(c.t_ms >= 0 for c in result.console)


@pytest.mark.parametrize("platform", ["android", "ios", "devtools"])
def test_system_info_platform_matches_the_profile(platform):
    src = "Page({ data: {}, onLoad() { this.setData({ p: wx.getSystemInfoSync().platform }); } });"
    assert run(src, platform=platform).data == {"p": platform}


def test_base64_helpers_round_trip():
    src = """
    Page({
      data: {},
      onLoad() {
        const bytes = new Uint8Array([0, 1, 2, 250, 251, 252, 253, 254, 255, 104, 105]);
        const b64 = wx.arrayBufferToBase64(bytes.buffer);
        const back = new Uint8Array(wx.base64ToArrayBuffer(b64));
        const tag = Object.prototype.toString.call(wx.base64ToArrayBuffer('aGk='));
        this.setData({ b64, back: Array.from(back), tag });
      },
    });
    """
    d = run(src).data
    assert d == {"b64": "AAEC+vv8/f7/aGk=", "back": [0, 1, 2, 250, 251, 252, 253, 254, 255, 104, 105],
                 "tag": "[object ArrayBuffer]"}


def test_modern_syntax_runs_in_page_scripts():
    src = """
    class Stream {
      #chunks = [];
      static #count = 0;
      push(x) { Stream.#count++; this.#chunks.push(x); return this; }
      get size() { return this.#chunks.length; }
      *[Symbol.iterator]() { yield* this.#chunks; }
      static get count() { return Stream.#count; }
    }
    async function* ticks(n) { for (let i = 0; i < n; i++) { await new Promise((r) => setTimeout(r, 1)); yield i; } }
    Page({
      data: {},
      async onLoad(options) {
        const { a, ...rest } = { a: 1, b: 2, c: 3 };
        const s = new Stream().push('x').push('y');
        const seen = [];
        for await (const t of ticks(3)) seen.push(t);
        this.setData({
          a, rest: { ...rest, d: 4 }, size: s.size, items: [...s], count: Stream.count,
          missing: options?.nothing?.deeper ?? 'default', seen, at: [1, 2, 3].at(-1), own: Object.hasOwn(rest, 'b'),
        });
      },
    });
    """
    assert run(src).data == {"a": 1, "rest": {"b": 2, "c": 3, "d": 4}, "size": 2, "items": ["x", "y"], "count": 2,
                             "missing": "default", "seen": [0, 1, 2], "at": 3, "own": True}


def test_on_data_reports_page_data_after_set_data_in_order():
    # setData calls that run within one batch (at most BATCH_BUDGET_MS) are reported once, latest data.
    snapshots: list[dict] = []
    src = """
    Page({
      data: { n: 0 },
      onLoad() { setTimeout(() => this.setData({ n: 1 }), 1); setTimeout(() => this.setData({ n: 2 }), 30); },
    });
    """
    result = run(src, on_data=snapshots.append)
    values = [s["n"] for s in snapshots]
    assert values == sorted(set(values)) and values[-1] == 2
    assert snapshots[-1] == result.data
