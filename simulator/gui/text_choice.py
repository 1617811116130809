"""The text view's mode picked from a stream's content, as a reader would pick it (issue 10, item 7):

- OpenAI-style events (``choices[].delta``): append, with the deltas merged;
- events whose data is a JSON object with a text field that grows (each value starts with the one
  before, as ``/sse/overwrite`` sends ``{"text": <the answer so far>}``): overwrite, showing that field;
- other SSE events: append each event's data;
- no SSE events (plain text, NDJSON): the decoded body.
"""

from __future__ import annotations

import json
from collections.abc import Iterable
from itertools import islice
from typing import Any

from .answer import TextMode

__all__ = ["choose_text_mode"]

#: Events looked at: the first ones say what the stream is.
SAMPLE = 20


def _json_object(data: str) -> dict[str, Any] | None:
    try:
        value = json.loads(data)
    except ValueError:
        return None
    return value if isinstance(value, dict) else None


def _growing_field(objects: list[dict[str, Any]]) -> str | None:
    """A string field present in every object whose value each time starts with the one before."""
    if len(objects) < 2:
        return None
    for name, first in objects[0].items():
        if not isinstance(first, str):
            continue
        values = [o.get(name) for o in objects]
        if all(isinstance(v, str) for v in values) and all(
                b.startswith(a) for a, b in zip(values, values[1:], strict=False)) and values[-1] != values[0]:
            return name
    return None


def choose_text_mode(events: Iterable[str]) -> tuple[TextMode, bool, str | None]:
    """(mode, merge OpenAI deltas, JSON field or None) for a stream whose events' data are ``events``."""
    datas = [d for d in islice(events, SAMPLE) if d != "[DONE]"]
    if not datas:
        return TextMode.BODY, False, None
    objects = [o for o in map(_json_object, datas) if o is not None]
    if any(isinstance(o.get("choices"), list) and any(isinstance(c, dict) and "delta" in c for c in o["choices"])
           for o in objects):
        return TextMode.APPEND, True, None
    if len(objects) >= max(2, len(datas) - 1):  # a closing event ("event: done") may not be JSON
        field = _growing_field(objects)
        if field is not None:
            return TextMode.OVERWRITE, False, field
    return TextMode.APPEND, False, None
