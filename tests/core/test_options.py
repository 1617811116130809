import pytest

from simulator.core.options import OptionsError, RequestOptions, serialize_data


def opts(**kw):
    return RequestOptions.from_wx({"url": "http://h/p", **kw})


@pytest.mark.parametrize(
    ("kw", "url", "body"),
    [
        ({"method": "GET", "data": {"q": "你好", "n": 1}}, "http://h/p?q=%E4%BD%A0%E5%A5%BD&n=1", b""),
        ({"method": "POST", "data": {"a": [1, 2], "b": "中"}}, "http://h/p", '{"a":[1,2],"b":"中"}'.encode()),
        ({"method": "POST", "data": {"a": "x y&z"}, "header": {"Content-Type": "application/x-www-form-urlencoded"}},
         "http://h/p", b"a=x%20y%26z"),
        ({"method": "POST", "data": "raw text"}, "http://h/p", b"raw text"),
        ({"method": "PUT", "data": b"\x00\xff"}, "http://h/p", b"\x00\xff"),
        ({"method": "GET"}, "http://h/p", b""),
    ],
    ids=["get-object-to-query", "post-object-to-json", "post-form", "post-string", "arraybuffer-as-is", "no-data"],
)
def test_data_is_serialized_by_the_documented_rules(kw, url, body):
    got_url, got_body, header = serialize_data(opts(**kw))
    assert (got_url, got_body) == (url, body)
    assert any(k.lower() == "content-type" for k in header)


def test_defaults_match_the_wx_request_doc():
    o = opts()
    assert (o.method, o.timeout, o.dataType, o.responseType, o.redirect) == ("GET", 60000, "json", "text", "follow")


def test_other_documented_options_are_accepted_and_recorded():
    o = opts(enableQuic=True, useHighPerformanceMode=False)
    assert o.to_wx()["enableQuic"] is True


@pytest.mark.parametrize(
    ("wx", "message"),
    [
        ({}, "url is required"),
        ({"url": "ftp://x"}, "must start with http"),
        ({"url": "http://h", "method": "FETCH"}, "method 'FETCH'"),
        ({"url": "http://h", "timeout": -1}, "timeout must be a positive"),
        ({"url": "http://h", "redirect": "never"}, "redirect must be"),
    ],
    ids=["no-url", "bad-scheme", "bad-method", "bad-timeout", "bad-redirect"],
)
def test_bad_options_get_a_clear_message(wx, message):
    with pytest.raises(OptionsError, match=message):
        RequestOptions.from_wx(wx)
