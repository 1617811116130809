"""View tests render WXML written inline (a dict of project files) in the view's own V8 isolate."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from typing import Any

import pytest

from simulator.view import RenderResult, ViewRenderer


@pytest.fixture
def open_page() -> Iterator[Callable[..., ViewRenderer]]:
    """``open_page(files, page="/pages/index/index")``: a ViewRenderer over in-memory files."""
    opened: list[ViewRenderer] = []

    def open_(files: dict[str, str], page: str = "/pages/index/index", **kw: Any) -> ViewRenderer:
        renderer = ViewRenderer(files.get, page, **kw)
        opened.append(renderer)
        return renderer

    yield open_
    for renderer in opened:
        renderer.close()


@pytest.fixture
def render(open_page) -> Callable[..., RenderResult]:
    """``render(wxml, data, **other_files)``: the page /pages/index/index rendered once."""

    def render_(wxml: str, data: dict[str, Any] | None = None, files: dict[str, str] | None = None) -> RenderResult:
        return open_page({"/pages/index/index.wxml": wxml, **(files or {})}).render(data or {})

    return render_
