"""The one rule set for secrets: what the chunk log on disk, every export and ``replay --serve`` hide.

``docs/chunk-log.md`` ("Secrets") documents these rules for users. A value is secret when its
*name* says so, wherever the name appears: a request or response header, a URL query parameter, a
JSON body field at any depth, a form-encoded body field, or a key of a GET ``data`` object (which a
device turns into the query string). The value is replaced by ``[redacted]`` and the name kept, so
a redacted log still shows what was sent.
"""

from __future__ import annotations

import json
import re
from typing import Any
from urllib.parse import unquote_plus, urlsplit, urlunsplit

__all__ = [
    "REDACTED", "is_secret_name", "redact_body", "redact_headers", "redact_json", "redact_options",
    "redact_query", "redact_url",
]

REDACTED = "[redacted]"

# Headers that are credentials whatever their value looks like.
_SECRET_HEADERS = {"authorization", "proxy-authorization", "cookie", "set-cookie"}
# Names (lower case, "_" read as "-") that carry credentials in the wild: access_token in WeChat's
# own server APIs, x-api-key / api_key for LLM gateways, sign/signature for signed requests; but not
# "tokens" (max_tokens, usage counts in LLM bodies are numbers worth keeping).
_SECRET_PARTS = re.compile(r"token(?!s)|secret|api-?key|passw(or)?d|session|credential|private-?key|access-?key")
_SECRET_EXACT = {"sign", "signature", "sig", "pwd", "key", "auth", "x-auth", "js-code", "code"}


def is_secret_name(name: str) -> bool:
    """Whether a header, query parameter or field called ``name`` holds a secret."""
    n = name.strip().lower().replace("_", "-")
    return (n in _SECRET_HEADERS or n in _SECRET_EXACT or n.startswith("x-auth-")
            or _SECRET_PARTS.search(n) is not None)


def redact_headers(headers: list[tuple[str, str]]) -> list[tuple[str, str]]:
    return [(k, REDACTED if is_secret_name(k) else v) for k, v in headers]


def redact_query(query: str) -> str:
    """``a=1&access_token=x`` -> ``a=1&access_token=[redacted]``; every other byte kept as written."""
    parts = query.split("&")
    out = []
    for part in parts:
        name, eq, _ = part.partition("=")
        out.append(f"{name}={REDACTED}" if eq and is_secret_name(unquote_plus(name)) else part)
    return "&".join(out)


def redact_url(url: str) -> str:
    """Secret query parameters and a password in the authority (``user:pw@host``) redacted."""
    try:
        parts = urlsplit(url)
    except ValueError:  # not a URL a request could have been sent to: keep nothing of it that parses
        return url
    netloc = parts.netloc
    if "@" in netloc:
        userinfo, _, host = netloc.rpartition("@")
        user, colon, _ = userinfo.partition(":")
        netloc = f"{user}:{REDACTED}@{host}" if colon else netloc
    query = redact_query(parts.query) if parts.query else parts.query
    if netloc == parts.netloc and query == parts.query:
        return url
    return urlunsplit(parts._replace(netloc=netloc, query=query))


def redact_json(value: Any) -> Any:
    """A copy of a JSON value with every secret-named field, at any depth, replaced."""
    if isinstance(value, dict):
        return {k: REDACTED if is_secret_name(str(k)) else redact_json(v) for k, v in value.items()}
    if isinstance(value, list):
        return [redact_json(v) for v in value]
    return value


def redact_body(body: bytes) -> bytes:
    """A request body with secret JSON fields or form fields replaced; other bodies as they are."""
    text = body.decode("utf-8", errors="replace") if body else ""
    stripped = text.lstrip()
    if stripped[:1] in ("{", "["):
        try:
            value = json.loads(text)
        except ValueError:
            return body
        redacted = redact_json(value)
        if redacted == value:
            return body
        return json.dumps(redacted, ensure_ascii=False, separators=(",", ":")).encode()
    if "=" in text and "\n" not in text:  # application/x-www-form-urlencoded
        redacted_text = redact_query(text)
        return body if redacted_text == text else redacted_text.encode()
    return body


def redact_options(options: dict[str, Any]) -> dict[str, Any]:
    """The ``wx.request`` options as recorded: url, header and ``data`` (object or string) redacted."""
    out = dict(options)
    if isinstance(out.get("url"), str):
        out["url"] = redact_url(out["url"])
    if isinstance(out.get("header"), dict):
        out["header"] = {k: REDACTED if is_secret_name(str(k)) else v for k, v in out["header"].items()}
    data = out.get("data")
    if isinstance(data, dict | list):
        out["data"] = redact_json(data)
    elif isinstance(data, str):
        out["data"] = redact_body(data.encode()).decode("utf-8", errors="replace")
    return out
