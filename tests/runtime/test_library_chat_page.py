"""A chat page in the shape of the open-source ones tried for issue 9 (tests/projects/trial9-library-chat):
a send button from an npm UI library whose shared template draws its icon, a typewriter that shows the
answer one UTF-16 unit at a time, and a setTimeout poll for a layout rect that headless never has."""

from __future__ import annotations

from pathlib import Path

import pytest

from simulator.runtime import program
from simulator.runtime.page_view import Input, Tap
from simulator.server.demo import DEMO_ANSWER

PROJECT = Path(__file__).parent.parent / "projects" / "trial9-library-chat"
REMOTE = "https://chat.example.com"
POLL_TRIES = 15  # pages/ask/ask.js


@pytest.fixture
def short_patience(monkeypatch):
    # The page polls for 1.5 s; a step waits for it at most this long.
    monkeypatch.setattr(program, "STEP_PATIENCE_S", 0.3)


@pytest.mark.parametrize("profile", ["random", "utf8-cut"])
def test_typing_and_tapping_the_library_button_streams_the_answer_while_the_page_still_polls(
        profile, short_patience, run_view, demo_url):
    result, view = run_view(PROJECT, Input(".question", "你好"), Tap(".send"), maps=[(REMOTE, demo_url)],
                            profile=profile, seed=3)
    assert result.errors == []
    # The steps did not wait for the poll to give up: a user types when they see the page.
    assert 0 <= result.data["pollsAtSend"] < POLL_TRIES
    assert [t["text"] for t in result.data["turns"]] == ["你好", DEMO_ANSWER]
    assert view.result is not None
    assert [t.text_content for t in view.result.tree.find_all(".turn")] == ["你好", DEMO_ANSWER]
    # The library's shared icon template drew the component the button declares.
    icon = view.result.tree.find(".send ui-icon")
    assert icon is not None and icon.component_id is not None
    assert "/miniprogram_npm/mini-ui/icon/icon" in [c["path"] for c in view.result.components]
    assert view.result.tree.find(".send").text_content == "➤发送"
    assert not [w for w in view.result.warnings if "unknown tag" in w or "failed" in w]


def test_a_step_waits_for_a_short_timer_the_page_set(short_patience, run_view, tmp_path):
    # A timer shorter than the patience is waited for: the page set it, the step sees its effect.
    pages = tmp_path / "pages" / "p"
    pages.mkdir(parents=True)
    (tmp_path / "app.json").write_text('{"pages": ["pages/p/p"]}', encoding="utf-8")
    (pages / "p.js").write_text("Page({ data: { greeting: '' }, onReady() { setTimeout(() => "
                                "this.setData({ greeting: '你好' }), 100) }, copy() { this.setData({ "
                                "copied: this.data.greeting }) } })", encoding="utf-8")
    (pages / "p.wxml").write_text("<view id='copy' bindtap='copy'>{{greeting}}</view>", encoding="utf-8")
    result, _ = run_view(tmp_path, Tap("#copy"))
    assert result.data["copied"] == "你好"
