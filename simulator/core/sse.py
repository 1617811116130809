"""A Server-Sent Events parser, following the HTML Living Standard literally.

Spec: HTML §9.2.6 "Interpreting an event stream"
(https://html.spec.whatwg.org/multipage/server-sent-events.html#event-stream-interpretation),
with the BOM rule from §9.2.5 "Parsing an event stream". Shaped like httpx-sse's
``SSELineDecoder`` + ``SSEDecoder``, with three differences the spec asks for: a block without
data dispatches no event, ``retry`` is taken only when it is all ASCII digits, and a block not
ended by a blank line at the end of the stream is discarded.

The parser takes text already decoded by ``core.text.Utf8Stream`` (§9.2.5: "Streams must be
decoded using the UTF-8 decode algorithm") and, being a recorder's tool, also says which chunks
each event came from and counts what it dropped.
"""

from __future__ import annotations

import json
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

__all__ = [
    "DEFAULT_MAX_EVENT",
    "DEFAULT_MAX_LINE",
    "OpenAiAnswer",
    "SseEvent",
    "SseParser",
    "is_done",
    "merge_openai_deltas",
]

DEFAULT_MAX_LINE = 8 * 1024 * 1024
DEFAULT_MAX_EVENT = 64 * 1024 * 1024

# A data buffer of many short lines costs a list slot (8 bytes) per line on top of the text;
# past this many lines it is joined into one string at the end of a feed to keep that bounded.
_COLLAPSE_DATA_LINES = 4096

# chunk_seq counts from 0, so this marks "no field line since the last blank line".
_NO_FIELD_LINE = -1


@dataclass(slots=True)
class SseEvent:
    """One dispatched event (§9.2.6 "dispatch the event", steps 4-6)."""

    type: str
    data: str
    last_event_id: str
    #: The ``retry`` field seen since the previous blank line, if any. The stream's reconnection
    #: time itself is ``SseParser.reconnection_time`` (a block with only ``retry`` fires nothing).
    retry: int | None
    #: ``chunk_seq`` of the feed in which the event's first field line began (comments before
    #: it, such as keep-alives, are not counted as part of the event).
    first_chunk: int
    #: ``chunk_seq`` of the feed in which the blank line ending the event ended.
    last_chunk: int

    def json(self) -> Any:
        """``data`` parsed as JSON, or None when it is not JSON (also for the JSON ``null``)."""
        try:
            return json.loads(self.data)
        except ValueError:
            return None


class SseParser:
    """``feed(text, chunk_seq)`` returns the events completed by that text; ``flush()`` ends it.

    Counters for what a user may want to know: ``comments`` (lines starting with ":"),
    ``oversized_lines`` (lines longer than ``max_line`` characters, dropped whole),
    ``oversized_events`` (events whose data buffer exceeded ``max_event`` characters, dropped
    whole), ``discarded_at_end`` (the stream ended inside a block or a line that was not a comment;
    §9.2.6: "any pending data must be discarded"). ``last_event_id`` is the event source's last
    event ID string and ``reconnection_time`` the last valid ``retry`` in milliseconds.

    Memory stays bounded by ``max_line`` + ``max_event`` + one fed text, whatever the stream.
    """

    def __init__(self, max_line: int = DEFAULT_MAX_LINE, max_event: int = DEFAULT_MAX_EVENT, *,
                 count_only: bool = False) -> None:
        self.max_line = max_line
        self.max_event = max_event
        # count_only: a caller that needs the number of events but not the events (the recorder's
        # summary) gets no SseEvent for plain one-line events; they are only counted in `counted`.
        self.count_only = count_only
        self.counted = 0

        self.comments = 0
        self.oversized_lines = 0
        self.oversized_events = 0
        self.discarded_at_end = False
        self.last_event_id = ""
        self.reconnection_time: int | None = None

        # §9.2.6: "a data buffer, an event type buffer, and a last event ID buffer ... must be
        # initialized to the empty string". The data buffer is kept as its lines; the spec's
        # "append value + LF, remove the final LF at dispatch" is "\n".join of them.
        self._data: list[str] = []
        self._data_size = 0  # length of the spec's data buffer, LFs included
        self._type = ""
        self._id = ""
        self._retry: int | None = None
        self._first_chunk = _NO_FIELD_LINE  # chunk_seq of the block's first field line

        self._seen_text = False  # the BOM may only be the stream's first character
        self._skip_lf = False  # the last feed ended in CR: an LF starting the next one is CRLF's
        self._held: list[str] = []  # pieces of a line whose end has not arrived yet
        self._held_size = 0
        self._held_chunk = 0  # chunk_seq where the held line began
        self._skipping = False  # inside a line already counted as oversized

    def feed(self, text: str, chunk_seq: int) -> list[SseEvent]:
        if not text:
            return []
        if not self._seen_text:
            self._seen_text = True
            # §9.2.5: the UTF-8 decode algorithm "strips one leading UTF-8 Byte Order Mark".
            if text[0] == "\ufeff":
                text = text[1:]
                if not text:
                    return []
        if self._skip_lf:
            self._skip_lf = False
            if text[0] == "\n":
                text = text[1:]
                if not text:
                    return []

        # §9.2.6: a line ends in CRLF, a lone LF, or a lone CR. A CR ends its line at once (either
        # way the line is over), so an event ending in CR is dispatched without waiting for the
        # next chunk; only the question whether an LF after it is part of the same line break
        # waits, in _skip_lf. Normalising to LF lets str.split do the splitting.
        if "\r" not in text and len(text) <= min(self.max_line, self.max_event):
            cut = text.rfind("\n\n")
            if cut >= 0:
                # Fast path, same result: the whole blocks between the first and the last blank
                # line, most of them one "data: ..." line, become events without the line loop.
                events: list[SseEvent] = []
                start = 0
                if not self._clean():  # finish the event begun in an earlier feed first
                    start = text.find("\n\n") + 2
                    events = self._lines(text[:start], chunk_seq)
                if cut + 2 > start and self._clean():
                    events += self._blocks(text, start, cut, chunk_seq)
                    start = cut + 2
                if start < len(text):
                    events += self._lines(text[start:], chunk_seq)
                return events
        return self._lines(text, chunk_seq)

    def _lines(self, text: str, chunk_seq: int) -> list[SseEvent]:
        """The general path: split into lines, join with held partial lines, run the §9.2.6 loop."""
        events: list[SseEvent] = []
        if "\r" in text:
            self._skip_lf = text[-1] == "\r"
            text = text.replace("\r\n", "\n").replace("\r", "\n")
        lines = text.split("\n")
        tail = lines.pop()
        if not lines:
            self._hold(tail, chunk_seq)
            return events

        first_line_chunk = chunk_seq
        if self._skipping:  # lines[0] is the end of an oversized line already counted
            self._skipping = False
            del lines[0]
        elif self._held:
            line = "".join(self._held) + lines[0]
            first_line_chunk = self._held_chunk
            self._held.clear()
            self._held_size = 0
            if len(line) > self.max_line:
                self.oversized_lines += 1
                del lines[0]
                first_line_chunk = chunk_seq
            else:
                lines[0] = line
        if len(text) > self.max_line:  # only then can a whole line in this text be oversized
            kept = [line for line in lines if len(line) <= self.max_line]
            self.oversized_lines += len(lines) - len(kept)
            lines = kept

        if lines:
            events += self._process(lines, first_line_chunk, chunk_seq)
        if tail:
            self._hold(tail, chunk_seq)
        return events

    def _clean(self) -> bool:
        """Between events: nothing held, buffered or pending from earlier feeds."""
        return not (self._held or self._skipping or self._skip_lf or self._data_size or self._type
                    or self._retry is not None or self._first_chunk != _NO_FIELD_LINE)

    def _blocks(self, text: str, start: int, end: int, chunk_seq: int) -> list[SseEvent]:
        """The blocks of ``text[start:end]`` (separated by blank lines), read in place where possible."""
        events: list[SseEvent] = []
        emit = events.append
        last_id = self._id
        count_only = self.count_only
        if count_only and text.startswith("data: ", start, end):
            # All k+1 blocks are one "data: ..." line exactly when every LF is in one of k
            # "\n\ndata: " (a blank-line separator and the next block's field): two passes in C,
            # without copying the range out of the text.
            k = text.count("\n\ndata: ", start, end)
            if text.count("\n", start, end) == 2 * k:
                self.counted += k + 1
                return events
        for block in text[start:end].split("\n\n"):
            if block.startswith("data: ") and "\n" not in block:
                if count_only:
                    self.counted += 1
                else:
                    emit(SseEvent("message", block[6:], last_id, None, chunk_seq, chunk_seq))
            else:
                events += self._process([*block.split("\n"), ""], chunk_seq, chunk_seq)
                last_id = self._id
        self.last_event_id = last_id
        return events

    def flush(self) -> list[SseEvent]:
        """End of stream. §9.2.6: "Once the end of the file is reached, any pending data must be
        discarded. (If the file ends in the middle of an event, before the final empty line, the
        incomplete event is not dispatched.)" So this never returns an event."""
        in_line = self._skipping or bool(self._held and self._held[0][0] != ":")
        self.discarded_at_end = self._first_chunk != _NO_FIELD_LINE or in_line
        self._data.clear()
        self._data_size = 0
        self._type = ""
        self._retry = None
        self._first_chunk = _NO_FIELD_LINE
        self._held.clear()
        self._held_size = 0
        self._skipping = False
        self._skip_lf = False
        return []

    def _hold(self, piece: str, chunk_seq: int) -> None:
        if not piece or self._skipping:
            return
        if not self._held:
            self._held_chunk = chunk_seq
        self._held.append(piece)
        self._held_size += len(piece)
        if self._held_size > self.max_line:
            # Drop what is held now and the rest of the line as it comes, so a stream with no
            # line break at all cannot grow the buffer without limit.
            self.oversized_lines += 1
            self._held.clear()
            self._held_size = 0
            self._skipping = True

    def _process(self, lines: list[str], first_line_chunk: int, chunk_seq: int) -> list[SseEvent]:
        """§9.2.6 line by line. The hottest loop of the recorder: state lives in locals here."""
        events: list[SseEvent] = []
        emit = events.append
        data = self._data
        add_data = data.append
        data_size = self._data_size
        max_event = self.max_event
        event_type = self._type
        id_buffer = self._id
        retry = self._retry

        # Only the first line can have begun in an earlier feed.
        first = self._first_chunk
        if first == _NO_FIELD_LINE and lines[0] and lines[0][0] != ":":
            first = first_line_chunk

        for line in lines:
            if not line:
                # "If the line is empty (a blank line): Dispatch the event."
                # Step 1: the last event ID buffer is not reset; it persists across events.
                self.last_event_id = id_buffer
                # Step 2: an empty data buffer fires nothing.
                if data_size:
                    if data_size > max_event:
                        self.oversized_events += 1
                    else:
                        # Steps 3, 5, 6: drop the final LF, "message" unless the type was set.
                        emit(
                            SseEvent(
                                event_type or "message",
                                "\n".join(data),
                                id_buffer,
                                retry,
                                first,
                                chunk_seq,
                            )
                        )
                    data.clear()
                    data_size = 0
                # Step 7 (and step 2): reset the data and event type buffers.
                event_type = ""
                retry = None
                first = _NO_FIELD_LINE
                continue
            if line[0] == ":":
                # "If the line starts with a U+003A COLON character (:): Ignore the line."
                self.comments += 1
                continue
            if first == _NO_FIELD_LINE:
                first = chunk_seq
            if line.startswith("data: "):  # by far the most common line: skip partition
                value = line[6:]
            else:
                # Before the first colon is the field name, after it the value, of which one
                # leading space is removed; with no colon the whole line is the name.
                name, _, value = line.partition(":")
                if value[:1] == " ":
                    value = value[1:]
                # "Field names must be compared literally, with no case folding performed."
                if name != "data":
                    if name == "event":
                        event_type = value
                    elif name == "id":
                        if "\0" not in value:
                            id_buffer = value
                    elif name == "retry":
                        # "If the field value consists of only ASCII digits" (an empty value is
                        # not a number; one too long for int() is ignored too).
                        if value.isascii() and value.isdigit():
                            try:
                                retry = self.reconnection_time = int(value)
                            except ValueError:
                                pass
                    # "Otherwise: The field is ignored."
                    continue
            # "data": append the value and an LF to the data buffer.
            add_data(value)
            data_size += len(value) + 1

        if data_size > max_event:
            data.clear()  # the size stays, so the dispatch knows to drop the event
        elif len(data) > _COLLAPSE_DATA_LINES:
            data[:] = ["\n".join(data)]
        self._data_size = data_size
        self._type = event_type
        self._id = id_buffer
        self._retry = retry
        self._first_chunk = first
        return events


def is_done(event: SseEvent) -> bool:
    """The OpenAI-style end marker ``data: [DONE]``."""
    return event.data.strip() == "[DONE]"


class OpenAiAnswer:
    """The text an OpenAI-style chat stream spells out, event by event: ``feed(event)`` returns
    what the event adds, from ``choices[0].delta``.

    ``delta.content`` is the answer. ``delta.reasoning_content``, which reasoning models send before
    the answer (DeepSeek: https://api-docs.deepseek.com/guides/reasoning_model), is shown too, inside
    ``<think>`` ... ``</think>`` as DeepSeek-R1 writes its reasoning when it has no separate field, so
    one text view shows both. A stream without reasoning gives exactly its content. ``[DONE]``, non-JSON
    events and events without a delta (the usage chunk's ``choices`` is empty) add nothing.
    """

    def __init__(self) -> None:
        self.thinking = False  # inside the reasoning: the next answer text closes it first

    def feed(self, event: SseEvent) -> str:
        if is_done(event):
            return ""
        payload = event.json()
        if not isinstance(payload, dict):
            return ""
        choices = payload.get("choices")
        if not isinstance(choices, list) or not choices or not isinstance(choices[0], dict):
            return ""
        delta = choices[0].get("delta")
        if not isinstance(delta, dict):
            return ""
        out = ""
        reasoning, content = delta.get("reasoning_content"), delta.get("content")
        if isinstance(reasoning, str) and reasoning:
            out = reasoning if self.thinking else "<think>\n" + reasoning
            self.thinking = True
        if isinstance(content, str) and content:
            out += "\n</think>\n\n" + content if self.thinking else content
            self.thinking = False
        return out


def merge_openai_deltas(events: Iterable[SseEvent]) -> str:
    """The text of an OpenAI-style chat stream: ``OpenAiAnswer`` over the events, in order."""
    answer = OpenAiAnswer()
    return "".join(answer.feed(event) for event in events)
