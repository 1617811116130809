"""The wx surface chat pages call (docs/wx-api.md): storage, system info, UI shown as console lines,
the promise form of async APIs, and a warning for what is not emulated."""

from __future__ import annotations

import pytest

from simulator.runtime import MiniProgram


def run(source: str, **kw):
    kw.setdefault("timeout_ms", 10000)
    return MiniProgram(source, **kw).run()


def lines(result, level: str | None = None) -> list[str]:
    return [c.text for c in result.console if level is None or c.level == level]


# -- storage ------------------------------------------------------------------------------------------
def test_storage_gives_values_back_with_their_types_and_a_missing_key_as_empty_string():
    src = """
    Page({ data: {}, onLoad() {
      wx.setStorageSync('n', 42); wx.setStorageSync('s', '你好'); wx.setStorageSync('b', false);
      wx.setStorageSync('o', { list: [1, 'x'], nested: { y: null } }); wx.setStorageSync('d', new Date(86400000));
      const o = wx.getStorageSync('o'); o.list.push('changed');  // a copy: the storage keeps its value
      const d = wx.getStorageSync('d');
      this.setData({
        types: ['n', 's', 'b', 'o'].map((k) => typeof wx.getStorageSync(k)),
        values: ['n', 's', 'b', 'o'].map((k) => wx.getStorageSync(k)),
        date: d instanceof Date ? d.getTime() : 'not a Date',
        missing: wx.getStorageSync('nothing-here'),
      });
    } });
    """
    assert run(src).data == {
        "types": ["number", "string", "boolean", "object"],
        "values": [42, "你好", False, {"list": [1, "x"], "nested": {"y": None}}],
        "date": 86400000, "missing": "",
    }


def test_remove_clear_and_storage_info():
    src = """
    Page({ data: {}, onLoad() {
      wx.setStorageSync('a', 'x'.repeat(3000)); wx.setStorageSync('b', 1); wx.setStorageSync('c', 2);
      const before = wx.getStorageInfoSync();
      wx.removeStorageSync('b');
      const removed = wx.getStorageInfoSync().keys;
      wx.clearStorageSync();
      this.setData({ before, removed, after: wx.getStorageInfoSync(), gone: wx.getStorageSync('a') });
    } });
    """
    d = run(src).data
    assert d["before"] == {"keys": ["a", "b", "c"], "currentSize": 3, "limitSize": 10240}
    assert d["removed"] == ["a", "c"]
    assert d["after"] == {"keys": [], "currentSize": 0, "limitSize": 10240}
    assert d["gone"] == ""


def test_async_storage_calls_back_after_the_call_success_then_complete():
    src = """
    const log = [];
    Page({ data: {}, onLoad() {
      const r = wx.setStorage({ key: 'k', data: { v: 1 },
        success: (res) => log.push('set ' + res.errMsg), complete: () => log.push('set complete') });
      log.push('returned ' + r);
      wx.getStorage({ key: 'k', success: (res) => log.push(res.errMsg + ' ' + res.data.v) });
      wx.getStorage({ key: 'nope', fail: (res) => log.push(res.errMsg),
        complete: (res) => { log.push('complete ' + res.errMsg); this.setData({ log }); } });
    } });
    """
    assert run(src).data["log"] == [
        "returned undefined", "set setStorage:ok", "set complete", "getStorage:ok 1",
        "getStorage:fail data not found", "complete getStorage:fail data not found"]


def test_async_apis_without_callbacks_return_promises_that_reject_on_fail():
    src = """
    Page({ data: {}, async onLoad() {
      const set = wx.setStorage({ key: 'k', data: 'v' });
      const isPromise = set instanceof Promise;
      await set;
      const got = await wx.getStorage({ key: 'k' });
      let failed = null;
      try { await wx.getStorage({ key: 'missing' }); } catch (e) { failed = e.errMsg; }
      const info = await wx.getSystemInfo();
      this.setData({ isPromise, got, failed, platform: info.platform, infoMsg: info.errMsg });
    } });
    """
    assert run(src, platform="ios").data == {
        "isPromise": True, "got": {"errMsg": "getStorage:ok", "data": "v"},
        "failed": "getStorage:fail data not found", "platform": "ios", "infoMsg": "getSystemInfo:ok"}


@pytest.mark.parametrize(
    ("call", "message"),
    [
        ("wx.setStorageSync(7, 'v')", "setStorageSync:fail parameter error: parameter.key should be String "
                                      "instead of Number;"),
        ("wx.getStorageSync(undefined)", "getStorageSync:fail parameter error: parameter.key should be String "
                                         "instead of Undefined;"),
        ("const c = {}; c.c = c; wx.setStorageSync('c', c)", "setStorageSync:fail data could not be stored: "
                                                              "TypeError: Converting circular structure to JSON"),
        ("wx.setStorageSync('big', 'x'.repeat(1024 * 1024))", "setStorageSync:fail exceed storage item max length"),
    ],
    ids=["key-not-string", "key-missing", "circular-data", "item-over-1MB"],
)
def test_sync_storage_throws_the_fail_message(call, message):
    src = """
    Page({ data: {}, onLoad() {
      try { CALL; this.setData({ thrown: null }); }
      catch (e) { this.setData({ thrown: e.message, keys: wx.getStorageInfoSync().keys }); }
    } });
    """.replace("CALL", call)
    d = run(src).data
    assert d["thrown"].startswith(message)
    assert d["keys"] == []  # nothing half-stored


def test_storage_stops_at_10_mb_and_keeps_what_was_stored():
    src = """
    Page({ data: {}, onLoad() {
      const mb = 'x'.repeat(1000 * 1000);
      for (let i = 0; i < 10; i++) wx.setStorageSync('k' + i, mb);
      wx.setStorage({ key: 'one-too-many', data: mb,
        fail: (res) => this.setData({ fail: res.errMsg, info: wx.getStorageInfoSync() }) });
    } });
    """
    d = run(src).data
    assert d["fail"] == "setStorage:fail exceed storage max size 10Mb"
    assert d["info"]["keys"] == [f"k{i}" for i in range(10)]
    assert d["info"]["currentSize"] == -(-10 * (1000 * 1000 + 2 + 2) // 1024)  # key + quoted JSON string


# -- system info ----------------------------------------------------------------------------------------
@pytest.mark.parametrize("platform", ["android", "ios", "devtools"])
def test_window_device_and_app_info_agree_with_system_info(platform):
    src = """
    Page({ data: {}, onLoad() {
      this.setData({ sys: wx.getSystemInfoSync(), win: wx.getWindowInfo(), dev: wx.getDeviceInfo(),
                     app: wx.getAppBaseInfo(), setting: wx.getSystemSetting(), auth: wx.getAppAuthorizeSetting(),
                     menu: wx.getMenuButtonBoundingClientRect() });
    } });
    """
    d = run(src, platform=platform).data
    sys = d["sys"]
    assert sys["platform"] == d["dev"]["platform"] == platform
    assert d["dev"]["system"] == sys["system"] and d["dev"]["model"] == sys["model"]
    assert (d["win"]["windowWidth"], d["win"]["screenHeight"]) == (sys["windowWidth"], sys["screenHeight"])
    assert d["win"]["safeArea"]["width"] == sys["windowWidth"]
    assert d["app"]["SDKVersion"] == sys["SDKVersion"] and d["app"]["enableDebug"] is False
    assert d["setting"]["deviceOrientation"] == "portrait"
    assert d["auth"]["locationAuthorized"] == "not determined"
    assert d["menu"]["right"] < sys["windowWidth"] and d["menu"]["top"] > sys["statusBarHeight"]


# -- shown, not real ---------------------------------------------------------------------------------------
def test_toast_loading_modal_and_action_sheet_are_console_lines_and_answer_as_a_user_would():
    src = """
    Page({ data: {}, async onLoad() {
      wx.showLoading({ title: '加载中' });
      wx.hideLoading();
      wx.showToast({ title: '发送中…', icon: 'none' });
      const modal = await wx.showModal({ title: '清空对话', content: '确定清空吗？' });
      const sheet = await wx.showActionSheet({ itemList: ['复制', '删除'] });
      this.setData({ modal, sheet });
    } });
    """
    result = run(src)
    assert result.data == {
        "modal": {"errMsg": "showModal:ok", "confirm": True, "cancel": False},
        "sheet": {"errMsg": "showActionSheet:ok", "tapIndex": 0},
    }
    assert lines(result, "info") == [
        "[wx.showLoading] 加载中",
        "[wx.showToast] 发送中…",
        '[wx.showModal] 清空对话 — 确定清空吗？ (mpsim presses "确定")',
        "[wx.showActionSheet] 复制 | 删除 (mpsim picks the first: 复制)",
    ]
    assert [c.line for c in result.console] == [3, 5, 6, 7]


def test_selector_query_gives_empty_rects_and_says_so_once():
    src = """
    Page({ data: {}, onReady() {
      const q = wx.createSelectorQuery();
      q.select('#list').boundingClientRect();
      q.selectViewport().scrollOffset((r) => this.setData({ scroll: r.scrollTop }));
      q.exec((res) => {
        wx.createSelectorQuery().selectAll('.msg').boundingClientRect().exec((again) => {
          this.setData({ rect: res[0], all: again[0] });
        });
      });
    } });
    """
    result = run(src)
    assert result.data["rect"]["height"] == 0 and result.data["rect"]["width"] == 0
    assert result.data["scroll"] == 0 and result.data["all"] == []
    assert len([t for t in lines(result) if t.startswith("[wx.createSelectorQuery]")]) == 1


# -- app, account, clipboard, ticks -------------------------------------------------------------------------
def test_login_gives_a_fake_code_and_says_so_once():
    src = """
    Page({ data: {}, async onLoad() {
      const a = await wx.login(); const b = await wx.login();
      this.setData({ codes: [a.code, b.code], account: wx.getAccountInfoSync().miniProgram });
    } });
    """
    result = run(src)
    a, b = result.data["codes"]
    assert a and b and a != b
    assert result.data["account"]["envVersion"] == "develop"
    said = [t for t in lines(result) if t.startswith("[wx.login]")]
    assert len(said) == 1 and "made-up code" in said[0]


def test_clipboard_keeps_what_the_page_copied():
    src = """
    Page({ data: {}, async onLoad() {
      await wx.setClipboardData({ data: '复制的回答' });
      const { data } = await wx.getClipboardData();
      this.setData({ data });
    } });
    """
    result = run(src)
    assert result.data == {"data": "复制的回答"}
    assert "[wx.setClipboardData] 5 characters copied" in lines(result, "info")


def test_next_tick_runs_after_the_current_task():
    src = """
    const order = [];
    Page({ data: {}, onLoad() {
      setTimeout(() => this.setData({ order }), 20);
      wx.nextTick(() => order.push('tick'));
      order.push('onLoad ends');
    } });
    """
    assert run(src).data["order"] == ["onLoad ends", "tick"]


def test_network_type_and_update_manager_are_harmless():
    src = """
    Page({ data: {}, onLoad() {
      const m = wx.getUpdateManager();
      m.onUpdateReady(() => this.setData({ ready: true }));
      m.onCheckForUpdate((r) => wx.getNetworkType({
        success: (n) => this.setData({ update: r.hasUpdate, net: n.networkType }) }));
      wx.onNetworkStatusChange(() => {}); wx.onAppShow(() => {}); wx.offAppShow();
    } });
    """
    assert run(src).data == {"update": False, "net": "wifi"}


# -- what is not emulated ------------------------------------------------------------------------------------
def test_unknown_api_warns_once_with_the_callers_line_and_the_run_goes_on():
    src = """
    Page({
      data: {},
      onLoad() {
        const first = wx.createInnerAudioContext();
        wx.createInnerAudioContext();
        this.setData({ first: first === undefined, after: true,
                       can: [wx.canIUse('createInnerAudioContext'), wx.canIUse('getStorageSync'),
                             wx.canIUse('showModal.object.editable'), wx.canIUse('request')] });
      },
    });
    """
    result = run(src, filename="pages/chat/index.js")
    assert result.data == {"first": True, "after": True, "can": [False, True, True, True]}
    assert result.error is None
    warnings = [c for c in result.console if c.level == "warn"]
    assert len(warnings) == 1
    assert warnings[0].text.startswith("wx.createInnerAudioContext is not emulated by mpsim")
    assert warnings[0].text.endswith("(called at pages/chat/index.js:5)") and warnings[0].line == 5
    assert not [c for c in result.console if c.level == "error"]


def test_ui_calls_reach_the_window_as_ui_events():
    src = """
    Page({ data: {}, onLoad() {
      wx.setNavigationBarTitle({ title: 'AI 助手' });
      wx.showLoading({ title: '思考中', mask: true });
      wx.hideLoading();
      wx.vibrateShort({ type: 'light' });
      wx.pageScrollTo({ scrollTop: 99999, duration: 0 });
    } });
    """
    drawn: list[tuple[str, dict]] = []
    run(src, on_ui=lambda kind, payload: drawn.append((kind, payload)))
    assert drawn == [
        ("navigationBarTitle", {"title": "AI 助手"}),
        ("loading", {"title": "思考中", "mask": True}),
        ("hideLoading", {}),
        ("vibrate", {"length": "short", "type": "light"}),
        ("pageScrollTo", {"scrollTop": 99999, "selector": None, "duration": 0}),
    ]


def test_navigation_without_callbacks_returns_a_promise():
    src = """
    Page({ data: {}, async onLoad() {
      const p = wx.navigateTo({ url: '/pages/nowhere/index' });
      let failed = null;
      try { await p; } catch (e) { failed = e.errMsg; }
      this.setData({ isPromise: p instanceof Promise, failed });
    } });
    """
    assert run(src).data == {"isPromise": True, "failed": 'navigateTo:fail page "pages/nowhere/index" is not found'}


def test_probing_wx_as_a_value_warns_about_nothing():
    src = """
    Page({ data: {}, async onLoad() {
      const same = (await wx) === wx;
      this.setData({ same, json: JSON.stringify(wx).length > 2, esm: wx.__esModule === undefined });
    } });
    """
    result = run(src)
    assert result.data == {"same": True, "json": True, "esm": True}
    assert lines(result, "warn") == []
