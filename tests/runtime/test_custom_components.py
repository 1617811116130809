"""Custom components in the logic layer, driven through the page's rendered view (PageView): each
instance the view renders gets its Component() instance, with properties, observers, lifetimes and
triggerEvent as the WeChat custom-component docs describe (docs/pages.md, docs/wxml.md)."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from simulator.runtime import MiniProgram, PageCall, RunResult
from simulator.runtime.page_view import Input, PageView, Tap
from simulator.runtime.project import load_project

PROJECT = Path(__file__).parent.parent / "projects" / "view-components"


@pytest.fixture
def run_view() -> Iterator[Any]:
    views: list[PageView] = []

    def run(*steps: Any) -> tuple[RunResult, PageView, MiniProgram]:
        project = load_project(PROJECT)
        view = PageView(project)
        views.append(view)
        program = MiniProgram(project=project, view=view, calls=list(steps), storage={}, timeout_ms=20000)
        return program.run(), view, program

    yield run
    for view in views:
        view.close()


def said(result: RunResult, *prefixes: str) -> list[str]:
    return [line.text for line in result.console if line.text.startswith(prefixes)]


def test_lifetimes_run_in_the_order_a_device_runs_them(run_view):
    result, _, _ = run_view(PageCall("hideCard"))
    assert result.errors == []
    assert said(result, "life", "title observer", "selectComponent") == [
        "life card created",
        "title observer: untitled -> first",  # the parent's value replaces the default
        "life card attached, step is a number: 3",  # step="3" in WXML, a Number property
        "life page onLoad",
        "life page onShow",
        "life card ready",
        "life page onReady",
        "selectComponent #card: first",
        "life card detached",  # wx:if turned false: the instance is gone
    ]


def test_properties_flow_from_the_parents_render_and_run_observers(run_view):
    result, view, _ = run_view(PageCall("rename", {"detail": {"title": "second"}}))
    assert said(result, "title observer")[-1] == "title observer: first -> second"
    text = view.text()
    assert "[second#0]" in text  # the component's own setData from its 'title, count' observer
    assert "slot of second" in text  # slot content is the parent's, bound to the parent's data


def test_a_tap_in_a_component_runs_its_method_and_trigger_event_reaches_the_parent(run_view):
    result, view, _ = run_view(Tap("#add"), Tap("#add"))
    assert result.errors == []
    assert result.data["changed"] == {"count": 6, "from": "card", "slot": "a"}
    # The tap bubbles on to the page's outer view, where the target is the component's host.
    assert result.data["taps"] == ["outer<-card", "outer<-card"]
    assert "[first#6]" in view.text()


def test_taps_bubble_up_and_catch_stops_them(run_view):
    result, _, _ = run_view(Tap("#inner"), Tap("#deep"))
    assert result.data["taps"] == ["inner:inner", "outer<-inner", "stopper"]


def test_a_string_returned_from_bindinput_replaces_what_the_input_shows(run_view):
    result, view, _ = run_view(Input("#name", "abc"), Input("#plain", "你好"))
    assert result.data["typed"] == "你好|2"  # detail.value and detail.cursor
    assert view.result is not None
    assert view.result.tree.find("#name").attrs["value"] == "ABC"
    assert view.result.tree.find("#plain").attrs["value"] == "你好"


def test_a_handler_the_page_lacks_is_the_devices_warning_and_the_run_goes_on(run_view):
    result, _, _ = run_view(Tap("#missing"), Tap("#inner"))
    assert result.errors == []
    assert 'Component "pages/home/home" does not have a method "noSuchHandler" to handle event "tap".' in [
        line.text for line in result.console if line.level == "warn"]
    assert result.data["taps"] == ["outer<-missing", "inner:inner", "outer<-inner"]


def test_a_selector_that_matches_nothing_ends_the_run_naming_what_the_page_has(run_view):
    result, _, program = run_view(Tap("#inner"), Tap("#nothing"), Tap("#inner"))
    assert result.end_reason == "no-match"
    assert program.no_match is not None
    assert program.no_match.startswith("--tap #nothing: no element matches; the page has #outer, .outer, #card")
    assert result.data["taps"] == ["inner:inner", "outer<-inner"]
