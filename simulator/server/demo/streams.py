"""The ordinary streams: SSE in append and overwrite mode, slow and fast, NDJSON and plain text."""

from __future__ import annotations

from itertools import cycle

from .content import _ANSWER_PIECES, _SSE, _append_events, _compact_json, _sse
from .handler import _HandlerBase


class _StreamRoutes(_HandlerBase):
    """``/sse/*``, ``/ndjson`` and ``/text``."""

    def _sse_append(self, default_delay_ms: float = 50) -> None:
        delay_s = self._delay_s(default_delay_ms)
        self._start_stream(_SSE)
        self._stream(_append_events(), delay_s)

    def _sse_slow(self) -> None:
        self._sse_append(default_delay_ms=300)

    def _sse_overwrite(self) -> None:
        delay_s = self._delay_s(50)
        so_far = ""
        events = []
        for i, piece in enumerate(_ANSWER_PIECES, start=1):
            so_far += piece
            events.append(_sse(_compact_json({"text": so_far}), id=str(i)))
        events.append(_sse("[DONE]", event="done"))
        self._start_stream(_SSE)
        self._stream(events, delay_s)

    def _ndjson(self) -> None:
        delay_s = self._delay_s(50)
        lines = [
            (_compact_json({"seq": i, "delta": piece, "done": False}) + "\n").encode()
            for i, piece in enumerate(_ANSWER_PIECES)
        ]
        lines.append((_compact_json({"seq": len(lines), "delta": "", "done": True}) + "\n").encode())
        self._start_stream("application/x-ndjson; charset=utf-8")
        self._stream(lines, delay_s)

    def _text(self) -> None:
        delay_s = self._delay_s(50)
        self._start_stream("text/plain; charset=utf-8")
        self._stream([piece.encode() for piece in _ANSWER_PIECES], delay_s)

    def _sse_fast(self) -> None:
        delay_s = self._delay_s(0)
        n = int(self._param("n", 2000, minimum=1, integer=True))
        pieces = cycle(_ANSWER_PIECES)
        self._start_stream(_SSE)
        self._stream((_sse(next(pieces), id=str(i)) for i in range(1, n + 1)), delay_s)
