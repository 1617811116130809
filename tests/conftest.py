"""Shared test setup: no display (offscreen Qt), a private mpsim home, and the real demo server."""

from __future__ import annotations

import os
import tempfile
from collections.abc import Iterator

import pytest

# Set before anything imports Qt: CI has no display.
os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
os.environ.setdefault("MPSIM_HOME", tempfile.mkdtemp(prefix="mpsim-test-home-"))


@pytest.fixture(scope="session")
def demo_server() -> Iterator[object]:
    """The built-in demo server on loopback, paced 20x faster than for people."""
    from simulator.server.demo import DemoServer

    server = DemoServer(speed=20.0).start()
    try:
        yield server
    finally:
        server.stop()


@pytest.fixture(scope="session")
def demo_url(demo_server) -> str:
    return demo_server.url
