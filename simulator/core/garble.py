"""Why a page garbles: the text a page shows against mpsim's own correct decoding of the same bytes.

Given the chunks ``onChunkReceived`` delivered (one ``bytes`` per callback) and the text the page
shows, ``explain_garble`` decodes the bytes correctly (one streaming UTF-8 decoder over the whole
body, then the SSE events, OpenAI deltas or latest event the page may be showing), picks the
decoding the page's text follows longest, and says where the two first differ: the byte offset of
the character, its bytes, and the chunk boundary that cut it. Phones have no ``TextDecoder``
(docs/delivery.md), so hand-written code that decodes each chunk on its own garbles exactly there.
"""

from __future__ import annotations

import json
from bisect import bisect_right
from collections.abc import Sequence
from dataclasses import dataclass

from .sse import SseEvent, SseParser, is_done, merge_openai_deltas

__all__ = ["Garble", "boundaries", "correct_text", "explain_garble"]

_SNIPPET = 8  # characters of context quoted on each side


@dataclass(frozen=True, slots=True)
class Garble:
    """The first place the page's text leaves the correct text."""

    source: str  # the correct text it follows: "body", "events", "openai" or "latest event"
    index: int  # character index in that correct text
    shown: str  # what the page shows from there (a few characters; "" when it stops early)
    expected: str  # the correct text from there
    char: str  # the first character the page does not show right
    offset: int | None  # its first byte in the body (None: not found in the bytes)
    chunk: int | None  # the delivered chunk (0-based callback) holding that byte
    boundary: int | None  # body offset of the chunk boundary that cut a character, if one did
    cut_char: str  # the character that boundary cuts ("" when none)
    en: str  # one sentence saying where and why
    zh: str

    @property
    def char_bytes(self) -> bytes:
        return self.char.encode("utf-8")

    @property
    def between(self) -> tuple[int, int] | None:
        """The two callbacks on either side of ``boundary``."""
        if self.boundary is None or self.chunk is None:
            return None
        first = self.chunk - 1 if self.offset is not None and self.boundary <= self.offset else self.chunk
        return first, first + 1


def _decode_positions(body: bytes) -> tuple[str, list[int]]:
    """The body decoded as UTF-8 (each invalid sequence one U+FFFD, as ``errors="replace"`` does) and
    each character's first byte."""
    parts: list[str] = []
    starts: list[int] = []
    pos = 0
    while pos < len(body):
        try:
            valid, bad = body[pos:].decode("utf-8"), None
        except UnicodeDecodeError as exc:
            valid, bad = body[pos:pos + exc.start].decode("utf-8"), (pos + exc.start, pos + exc.end)
        for ch in valid:
            starts.append(pos)
            cp = ord(ch)
            pos += 1 if cp < 0x80 else 2 if cp < 0x800 else 3 if cp < 0x10000 else 4
        parts.append(valid)
        if bad is None:
            break
        starts.append(bad[0])
        parts.append("\ufffd")
        pos = bad[1]
    return "".join(parts), starts


def _events(text: str) -> list[SseEvent]:
    parser = SseParser()
    return [*parser.feed(text, 0), *parser.flush()]


def _latest(events: list[SseEvent]) -> str:
    """What an overwrite-style page shows: the last event's data, or its ``text`` field."""
    for ev in reversed(events):
        if is_done(ev):
            continue
        try:
            value = json.loads(ev.data)
        except ValueError:
            return ev.data
        if isinstance(value, dict) and isinstance(value.get("text"), str):
            return value["text"]
        return ev.data
    return ""


def _correct_texts(text: str) -> list[tuple[str, str]]:
    found = [("body", text)]
    events = _events(text)
    if events:
        found.append(("openai", merge_openai_deltas(events)))
        found.append(("events", "".join(ev.data for ev in events if not is_done(ev))))
        found.append(("latest event", _latest(events)))
    return found


def correct_text(chunks: Sequence[bytes], shown: str | None = None) -> tuple[str, str]:
    """The correct decoding of ``chunks`` a page showing ``shown`` follows: (which one, its text).

    Without ``shown``: the answer the events spell out (OpenAI deltas, else event data), else the body.
    """
    candidates = _correct_texts(_decode_positions(b"".join(chunks))[0])
    if shown is not None:
        return max(candidates, key=lambda c: (_common_prefix(c[1], shown), c[0] != "body"))
    named = dict(candidates)
    for name in ("openai", "events"):
        if named.get(name):
            return name, named[name]
    return "body", named["body"]


def boundaries(chunks: Sequence[bytes]) -> list[tuple[int, bool]]:
    """Each boundary between two callbacks: (body offset, True when it falls inside a character)."""
    body = b"".join(chunks)
    starts = set(_decode_positions(body)[1])
    out, total = [], 0
    for piece in chunks[:-1]:
        total += len(piece)
        out.append((total, total not in starts and total < len(body)))
    return out


def _common_prefix(a: str, b: str) -> int:
    n = min(len(a), len(b))
    i = 0
    while i < n and a[i] == b[i]:
        i += 1
    return i


def _locate(correct: str, index: int, body_text: str, source: str) -> int | None:
    """The character index in the decoded body where ``correct[index]`` came from.

    The correct text's characters appear in the body in order (SSE and JSON framing between them);
    each is matched at its next occurrence. A character written as an escape (``\\n``, ``\\u4f60``) is
    not in the body as itself and is skipped.
    """
    if source == "body":
        return index
    pos = 0
    for i in range(index + 1):
        found = body_text.find(correct[i], pos)
        if i == index:
            return None if found < 0 else found
        if found >= 0:
            pos = found + 1
    return None


def _quote(text: str) -> str:
    return json.dumps(text, ensure_ascii=False)


def explain_garble(chunks: Sequence[bytes], shown: str) -> Garble | None:
    """Where ``shown`` (the page's text) first differs from a correct decoding of ``chunks``.

    None when the page's text is one of the correct decodings.
    """
    body = b"".join(chunks)
    body_text, starts = _decode_positions(body)
    candidates = _correct_texts(body_text)
    if any(text == shown for _, text in candidates):
        return None
    source, correct = correct_text(chunks, shown)
    index = _common_prefix(correct, shown)
    if index >= len(correct):  # the page shows more than the bytes hold
        return _extra(source, correct, shown, index)
    char = correct[index]
    body_index = _locate(correct, index, body_text, source)
    offset = starts[body_index] if body_index is not None and body_index < len(starts) else None

    ends = []
    total = 0
    for piece in chunks:
        total += len(piece)
        ends.append(total)
    chunk = bisect_right(ends, offset) if offset is not None else None
    boundary, cut_char = _cause(body, body_text, starts, ends, offset, chunk)
    return _sentence(Garble(source=source, index=index, shown=shown[index:index + _SNIPPET],
                            expected=correct[index:index + _SNIPPET], char=char, offset=offset, chunk=chunk,
                            boundary=boundary, cut_char=cut_char, en="", zh=""))


def _cause(body: bytes, text: str, starts: list[int], ends: list[int], offset: int | None,
           chunk: int | None) -> tuple[int | None, str]:
    """The boundary that cut a character: in the character itself, else at either end of its chunk
    (code that decodes a chunk on its own garbles all of it when the chunk ends inside a character)."""
    if offset is None or chunk is None:
        return None, ""
    start_set = set(starts)
    inner = [e for e in ends[:-1] if e not in start_set and 0 < e < len(body)]
    if not inner:
        return None, ""

    def char_cut_by(boundary: int) -> str:
        i = bisect_right(starts, boundary) - 1
        return text[i] if 0 <= i < len(text) else ""

    width = len(body[offset:].decode("utf-8", "replace")[:1].encode("utf-8")) or 1
    own = [e for e in inner if offset < e < offset + width]
    if own:
        return own[0], char_cut_by(own[0])
    chunk_start = ends[chunk - 1] if chunk > 0 else 0
    chunk_end = ends[chunk] if chunk < len(ends) else len(body)
    near = [b for b in (chunk_end, chunk_start) if b in inner]
    if near:
        b = min(near, key=lambda x: abs(x - offset))
        return b, char_cut_by(b)
    return None, ""


def _sentence(g: Garble) -> Garble:
    hex_bytes = " ".join(f"{b:02x}" for b in g.char_bytes)
    where_en = f"At byte {g.offset}" if g.offset is not None else "In the page's text"
    where_zh = f"在第 {g.offset} 字节处" if g.offset is not None else "在页面文本中"
    if not g.shown:
        en = (f"{where_en} the page's text stops: {_quote(g.expected)} ({hex_bytes}) and what follows were "
              "received but are not shown.")
        zh = f"{where_zh}页面文本就结束了：已收到的 {_quote(g.expected)}（字节 {hex_bytes}）及其后内容没有显示。"
    else:
        lead_en = (f"{where_en} the page shows {_quote(g.shown)} where the bytes say {_quote(g.expected)} "
                   f"(the character {_quote(g.char)} is {hex_bytes})")
        lead_zh = (f"{where_zh}页面显示 {_quote(g.shown)}，而字节的正确解码是 {_quote(g.expected)}"
                   f"（字符 {_quote(g.char)} 的字节为 {hex_bytes}）")
        pair = g.between
        if g.boundary is not None and pair is not None and g.cut_char == g.char:
            en = (f"{lead_en}: the boundary between callbacks #{pair[0]} and #{pair[1]} at byte {g.boundary} "
                  "cuts this character, and the page decodes each chunk on its own.")
            zh = (f"{lead_zh}：第 #{pair[0]} 与第 #{pair[1]} 次回调之间的分块边界（第 {g.boundary} 字节）"
                  "切开了这个字符，而页面把每个分块单独解码。")
        elif g.boundary is not None and pair is not None:
            en = (f"{lead_en}: callback #{g.chunk} holds a cut character ({_quote(g.cut_char)}, cut at byte "
                  f"{g.boundary} between callbacks #{pair[0]} and #{pair[1]}), and the page decodes each chunk on "
                  "its own, which garbles the whole chunk.")
            zh = (f"{lead_zh}：第 #{g.chunk} 次回调含有被切开的字符 {_quote(g.cut_char)}（在第 {g.boundary} 字节、"
                  f"第 #{pair[0]} 与第 #{pair[1]} 次回调之间被切开），而页面把每个分块单独解码，整个分块都乱了。")
        else:
            en = (f"{lead_en}; no chunk boundary cuts a character there, so the difference comes from the page's "
                  "own handling of the text.")
            zh = f"{lead_zh}；那里没有分块边界切开字符，差异来自页面自己对文本的处理。"
    return Garble(**{**{f: getattr(g, f) for f in g.__slots__}, "en": en, "zh": zh})  # type: ignore[arg-type]


def _extra(source: str, correct: str, shown: str, index: int) -> Garble:
    extra = shown[index:index + _SNIPPET]
    en = f"The page shows {_quote(extra)} after the end of the received text ({len(correct)} characters)."
    zh = f"页面在收到的文本（{len(correct)} 个字符）结束之后还显示了 {_quote(extra)}。"
    return Garble(source=source, index=index, shown=extra, expected="", char="", offset=None, chunk=None,
                  boundary=None, cut_char="", en=en, zh=zh)
