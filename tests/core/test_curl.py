"""A pasted curl command fills the request; Copy as cURL gives back a command that reads the same."""

from __future__ import annotations

import base64

import pytest

from simulator.core.curl import CurlError, looks_like_curl, parse_curl, to_curl

CHROME_COPY = r"""curl 'https://api.example.com/v1/chat/completions' \
  -H 'authorization: Bearer sk-test' \
  -H 'content-type: application/json' \
  --data-raw '{"model":"m","stream":true,"messages":[{"role":"user","content":"你好"}]}' \
  --compressed"""


def test_a_multi_line_devtools_copy_gives_method_headers_and_body() -> None:
    req = parse_curl(CHROME_COPY)
    assert req.url == "https://api.example.com/v1/chat/completions"
    assert req.method == "POST"
    assert req.headers == [("authorization", "Bearer sk-test"), ("content-type", "application/json")]
    assert req.body == '{"model":"m","stream":true,"messages":[{"role":"user","content":"你好"}]}'
    assert req.ignored == ["--compressed"]


@pytest.mark.parametrize(("command", "method", "url", "body"), [
    ("curl http://h/a", "GET", "http://h/a", None),
    ("curl -X PUT http://h/a -d x=1", "PUT", "http://h/a", "x=1"),
    ("curl -XDELETE http://h/a", "DELETE", "http://h/a", None),
    ("curl --request=PATCH --url http://h/a", "PATCH", "http://h/a", None),
    ("curl -d a=1 -d b=2 http://h/a", "POST", "http://h/a", "a=1&b=2"),
    ("curl --data-binary 'raw body' http://h/a", "POST", "http://h/a", "raw body"),
    ("curl -G -d q=1 -d r=2 http://h/a?x=0", "GET", "http://h/a?x=0&q=1&r=2", None),
    ("curl -sSL h:8765/sse/append", "GET", "http://h:8765/sse/append", None),
], ids=["plain-get", "explicit-method", "glued-X", "long-options", "two-data", "data-binary", "G-to-query",
        "no-scheme"])
def test_methods_urls_and_bodies_follow_curl(command: str, method: str, url: str, body: str | None) -> None:
    req = parse_curl(command)
    assert (req.method, req.url, req.body) == (method, url, body)


def test_json_option_sets_the_content_type_and_d_sets_a_form_one() -> None:
    assert ("Content-Type", "application/json") in parse_curl("curl --json '{\"a\":1}' http://h/").headers
    assert ("Content-Type", "application/x-www-form-urlencoded") in parse_curl("curl -d a=1 http://h/").headers


def test_cookie_and_user_become_headers() -> None:
    req = parse_curl("curl -b 'sid=abc; t=1' -u alice:secret http://h/")
    assert ("Cookie", "sid=abc; t=1") in req.headers
    assert ("Authorization", "Basic " + base64.b64encode(b"alice:secret").decode()) in req.headers


@pytest.mark.parametrize(("command", "says"), [
    ("curl 'http://h/a", "quote"),
    ("curl -X", "needs a value"),
    ("curl -H 'no colon' http://h/", "Name: value"),
    ("curl --frobnicate http://h/", "--frobnicate"),
    ("curl -d @body.json http://h/", "file"),
    ("curl", "no URL"),
    ("wget http://h/", "start with 'curl'"),
    ("curl ftp://h/file", "http"),
], ids=["open-quote", "missing-value", "bad-header", "unknown-option", "data-file", "no-url", "not-curl", "ftp"])
def test_what_cannot_be_read_says_why_in_one_line(command: str, says: str) -> None:
    with pytest.raises(CurlError) as err:
        parse_curl(command)
    assert says in str(err.value)
    assert "\n" not in str(err.value)


def test_copy_as_curl_reads_back_as_the_same_request() -> None:
    headers = [("content-type", "application/json"), ("x-note", "it's \"quoted\"")]
    body = '{"q":"你好 it\'s"}'
    command = to_curl("http://127.0.0.1:8765/v1/chat/completions", "POST", headers, body.encode())
    assert command.startswith("curl -N ")
    back = parse_curl(command)
    assert (back.url, back.method, back.headers, back.body) == (
        "http://127.0.0.1:8765/v1/chat/completions", "POST", headers, body)


def test_only_curl_commands_are_taken_for_curl() -> None:
    assert looks_like_curl("  curl http://h/")
    assert not looks_like_curl("http://h/curl")
    assert not looks_like_curl("curly")
