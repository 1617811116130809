"""The demo server: its HTTP server, the routing of paths to endpoints, and starting and stopping."""

from __future__ import annotations

import re
import socket
import socketserver
import sys
import threading
import time
from collections.abc import Callable
from http import HTTPStatus
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any
from urllib.parse import parse_qs, urlsplit

from .faults import _FaultRoutes
from .handler import _BadRequest, _Stopping, _url_for
from .index import _IndexRoutes
from .llm import _ChatRoutes
from .streams import _StreamRoutes


class _DemoHTTPServer(ThreadingHTTPServer):
    # Handler threads are daemon threads (process_request below). server_close() would join them
    # without a time limit; stop() instead shuts the open sockets down, which wakes every blocked
    # handler, and then joins them with a deadline.
    block_on_close = False

    def __init__(self, address: tuple[str, int], *, speed: float, verbose: bool,
                 handler: type[BaseHTTPRequestHandler] | None = None) -> None:
        self.speed = speed
        self.verbose = verbose
        self.stopping = threading.Event()
        self._open: set[socket.socket] = set()
        self._handlers: set[threading.Thread] = set()
        self._open_lock = threading.Lock()
        if ":" in address[0]:
            self.address_family = socket.AF_INET6
        super().__init__(address, handler or _DemoHandler)

    def server_bind(self) -> None:
        # HTTPServer.server_bind calls socket.getfqdn(), a reverse DNS lookup that can stall for
        # seconds on a machine with broken DNS; the name is never used here.
        socketserver.TCPServer.server_bind(self)
        host, port = self.server_address[:2]
        self.server_name, self.server_port = str(host), int(port)

    def process_request(self, request: Any, client_address: Any) -> None:
        # ThreadingMixIn.process_request, plus bookkeeping done here on the serving thread, so that a
        # connection accepted just before stop() is already known when stop() shuts them down.
        thread = threading.Thread(
            target=self.process_request_thread, args=(request, client_address),
            name=f"mpsim-demo-{client_address[1]}", daemon=True,
        )
        with self._open_lock:
            self._open.add(request)
            self._handlers.add(thread)
        thread.start()

    def process_request_thread(self, request: Any, client_address: Any) -> None:
        try:
            super().process_request_thread(request, client_address)
        finally:
            with self._open_lock:
                self._handlers.discard(threading.current_thread())

    def shutdown_request(self, request: Any) -> None:
        with self._open_lock:
            self._open.discard(request)
        super().shutdown_request(request)

    def shut_open_connections(self) -> None:
        with self._open_lock:
            open_now = list(self._open)
        for conn in open_now:
            try:
                conn.shutdown(socket.SHUT_RDWR)  # wakes a handler blocked in recv() or sendall()
            except OSError:
                pass

    def join_handlers(self, timeout: float) -> None:
        deadline = time.monotonic() + timeout
        with self._open_lock:
            running = list(self._handlers)
        for thread in running:
            if thread is not threading.current_thread():
                thread.join(max(0.0, deadline - time.monotonic()))

    def handle_error(self, request: Any, client_address: Any) -> None:
        # A client going away is normal for a streaming server; anything else is a bug worth a traceback.
        if isinstance(sys.exception(), ConnectionError) or self.stopping.is_set():
            return
        super().handle_error(request, client_address)


class _DemoHandler(_IndexRoutes, _ChatRoutes, _StreamRoutes, _FaultRoutes):
    """Every demo endpoint, and the table that routes a request's path and method to one."""

    _ROUTES: dict[str, dict[str, str]] = {
        "/": {"GET": "_index"},
        "/endpoints.json": {"GET": "_endpoints_json"},
        "/v1/chat/completions": {"GET": "_chat_completions", "POST": "_chat_completions"},
        "/v1/chat/completions/buffered": {"GET": "_chat_buffered", "POST": "_chat_buffered"},
        "/sse/append": {"GET": "_sse_append"},
        "/sse/overwrite": {"GET": "_sse_overwrite"},
        "/ndjson": {"GET": "_ndjson"},
        "/text": {"GET": "_text"},
        "/sse/slow": {"GET": "_sse_slow"},
        "/sse/fast": {"GET": "_sse_fast"},
        "/fault/disconnect": {"GET": "_fault_disconnect"},
        "/fault/reset": {"GET": "_fault_reset"},
        "/fault/invalid-utf8": {"GET": "_fault_invalid_utf8"},
        "/fault/never-ending": {"GET": "_fault_never_ending"},
        "/fault/no-newline": {"GET": "_fault_no_newline"},
        "/fault/gzip": {"GET": "_fault_gzip"},
        "/fault/redirect": {"GET": "_fault_redirect"},
        "/fault/content-length": {"GET": "_fault_content_length"},
        "/fault/split-utf8": {"GET": "_fault_split_utf8"},
    }
    _STATUS_PATH = re.compile(r"/fault/status/(\d{3})")

    def _dispatch(self) -> None:
        url = urlsplit(self.path)
        self._query = parse_qs(url.query)
        try:
            self._body = self._read_body()
        except _BadRequest as exc:
            self.close_connection = True  # the unread body would be taken for the next request
            self._send_whole(exc.status, "text/plain", f"{exc}\n".encode())
            return

        if match := self._STATUS_PATH.fullmatch(url.path):
            code = int(match[1])
            routes: dict[str, Callable[[], None]] = {"GET": lambda: self._fault_status(code)}
        elif (names := self._ROUTES.get(url.path)) is not None:
            routes = {method: getattr(self, name) for method, name in names.items()}
        else:
            self._not_found(url.path)
            return
        if (handler := routes.get(self.command)) is None:
            allowed = ", ".join(routes)
            self._send_whole(
                HTTPStatus.METHOD_NOT_ALLOWED, "text/plain",
                f"{self.command} is not allowed on {url.path}; use {allowed}.\n".encode(),
                [("Allow", allowed)],
            )
            return

        try:
            handler()
        except _BadRequest as exc:
            self._send_whole(exc.status, "text/plain", f"{exc}\n".encode())
        except (_Stopping, ConnectionError):
            self.close_connection = True


class DemoServer:
    """The demo streaming server. Binds when constructed (like ``socketserver``), so ``url`` is known
    before serving starts; ``start()`` serves on a background thread, ``serve_forever()`` on this one.
    """

    def __init__(
        self, host: str = "127.0.0.1", port: int = 0, speed: float = 1.0, *, verbose: bool = False
    ) -> None:
        if not speed > 0:
            raise ValueError(f"speed must be greater than 0, got {speed}")
        self._httpd = self._make_server((host, port), speed=speed, verbose=verbose)
        self._thread: threading.Thread | None = None
        self._entered = threading.Event()  # serve_forever() was called: shutdown() will not wait forever

    def _make_server(self, address: tuple[str, int], *, speed: float, verbose: bool) -> _DemoHTTPServer:
        return _DemoHTTPServer(address, speed=speed, verbose=verbose)

    @property
    def url(self) -> str:
        """Base URL without a trailing slash, e.g. ``http://127.0.0.1:8765``."""
        return _url_for(self._httpd.server_address)

    @property
    def speed(self) -> float:
        return self._httpd.speed

    def start(self) -> DemoServer:
        if self._httpd.stopping.is_set():
            raise RuntimeError("this DemoServer was stopped; create a new one")
        if self._thread is None:
            self._thread = threading.Thread(target=self.serve_forever, name="mpsim-demo-server", daemon=True)
            self._thread.start()
            self._entered.wait()
        return self

    def serve_forever(self) -> None:
        """Serve on this thread until ``stop()`` (from another thread) or an exception (Ctrl+C)."""
        self._entered.set()
        try:
            # A short poll interval: shutdown() waits up to one interval for the loop to notice.
            self._httpd.serve_forever(poll_interval=0.05)
        finally:
            # Also on Ctrl+C in `mpsim serve`: end open streams instead of leaving them to daemon threads.
            self._httpd.stopping.set()
            self._httpd.shut_open_connections()
            self._httpd.server_close()

    def stop(self) -> None:
        """Stop serving and end open streams (without their terminating chunk). Safe to call twice.

        Returns once the handlers have finished (normally within milliseconds; at most about 2 s).
        Call it from another thread than a blocking ``serve_forever()``: ``shutdown()`` waits for
        that loop to exit.
        """
        self._httpd.stopping.set()
        if self._entered.is_set():
            self._httpd.shutdown()
        self._httpd.shut_open_connections()
        self._httpd.server_close()
        self._httpd.join_handlers(timeout=2)
        if self._thread is not None and self._thread is not threading.current_thread():
            self._thread.join(timeout=5)

    def __enter__(self) -> DemoServer:
        return self.start()

    def __exit__(self, *exc_info: object) -> None:
        self.stop()
