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


@pytest.fixture
def write_project():
    """Writes a project from ``{relative path: text}``: ``write_project(folder, files)`` returns ``folder``."""

    def write(folder, files):
        for name, text in files.items():
            path = folder / name
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_text(text, encoding="utf-8")
        return folder

    return write


@pytest.fixture
def write_chunk_log():
    """Writes a chunk log without a network, through the real writer: ``write_chunk_log(path, ...)``.

    ``pieces`` are the body as the server sent it (each one wire chunk, one read, one delivery);
    ``end`` is the end reason, or None for a recorder killed before the end line.
    """
    import time as _time

    from simulator.core.chunklog import ChunkLogWriter
    from simulator.core.stream import Chunk, EndInfo, RequestStart, ResponseInfo

    def write(path, *, pieces=(b"data: hello\n\n", b"data: [DONE]\n\n"), end="complete", url="http://127.0.0.1:9/s",
              method="POST", headers=(("content-type", "application/json"),), body=b'{"stream":true}',
              response_headers=(("content-type", "text/event-stream"),), keep_secrets=False, options=None):
        writer = ChunkLogWriter(path, keep_secrets=keep_secrets)
        writer.on_start(RequestStart(url=url, method=method, headers=list(headers), body=body,
                                     options=options or {"url": url, "method": method}, profile="passthrough",
                                     seed=0, platform="android", started_at=_time.time()))
        writer.on_response(ResponseInfo(t_ms=1.0, status=200, reason="OK", http_version="HTTP/1.1",
                                        headers=list(response_headers), url=url,
                                        levels={"wire": "observed", "read": "observed", "delivered": "observed"}))
        for seq, piece in enumerate(pieces):
            for level in ("read", "wire", "delivered"):
                writer.on_chunk(Chunk(level, seq, 2.0 + seq, piece))
        if end is not None:
            writer.on_end(EndInfo(t_ms=3.0 + len(pieces), reason=end, err_msg="request:ok" if end == "complete"
                                  else f"request:fail {end}"))
        else:
            writer.close()
        return path

    return write
