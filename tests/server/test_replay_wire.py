"""``mpsim replay --serve`` of a compressed recording serves the bytes that came over the wire:
the same compressed body in the same chunk framing, with its Content-Encoding, byte for byte."""

from __future__ import annotations

import gzip
import socket
from urllib.parse import urlsplit

import httpx

from simulator.core.chunklog import read_log
from simulator.core.options import RequestOptions
from simulator.core.task import RequestTask
from simulator.server.replay import ReplayServer

PATH = "/fault/gzip?delay=0"


def raw_get(base_url: str, target: str) -> tuple[bytes, bytes]:
    """The response as it crosses the socket, split into its head and everything after it."""
    url = urlsplit(base_url)
    with socket.create_connection((url.hostname, url.port), timeout=10) as sock:
        sock.sendall(f"GET {target} HTTP/1.1\r\nHost: {url.netloc}\r\nAccept-Encoding: gzip\r\n"
                     "Connection: close\r\n\r\n".encode())
        data = b""
        while chunk := sock.recv(65536):
            data += chunk
    head, _, body = data.partition(b"\r\n\r\n")
    return head, body


def header(head: bytes, name: str) -> str | None:
    for line in head.split(b"\r\n")[1:]:
        key, _, value = line.decode("latin-1").partition(":")
        if key.strip().lower() == name:
            return value.strip()
    return None


def test_replayed_gzip_recording_is_the_original_wire_bytes(demo_url, tmp_path):
    log_path = tmp_path / "gz.jsonl"
    wx = {"url": demo_url + PATH, "enableChunked": True}
    assert RequestTask(RequestOptions.from_wx(wx), profile="random", log_path=log_path).run().reason == "complete"
    _, original = raw_get(demo_url, PATH)

    with ReplayServer(read_log(log_path), speed=0) as replay:
        head, served = raw_get(replay.url, "/")
        with httpx.Client() as client:
            decoded = client.get(replay.url).text  # a client decodes it as it did the original

    assert served == original  # chunk-size lines, compressed data and the terminating chunk alike
    assert header(head, "content-encoding") == "gzip"
    assert header(head, "transfer-encoding") == "chunked"
    assert decoded == b"".join(c.data for c in read_log(log_path).chunks("delivered")).decode()
    assert decoded.startswith("id: 1\nretry: 3000\ndata:")


def test_a_gzip_recording_without_observed_framing_serves_its_compressed_reads(demo_url, tmp_path):
    log_path = tmp_path / "gz.jsonl"
    assert RequestTask(RequestOptions.from_wx({"url": demo_url + PATH}), log_path=log_path).run().reason == "complete"
    # What a recording over HTTP/2 or of a non-chunked body holds: no wire level.
    lines = [x for x in log_path.read_text().splitlines() if '"level":"wire"' not in x]
    log_path.write_text("\n".join(lines).replace('"wire":"observed"', '"wire":"not observed"') + "\n")
    log = read_log(log_path)

    with ReplayServer(log, speed=0) as replay:
        assert replay.level == "read"
        head, served = raw_get(replay.url, "/")
        decoded = httpx.get(replay.url).text

    assert header(head, "content-encoding") == "gzip"
    reads = b"".join(c.data for c in log.chunks("read"))
    assert gzip.decompress(reads).decode() == decoded
