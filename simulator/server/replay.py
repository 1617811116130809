"""Serve a recorded chunk log over HTTP, so a phone or another client can stream the recording.

Every request, whatever its method and path, gets the recorded status and headers and then the
recorded chunks, one HTTP chunk each, at the recorded pace (``speed`` scales it). The server's
framing is replayed when the log observed it (``wire`` level); otherwise the delivered pieces. A
compressed body is served as it came: the recorded compressed bytes (``wire``, or ``read`` when the
framing was not observed) with their ``Content-Encoding``, so a client decodes them as it did the
original's. Only a recording that ended complete ends with the terminating chunk; any
other ending (a disconnect, an abort, a timeout, a log without an end line because the recorder was
killed) closes the socket without it, as the original stream stopped. Secret response headers
(``core/redact.py``: Set-Cookie, x-api-key...) are not served unless ``keep_secrets``. The whole
log is checked before the server starts, so a damaged log is refused up front, not mid-stream.
Built on the demo server's HTTP server (stdlib, loopback by default, prompt shutdown).
"""

from __future__ import annotations

import time

from ..core.chunklog import ChunkLog, LogError
from ..core.redact import is_secret_name
from .demo.handler import _Stopping
from .demo.server import DemoServer, _DemoHandler, _DemoHTTPServer

__all__ = ["ReplayServer", "serve_log"]

# Hop-by-hop and framing headers describe the original connection, not this one.
_DROP = {"transfer-encoding", "content-length", "connection", "keep-alive", "date", "server"}


class _ReplayHandler(_DemoHandler):
    server: _ReplayHTTPServer

    def _dispatch(self) -> None:
        log = self.server.log
        resp = log.response or {}
        status = int(resp.get("status", 200))
        headers = [(k, v) for k, v in resp.get("headers", []) if k.lower() not in _DROP
                   and (self.server.keep_secrets or not is_secret_name(k))]
        self.send_response(status, resp.get("reason") or None)
        for name, value in headers:
            self.send_header(name, value)
        self.send_header("Transfer-Encoding", "chunked")
        self.send_header("X-Mpsim-Replay", log.path.name)
        self.end_headers()
        level = self.server.level
        t0 = time.perf_counter()
        try:
            for chunk in log.chunks(level):
                if self.server.pace > 0:
                    self._pause(chunk.t_ms / 1000.0 / self.server.pace - (time.perf_counter() - t0))
                elif self.server.stopping.is_set():
                    raise _Stopping
                self._chunk(chunk.data)
        except (_Stopping, LogError):  # LogError: the file changed since it was checked
            self.close_connection = True
            return
        if (log.end or {}).get("reason") != "complete":
            self.close_connection = True  # end as the recording did: no terminating chunk
            return
        self._end_stream()

    def _pause(self, seconds: float) -> None:
        if seconds > 0 and self.server.stopping.wait(seconds):
            raise _Stopping

    def do_GET(self) -> None:
        self._read_body()
        self._dispatch()

    do_POST = do_PUT = do_DELETE = do_PATCH = do_GET

    def do_OPTIONS(self) -> None:
        self._dispatch()


class _ReplayHTTPServer(_DemoHTTPServer):
    def __init__(self, address: tuple[str, int], log: ChunkLog, speed: float, keep_secrets: bool) -> None:
        self.log = log
        self.pace = speed
        self.keep_secrets = keep_secrets
        resp = log.response or {}
        levels = resp.get("levels") or {}
        # Compressed bodies have only the wire and read levels in their coded form (delivered is decoded).
        self.level = ("wire" if levels.get("wire") == "observed" else "read" if resp.get("content_encoding")
                      else "delivered")
        super().__init__(address, speed=1.0, verbose=False, handler=_ReplayHandler)


class ReplayServer(DemoServer):
    """``ReplayServer(log, port=0).start()`` serves in the background; ``.url``; ``.stop()``.

    The demo server's lifecycle (bind at construction, background or blocking serving, prompt
    stop) with the replay handler.
    """

    def __init__(self, log: ChunkLog, host: str = "127.0.0.1", port: int = 0, speed: float = 1.0, *,
                 keep_secrets: bool = False) -> None:
        self._log, self._pace, self._keep = log.validate(), speed, keep_secrets  # LogError before binding
        super().__init__(host, port)

    def _make_server(self, address: tuple[str, int], *, speed: float, verbose: bool) -> _DemoHTTPServer:
        return _ReplayHTTPServer(address, self._log, self._pace, self._keep)

    @property
    def level(self) -> str:
        return self._httpd.level


def serve_log(log: ChunkLog, *, host: str = "127.0.0.1", port: int = 8766, speed: float = 1.0,
              keep_secrets: bool = False) -> int:
    """``mpsim replay LOG --serve``: blocking; prints the URL first."""
    server = ReplayServer(log, host, port, speed, keep_secrets=keep_secrets)
    status = (log.response or {}).get("status", "?")
    print(f"mpsim replay: serving {log.path.name} ({status}, {server.level} chunks) at {server.url}/ "
          "(Ctrl+C to stop)", flush=True)
    try:
        server.serve_forever()
    except KeyboardInterrupt:
        pass
    return 0

