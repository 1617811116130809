"""The ``wx.request`` options and how WeChat serializes ``data``.

Source for every rule here: the wx.request doc (developers.weixin.qq.com/miniprogram/dev/api/network/
request/wx.request.html) and the official typings ``wechat-miniprogram/api-typings`` ``RequestOption``,
summarized in ``docs/wechat-request-api.md`` section 1.
"""

from __future__ import annotations

import json
import math
import re
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import quote, urlsplit

__all__ = ["METHODS", "OptionsError", "RequestOptions", "serialize_data"]

METHODS = ("OPTIONS", "GET", "HEAD", "POST", "PUT", "DELETE", "TRACE", "CONNECT")
DEFAULT_TIMEOUT_MS = 60000
MAX_TIMEOUT_MS = 2**31 - 1  # the largest delay JavaScript's setTimeout keeps (a longer one fires at once)
# Options documented by WeChat that change nothing off-device; accepted and recorded as given.
RECORDED_ONLY = (
    "useHighPerformanceMode", "enableProfile", "enableQuic", "enableCache", "enableHttpDNS",
    "httpDNSServiceId", "httpDNSTimeout", "forceCellularNetwork",
)


class OptionsError(ValueError):
    """An option a device would reject; the message is shown to the user as is."""


@dataclass(slots=True)
class RequestOptions:
    url: str
    method: str = "GET"
    header: dict[str, str] = field(default_factory=dict)
    data: Any = None  # str | dict | list | bytes | None
    timeout: int = DEFAULT_TIMEOUT_MS  # ms, over the whole request (docs/wechat-request-api.md §4.8)
    dataType: str = "json"  # noqa: N815 - the wx.request names are the user's words
    responseType: str = "text"  # noqa: N815
    enableChunked: bool = True  # noqa: N815 - this simulator is about chunked streaming
    redirect: str = "follow"
    enableHttp2: bool = False  # noqa: N815
    extra: dict[str, Any] = field(default_factory=dict)  # other documented options, recorded

    @classmethod
    def from_wx(cls, opts: dict[str, Any]) -> RequestOptions:
        """Build from a ``wx.request`` option object (JS key names), checking what a device checks."""
        opts = {k: v for k, v in opts.items() if k not in ("success", "fail", "complete")}
        url = opts.pop("url", None)
        if not isinstance(url, str) or not url.strip():
            raise OptionsError("url is required: give the stream URL, e.g. http://127.0.0.1:8765/sse/append")
        url = url.strip()
        parts = urlsplit(url)
        if parts.scheme not in ("http", "https") or not parts.netloc:
            raise OptionsError(f"invalid url {url!r}: it must start with http:// or https:// and name a host")
        method = str(opts.pop("method", "GET") or "GET").upper()
        if method not in METHODS:
            raise OptionsError(f"method {method!r} is not one of {', '.join(METHODS)}")
        header = opts.pop("header", None) or {}
        if not isinstance(header, dict):
            raise OptionsError("header must be an object of name: value pairs")
        header = {str(k): _js_string(v) for k, v in header.items()}
        for name, value in header.items():
            _check_header(name, value)
        timeout = opts.pop("timeout", DEFAULT_TIMEOUT_MS)
        if timeout is None:
            timeout = DEFAULT_TIMEOUT_MS
        if isinstance(timeout, bool) or not isinstance(timeout, int | float) or not math.isfinite(timeout) \
                or timeout <= 0:
            raise OptionsError(f"timeout must be a positive number of milliseconds, not {timeout!r}")
        if timeout > MAX_TIMEOUT_MS:
            raise OptionsError(f"timeout {timeout!r} is too long: at most {MAX_TIMEOUT_MS} ms (about 24 days)")
        redirect = opts.pop("redirect", "follow") or "follow"
        if redirect not in ("follow", "manual"):
            raise OptionsError(f"redirect must be 'follow' or 'manual', not {redirect!r}")
        response_type = opts.pop("responseType", "text") or "text"
        if response_type not in ("text", "arraybuffer"):
            raise OptionsError(f"responseType must be 'text' or 'arraybuffer', not {response_type!r}")
        known = {
            "data": opts.pop("data", None),
            "dataType": str(opts.pop("dataType", "json") or "json"),
            "enableChunked": bool(opts.pop("enableChunked", True)),
            "enableHttp2": bool(opts.pop("enableHttp2", False)),
        }
        return cls(url=url, method=method, header=header, timeout=int(timeout), redirect=redirect,
                   responseType=response_type, extra=opts, **known)

    def to_wx(self) -> dict[str, Any]:
        """The options as a JSON-able ``wx.request`` object (bytes data shown as its length)."""
        out: dict[str, Any] = {
            "url": self.url, "method": self.method, "header": dict(self.header), "timeout": self.timeout,
            "dataType": self.dataType, "responseType": self.responseType,
            "enableChunked": self.enableChunked, "redirect": self.redirect, "enableHttp2": self.enableHttp2,
        }
        if isinstance(self.data, bytes | bytearray | memoryview):
            out["data"] = {"ArrayBuffer": len(self.data)}
        elif self.data is not None:
            out["data"] = self.data
        out.update(self.extra)
        return out


_TOKEN = re.compile(r"[!#$%&'*+.^_`|~0-9A-Za-z-]+")  # RFC 9110 section 5.6.2


def _check_header(name: str, value: str) -> None:
    """A header a device would refuse to send (RFC 9110 sections 5.1 and 5.5) is an OptionsError.

    A value with a line break would smuggle a second header in; non-ASCII text is allowed and
    sent as UTF-8 (docs/delivery.md, "Header values").
    """
    if not _TOKEN.fullmatch(name):
        raise OptionsError(f"header name {name!r} is not a valid HTTP field name (letters, digits and !#$%&'*+-.^_`|~)")
    if any(c in value for c in "\r\n\0"):
        raise OptionsError(f"header {name!r}: its value contains a line break or NUL, which HTTP cannot carry")


def _content_type(header: dict[str, str]) -> str:
    for k, v in header.items():
        if k.lower() == "content-type":
            return v.lower()
    return "application/json"  # the documented default content-type of wx.request


def _query_string(data: Any) -> str:
    # "encodeURIComponent(k)=encodeURIComponent(v)&..." per the doc; quote() with this safe set is
    # exactly JavaScript's encodeURIComponent.
    safe = "-_.!~*'()"
    if isinstance(data, dict):
        return "&".join(f"{quote(str(k), safe)}={quote(_js_string(v), safe)}" for k, v in data.items())
    return str(data)


def _js_string(v: Any) -> str:
    """String(v) as JavaScript would write it for the common JSON types."""
    if v is None:
        return "null"
    if v is True:
        return "true"
    if v is False:
        return "false"
    if isinstance(v, float) and v.is_integer():
        return str(int(v))
    if isinstance(v, dict):
        return "[object Object]"
    if isinstance(v, list):
        return ",".join("" if x is None else _js_string(x) for x in v)
    return str(v)


def serialize_data(options: RequestOptions) -> tuple[str, bytes, dict[str, str]]:
    """The URL, body and headers a device sends for these options (wx.request "data 参数说明").

    GET puts an object in the query string; other methods send JSON for ``application/json`` (the
    default) and a query string for ``application/x-www-form-urlencoded``; ArrayBuffer goes as is.
    """
    header = dict(options.header)
    if not any(k.lower() == "content-type" for k in header):
        header["content-type"] = "application/json"
    data, url = options.data, options.url
    if data is None:
        return url, b"", header
    if isinstance(data, bytes | bytearray | memoryview):
        return url, bytes(data), header
    if options.method == "GET":
        qs = _query_string(data) if isinstance(data, dict) else str(data)
        if qs:
            url = url + ("&" if urlsplit(url).query else "?") + qs
        return url, b"", header
    if isinstance(data, str):
        return url, data.encode(), header
    if "application/x-www-form-urlencoded" in _content_type(header):
        return url, _query_string(data).encode(), header
    try:
        return url, json.dumps(data, ensure_ascii=False, separators=(",", ":")).encode(), header
    except (TypeError, ValueError) as exc:
        raise OptionsError(f"data cannot be serialized as JSON: {exc}") from exc
