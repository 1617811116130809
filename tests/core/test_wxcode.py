"""Copy as wx.request code: the code runs as a page would run it and decodes every cut right."""

from __future__ import annotations

import httpx
import pytest

from simulator.core.options import RequestOptions
from simulator.core.wxcode import wx_request_code
from simulator.runtime import MiniProgram


def _run(code: str, profile: str, platform: str = "android"):
    return MiniProgram(code, profile=profile, platform=platform, timeout_ms=20000).run()


@pytest.mark.parametrize("profile", ["passthrough", "utf8-cut", "fixed:1"])
@pytest.mark.parametrize("platform", ["android", "devtools"])
def test_the_copied_code_runs_and_its_text_matches_the_body(demo_url: str, profile: str, platform: str) -> None:
    expected = httpx.get(demo_url + "/text").text
    assert any(ord(c) > 0x7F for c in expected)  # the stream has characters a cut can split
    code = wx_request_code(RequestOptions.from_wx({"url": demo_url + "/text"}))
    result = _run(code, profile, platform)
    assert result.error is None, result.error
    done = [line.text for line in result.console if line.text.startswith("HTTP ")]
    assert done == ["HTTP 200 " + expected]


def test_method_headers_and_json_data_are_sent_as_written(demo_url: str) -> None:
    options = RequestOptions.from_wx({
        "url": demo_url + "/v1/chat/completions", "method": "POST",
        "header": {"content-type": "application/json", "x-note": "it's \"quoted\""},
        "data": {"model": "mpsim-demo", "stream": True, "messages": [{"role": "user", "content": "你好\n"}]},
        "timeout": 30000,
    })
    code = wx_request_code(options)
    assert "enableChunked: true" in code
    assert "task.onChunkReceived(" in code and "task.onHeadersReceived(" in code
    assert "new TextDecoder" not in code  # phones have none
    assert "timeout: 30000," in code
    result = _run(code, "utf8-cut")
    assert result.error is None, result.error
    text = next(line.text for line in result.console if line.text.startswith("HTTP "))
    assert text.startswith("HTTP 200 data: ")
    assert "[DONE]" in text
    assert "\ufffd" not in text


def test_arraybuffer_data_is_left_for_the_user_to_fill() -> None:
    code = wx_request_code(RequestOptions(url="http://h/", method="POST", data=b"\x00\x01"))
    assert "data: new ArrayBuffer(2)," in code
