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

HTTP/2 (``enableHttp2``, negotiated by ALPN) is observed the same way: after the client's connection
preface the bytes are HTTP/2 frames (RFC 9113 section 4), parsed with ``hyperframe`` (the frame layer
of the ``h2`` library httpx uses); each DATA frame of the request's stream is one ``wire`` piece.

Why it is clean: nothing in httpx's request path changes; if observation fails (framing we cannot
follow), the observer stops and says why, and the request goes on.
"""

from __future__ import annotations

import functools
import re
import socket
import ssl
import threading
import time
import zlib
from collections.abc import Callable
from typing import Any

import h11
import httpcore
import httpx
from hyperframe.exceptions import HyperframeError
from hyperframe.frame import DataFrame, Frame, HeadersFrame

try:
    import brotli
except ImportError:  # optional, as for httpx: without it "br" bodies are delivered as received
    brotli = None

__all__ = ["BodyDecoding", "BodyDecodingError", "ChunkFraming", "Http2Frames", "ObservedTransport", "RequestTimings",
           "WireObserver"]

Piece = tuple[str, bytes, float]
MAX_HEAD_BYTES = 100 * 1024  # httpcore's HTTP11Connection.MAX_INCOMPLETE_EVENT_SIZE


_SIZE_LINE = re.compile(rb"([0-9A-Fa-f]{1,16})[ \t]*(?:;[^\r\n]*)?")


class ChunkFraming:
    """Follows ``Transfer-Encoding: chunked`` framing (RFC 9112 section 7.1) to find chunk boundaries.

    ``feed(bytes)`` returns the body bytes in them (framing removed) and the chunks completed.
    Chunk extensions are ignored and trailer fields skipped, as the RFC allows a recipient to do.
    Framing that breaks the RFC does not raise: ``feed`` returns the body bytes up to the fault,
    ``error`` says what was wrong and ``tail`` keeps the bytes from the fault on (none are body),
    and the scanner takes no more bytes, so the reader can end at once.
    """

    MAX_LINE = 4096  # a size line or trailer line longer than this is not HTTP we can follow
    # A chunk bigger than this reaches the wire level in parts of this size, so a 200 MiB chunk
    # never sits whole in memory (docs/delivery.md).
    WIRE_PART = 1 << 20

    def __init__(self) -> None:
        self._buf = b""
        self._left = 0  # data bytes of the current chunk still to come
        self._chunk = bytearray()  # data of the current chunk so far, when it spans reads
        self._state = "size"  # size | data | data-crlf | trailer | done | broken
        self.error: str | None = None
        self.tail = b""  # after an error: the first bytes from the fault on, to show the user
        self.unused = 0  # after an error: how many bytes from the fault on were received (none is body)

    @property
    def done(self) -> bool:
        """The terminating chunk and trailers have been read: the body is complete."""
        return self._state == "done"

    def where(self) -> str:
        """Where in the framing the bytes stopped, for a message about a cut-off body."""
        if self._state == "data":
            return f"inside a chunk, {self._left} of its bytes still to come"
        if self._state == "data-crlf":
            return "after a chunk's data, before its CRLF"
        if self._state == "trailer":
            return "after the last chunk, in the trailer section"
        return "between chunks, before the terminating 0-size chunk"

    def _take_parts(self, done: list[bytes]) -> None:
        part = self.WIRE_PART
        while len(self._chunk) >= part:
            done.append(bytes(self._chunk[:part]))
            del self._chunk[:part]

    def _fail(self, message: str, rest: bytes) -> None:
        self.error = message
        self.tail = rest[:64]
        self.unused = len(rest)
        self._state = "broken"

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
                    self._take_parts(done)
                    break
                if self._chunk:
                    self._chunk += piece
                    self._take_parts(done)
                    if self._chunk:
                        done.append(bytes(self._chunk))
                        self._chunk.clear()
                else:
                    done.append(piece)
                self._state = "data-crlf"
            elif state == "data-crlf":
                if end - pos < 2:
                    if buf[pos:pos + 1] not in (b"", b"\r"):
                        self._fail(f"chunk data is not followed by CRLF (next byte {buf[pos:pos + 1]!r})", buf[pos:])
                    break
                if buf[pos:pos + 2] != b"\r\n":
                    self._fail(f"chunk data is longer than its size line said: {buf[pos:pos + 8]!r} where CRLF "
                               "should follow", buf[pos:])
                    break
                pos += 2
                self._state = "size"
            elif state in ("size", "trailer"):
                nl = buf.find(b"\r\n", pos)
                what = "a chunk size line" if state == "size" else "a trailer line"
                if nl < 0:
                    if buf.find(b"\n", pos) >= 0:
                        self._fail(f"{what} ends with a bare LF, not CRLF", buf[pos:])
                    elif end - pos > self.MAX_LINE:
                        self._fail(f"{what} is longer than {self.MAX_LINE} bytes", buf[pos:])
                    break
                line = buf[pos:nl]
                if nl - pos > self.MAX_LINE:
                    self._fail(f"{what} is longer than {self.MAX_LINE} bytes", buf[pos:])
                    break
                if state == "trailer":
                    if b"\n" in line:
                        self._fail(f"{what} ends with a bare LF, not CRLF", buf[pos:])
                        break
                    pos = nl + 2
                    if not line:
                        self._state = "done"
                    continue
                m = _SIZE_LINE.fullmatch(line)
                if m is None:
                    self._fail(_bad_size_line(line), buf[pos:])
                    break
                pos = nl + 2
                size = int(m.group(1), 16)
                if size == 0:
                    self._state = "trailer"
                else:
                    self._left = size
                    self._state = "data"
            elif state == "broken":  # nothing after a framing error is body
                self.unused += end - pos
                pos = end
            else:  # done: bytes after the last chunk belong to no body
                pos = end
        self._buf = buf[pos:] if pos < end else b""
        return b"".join(body), done


def shown_bytes(data: bytes) -> str:
    """Bytes that are not what was expected, as one line a user can read: non-ASCII and control bytes
    escaped (``\\r``, ``\\x00``), so a message about a misbehaving peer stays on one line."""
    return data.decode("latin-1").encode("unicode_escape").decode()


def _bad_size_line(line: bytes) -> str:
    shown = shown_bytes(line[:40])
    if b"\n" in line:
        return "a chunk size line ends with a bare LF, not CRLF"
    size = line.split(b";", 1)[0].strip()
    if not size:
        return f"a chunk size line has no size ('{shown}')"
    if len(size) > 16 and all(c in b"0123456789abcdefABCDEF" for c in size):
        return f"a chunk size is too large ('{shown}')"
    return f"a chunk size must be hex digits only, got '{shown}'"


class Http2Frames:
    """Splits a byte stream into HTTP/2 frames (RFC 9113 section 4.1): ``feed(bytes)`` returns the
    frames completed; a frame that cannot be parsed raises ``HyperframeError``."""

    PREFACE = b"PRI * HTTP/2.0\r\n\r\nSM\r\n\r\n"  # the client connection preface (section 3.4)

    def __init__(self) -> None:
        self._buf = b""

    def feed(self, data: bytes) -> list[Frame]:
        buf = self._buf + data if self._buf else data
        view = memoryview(buf)
        pos, frames = 0, []
        while len(buf) - pos >= 9:
            frame, length = Frame.parse_frame_header(view[pos:pos + 9])
            if len(buf) - pos - 9 < length:
                break
            frame.parse_body(view[pos + 9:pos + 9 + length])
            frames.append(frame)
            pos += 9 + length
        self._buf = buf[pos:]
        return frames


# The steps of a request as wx.request's success res.profile names them (RequestProfile, reference
# section 2), from httpcore's documented "trace" extension events.
_TRACE_MARKS = {
    "connection.connect_tcp.started": "connectStart",
    "connection.connect_tcp.complete": "connectEnd",
    "connection.start_tls.started": "SSLconnectionStart",
    "connection.start_tls.complete": "SSLconnectionEnd",
    "http11.send_request_headers.started": "requestStart",
    "http2.send_request_headers.started": "requestStart",
    "http11.send_request_body.complete": "requestEnd",
    "http2.send_request_body.complete": "requestEnd",
}
_PROFILE_MARKS = ("fetchStart", "domainLookUpStart", "domainLookUpEnd", "connectStart", "connectEnd",
                  "SSLconnectionStart", "SSLconnectionEnd", "requestStart", "requestEnd", "responseStart",
                  "responseEnd")


class RequestTimings:
    """When each step of the request happened (Unix time in ms, as a device's res.profile gives it)."""

    def __init__(self) -> None:
        self.marks: dict[str, float] = {"fetchStart": time.time() * 1000.0}
        self.peer: tuple[str, int] = ("", 0)

    def mark(self, name: str) -> None:
        self.marks[name] = time.time() * 1000.0  # a followed redirect's steps replace the earlier ones

    def trace(self, event: str, info: dict[str, Any]) -> None:
        name = _TRACE_MARKS.get(event)
        if name is not None:
            self.mark(name)

    def profile(self, http_version: str, *, sent: int, received: int) -> dict[str, Any]:
        """``res.profile`` with what was measured; steps that did not happen (no TLS) are 0, as on a device."""
        m = dict(self.marks)
        m.setdefault("responseEnd", time.time() * 1000.0)
        out: dict[str, Any] = {k: round(m.get(k, 0.0)) for k in _PROFILE_MARKS}
        out["invokeStart"] = out["queueStart"] = out["queueEnd"] = out["fetchStart"]
        out["redirectStart"] = out["redirectEnd"] = 0
        connect = m.get("connectEnd", 0.0) - m.get("connectStart", 0.0)
        out.update({
            "rtt": round(connect) if connect > 0 else 0,  # a TCP handshake takes one round trip
            "peerIP": self.peer[0], "port": self.peer[1], "socketReused": False,
            "sendBytesCount": sent, "receivedBytedCount": received,  # (sic), the documented name
            "protocol": {"HTTP/1.1": "http1.1", "HTTP/2": "h2"}.get(http_version, "unknown"),
            "estimate_nettype": 0, "httpRttEstimate": 0, "transportRttEstimate": 0,
            "downstreamThroughputKbpsEstimate": 0,
            "throughputKbps": _kbps(received, m.get("responseStart"), m.get("responseEnd")),
            "usingHighPerformanceMode": False,
        })
        return out


def _kbps(received: int, start: float | None, end: float | None) -> int:
    if not start or not end or end <= start:
        return 0
    return round(received * 8 / (end - start))


class BodyDecodingError(ValueError):
    """A Content-Encoding that cannot be undone; the message names the coding and where it broke."""


class _Coding:
    """One content coding undone incrementally; ``finished`` once its end marker has been read."""

    def __init__(self, name: str) -> None:
        self.name = name
        self._first = True
        if name in ("gzip", "x-gzip"):
            self._z = zlib.decompressobj(16 + zlib.MAX_WBITS)
        elif name == "deflate":
            # RFC 9110 8.4.1.2 says zlib-wrapped; some servers send raw deflate, which devices accept too.
            self._z = zlib.decompressobj()
        else:  # br
            self._b = brotli.Decompressor()

    @property
    def finished(self) -> bool:
        return self._b.is_finished() if self.name == "br" else self._z.eof

    def feed(self, data: bytes) -> bytes:
        if self.name == "br":
            try:
                return self._b.process(data)
            except brotli.error as exc:
                raise BodyDecodingError(f"the br data is corrupt ({exc})") from None
        try:
            out = self._z.decompress(data)
        except zlib.error as exc:
            if self.name == "deflate" and self._first:
                self._z = zlib.decompressobj(-zlib.MAX_WBITS)
                self._first = False
                return self.feed(data)
            raise BodyDecodingError(f"the {self.name} data is corrupt ({exc})") from None
        self._first = False
        # A gzip body may hold several members one after another (RFC 1952 2.2).
        while self.name != "deflate" and self._z.eof and self._z.unused_data:
            rest = self._z.unused_data
            self._z = zlib.decompressobj(16 + zlib.MAX_WBITS)
            out += self.feed(rest)
        return out


class BodyDecoding:
    """``Content-Encoding`` undone as a stream stage (RFC 9110 section 8.4): ``feed`` / ``flush``.

    Unlike httpx's decoders it tells whether each coding reached its end (``unfinished``), so a
    body cut short can be reported instead of passing as whole, and ``decoded`` counts what came out.
    Codings it cannot undo (unknown, or ``br`` without the brotli package) are delivered as received,
    as httpx does, and named in ``undecoded``.
    """

    def __init__(self, header: str) -> None:
        names = [c.strip().lower() for c in header.split(",") if c.strip()]
        names = [n for n in names if n != "identity"]
        known = ("gzip", "x-gzip", "deflate") + (("br",) if brotli is not None else ())
        self.undecoded = [n for n in names if n not in known]
        # Codings are listed in the order they were applied; undo them from the last one.
        self._codings = [] if self.undecoded else [_Coding(n) for n in reversed(names)]
        self.decoded = 0

    def feed(self, data: bytes) -> bytes:
        for coding in self._codings:
            data = coding.feed(data)
        self.decoded += len(data)
        return data

    def flush(self) -> bytes:
        return b""  # zlib and brotli hand out all they can on every feed

    @property
    def unfinished(self) -> list[str]:
        return [c.name for c in self._codings if not c.finished]


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
        self._method = b""
        self.framing: ChunkFraming | None = None
        self.head = b""  # the first bytes of the reply, to show when it is not HTTP
        # Delivery's hand-over (delivery.IDLE_WINDOW_MS): ``hand_over_at()`` is the time.perf_counter()
        # by which delivery must hand over what it holds (None: it holds nothing); a read still
        # waiting for bytes then calls ``hand_over()``, on the reading thread.
        self.hand_over_at: Callable[[], float | None] = _nothing_held
        self.hand_over: Callable[[], None] = _nothing_to_do
        self._streams: set[httpcore.NetworkStream] = set()
        self._lock = threading.Lock()
        self.timings = RequestTimings()
        self.sent_bytes = 0
        self.received_bytes = 0
        self._awaiting_reply = False
        # HTTP/2: frames read and written (None until the client sent the connection preface).
        self.h2: Http2Frames | None = None
        self._h2_written: Http2Frames | None = None
        self._h2_stream = 0  # the stream of the current request (a followed redirect opens another)

    # -- called by ObservedStream -------------------------------------------------------------
    def wrote(self, data: bytes) -> None:
        self.sent_bytes += len(data)
        self._awaiting_reply = True
        if self.h2 is not None or data.startswith(Http2Frames.PREFACE):
            self._wrote_h2(data)
            return
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
        self.head = b""
        if not method.isalpha() or method == b"PRI":  # PRI: the HTTP/2 connection preface
            return
        self._method = method.upper()
        # The same head size limit as httpcore's own parser (HTTP11Connection.MAX_INCOMPLETE_EVENT_SIZE),
        # so a head httpx accepts is one the observer follows.
        parser = h11.Connection(h11.CLIENT, max_incomplete_event_size=MAX_HEAD_BYTES)
        # Only the method matters for how h11 frames the response (HEAD has no body).
        parser.send(h11.Request(method=method, target="/", headers=[("Host", "observer")]))
        parser.send(h11.EndOfMessage())
        self._parser = parser

    def _wrote_h2(self, data: bytes) -> None:
        if self.h2 is None:
            self.h2, self._h2_written = Http2Frames(), Http2Frames()
            self.pending.clear()
            data = data[len(Http2Frames.PREFACE):]
        assert self._h2_written is not None
        for frame in self._follow_h2(self._h2_written, data, "sent"):
            if isinstance(frame, HeadersFrame) and frame.stream_id != self._h2_stream:
                self._h2_stream = frame.stream_id  # a new request: earlier responses were httpx's to handle
                self.pending.clear()

    def _read_h2(self, data: bytes, now: float) -> None:
        assert self.h2 is not None
        wires = [bytes(f.data) for f in self._follow_h2(self.h2, data, "read")
                 if isinstance(f, DataFrame) and f.stream_id == self._h2_stream and f.data]
        if wires:  # the read first: the frames it completes are cut from its bytes
            self.pending.append(("read", b"".join(wires), now))
            self.pending.extend(("wire", w, now) for w in wires)

    def _follow_h2(self, frames: Http2Frames, data: bytes, direction: str) -> list[Frame]:
        """The frames ``data`` completes; none, with ``failed`` saying why, when they cannot be parsed."""
        try:
            return frames.feed(data)
        except HyperframeError as exc:
            self.failed = f"the HTTP/2 frames {direction} could not be followed ({exc})"
            return []

    def read(self, data: bytes, now: float) -> None:
        if data:
            self.received_bytes += len(data)
            if self._awaiting_reply:
                self._awaiting_reply = False
                self.timings.mark("responseStart")
        if self.h2 is not None:
            if not self.failed:
                self._read_h2(data, now)
            return
        parser = self._parser
        if parser is None or self.failed or not data:
            return
        if len(self.head) < 64:
            self.head += data[:64 - len(self.head)]
            start = self.head.lstrip(b"\r\n")[:5]
            if start and not b"HTTP/".startswith(start):
                # Not an HTTP/1.1 status line (RFC 9112 section 4): a banner of another protocol
                # would otherwise keep h11 waiting for a head that never ends, until the timeout.
                self.kill()
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
                    # A HEAD answer and 204/304 have no body whatever their headers say (RFC 9112
                    # section 6.3, rule 1); 1xx answers are h11.InformationalResponse, not this.
                    self.chunked = (self._method != b"HEAD" and event.status_code not in (204, 304)
                                    and any(k == b"transfer-encoding" and b"chunked" in v.lower()
                                            for k, v in event.headers))
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
        body, wires = self.framing.feed(data)
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


def _nothing_held() -> float | None:
    return None


def _nothing_to_do() -> None:
    pass


class ObservedStream(httpcore.NetworkStream):
    def __init__(self, inner: httpcore.NetworkStream, observer: WireObserver) -> None:
        self._inner = inner
        self._observer = observer
        observer.add_stream(inner)

    def read(self, max_bytes: int, timeout: float | None = None) -> bytes:
        obs = self._observer
        due = obs.hand_over_at()
        data = self._inner.read(max_bytes, timeout) if due is None else self._read_until(due, max_bytes, timeout)
        obs.read(data, time.perf_counter())
        return data

    def _read_until(self, due: float, max_bytes: int, timeout: float | None) -> bytes:
        """Read; if no byte comes before ``due``, let delivery hand over what it holds, then read on.

        A timed-out ``recv`` leaves the socket as it was, so the read simply goes on afterwards.
        """
        wait = due - time.perf_counter()
        if wait > 0 and (timeout is None or timeout > wait):
            try:
                return self._inner.read(max_bytes, wait)
            except httpcore.ReadTimeout:
                if timeout is not None:
                    timeout -= wait
        self._observer.hand_over()
        return self._inner.read(max_bytes, timeout)

    def write(self, buffer: bytes, timeout: float | None = None) -> None:
        self._observer.wrote(buffer)
        self._inner.write(buffer, timeout)

    def close(self) -> None:
        self._inner.close()

    def start_tls(self, ssl_context: ssl.SSLContext, server_hostname: str | None = None,
                  timeout: float | None = None) -> httpcore.NetworkStream:
        if isinstance(ssl_context, _TrustAtFirstTls):
            ssl_context = ssl_context.loaded()
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
        # The name is looked up here, not inside the connect, so that res.profile can tell the DNS
        # time from the connect time; each address is tried in turn as socket.create_connection does.
        timings = self._observer.timings
        timings.mark("domainLookUpStart")
        try:
            addresses = socket.getaddrinfo(host, port, type=socket.SOCK_STREAM)
        except (socket.gaierror, UnicodeError) as exc:
            raise httpcore.ConnectError(str(exc)) from exc
        timings.mark("domainLookUpEnd")
        timings.mark("connectStart")  # httpcore's own connect_tcp.started event came before the lookup
        error: Exception | None = None
        for *_, address in addresses:
            try:
                stream = self._inner.connect_tcp(address[0], port, timeout, local_address, socket_options)
            except httpcore.ConnectError as exc:
                error = exc
                continue
            timings.peer = (address[0], port)
            return ObservedStream(stream, self._observer)
        raise error or httpcore.ConnectError(f"no address found for {host}")

    def connect_unix_socket(self, path: str, timeout: float | None = None,
                            socket_options: Any = None) -> httpcore.NetworkStream:
        return ObservedStream(self._inner.connect_unix_socket(path, timeout, socket_options), self._observer)

    def sleep(self, seconds: float) -> None:
        self._inner.sleep(seconds)


@functools.lru_cache(maxsize=2)
def _default_ssl_context(http2: bool) -> ssl.SSLContext:
    """httpx's default context, made once: loading the CA bundle costs about 20 ms of CPU and every
    request has a client of its own (2,000 requests of a page spent 40 s on it). One per ``http2``,
    as httpcore sets that ALPN list on the context for every connection it makes."""
    return httpx.create_ssl_context()


class _TrustAtFirstTls(ssl.SSLContext):
    """Stands for ``_default_ssl_context(http2)`` until a connection starts TLS (``ObservedStream.start_tls``
    swaps it for the real one): a plain ``http://`` request never loads the CA bundle, about 20 ms of
    a short recording's start. It trusts no certificate itself, so if anything did use it, TLS would fail."""

    http2 = False
    alpn: list[str] | None = None

    def set_alpn_protocols(self, alpn_protocols: Any) -> None:  # httpcore sets these before start_tls
        self.alpn = list(alpn_protocols)
        super().set_alpn_protocols(alpn_protocols)

    def loaded(self) -> ssl.SSLContext:
        context = _default_ssl_context(self.http2)
        if self.alpn is not None:
            context.set_alpn_protocols(self.alpn)
        return context


@functools.lru_cache(maxsize=2)
def _trust_at_first_tls(http2: bool) -> _TrustAtFirstTls:
    context = _TrustAtFirstTls(ssl.PROTOCOL_TLS_CLIENT)
    context.http2 = http2
    return context


class ObservedTransport(httpx.HTTPTransport):
    """httpx's own transport, with its connection pool's network backend wrapped.

    httpx does not take a ``network_backend`` argument, so we wrap the one its pool already has
    (``_pool._network_backend``, the single private attribute touched) instead of copying
    ``HTTPTransport``'s request/exception mapping code.
    """

    def __init__(self, observer: WireObserver, **kwargs: Any) -> None:
        if kwargs.get("verify", True) is True:
            kwargs["verify"] = _trust_at_first_tls(bool(kwargs.get("http2")))
        super().__init__(**kwargs)
        pool = self._pool
        pool._network_backend = ObservedBackend(pool._network_backend, observer)  # type: ignore[attr-defined]
