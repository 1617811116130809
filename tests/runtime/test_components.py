"""Pages built with Component and Behavior (docs/pages.md), and navigation with a real page stack."""

from __future__ import annotations

from typing import Any

from simulator.runtime import MiniProgram, PageCall, RunResult


def run_pages(files: dict[str, str], page: str = "pages/index/index", *, pages: list[str] | None = None,
              tabs: list[str] | None = None, **kw: Any) -> RunResult:
    modules = {path: {"code": code, "file": path} for path, code in files.items()}

    class Project:  # what MiniProgram reads of a loaded project (simulator/runtime/project.py)
        entry = page
        appid = None
        network_timeout_ms = None
        tab_bar_pages = tabs or []

    Project.pages = pages or [page]
    kw.setdefault("timeout_ms", 10000)
    return MiniProgram(modules={"modules": modules}, project=Project(), page=page, **kw).run()


def test_component_page_runs_lifetimes_and_page_methods_in_device_order():
    page = """
    Component({
      properties: { topic: String, n: { type: Number, value: 1 } },
      data: { log: [] },
      lifetimes: {
        created() { this.order = ['created'] },
        attached() { this.order.push('attached') },
        ready() { this.order.push('ready') },
      },
      pageLifetimes: { show() { this.order.push('pageLifetimes.show') } },
      methods: {
        onLoad(options) { this.order.push('onLoad:' + options.topic) },
        onShow() { this.order.push('onShow') },
        onReady() {
          this.order.push('onReady')
          this.setData({ order: this.order, same: this.data === this.properties, topic2: this.properties.topic })
        },
      },
    })
    """
    result = run_pages({"pages/index/index.js": page}, query={"topic": "weather", "n": "7"})
    assert result.errors == []
    assert result.data["order"] == ["created", "attached", "onLoad:weather", "onShow", "pageLifetimes.show",
                                    "ready", "onReady"]
    assert result.data["same"] is True
    assert (result.data["topic"], result.data["topic2"], result.data["n"]) == ("weather", "weather", 7)


def test_set_data_triggers_the_observers_whose_fields_it_touched():
    page = """
    Component({
      data: { a: 1, obj: { x: 1, y: 2 }, seen: [] },
      observers: {
        'a': function (a) { this.data.seen.push('a=' + a) },
        'obj.x, a': function (x, a) { this.data.seen.push('obj.x=' + x + ',a=' + a) },
        'obj.**': function (obj) { this.data.seen.push('obj.**') },
      },
      methods: {
        onLoad() {
          this.setData({ a: 2 })
          this.setData({ 'obj.y': 5 })
          this.setData({ obj: { x: 9 } })
          this.setData({ seen: this.data.seen })
        },
      },
    })
    """
    result = run_pages({"pages/index/index.js": page})
    assert result.data["seen"] == ["a=2", "obj.x=1,a=2", "obj.**", "obj.x=9,a=2", "obj.**"]


def test_behaviors_mix_as_documented():
    files = {
        "behaviors/base.js": """
          module.exports = Behavior({
            data: { shared: { fromBase: 1, both: 'base' }, who: 'base' },
            methods: { hello() { return 'base' }, onlyBase() { return 'base-only' } },
            lifetimes: { attached() { this.order = (this.order || []).concat('base') } },
          })""",
        "behaviors/typing.js": """
          const base = require('./base')
          module.exports = Behavior({
            behaviors: [base],
            data: { shared: { fromTyping: 1, both: 'typing' }, who: 'typing' },
            methods: { hello() { return 'typing' } },
            attached() { this.order = this.order.concat('typing') },
          })""",
        "pages/index/index.js": """
          const base = require('../../behaviors/base')
          const typing = require('../../behaviors/typing')
          Component({
            behaviors: [typing, base],
            data: { who: 'page' },
            lifetimes: { attached() { this.order = this.order.concat('page') } },
            methods: {
              onLoad() {
                this.setData({ order: this.order, hello: this.hello(), onlyBase: this.onlyBase() })
              },
            },
          })""",
    }
    result = run_pages(files)
    assert result.errors == []
    data = result.data
    assert data["order"] == ["base", "typing", "page"]  # each behavior once, the component last
    assert data["who"] == "page"  # the component's own field wins
    assert data["shared"] == {"fromBase": 1, "fromTyping": 1, "both": "typing"}  # objects merge, referrer wins
    assert (data["hello"], data["onlyBase"]) == ("typing", "base-only")


NAV_PAGES = ["pages/index/index", "pages/detail/detail", "pages/tab/tab"]
RECORDER = """
const log = (what) => { const app = getApp(); app.globalData.log.push(what) }
"""


def nav_files(index_methods: str) -> dict[str, str]:
    app = "App({ globalData: { log: [] } })"
    detail = RECORDER + """
    Page({
      onLoad(o) { log('detail.onLoad ' + JSON.stringify(o)) },
      onShow() { log('detail.onShow') },
      onUnload() { log('detail.onUnload') },
      goBack() { wx.navigateBack({ success: (r) => log(r.errMsg) }) },
      stack() {
        log(getCurrentPages().map((p) => p.route).join(' > '))
        this.setData({ log: getApp().globalData.log })
      },
    })"""
    index = RECORDER + """
    Page({
      data: {},
      onShow() { log('index.onShow') },
      onHide() { log('index.onHide') },
      onUnload() { log('index.onUnload') },
      report() { this.setData({ log: getApp().globalData.log }) },
    """ + index_methods + "})"
    return {"app.js": app, "pages/index/index.js": index, "pages/detail/detail.js": detail,
            "pages/tab/tab.js": "Page({})"}


def test_navigate_to_and_back_keep_a_stack_with_lifecycle_and_options():
    files = nav_files("""
      go() { wx.navigateTo({ url: '../detail/detail?id=7&from=index', success: (r) => log(r.errMsg) }) },
    """)
    calls = [PageCall("go"), PageCall("stack"), PageCall("goBack"), PageCall("report")]
    result = run_pages(files, pages=NAV_PAGES, tabs=["pages/tab/tab"], calls=calls)
    assert result.errors == []
    assert result.data["log"] == [
        "index.onShow", "index.onHide", 'detail.onLoad {"id":"7","from":"index"}', "detail.onShow",
        "navigateTo:ok", "pages/index/index > pages/detail/detail",
        "detail.onUnload", "index.onShow", "navigateBack:ok",
    ]


def test_navigation_fails_with_the_devices_err_msg():
    files = nav_files("""
      go() {
        wx.navigateTo({ url: '/pages/nowhere/index', fail: (r) => log(r.errMsg) })
        wx.navigateTo({ url: '/pages/tab/tab', fail: (r) => log(r.errMsg) })
        wx.switchTab({ url: '/pages/detail/detail', fail: (r) => log(r.errMsg) })
        wx.navigateBack({ fail: (r) => log(r.errMsg), complete: (r) => log('complete') })
      },
    """)
    result = run_pages(files, pages=NAV_PAGES, tabs=["pages/tab/tab"], calls=[PageCall("go"), PageCall("report")])
    assert result.data["log"] == [
        "index.onShow",
        'navigateTo:fail page "pages/nowhere/index" is not found',
        "navigateTo:fail can not navigateTo a tabbar page",
        "switchTab:fail can not switch to no-tabBar page",
        "navigateBack:fail cannot navigate back at first page.",
        "complete",
    ]


def test_redirect_and_relaunch_unload_the_pages_they_close():
    files = nav_files("""
      go() { wx.redirectTo({ url: '/pages/detail/detail?x=1' }) },
    """)
    seen: list[str] = []
    result = run_pages(files, pages=NAV_PAGES, calls=[PageCall("go"), PageCall("stack")],
                       on_page=lambda route, methods, data: seen.append(route))
    assert result.errors == []
    assert seen == ["pages/index/index", "pages/detail/detail"]
    assert result.data["log"] == ["index.onShow", "index.onUnload", 'detail.onLoad {"x":"1"}', "detail.onShow",
                                  "pages/detail/detail"]


def test_switch_tab_keeps_tab_pages_alive_and_closes_the_others():
    files = nav_files("""
      go() { wx.navigateTo({ url: '/pages/detail/detail' }) },
    """)
    files["pages/tab/tab.js"] = RECORDER + """
    Page({
      onLoad() { log('tab.onLoad') },
      onShow() { log('tab.onShow') },
      onHide() { log('tab.onHide') },
      toIndex() { wx.switchTab({ url: '/pages/index/index' }) },
    })"""
    detail = files["pages/detail/detail.js"]
    files["pages/detail/detail.js"] = detail.replace("stack() {", "toTab() { wx.switchTab({ url: '/pages/tab/tab' }) },"
                                                                  "\n stack() {")
    tabs = ["pages/index/index", "pages/tab/tab"]
    calls = [PageCall("go"), PageCall("toTab"), PageCall("toIndex"), PageCall("report")]
    result = run_pages(files, pages=NAV_PAGES, tabs=tabs, calls=calls)
    assert result.errors == []
    assert result.data["log"] == [
        "index.onShow", "index.onHide", "detail.onLoad {}", "detail.onShow",  # navigateTo
        "detail.onUnload", "tab.onLoad", "tab.onShow",  # switchTab from a non-tab page: it closes
        "tab.onHide", "index.onShow",  # back to a tab page that stayed alive: only onShow
    ]
