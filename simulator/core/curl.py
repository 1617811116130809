"""A pasted ``curl`` command as a request, and a request as a ``curl`` command ("Copy as cURL").

Browser devtools and API docs hand requests around as ``curl`` commands; pasting one into the URL box
fills method, headers and body. Only the options such commands use are understood (the curl manual,
https://curl.se/docs/manpage.html, names each): ``-X``, ``-H``, ``-d``/``--data``/``--data-raw``/
``--data-binary``/``--data-ascii``/``--json``, ``-b``, ``-u``, ``-G``, ``--url``; ``--compressed``
and other switches that do not change what is sent are ignored. Anything else is a ``CurlError``
naming the option, so nothing is silently dropped.
"""

from __future__ import annotations

import base64
import shlex
from dataclasses import dataclass, field
from urllib.parse import urlsplit

__all__ = ["CurlError", "CurlRequest", "looks_like_curl", "parse_curl", "to_curl"]


class CurlError(ValueError):
    """A command that cannot be read as a request; the message is one line for the user."""


@dataclass(slots=True)
class CurlRequest:
    url: str
    method: str = "GET"
    headers: list[tuple[str, str]] = field(default_factory=list)
    body: str | None = None  # None: no body given
    ignored: list[str] = field(default_factory=list)  # options read but without effect here


# Options taking a value that is not sent (or not sent differently) by wx.request.
_IGNORED_WITH_VALUE = {
    "--connect-timeout", "-m", "--max-time", "-o", "--output", "-A", "--user-agent", "-e", "--referer",
    "--retry", "-w", "--write-out", "--proxy", "-x", "--limit-rate", "-c", "--cookie-jar",
    "--cacert", "--cert", "--key", "--resolve",
}
_IGNORED_SWITCHES = {
    "--compressed", "-s", "--silent", "-S", "--show-error", "-L", "--location", "-k", "--insecure",
    "-N", "--no-buffer", "-i", "--include", "-v", "--verbose", "-f", "--fail", "--http1.1", "--http2",
}
_SHORT_SWITCHES = set("sSLkNivf")  # -sSL and the like: switches written together
_DATA_OPTIONS = {"-d", "--data", "--data-raw", "--data-binary", "--data-ascii", "--json"}


def looks_like_curl(text: str) -> bool:
    """True when ``text`` (what was typed or pasted into the URL box) is a curl command."""
    return text.lstrip().lower().startswith(("curl ", "curl\t", "curl\n", "curl\\"))


def _split(text: str) -> list[str]:
    # A command copied over several lines ends each with "\"; DevTools on Windows writes "^".
    joined = text.replace("\\\r\n", " ").replace("\\\n", " ")
    try:
        return shlex.split(joined)
    except ValueError as exc:  # an unclosed quote
        raise CurlError(f"the curl command cannot be read: {exc} (a quote is not closed?)") from None


def parse_curl(text: str) -> CurlRequest:
    """Read a ``curl`` command as the request it sends (raises ``CurlError`` with the reason)."""
    words = _split(text)
    if not words or words[0] != "curl":
        raise CurlError("not a curl command: it must start with 'curl'")
    url: str | None = None
    method: str | None = None
    headers: list[tuple[str, str]] = []
    data: list[str] = []
    get = False
    json_body = False
    ignored: list[str] = []
    i = 1

    def value(option: str) -> str:
        nonlocal i
        i += 1
        if i >= len(words):
            raise CurlError(f"curl option {option} needs a value")
        return words[i]

    while i < len(words):
        word = words[i]
        name, eq, inline = word.partition("=") if word.startswith("--") else (word, "", "")
        if word.startswith("-") and not word.startswith("--") and len(word) > 2 and word[:2] in ("-X", "-H", "-d",
                                                                                             "-b", "-u"):
            name, inline, eq = word[:2], word[2:], "="  # -XPOST, -H'K: V' written without a space

        def take(option: str = name, given: str = inline, inline_value: bool = bool(eq)) -> str:
            return given if inline_value else value(option)

        if name in ("-X", "--request"):
            method = take().upper()
        elif name in ("-H", "--header"):
            header = take()
            key, colon, val = header.partition(":")
            if not colon or not key.strip():
                raise CurlError(f"curl header {header!r} is not 'Name: value'")
            headers.append((key.strip(), val.strip()))
        elif name in _DATA_OPTIONS:
            piece = take()
            if piece.startswith("@") and name != "--data-raw":
                raise CurlError(f"curl {name} {piece}: reading the body from a file is not supported; paste the "
                                "body itself")
            data.append(piece)
            json_body = json_body or name == "--json"
        elif name in ("-b", "--cookie"):
            cookie = take()
            if "=" not in cookie:
                raise CurlError(f"curl -b {cookie!r}: a cookie file is not supported; give 'name=value'")
            headers.append(("Cookie", cookie))
        elif name in ("-u", "--user"):
            user = take()
            headers.append(("Authorization", "Basic " + base64.b64encode(user.encode()).decode()))
        elif name in ("-G", "--get"):
            get = True
        elif name == "--url":
            url = take()
        elif name in _IGNORED_SWITCHES or (word[:1] == "-" and word[1:2] != "-" and len(word) > 1
                                           and set(word[1:]) <= _SHORT_SWITCHES):
            ignored.append(word)
        elif name in _IGNORED_WITH_VALUE:
            ignored.append(f"{name} {take()}")
        elif word.startswith("-") and word != "-":
            raise CurlError(f"curl option {name} is not supported here; remove it and paste again")
        elif url is None:
            url = word
        else:
            raise CurlError(f"curl command has a second URL {word!r}; paste one request at a time")
        i += 1

    if url is None:
        raise CurlError("the curl command has no URL")
    if "://" not in url:
        url = "http://" + url  # curl's own default scheme
    if urlsplit(url).scheme not in ("http", "https"):
        raise CurlError(f"curl URL {url!r} is not http:// or https://")
    body = "&".join(data) if data else None
    if json_body and not any(k.lower() == "content-type" for k, _ in headers):
        headers.append(("Content-Type", "application/json"))
    if get and body is not None:  # -G: the data goes in the query string
        url += ("&" if urlsplit(url).query else "?") + body
        body = None
    if method is None:
        method = "POST" if body is not None else "GET"
    if body is not None and not json_body and not any(k.lower() == "content-type" for k, _ in headers):
        headers.append(("Content-Type", "application/x-www-form-urlencoded"))  # what curl -d sends
    return CurlRequest(url=url, method=method, headers=headers, body=body, ignored=ignored)


def to_curl(url: str, method: str = "GET", headers: list[tuple[str, str]] | None = None,
            body: bytes | str | None = None) -> str:
    """The ``curl`` command that sends this request, one option per line as browsers copy it.

    ``-N`` keeps curl from buffering, so the stream shows as it arrives.
    """
    lines = [f"curl -N {shlex.quote(url)}"]
    if method != "GET" or (method == "GET" and body):
        lines.append(f"-X {shlex.quote(method)}")
    for key, val in headers or []:
        lines.append(f"-H {shlex.quote(f'{key}: {val}')}")
    if body:
        text = body.decode("utf-8", "replace") if isinstance(body, bytes) else body
        lines.append(f"--data-raw {shlex.quote(text)}")
    return " \\\n  ".join(lines)
