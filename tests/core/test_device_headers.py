"""What a device sends: the fixed Referer, a WeChat User-Agent per platform, the default content-type,
and the log showing every header that went on the wire (checked against what a loopback server got)."""

import json
from http.server import BaseHTTPRequestHandler

import pytest
from peers import serving

from simulator.core.chunklog import read_log
from simulator.core.options import RequestOptions
from simulator.core.task import RequestTask


class _Echo(BaseHTTPRequestHandler):
    def _answer(self) -> None:
        length = int(self.headers.get("Content-Length") or 0)
        if length:
            self.rfile.read(length)
        body = json.dumps([[k, v] for k, v in self.headers.items()]).encode()
        self.send_response(200)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    do_GET = do_POST = _answer

    def log_message(self, *args) -> None:
        pass


@pytest.fixture(scope="module")
def echo_url():
    with serving(_Echo) as url:
        yield url


def _send(url, platform, tmp_path, appid=None, header=None, method="GET", data=None):
    got = {}
    log = tmp_path / f"{platform}.jsonl"
    opts = {"url": url, "method": method, "header": header or {}, "enableChunked": False}
    if data is not None:
        opts["data"] = data
    task = RequestTask(RequestOptions.from_wx(opts), platform=platform, appid=appid, log_path=log,
                       success=lambda res: got.update(res))
    end = task.run()
    assert end.reason == "complete", end
    received = [(k.lower(), v) for k, v in got["data"]]
    return dict(received), received, read_log(log)


@pytest.mark.parametrize(("platform", "version", "marker"), [
    ("android", "0", "MiniProgramEnv/android"),
    ("ios", "0", "iPhone OS"),
    ("devtools", "devtools", "wechatdevtools/"),
    ("pc", "0", "WindowsWechat"),
], ids=["android", "ios", "devtools", "pc"])
def test_server_sees_the_fixed_referer_and_the_platforms_user_agent(echo_url, tmp_path, platform, version, marker):
    headers, _, _ = _send(f"{echo_url}/who", platform, tmp_path, appid="wx0123456789abcdef")
    assert headers["referer"] == f"https://servicewechat.com/wx0123456789abcdef/{version}/page-frame.html"
    assert marker in headers["user-agent"] and "MicroMessenger/" in headers["user-agent"]
    assert "python-httpx" not in headers["user-agent"]
    assert headers["content-type"] == "application/json"


def test_a_project_without_appid_sends_the_tourist_appid(echo_url, tmp_path):
    headers, _, _ = _send(f"{echo_url}/who", "android", tmp_path)
    assert headers["referer"] == "https://servicewechat.com/touristappid/0/page-frame.html"


def test_the_pages_own_referer_is_replaced_and_other_headers_kept(echo_url, tmp_path):
    headers, received, _ = _send(f"{echo_url}/who", "ios", tmp_path, appid="wxabc",
                                 header={"Referer": "https://evil.example/", "X-Trace": "t1",
                                         "Content-Type": "text/plain"})
    assert [v for k, v in received if k == "referer"] == ["https://servicewechat.com/wxabc/0/page-frame.html"]
    assert headers["x-trace"] == "t1" and headers["content-type"] == "text/plain"


def test_the_log_lists_every_header_the_server_received(echo_url, tmp_path):
    _, received, log = _send(f"{echo_url}/who", "android", tmp_path, appid="wxabc", method="POST",
                             data={"q": "你好"})
    logged = [(k.lower(), v) for k, v in log.request["headers"]]
    assert sorted(logged) == sorted(received)
    assert {"host", "accept-encoding", "content-length"} <= {k for k, _ in logged}
