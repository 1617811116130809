"""The other ends a test talks to: an HTTP handler served on loopback, a named pipe with a reader.

Importable from any test (``from peers import serving``): pytest puts this folder on ``sys.path``
when it loads ``tests/conftest.py``.
"""

from __future__ import annotations

import os
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path


@contextmanager
def serving(handler: type[BaseHTTPRequestHandler]) -> Iterator[str]:
    """``handler`` on 127.0.0.1 and a free port, a thread a request: yields ``http://127.0.0.1:PORT``."""
    server = ThreadingHTTPServer(("127.0.0.1", 0), handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}"
    finally:
        server.shutdown()
        server.server_close()


@contextmanager
def reading_fifo(path: Path) -> Iterator[list[bytes]]:
    """A named pipe at ``path`` that a thread reads to its end: after the block, the list holds what it read.

    The reader waits first, as a user's ``cat`` would: opening a pipe for writing blocks until one does.
    """
    os.mkfifo(path)
    got: list[bytes] = []
    reader = threading.Thread(target=lambda: got.append(path.read_bytes()), daemon=True)
    reader.start()
    try:
        yield got
    finally:
        reader.join(10)
