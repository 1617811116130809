"""The fault endpoints: a stream cut or reset, broken UTF-8, error statuses, gzip, redirects and more."""

from __future__ import annotations

import socket
import struct
import time
import zlib
from collections.abc import Iterator
from http import HTTPStatus
from itertools import cycle
from urllib.parse import urlsplit

from .content import _ANSWER_PIECES, _SSE, _append_events, _compact_json, _sse
from .handler import _MIB, _BadRequest, _HandlerBase

_NO_NEWLINE_BLOCK = 64 * 1024


_INVALID_UTF8_EVENTS: tuple[bytes, ...] = (
    "data: 先来一行正常的中文：你好\n\n".encode(),
    b"data: lone bytes \xff\xfe here\n\n",
    b"data: truncated \xe4\xbd then ascii\n\n",  # "你" is e4 bd a0: its last byte is missing
    b"data: encoded surrogate \xed\xa0\x80 here\n\n",
    b"data: overlong slash \xc0\xaf here\n\n",
    "data: 最后又是正常的 😀\n\n".encode(),
    b"event: done\ndata: [DONE]\n\n",
)


def _cut_inside_characters(data: bytes, min_size: int = 12) -> list[bytes]:
    """Cut ``data`` into pieces of at least ``min_size`` bytes, each ending inside a multi-byte character."""
    pieces, start, offsets = [], 0, cycle((1, 2, 3))
    while start < len(data):
        lead = start + min_size
        while lead < len(data) and data[lead] < 0xC0:  # find a UTF-8 lead byte of 2+ bytes
            lead += 1
        if lead >= len(data):
            pieces.append(data[start:])
            break
        length = 4 if data[lead] >= 0xF0 else 3 if data[lead] >= 0xE0 else 2
        end = lead + 1 + next(offsets) % (length - 1)  # 1..length-1 bytes of the character
        pieces.append(data[start:end])
        start = end
    return pieces


class _FaultRoutes(_HandlerBase):
    """``/fault/*``."""

    def _stream_then_cut(self) -> None:
        delay_s = self._delay_s(50)
        n = int(self._param("n", 5, minimum=0, integer=True))
        events = _append_events()
        events = [events[i % (len(events) - 1)] for i in range(n + 1)]  # never the done event
        self._start_stream(_SSE)
        for event in events[:-1]:
            self._chunk(event)
            self._pause(delay_s)
        # The chunk header announces the whole event, the socket then carries only half of it.
        last = events[-1]
        self.wfile.write(b"%X\r\n%b" % (len(last), last[: len(last) // 2]))
        self.wfile.flush()
        self.close_connection = True

    def _fault_disconnect(self) -> None:
        self._stream_then_cut()  # the handler returns and the server closes the socket: a FIN

    def _fault_reset(self) -> None:
        self._stream_then_cut()
        # SO_LINGER with a zero timeout makes close() send RST instead of FIN. The server would
        # shut the socket down (FIN) before closing it, so close it here, rfile first: the socket
        # only really closes once its makefile() reader is gone.
        self.connection.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, struct.pack("ii", 1, 0))
        self.rfile.close()
        self.connection.close()

    def _fault_invalid_utf8(self) -> None:
        delay_s = self._delay_s(50)
        self._start_stream(_SSE)  # says charset=utf-8 and then breaks it, as broken servers do
        self._stream(list(_INVALID_UTF8_EVENTS), delay_s)

    def _fault_status(self, code: int) -> None:
        # 1xx, 204, 205 and 304 cannot carry a body (RFC 9110, 15).
        if not 200 <= code <= 599 or code in (204, 205, 304):
            raise _BadRequest(
                f"/fault/status/{code}: use a status that carries a body (200-599, not 204/205/304)"
            )
        try:
            reason = HTTPStatus(code).phrase
        except ValueError:
            reason = "Unknown Status"
        body = {"error": {"code": code, "message": f"demo fault: {code} {reason}", "type": "demo_fault"}}
        headers = [("Retry-After", "1")] if code in (429, 503) else []
        self._start_stream("application/json; charset=utf-8", code, headers)
        self._chunk(_compact_json(body).encode())
        self._end_stream()

    def _fault_never_ending(self) -> None:
        delay_s = self._delay_s(200)
        pieces = cycle(_ANSWER_PIECES)
        rate = self._param("rate", 0, minimum=0)  # bytes a second: a soak test's fast stream
        self._start_stream(_SSE)
        if rate:
            self._never_ending_at(rate, pieces)
        seq = 0
        while True:  # ends by _Stopping or by a ConnectionError when the client is gone
            seq += 1
            self._chunk(_sse(next(pieces), id=str(seq)))
            self._pause(delay_s)

    def _never_ending_at(self, rate: float, pieces: Iterator[str]) -> None:
        """Every 50 ms a chunk of whole events, each about 1 KiB of answer text, at ``rate``."""
        seq, sent, t0 = 0, 0, time.monotonic()
        while True:
            chunk = bytearray()
            while sent + len(chunk) < rate * (time.monotonic() - t0 + 0.05):
                seq += 1
                text = ""
                while len(text) < 340:  # ~1 KiB of UTF-8: the pieces are mostly Chinese
                    text += next(pieces)
                chunk += _sse(text, id=str(seq))
            self._chunk(bytes(chunk))
            sent += len(chunk)
            self._pause(0.05)

    def _fault_no_newline(self) -> None:
        delay_s = self._delay_s(0)
        remaining = int(self._param("mb", 100, minimum=0) * _MIB)
        # 64 KiB is a multiple of the 16-byte pattern, so every full chunk is the same bytes object.
        block = b"0123456789abcdef" * (_NO_NEWLINE_BLOCK // 16)

        def chunks() -> Iterator[bytes]:
            nonlocal remaining
            first = b"data: " + block[6:]
            yield first[:remaining]
            remaining -= len(first)
            while remaining > 0:
                yield block[:remaining]
                remaining -= len(block)

        self._start_stream(_SSE)
        self._stream(chunks(), delay_s)

    def _fault_gzip(self) -> None:
        delay_s = self._delay_s(50)
        # wbits=31: a gzip wrapper. Z_SYNC_FLUSH after each event makes it decodable on arrival, so
        # the compressed stream still streams.
        compressor = zlib.compressobj(wbits=31)
        pieces = [
            compressor.compress(event) + compressor.flush(zlib.Z_SYNC_FLUSH) for event in _append_events()
        ]
        pieces.append(compressor.flush(zlib.Z_FINISH))
        self._start_stream(_SSE, headers=[("Content-Encoding", "gzip"), ("Vary", "Accept-Encoding")])
        self._stream(pieces, delay_s)

    def _fault_redirect(self) -> None:
        query = urlsplit(self.path).query
        location = "/sse/append" + (f"?{query}" if query else "")
        self._send_whole(HTTPStatus.FOUND, "text/plain", f"Redirecting to {location}\n".encode(),
                         [("Location", location)])

    def _fault_content_length(self) -> None:
        delay_s = self._delay_s(50)
        events = _append_events()
        self.send_response(HTTPStatus.OK)
        self.send_header("Content-Type", _SSE)
        self.send_header("Content-Length", str(sum(map(len, events))))
        self.send_header("Cache-Control", "no-cache")
        self.send_header("Access-Control-Allow-Origin", "*")
        self.end_headers()
        for i, event in enumerate(events):
            if i:
                self._pause(delay_s)
            self.wfile.write(event)
            self.wfile.flush()

    def _fault_split_utf8(self) -> None:
        delay_s = self._delay_s(50)
        self._start_stream(_SSE)
        self._stream(_cut_inside_characters(b"".join(_append_events())), delay_s)
