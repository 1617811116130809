"""The HTTP plumbing every demo endpoint uses: query parameters, request bodies, chunked writes, pauses."""

from __future__ import annotations

from collections.abc import Iterable
from http import HTTPStatus
from http.server import BaseHTTPRequestHandler
from typing import TYPE_CHECKING, Any

from simulator import __version__

if TYPE_CHECKING:
    from .server import _DemoHTTPServer

_MIB = 1024 * 1024
_MAX_REQUEST_BODY = 1 * _MIB  # the demo only reads small JSON bodies


class _Stopping(Exception):
    """The server is stopping: end the response without its terminating chunk."""


class _BadRequest(Exception):
    """A query parameter or request body the endpoint cannot use; answered before any body is sent."""

    def __init__(self, message: str, status: int = HTTPStatus.BAD_REQUEST) -> None:
        super().__init__(message)
        self.status = status


def _url_for(address: tuple[Any, ...]) -> str:
    host, port = str(address[0]), int(address[1])
    return f"http://[{host}]:{port}" if ":" in host else f"http://{host}:{port}"


class _HandlerBase(BaseHTTPRequestHandler):
    """What every endpoint builds on; the endpoints and the routing are in the other modules."""

    protocol_version = "HTTP/1.1"
    server_version = f"mpsim-demo/{__version__}"
    disable_nagle_algorithm = True  # TCP_NODELAY: a small chunk leaves now, not after the next ACK
    server: _DemoHTTPServer

    _query: dict[str, list[str]]
    _body: bytes

    # -- plumbing --------------------------------------------------------------------------------
    def handle(self) -> None:
        try:
            super().handle()
        except ConnectionError:
            # The client went away between requests or mid-stream: nothing to report.
            self.close_connection = True

    def log_message(self, format: str, *args: Any) -> None:
        if self.server.verbose:
            super().log_message(format, *args)

    def do_GET(self) -> None:
        self._dispatch()

    def do_POST(self) -> None:
        self._dispatch()

    def do_PUT(self) -> None:
        self._dispatch()

    def do_DELETE(self) -> None:
        self._dispatch()

    def do_PATCH(self) -> None:
        self._dispatch()

    def do_OPTIONS(self) -> None:
        # Only a browser needs this (CORS preflight before a JSON POST); wx.request never sends it.
        self._read_body()
        self.send_response(HTTPStatus.NO_CONTENT)
        self.send_header("Access-Control-Allow-Origin", "*")
        self.send_header("Access-Control-Allow-Methods", "GET, POST, OPTIONS")
        self.send_header("Access-Control-Allow-Headers", "*")
        self.send_header("Content-Length", "0")
        self.end_headers()

    def _read_body(self) -> bytes:
        try:
            if self.headers.get("Transfer-Encoding", "").lower() == "chunked":
                return self._read_chunked_body()
            length = int(self.headers.get("Content-Length") or 0)
        except ValueError:
            raise _BadRequest("malformed Content-Length or chunked request body") from None
        if length > _MAX_REQUEST_BODY:
            raise _BadRequest(
                f"request body too large for the demo ({length} bytes)", HTTPStatus.REQUEST_ENTITY_TOO_LARGE
            )
        return self.rfile.read(length) if length > 0 else b""

    def _read_chunked_body(self) -> bytes:
        body = bytearray()
        while True:
            size = int(self.rfile.readline().split(b";", 1)[0].strip() or b"0", 16)
            if size == 0:
                while self.rfile.readline() not in (b"\r\n", b"\n", b""):  # trailers
                    pass
                return bytes(body)
            body += self.rfile.read(size)
            self.rfile.readline()
            if len(body) > _MAX_REQUEST_BODY:
                raise _BadRequest("request body too large for the demo", HTTPStatus.REQUEST_ENTITY_TOO_LARGE)

    def _param(self, name: str, default: float, *, minimum: float = 0, integer: bool = False) -> float:
        raw = self._query.get(name, [None])[-1]
        if raw is None or raw == "":
            return default
        try:
            value = int(raw) if integer else float(raw)
        except ValueError:
            kind = "an integer" if integer else "a number"
            raise _BadRequest(f"query parameter {name} must be {kind}, got {raw!r}") from None
        if value < minimum:
            raise _BadRequest(f"query parameter {name} must be at least {minimum}, got {raw!r}")
        return value

    def _delay_s(self, default_ms: float) -> float:
        return self._param("delay", default_ms) / 1000 / self.server.speed

    def _pause(self, seconds: float) -> None:
        stopping = self.server.stopping
        stopped = stopping.wait(seconds) if seconds > 0 else stopping.is_set()
        if stopped:
            raise _Stopping

    def _start_stream(
        self, content_type: str, status: int = HTTPStatus.OK, headers: list[tuple[str, str]] | None = None
    ) -> None:
        self.send_response(status)
        self.send_header("Content-Type", content_type)
        self.send_header("Transfer-Encoding", "chunked")
        self.send_header("Cache-Control", "no-cache")
        self.send_header("X-Accel-Buffering", "no")  # asks a reverse proxy (nginx) not to buffer the stream
        self.send_header("Access-Control-Allow-Origin", "*")
        for name, value in headers or []:
            self.send_header(name, value)
        self.end_headers()

    def _chunk(self, data: bytes) -> None:
        # An empty chunk would be the terminating one (RFC 9112, 7.1), so it is never written here.
        if data:
            self.wfile.write(b"%X\r\n%b\r\n" % (len(data), data))
            self.wfile.flush()

    def _end_stream(self) -> None:
        self.wfile.write(b"0\r\n\r\n")
        self.wfile.flush()

    def _stream(self, pieces: Iterable[bytes], delay_s: float) -> None:
        for i, piece in enumerate(pieces):
            if i:
                self._pause(delay_s)
            elif self.server.stopping.is_set():
                raise _Stopping
            self._chunk(piece)
        self._end_stream()

    def _send_whole(
        self, status: int, content_type: str, body: bytes, headers: list[tuple[str, str]] | None = None
    ) -> None:
        self.send_response(status)
        if "charset" not in content_type:
            content_type += "; charset=utf-8"
        self.send_header("Content-Type", content_type)
        self.send_header("Content-Length", str(len(body)))
        self.send_header("Access-Control-Allow-Origin", "*")
        for name, value in headers or []:
            self.send_header(name, value)
        self.end_headers()
        self.wfile.write(body)
        self.wfile.flush()

    def _base_url(self) -> str:
        host = self.headers.get("Host")
        return f"http://{host}" if host else _url_for(self.server.server_address)
