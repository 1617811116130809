"""Redaction of secrets in recorded requests and exports (PRODUCT.md, Security)."""

from __future__ import annotations

import re
from urllib.parse import parse_qsl, urlencode, urlsplit, urlunsplit

__all__ = ["REDACTED", "redact_headers", "redact_url"]

REDACTED = "[redacted]"
SECRET_HEADERS = {"authorization", "proxy-authorization", "cookie", "set-cookie", "x-api-key", "api-key"}
# Query parameter names that carry credentials in the wild (access_token in WeChat's own APIs).
_TOKENISH = re.compile(r"(token|secret|key|password|passwd|auth|signature|sig|session|code)$", re.I)


def redact_headers(headers: list[tuple[str, str]]) -> list[tuple[str, str]]:
    return [(k, REDACTED if k.lower() in SECRET_HEADERS else v) for k, v in headers]


def redact_url(url: str) -> str:
    parts = urlsplit(url)
    if not parts.query:
        return url
    pairs = parse_qsl(parts.query, keep_blank_values=True)
    if not any(_TOKENISH.search(k) for k, _ in pairs):
        return url
    query = urlencode([(k, REDACTED if _TOKENISH.search(k) else v) for k, v in pairs], safe="[]")
    return urlunsplit(parts._replace(query=query))
