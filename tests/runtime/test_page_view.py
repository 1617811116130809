"""The page's view headless (PageView): the chat project's own WXML renders the streamed answer as the
page's setData sends it, under every delivery profile; setData bursts reach the view coalesced."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from simulator.runtime.page_view import Input, Tap
from simulator.server.demo import DEMO_ANSWER

PROJECTS = Path(__file__).parent.parent / "projects"
REMOTE = "https://api.example.com"


@pytest.mark.parametrize("profile", ["passthrough", "random", "utf8-cut"])
def test_typing_a_question_and_tapping_send_streams_the_answer_into_the_rendered_page(profile, run_view, demo_url):
    result, view = run_view(PROJECTS / "view-chat", Input("#question", "你好"), Tap("#send"),
                            maps=[(REMOTE, demo_url)], profile=profile, seed=5)
    assert result.errors == []
    assert result.data["answer"] == DEMO_ANSWER
    assert [m["text"] for m in result.data["messages"]] == ["你好", DEMO_ANSWER]
    assert view.result is not None
    bubbles = view.result.tree.find_all("chat-bubble")
    assert [b.find(".body").text_content for b in bubbles] == ["你好", DEMO_ANSWER]
    # The bubble's own observer counted the characters it was given, through its own setData.
    assert bubbles[1].find(".count").text_content == f"{len(DEMO_ANSWER)} 字"
    assert view.result.tree.find("#question").attrs["value"] == ""  # the page cleared it on send
    assert DEMO_ANSWER in view.text()
    assert view.figures["tap_to_render_ms"], "the tap's setData reached the view"


def write_project(folder: Path, js: str, wxml: str) -> Path:
    (folder / "pages" / "p").mkdir(parents=True)
    (folder / "app.json").write_text(json.dumps({"pages": ["pages/p/p"]}), encoding="utf-8")
    (folder / "pages" / "p" / "p.js").write_text(js, encoding="utf-8")
    (folder / "pages" / "p" / "p.wxml").write_text(wxml, encoding="utf-8")
    return folder


def test_a_burst_of_set_data_reaches_the_view_as_one_render(run_view, tmp_path):
    js = "Page({ data: { n: -1, list: [] }, grow() { for (let i = 0; i < 200; i++) " \
         "this.setData({ n: i, [`list[${i}]`]: i * 2 }) } })"
    folder = write_project(tmp_path, js, "<text id='n'>{{n}}</text><text wx:for='{{list}}'>,{{item}}</text>")
    from simulator.runtime import PageCall

    result, view = run_view(folder, PageCall("grow"))
    assert result.data["n"] == 199
    assert view.result is not None
    assert view.result.tree.find("#n").text_content == "199"
    assert view.text().endswith(",396,398")
    # The first render of the page, then one for the 200 setData calls of the task.
    assert view.figures["renders"] == 2


def test_data_set_right_before_the_run_ends_is_rendered(run_view, tmp_path):
    js = "Page({ data: { s: 'start' }, onReady() { setTimeout(() => this.setData({ s: 'last words' }), 5) } })"
    folder = write_project(tmp_path, js, "<view><text>{{s}}</text></view>")
    result, view = run_view(folder)
    assert result.data["s"] == "last words"
    assert view.text() == "last words"


def test_the_screenshot_shows_the_streamed_answer_and_component_data(run_view, demo_url, tmp_path):
    pytest.importorskip("PySide6.QtWebEngineWidgets")
    from simulator.gui.webphone import render_screenshot

    result, view = run_view(PROJECTS / "view-chat", Input("#question", "你好"), Tap("#send"),
                            maps=[(REMOTE, demo_url)])
    assert view.renderer is not None
    shot = render_screenshot(view.renderer, result.data, tmp_path / "chat.png", component_data=view.component_data(),
                             assets=PROJECTS / "view-chat")
    assert "祝你调试顺利" in shot.text
    assert f"{len(DEMO_ANSWER)} 字" in shot.text  # the bubble's own data, not only the page's
    assert shot.boxes["send"]["width"] > 0


def test_a_page_opened_by_navigation_renders_and_taps_reach_it(run_view, tmp_path):
    (tmp_path / "pages" / "a").mkdir(parents=True)
    (tmp_path / "pages" / "b").mkdir(parents=True)
    (tmp_path / "app.json").write_text(json.dumps({"pages": ["pages/a/a", "pages/b/b"]}), encoding="utf-8")
    (tmp_path / "pages" / "a" / "a.js").write_text(
        "Page({ data: { back: 0 }, go() { wx.navigateTo({ url: '/pages/b/b?from=a' }) }, "
        "onShow() { this.setData({ back: this.data.back + 1 }) } })", encoding="utf-8")
    (tmp_path / "pages" / "a" / "a.wxml").write_text("<button id='go' bindtap='go'>A shown {{back}}</button>",
                                                     encoding="utf-8")
    (tmp_path / "pages" / "b" / "b.js").write_text(
        "Page({ data: { from: '' }, onLoad(q) { this.setData({ from: q.from }) }, "
        "close() { wx.navigateBack() } })", encoding="utf-8")
    (tmp_path / "pages" / "b" / "b.wxml").write_text("<view id='close' bindtap='close'>B from {{from}}</view>",
                                                     encoding="utf-8")
    result, view = run_view(tmp_path, Tap("#go"), Tap("#close"))
    assert result.errors == []
    assert view.route == "pages/a/a"
    assert view.text() == "A shown 2"
