"""A request as the ``wx.request`` code a mini-program would write ("Copy as wx.request code").

The code is ``js/wx_request.js`` with the request's own options in place of its ``...OPTIONS`` line:
``enableChunked: true``, ``onHeadersReceived``/``onChunkReceived`` listeners and a chunk decoder that
needs no ``TextDecoder`` (phones have none; docs/wechat-request-api.md).
"""

from __future__ import annotations

import json
import re
from importlib import resources
from typing import Any

from .options import DEFAULT_TIMEOUT_MS, RequestOptions

__all__ = ["wx_request_code"]

_IDENT = re.compile(r"[A-Za-z_$][A-Za-z0-9_$]*")
_PLACEHOLDER = "  ...OPTIONS,\n"


def _template() -> str:
    return (resources.files("simulator.core") / "js" / "wx_request.js").read_text(encoding="utf-8")


def _js(value: Any, indent: str) -> str:
    """A JSON value as JavaScript source, keys unquoted where JavaScript allows, nested by ``indent``."""
    if isinstance(value, dict):
        if not value:
            return "{}"
        inner = indent + "  "
        items = [f"{inner}{_key(k)}: {_js(v, inner)}," for k, v in value.items()]
        return "{\n" + "\n".join(items) + "\n" + indent + "}"
    if isinstance(value, list):
        return "[" + ", ".join(_js(v, indent) for v in value) + "]"
    if isinstance(value, str):
        return _string(value)
    return json.dumps(value, ensure_ascii=False)


def _key(key: str) -> str:
    return key if _IDENT.fullmatch(key) else _string(key)


def _string(text: str) -> str:
    """A single-quoted JavaScript string, as mini-program code usually writes them."""
    body = json.dumps(text, ensure_ascii=False)[1:-1].replace('\\"', '"').replace("'", "\\'")
    return f"'{body}'"


def wx_request_code(options: RequestOptions) -> str:
    """The ``wx.request({...})`` call with listeners for ``options`` (ArrayBuffer data noted, not inlined)."""
    fields: dict[str, Any] = {"url": options.url, "method": options.method}
    if options.header:
        fields["header"] = dict(options.header)
    lines = [f"  {k}: {_js(v, '  ')}," for k, v in fields.items()]
    data = options.data
    if isinstance(data, bytes | bytearray | memoryview):
        lines.append(f"  data: new ArrayBuffer({len(data)}), // fill in the {len(data)} bytes to send")
    elif data is not None:
        lines.append(f"  data: {_js(data, '  ')},")
    if options.timeout != DEFAULT_TIMEOUT_MS:
        lines.append(f"  timeout: {options.timeout},")
    if options.responseType != "text":
        lines.append(f"  responseType: {_string(options.responseType)},")
    template = _template()
    assert _PLACEHOLDER in template, "js/wx_request.js lost its ...OPTIONS line"
    return template.replace(_PLACEHOLDER, "\n".join(lines) + "\n", 1)
