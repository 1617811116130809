"""Incremental UTF-8 decoding of a chunked body, and where chunk boundaries cut characters.

With ``enableChunked`` a mini-program receives ArrayBuffers whose boundaries fall wherever the
network put them, often inside a multi-byte character (a Chinese character is 3 bytes, an emoji 4).
``Utf8Stream`` is the text stage a careful mini-program writes (a ``TextDecoder`` with
``{stream: true}``): it carries a cut character over to the next chunk instead of emitting U+FFFD.

``chunk_marks`` tells, for one chunk, which of its bytes belong to a character cut by a chunk
boundary and which are invalid UTF-8, so the hex view can colour them and the chunk table can flag
them. Marks are computed chunk by chunk in stream order, the state between chunks being the bytes
of the cut character (``ChunkMarks.carry_out``, or ``Utf8Stream.pending``)::

    carry = b""
    for chunk in chunks:
        marks = chunk_marks(chunk, carry)
        carry = marks.carry_out
    ended_inside_a_character = chunk_marks(b"", carry, final=True).carry_in_invalid
"""

from __future__ import annotations

import codecs
import threading
from dataclasses import dataclass, field

__all__ = ["ChunkMarks", "Utf8Stream", "chunk_marks", "pending_suffix"]


class Utf8Stream:
    """Bytes in, text out: ``feed`` returns the text completed so far, ``flush`` the rest.

    The standard library's decoder replaces each "maximal subpart of an ill-formed subsequence"
    with one U+FFFD (Unicode §3.9, "U+FFFD Substitution of Maximal Subparts"), which is the
    behaviour the WHATWG Encoding Standard's UTF-8 decoder, and so a browser's or WeChat's
    ``TextDecoder``, has. ``feed`` is a bare call into it so a 64 KiB chunk costs no more than
    the decode itself.
    """

    __slots__ = ("_decoder",)

    def __init__(self) -> None:
        self._decoder = codecs.getincrementaldecoder("utf-8")(errors="replace")

    def feed(self, data: bytes) -> str:
        return self._decoder.decode(data)

    def flush(self) -> str:
        """End of stream: a character still incomplete becomes one U+FFFD."""
        return self._decoder.decode(b"", True)

    @property
    def pending(self) -> bytes:
        """The bytes of a character begun but not completed yet (at most 3): the ``carry_in``
        for ``chunk_marks`` of the chunk about to be fed."""
        return self._decoder.getstate()[0]


@dataclass(frozen=True, slots=True)
class ChunkMarks:
    """Where one chunk's bytes are cut or invalid; offsets are into the chunk.

    A chunk lying wholly inside one character (a 1-byte chunk in the middle of an emoji) has
    ``cut_head == cut_tail == len(chunk)``.
    """

    #: The chunk begins with bytes of a character begun in an earlier chunk.
    starts_inside: bool = False
    #: The chunk ends partway through a character completed (or not) by a later chunk.
    ends_inside: bool = False
    #: Leading bytes that belong to a character (or ill-formed sequence) begun earlier.
    cut_head: int = 0
    #: Trailing bytes of a character not complete at the end of this chunk.
    cut_tail: int = 0
    #: ``[start, end)`` byte ranges that become U+FFFD, one range per U+FFFD (adjacent ranges are
    #: not merged: ``b"\xff\xfe"`` is two replacement characters, ``b"\xf0\x9f\x41"`` one).
    invalid: list[tuple[int, int]] = field(default_factory=list)
    #: The bytes carried in (the previous chunks' ``cut_tail``) did not go on to form a character:
    #: they became a U+FFFD that the decoder emits with this chunk's text.
    carry_in_invalid: bool = False
    #: The incomplete character left at the end: pass it as ``carry_in`` for the next chunk.
    carry_out: bytes = b""


# The decoder reports each ill-formed subsequence to an error handler with its exact byte range,
# so marks reuse the standard library's decoder rather than a second, hand-written one. Handlers
# are registered by name and take no context, so the ranges go to a per-thread list.
_RECORD_HANDLER = "mpsim.text.record-invalid"
_recorder = threading.local()


def _record_invalid(exc: UnicodeError) -> tuple[str, int]:
    if not isinstance(exc, UnicodeDecodeError):  # only ever registered for decoding
        raise exc
    _recorder.ranges.append((exc.start, exc.end))
    return "\ufffd", exc.end


codecs.register_error(_RECORD_HANDLER, _record_invalid)


def pending_suffix(before: bytes) -> bytes:
    """The incomplete character at the end of ``before`` (b"" if it ends on a boundary).

    A UTF-8 sequence is at most 4 bytes and a lead byte never continues another sequence, so the
    last 3 bytes decide it: this lets a viewer start ``chunk_marks`` at any chunk given only the
    tail of the bytes before it.
    """
    tail = before[-3:]
    _, consumed = codecs.utf_8_decode(tail, "replace", False)
    return tail[consumed:]


def _sequence_length(lead: int) -> int:
    # Only called for a lead byte the decoder accepted as the start of a pending sequence.
    return 2 if lead < 0xE0 else 3 if lead < 0xF0 else 4


def chunk_marks(data: bytes, carry_in: bytes = b"", *, final: bool = False) -> ChunkMarks:
    """Marks for ``data``, the next chunk of a stream.

    ``carry_in`` is the incomplete character pending before this chunk: the previous chunk's
    ``ChunkMarks.carry_out`` or ``Utf8Stream.pending``. Any longer tail of the preceding bytes
    works too (only its incomplete final character is used). ``final`` says this chunk ends the
    stream, so a character still incomplete at its end is invalid rather than cut.
    """
    if carry_in:
        carry_in = pending_suffix(carry_in)
    if not carry_in and data.isascii():
        return ChunkMarks()

    buf = carry_in + data
    offset = len(carry_in)
    ranges: list[tuple[int, int]] = []
    _recorder.ranges = ranges
    try:
        _, consumed = codecs.utf_8_decode(buf, _RECORD_HANDLER, final)
    finally:
        del _recorder.ranges

    # Any ill-formed range starting at 0 starts at the carried lead byte.
    carry_in_invalid = bool(carry_in) and bool(ranges) and ranges[0][0] == 0
    if not carry_in:
        cut_head = 0
    elif carry_in_invalid:
        cut_head = ranges[0][1] - offset
    elif consumed == 0:  # the whole chunk continues the carried character, still incomplete
        cut_head = len(data)
    else:
        cut_head = _sequence_length(carry_in[0]) - offset
    cut_tail = min(len(buf) - consumed, len(data))
    return ChunkMarks(
        starts_inside=cut_head > 0,
        ends_inside=cut_tail > 0,
        cut_head=cut_head,
        cut_tail=cut_tail,
        invalid=[(max(start - offset, 0), end - offset) for start, end in ranges if end > offset],
        carry_in_invalid=carry_in_invalid,
        carry_out=buf[consumed:],
    )
