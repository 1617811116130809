"""createSelectorQuery answers from the phone's real layout in the window (QtWebEngine), as a device
does; headless it answers empty rects and says so once. wx.pageScrollTo moves the phone's page."""

from __future__ import annotations

import json
import threading
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest

from simulator.gui.webphone import PhoneLink, WebPhone
from simulator.runtime.page_view import PageView
from simulator.runtime.program import ConsoleLine, MiniProgram, RunResult
from simulator.runtime.project import load_project

# A chat page: messages of known heights inside a scroll-view, a .body of its own, and a card component
# whose template has a .body too (so a query's scope decides which one it measures).
CHAT = {
    "app.json": json.dumps({"pages": ["pages/chat/chat"]}),
    "app.js": "App({})",
    "pages/chat/chat.json": json.dumps({"usingComponents": {"card": "/components/card/card"}}),
    "pages/chat/chat.wxml": """
<scroll-view id="scroller" scroll-y style="height: 120px" scroll-top="{{scrollTop}}">
  <view id="list">
    <view class="msg" wx:for="{{messages}}" wx:key="id" data-n="{{index}}"
          style="height: {{item.h}}px">{{item.text}}</view>
  </view>
</scroll-view>
<view class="body" style="height: 10px">page body</view>
<card id="card" text="卡片"><view class="slotted" style="height: 6px"></view></card>
<view id="end" style="height: 2000px">end</view>
""",
    "pages/chat/chat.js": """
Page({
  data: {
    messages: [{ id: 1, h: 40, text: 'a' }, { id: 2, h: 60, text: 'b' }, { id: 3, h: 80, text: 'c' }],
    scrollTop: 0,
  },
  onReady() {
    wx.createSelectorQuery()
      .select('#list').boundingClientRect()
      .selectAll('.msg').boundingClientRect()
      .select('#scroller').scrollOffset()
      .selectAll('.body').boundingClientRect()
      .selectAll('#card >>> .body').boundingClientRect()
      .select('.nothing').boundingClientRect()
      .selectViewport().boundingClientRect()
      .selectAll('#list>.msg, .body').boundingClientRect()
      .selectAll('#scroller>.msg').boundingClientRect()
      .select('view').boundingClientRect()
      .selectAll('#card .slotted').boundingClientRect()
      .exec((res) => {
        const [list, msgs, scroller, bodies, deep, nothing, viewport, either, notChildren, byTag, slotted] = res
        // A chat page scrolls its list to the bottom by the content's measured height.
        this.setData({ list, msgs, scroller, bodies, deep, nothing, viewport, either, notChildren, byTag, slotted,
          scrollTop: list.height })
      })
  },
  scrollDown() {
    wx.pageScrollTo({ scrollTop: 500, duration: 0 })
    wx.createSelectorQuery().selectViewport().scrollOffset((r) => this.setData({ pageScroll: r.scrollTop })).exec()
  },
  scrollToEnd() {
    wx.pageScrollTo({ selector: '#end', duration: 0 })
    wx.createSelectorQuery().selectViewport().scrollOffset()
      .select('#end').boundingClientRect()
      .exec(([page, end]) => this.setData({ pageScroll: page.scrollTop, endTop: end.top }))
  },
})
""",
    "components/card/card.json": json.dumps({"component": True}),
    "components/card/card.wxml": '<view class="body" style="height: 24px">{{text}}<slot/></view>',
    "components/card/card.js": """
Component({
  properties: { text: String },
  lifetimes: {
    ready() {
      const page = getCurrentPages().slice(-1)[0]
      this.createSelectorQuery().select('.body').boundingClientRect((own) => {
        wx.createSelectorQuery().in(this).selectAll('.body')
          .fields({ id: true, size: true, computedStyle: ['display'] })
          .selectAll('.slotted').boundingClientRect()
          .exec(([viaIn, slot]) => page.setData({ cardOwn: own, cardIn: viaIn, cardSlot: slot }))
      }).exec()
    },
  },
})
""",
}

# As towxml-style renderers do: poll a node's height until it has one, then carry on.
POLLING = {
    "app.json": json.dumps({"pages": ["pages/doc/doc"]}),
    "pages/doc/doc.wxml": '<view class="doc"><view wx:for="{{lines}}" wx:key="*this">{{item}}</view></view>',
    "pages/doc/doc.js": """
Page({
  data: { lines: ['一', '二', '三'], height: 0, polls: 0 },
  onReady() { this.poll() },
  poll() {
    wx.createSelectorQuery().select('.doc').boundingClientRect((rect) => {
      this.setData({ polls: this.data.polls + 1 })
      if (rect && rect.height > 0) this.setData({ height: rect.height })
      else if (this.data.polls < 10) setTimeout(() => this.poll(), 50)
    }).exec()
  },
})
""",
}


class PhoneRun:
    """A project run shown on a WebPhone, on its own thread, as the window runs one."""

    def __init__(self, qtbot: Any, folder: Path, stay_open: bool) -> None:
        project = load_project(folder)
        self.phone = WebPhone()
        qtbot.addWidget(self.phone)
        self.phone.show()
        self.link = PhoneLink(project, self.phone)
        self.pages: list[dict[str, Any]] = []
        self.lines: list[ConsoleLine] = []
        self.result: RunResult | None = None
        self.program = MiniProgram(project=project, view=self.link, stay_open=stay_open, storage={},
                                   timeout_ms=30_000, on_data=self.pages.append, on_console_line=self.lines.append)
        self.link.attach(self.program)
        self.thread = threading.Thread(target=self._run, daemon=True)

    def _run(self) -> None:
        self.result = self.program.run()

    def data(self) -> dict[str, Any]:
        return self.pages[-1] if self.pages else {}

    def js(self, qtbot: Any, source: str) -> Any:
        with qtbot.waitCallback(timeout=10_000) as got:
            self.phone.when_painted(lambda: self.phone.run_js(source, got))
        return got.args[0]

    def close(self) -> None:
        self.program.stop()
        self.thread.join(10)
        self.link.close()


@pytest.fixture
def phone_run(qtbot, tmp_path, write_project) -> Iterator[Callable[..., PhoneRun]]:
    runs: list[PhoneRun] = []

    def start(files: dict[str, str], stay_open: bool = True) -> PhoneRun:
        run = PhoneRun(qtbot, write_project(tmp_path / f"p{len(runs)}", files), stay_open)
        runs.append(run)
        with qtbot.waitSignal(run.phone.page_shown, timeout=20_000):
            run.thread.start()
        return run

    yield start
    for run in runs:
        run.close()


def box(run: PhoneRun, qtbot: Any, selector: str) -> list[dict[str, float]]:
    """The DOM's own boxes of what ``selector`` picks in the phone's page."""
    return json.loads(run.js(qtbot, f"JSON.stringify(Array.from(document.querySelectorAll({json.dumps(selector)}))"
                                    ".map((e) => e.getBoundingClientRect()))"))


def test_a_chat_page_measures_its_list_and_scrolls_its_scroll_view_to_the_bottom(qtbot, phone_run):
    run = phone_run(CHAT)
    qtbot.waitUntil(lambda: "list" in run.data(), timeout=10_000)
    data = run.data()
    # scroll-top set from the measured height moves the scroll-view on the phone to its end
    qtbot.waitUntil(lambda: run.js(qtbot, "document.getElementById('scroller').scrollTop") == 60, timeout=10_000)
    [list_box] = box(run, qtbot, "#list")
    assert data["list"]["height"] == pytest.approx(180) == pytest.approx(list_box["height"])
    assert data["list"]["top"] - 60 == pytest.approx(list_box["top"]) and data["list"]["width"] == list_box["width"]
    assert data["list"]["id"] == "list" and data["list"]["dataset"] == {}
    # selectAll: one rect per message, in document order, each with its own dataset
    assert [m["height"] for m in data["msgs"]] == [40, 60, 80]
    assert [m["dataset"]["n"] for m in data["msgs"]] == [0, 1, 2]
    assert data["msgs"][0]["top"] < data["msgs"][1]["top"] < data["msgs"][2]["top"]
    assert data["scroller"]["scrollHeight"] == 180 and data["scroller"]["scrollTop"] == 0
    # the page's own .body only; the card's .body is reached with >>>
    assert [b["height"] for b in data["bodies"]] == [10]
    assert [b["height"] for b in data["deep"]] == [24]
    assert data["nothing"] is None
    assert [r["height"] for r in data["either"]] == [40, 60, 80, 10]  # "a, b": one list, in document order
    assert data["notChildren"] == []  # the messages are the list's children, not the scroll-view's
    assert data["byTag"] is None  # no tag selectors in SelectorQuery, and the console says so
    assert [r["height"] for r in data["slotted"]] == [6]  # a slot's content is the page's, under the card
    [said] = [line.text for line in run.lines if "SelectorQuery.select" in line.text]
    assert said.startswith('[wx.createSelectorQuery] cannot read "view" at column 1')
    assert data["viewport"]["width"] == run.phone.page_size()[0] and data["viewport"]["height"] > 0


def test_a_component_query_measures_its_own_nodes_with_this_and_in_this(qtbot, phone_run):
    run = phone_run(CHAT)
    qtbot.waitUntil(lambda: "cardIn" in run.data(), timeout=10_000)
    data = run.data()
    assert data["cardOwn"]["height"] == 24
    assert data["cardIn"] == [{"id": "", "width": data["cardOwn"]["width"], "height": 24, "display": "block"}]
    assert data["cardSlot"] == []  # what the page put in its slot is not in the card's own tree


def test_page_scroll_to_moves_the_phone_page_and_the_viewport_says_where(qtbot, phone_run):
    run = phone_run(CHAT)
    qtbot.waitUntil(lambda: "list" in run.data(), timeout=10_000)
    run.program.call("scrollDown")
    qtbot.waitUntil(lambda: run.data().get("pageScroll") == 500, timeout=10_000)
    assert run.js(qtbot, "window.scrollY") == 500
    run.program.call("scrollToEnd")
    qtbot.waitUntil(lambda: run.data().get("pageScroll", 500) != 500, timeout=10_000)
    [end] = box(run, qtbot, "#end")
    assert run.data()["endTop"] == pytest.approx(0) == pytest.approx(end["top"])
    # back up, to where #end starts (under the 120 px list, the page's .body and the card)
    assert run.data()["pageScroll"] == run.js(qtbot, "window.scrollY") == 120 + 10 + 24


def test_a_page_polling_for_a_height_gets_one_and_its_run_ends(qtbot, phone_run):
    run = phone_run(POLLING, stay_open=False)
    qtbot.waitUntil(lambda: not run.thread.is_alive(), timeout=20_000)
    assert run.result is not None and run.result.end_reason == "idle" and run.result.errors == []
    assert run.result.data["polls"] == 1 and run.result.data["height"] > 0
    assert not [line for line in run.result.console if "createSelectorQuery" in line.text]


def test_headless_the_same_pages_get_empty_rects_said_once(tmp_path, write_project):
    for name, files in (("chat", CHAT), ("doc", POLLING)):
        project = load_project(write_project(tmp_path / name, files))
        view = PageView(project)
        try:
            result = MiniProgram(project=project, view=view, storage={}, timeout_ms=30_000).run()
        finally:
            view.close()
        assert result.end_reason == "idle" and result.errors == []
        note = "[wx.createSelectorQuery] mpsim has no laid-out page here: every rect is empty (0×0)"
        assert [line.text for line in result.console].count(note) == 1
        if name == "chat":
            assert result.data["list"]["height"] == 0 and result.data["msgs"] == [] and result.data["bodies"] == []
            assert result.data["scrollTop"] == 0 and result.data["cardOwn"]["height"] == 0
        else:
            assert result.data["polls"] == 10 and result.data["height"] == 0
