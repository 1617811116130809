"""HAR sizes of a recorded stream: bodySize is what came over the network, content.size what was
decoded, content.compression the bytes saved (HAR 1.2 "response" and "content")."""

from __future__ import annotations

import gzip
import socket
import threading
from collections.abc import Iterator

import pytest

from simulator.core.chunklog import read_log
from simulator.core.export import make_har
from simulator.core.options import RequestOptions
from simulator.core.task import RequestTask

# A body that compresses well, in three gzip members' worth of flushes: what a compressing proxy sends.
TEXT = ("data: " + "流式数据 stream " * 40 + "\n\n").encode() * 30


class _GzipServer:
    """A loopback HTTP/1.1 server sending TEXT gzip-compressed in a few chunks, then closing."""

    def __init__(self) -> None:
        self.sock = socket.create_server(("127.0.0.1", 0))
        self.wire = gzip.compress(TEXT, mtime=0)
        self._thread = threading.Thread(target=self._serve, daemon=True)
        self._thread.start()

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.sock.getsockname()[1]}/"

    def _serve(self) -> None:
        while True:
            try:
                conn, _ = self.sock.accept()
            except OSError:
                return
            with conn:
                data = b""
                while b"\r\n\r\n" not in data:
                    data += conn.recv(65536)
                conn.sendall(b"HTTP/1.1 200 OK\r\nContent-Type: text/event-stream\r\nContent-Encoding: gzip\r\n"
                             b"Transfer-Encoding: chunked\r\nConnection: close\r\n\r\n")
                step = len(self.wire) // 3 + 1
                for i in range(0, len(self.wire), step):
                    piece = self.wire[i:i + step]
                    conn.sendall(b"%x\r\n%b\r\n" % (len(piece), piece))
                conn.sendall(b"0\r\n\r\n")

    def close(self) -> None:
        self.sock.close()


@pytest.fixture
def gzip_server() -> Iterator[_GzipServer]:
    server = _GzipServer()
    yield server
    server.close()


def record(url: str, path) -> dict:
    end = RequestTask(RequestOptions.from_wx({"url": url, "enableChunked": True}), log_path=path).run()
    assert end.reason == "complete", end.detail
    return make_har(read_log(path))["log"]["entries"][0]["response"]


def test_a_gzip_stream_has_wire_size_decoded_size_and_the_bytes_saved(gzip_server, tmp_path):
    response = record(gzip_server.url, tmp_path / "gz.jsonl")

    assert response["bodySize"] == len(gzip_server.wire)
    assert response["content"]["size"] == len(TEXT)
    assert response["content"]["compression"] == len(TEXT) - len(gzip_server.wire)
    assert response["content"]["text"] == TEXT.decode()
    assert {"name": "Content-Encoding", "value": "gzip"} in [
        {"name": h["name"].title(), "value": h["value"]} for h in response["headers"]]


def test_the_demo_gzip_endpoint_is_sized_as_received(demo_url, tmp_path):
    response = record(f"{demo_url}/fault/gzip?delay=0", tmp_path / "demo.jsonl")
    reads = [c.data for c in read_log(tmp_path / "demo.jsonl").chunks("read")]

    assert response["bodySize"] == sum(map(len, reads)) < response["content"]["size"]
    assert gzip.decompress(b"".join(reads)).decode() == response["content"]["text"]
    assert response["content"]["compression"] == response["content"]["size"] - response["bodySize"]


def test_an_uncompressed_stream_has_equal_sizes_and_no_compression(demo_url, tmp_path):
    response = record(f"{demo_url}/sse/append?delay=0", tmp_path / "plain.jsonl")

    assert response["bodySize"] == response["content"]["size"] == len(response["content"]["text"].encode())
    assert "compression" not in response["content"]
