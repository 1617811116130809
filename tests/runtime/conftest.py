"""Runtime tests run page scripts against the real demo server (``demo_url`` from tests/conftest.py)."""

from __future__ import annotations

from collections.abc import Callable
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

