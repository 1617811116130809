"""Runtime tests run page scripts against the real demo server (``demo_url`` from tests/conftest.py)."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest

from simulator.runtime import MiniProgram, RunResult


@pytest.fixture
def run_page(demo_url: str) -> Callable[..., RunResult]:
    """Run a page script with ``options.base`` set to the demo server; keyword arguments go to MiniProgram."""

    def run(source: str, **kw: Any) -> RunResult:
        kw["query"] = {"base": demo_url, **kw.get("query", {})}
        kw.setdefault("timeout_ms", 20000)
        return MiniProgram(source, **kw).run()

    return run


@pytest.fixture
def run_view() -> Iterator[Callable[..., Any]]:
    """Run a project folder with its page's view headless: ``run(folder, *steps, **kw)`` returns
    ``(RunResult, PageView)``; ``steps`` are PageCall, Input and Tap; keyword arguments go to MiniProgram."""
    from simulator.runtime.page_view import PageView
    from simulator.runtime.project import load_project

    views: list[PageView] = []

    def run(folder: Path, *steps: Any, **kw: Any) -> tuple[RunResult, PageView]:
        project = load_project(folder)
        view = PageView(project)
        views.append(view)
        kw.setdefault("timeout_ms", 30000)
        return MiniProgram(project=project, view=view, calls=list(steps), storage={}, **kw).run(), view

    yield run
    for view in views:
        view.close()
