"""The one secret rule set (docs/chunk-log.md, "Secrets"): names decide, shapes stay."""

import json

import pytest

from simulator.core.redact import REDACTED, is_secret_name, redact_body, redact_headers, redact_options, redact_url


@pytest.mark.parametrize("name", [
    "Authorization", "Proxy-Authorization", "Cookie", "Set-Cookie", "X-Auth-Token", "X-Access-Token",
    "X-Api-Key", "api_key", "apikey", "x-auth-user", "password", "user_password", "passwd", "session_id",
    "JSESSIONID", "sign", "signature", "pwd", "key", "access_token", "refresh_token", "client_secret", "code",
    "js_code", "private_key", "aws_access_key_id",
])
def test_credential_names_are_secret(name):
    assert is_secret_name(name)


@pytest.mark.parametrize("name", [
    "content-type", "max_tokens", "prompt_tokens", "stream", "model", "monkey", "keyword", "user", "sig_figs_x",
    "x-trace", "messages",
])
def test_ordinary_names_are_kept(name):
    assert not is_secret_name(name)


def test_headers_keep_their_names_and_order():
    out = redact_headers([("Content-Type", "a"), ("X-Api-Key", "sk-1"), ("Cookie", "sid=2")])
    assert out == [("Content-Type", "a"), ("X-Api-Key", REDACTED), ("Cookie", REDACTED)]


@pytest.mark.parametrize(("url", "expected"), [
    ("https://h/p?a=1&sign=abc&pwd=x", "https://h/p?a=1&sign=[redacted]&pwd=[redacted]"),
    ("https://h/p?access_token=t&q=%E4%BD%A0", "https://h/p?access_token=[redacted]&q=%E4%BD%A0"),
    ("https://user:hunter2@h/p", "https://user:[redacted]@h/p"),
    ("https://h/p?flag&x=1", "https://h/p?flag&x=1"),
    ("https://h/p", "https://h/p"),
], ids=["sign-pwd", "token-keeps-other-encoding", "userinfo", "bare-flag", "no-query"])
def test_urls_lose_only_secret_values(url, expected):
    assert redact_url(url) == expected


def test_json_body_fields_are_redacted_at_any_depth_and_stay_json():
    body = json.dumps({"model": "m", "max_tokens": 5, "auth": {"api_key": "sk-9", "nested": [{"password": "p"}]},
                       "messages": [{"role": "user", "content": "hi"}]}).encode()
    out = json.loads(redact_body(body))
    assert out["auth"] == REDACTED
    assert out["max_tokens"] == 5 and out["messages"][0]["content"] == "hi"
    deep = json.loads(redact_body(b'{"a":[{"b":{"client_secret":"s","x":1}}]}'))
    assert deep == {"a": [{"b": {"client_secret": REDACTED, "x": 1}}]}


@pytest.mark.parametrize(("body", "expected"), [
    (b"user=a&password=p%40ss&x=1", b"user=a&password=[redacted]&x=1"),
    (b"plain text with token=inside\nand lines", b"plain text with token=inside\nand lines"),
    (b"\xff\xfe binary", b"\xff\xfe binary"),
    (b"", b""),
    (b'{"not": "closed"', b'{"not": "closed"'),
], ids=["form", "text", "binary", "empty", "broken-json"])
def test_other_bodies(body, expected):
    assert redact_body(body) == expected


def test_get_data_object_is_redacted_in_the_recorded_options():
    opts = {"url": "https://h/s?sign=1", "method": "GET", "header": {"X-Auth-Token": "t"},
            "data": {"q": "hi", "access_token": "secret-1"}}
    out = redact_options(opts)
    assert out["data"] == {"q": "hi", "access_token": REDACTED}
    assert out["header"] == {"X-Auth-Token": REDACTED} and out["url"] == "https://h/s?sign=[redacted]"
    assert opts["data"]["access_token"] == "secret-1"  # the caller's object is not changed
