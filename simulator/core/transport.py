"""httpx with an eye on the socket: the ``wire`` and ``read`` levels of a response.

httpx (through httpcore) parses HTTP/1.1 with h11 and hands out body bytes, but it throws away the
chunk framing. To see it we sit at the one seam httpcore offers for this, its *network backend*
(``httpcore.NetworkBackend``, a public, documented extension point for custom sockets and mocks):
every byte httpcore reads off the socket passes through ``ObservedStream.read`` and is fed, unchanged,
to a passive observer. A second ``h11.Connection`` (the parser httpcore itself uses) parses the
response head; for a ``Transfer-Encoding: chunked`` body the observer then only needs the chunk
boundaries, which ``ChunkFraming`` finds with ``bytes.find`` (RFC 9112 section 7.1). A second full
h11 parse of the body gave the same boundaries (``h11.Data.chunk_start`` / ``chunk_end``) but doubled
the CPU cost of a stream of small events (measured: ``mpsim record`` at 1.8x httpx ``iter_raw``
with it), and the point of the tool is to keep pace with the stream. Non-chunked bodies stay with h11.

Why it is clean: nothing in httpx's request path changes; if observation fails (HTTP/2 frames,
framing we cannot follow), the observer stops and says why, and the request goes on.
"""

from __future__ import annotations

import socket
import ssl
import threading
import time
from typing import Any

import h11
import httpcore
import httpx

__all__ = ["ChunkFraming", "ObservedTransport", "WireObserver"]

Piece = tuple[str, bytes, float]


class ChunkFraming:
    """Follows ``Transfer-Encoding: chunked`` framing (RFC 9112 section 7.1) to find chunk boundaries.

    ``feed(bytes)`` returns the body bytes in them (framing removed) and the chunks completed.
    Chunk extensions are ignored and trailer fields skipped, as the RFC allows a recipient to do.
    """

    MAX_LINE = 4096  # a size line or trailer line longer than this is not HTTP we can follow

    def __init__(self) -> None:
        self._buf = b""
        self._left = 0  # data bytes of the current chunk still to come
        self._chunk = bytearray()  # data of the current chunk so far, when it spans reads
        self._state = "size"  # size | data | data-crlf | trailer | done

    @property
    def done(self) -> bool:
        """The terminating chunk and trailers have been read: the body is complete."""
        return self._state == "done"

    def feed(self, data: bytes) -> tuple[bytes, list[bytes]]:
        buf = self._buf + data if self._buf else data
        pos, end = 0, len(buf)
        body: list[bytes] = []
        done: list[bytes] = []
        while pos < end:
            state = self._state
            if state == "data":
                take = min(self._left, end - pos)
                piece = buf[pos:pos + take]
                body.append(piece)
                pos += take
                self._left -= take
                if self._left:
                    self._chunk += piece
                    break
                if self._chunk:
                    self._chunk += piece
                    done.append(bytes(self._chunk))
                    self._chunk.clear()
                else:
                    done.append(piece)
                self._state = "data-crlf"
            elif state == "data-crlf":
                if end - pos < 2:
                    break
                if buf[pos:pos + 2] != b"\r\n":
                    raise ValueError("chunk data is not followed by CRLF")
                pos += 2
                self._state = "size"
            elif state in ("size", "trailer"):
                nl = buf.find(b"\r\n", pos)
                if nl < 0:
                    if end - pos > self.MAX_LINE:
                        raise ValueError("a chunk size line is too long")
                    break
                line = buf[pos:nl]
                pos = nl + 2
                if state == "trailer":
                    if not line:
                        self._state = "done"
                    continue
                try:
                    size = int(line.split(b";", 1)[0].strip(), 16)
                except ValueError:
                    raise ValueError(f"bad chunk size line {line[:40]!r}") from None
                if size == 0:
                    self._state = "trailer"
                else:
                    self._left = size
                    self._state = "data"
            else:  # done: bytes after the last chunk belong to no body
                pos = end
        self._buf = buf[pos:] if pos < end else b""
        return b"".join(body), done


class WireObserver:
    """Collects ("read", bytes, time) and ("wire", bytes, time) pieces of the current response body.

    ``read`` is the body bytes of one socket read (chunk framing removed); ``wire`` is one whole
    HTTP/1.1 chunk as the server framed it. Pieces are collected on the thread that reads and
    drained by the same thread (the task's), so no lock is needed for them.
    """

    def __init__(self) -> None:
        self.pending: list[Piece] = []
        self.failed: str | None = None  # why the levels could not be observed
        self.chunked: bool | None = None  # True once the response declared Transfer-Encoding: chunked
        self._parser: h11.Connection | None = None
        self.framing: ChunkFraming | None = None
        self._streams: set[httpcore.NetworkStream] = set()
        self._lock = threading.Lock()

    # -- called by ObservedStream -------------------------------------------------------------
    def wrote(self, data: bytes) -> None:
        parser = self._parser
        if parser is None or parser.their_state in (h11.DONE, h11.MUST_CLOSE, h11.CLOSED):
            self._start_response(data)

    def _start_response(self, request_head: bytes) -> None:
        # A new request on this connection (first one, or a followed redirect): the earlier response's
        # pieces were for httpx's redirect handling, not for the caller.
        method = request_head.split(b" ", 1)[0]
        self.pending.clear()
        self.chunked = None
        self.framing = None
        if not method.isalpha():
            return
        parser = h11.Connection(h11.CLIENT)
        # Only the method matters for how h11 frames the response (HEAD has no body).
        parser.send(h11.Request(method=method, target="/", headers=[("Host", "observer")]))
        parser.send(h11.EndOfMessage())
        self._parser = parser

    def read(self, data: bytes, now: float) -> None:
        parser = self._parser
        if parser is None or self.failed or not data:
            return
        if self.framing is not None:
            self._read_chunked(data, now)
            return
        try:
            parser.receive_data(data)
            body = bytearray()
            while True:
                event = parser.next_event()
                if event is h11.NEED_DATA or event is h11.PAUSED or isinstance(event, h11.EndOfMessage):
                    break
                if isinstance(event, h11.Data):
                    body += event.data
                elif isinstance(event, h11.Response):
                    self.chunked = any(k == b"transfer-encoding" and b"chunked" in v.lower()
                                       for k, v in event.headers)
                    if self.chunked:
                        # From here on only chunk boundaries are needed: hand the rest of this read
                        # (h11's unprocessed bytes, its public trailing_data) to the framing scanner.
                        self.framing = ChunkFraming()
                        rest = bytes(parser.trailing_data[0])
                        if rest:
                            self._read_chunked(rest, now)
                        return
            if body:
                self.pending.append(("read", bytes(body), now))
        except h11.ProtocolError as exc:
            self.failed = f"the bytes read are not HTTP/1.1 the observer can parse ({exc})"

    def _read_chunked(self, data: bytes, now: float) -> None:
        assert self.framing is not None
        try:
            body, wires = self.framing.feed(data)
        except ValueError as exc:
            self.failed = f"the chunk framing could not be followed ({exc})"
            return
        if body:  # the read first: the wire chunks it completes are cut from its bytes
            self.pending.append(("read", body, now))
        for w in wires:
            self.pending.append(("wire", w, now))

    def drain(self) -> list[Piece]:
        out, self.pending = self.pending, []
        return out

    # -- abort ---------------------------------------------------------------------------------
    def add_stream(self, stream: httpcore.NetworkStream) -> None:
        with self._lock:
            self._streams.add(stream)

    def kill(self) -> None:
        """Really close the connection now, waking a read blocked on another thread.

        ``close()`` alone does not wake a thread blocked in ``recv`` on Linux; ``shutdown`` does.
        """
        with self._lock:
            streams = list(self._streams)
        for stream in streams:
            sock = stream.get_extra_info("socket")
            if sock is not None:
                try:
                    sock.shutdown(socket.SHUT_RDWR)
                except OSError:
                    pass


class ObservedStream(httpcore.NetworkStream):
    def __init__(self, inner: httpcore.NetworkStream, observer: WireObserver) -> None:
        self._inner = inner
        self._observer = observer
        observer.add_stream(inner)

    def read(self, max_bytes: int, timeout: float | None = None) -> bytes:
        data = self._inner.read(max_bytes, timeout)
        self._observer.read(data, time.perf_counter())
        return data

    def write(self, buffer: bytes, timeout: float | None = None) -> None:
        self._observer.wrote(buffer)
        self._inner.write(buffer, timeout)

    def close(self) -> None:
        self._inner.close()

    def start_tls(self, ssl_context: ssl.SSLContext, server_hostname: str | None = None,
                  timeout: float | None = None) -> httpcore.NetworkStream:
        # Wrap the TLS stream too, so what we observe is the decrypted HTTP.
        return ObservedStream(self._inner.start_tls(ssl_context, server_hostname, timeout), self._observer)

    def get_extra_info(self, info: str) -> Any:
        return self._inner.get_extra_info(info)


class ObservedBackend(httpcore.NetworkBackend):
    def __init__(self, inner: httpcore.NetworkBackend, observer: WireObserver) -> None:
        self._inner = inner
        self._observer = observer

    def connect_tcp(self, host: str, port: int, timeout: float | None = None,
                    local_address: str | None = None, socket_options: Any = None) -> httpcore.NetworkStream:
        stream = self._inner.connect_tcp(host, port, timeout, local_address, socket_options)
        return ObservedStream(stream, self._observer)

    def connect_unix_socket(self, path: str, timeout: float | None = None,
                            socket_options: Any = None) -> httpcore.NetworkStream:
        return ObservedStream(self._inner.connect_unix_socket(path, timeout, socket_options), self._observer)

    def sleep(self, seconds: float) -> None:
        self._inner.sleep(seconds)


class ObservedTransport(httpx.HTTPTransport):
    """httpx's own transport, with its connection pool's network backend wrapped.

    httpx does not take a ``network_backend`` argument, so we wrap the one its pool already has
    (``_pool._network_backend``, the single private attribute touched) instead of copying
    ``HTTPTransport``'s request/exception mapping code.
    """

    def __init__(self, observer: WireObserver, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        pool = self._pool
        pool._network_backend = ObservedBackend(pool._network_backend, observer)  # type: ignore[attr-defined]
