"""enableHttp2 against a real HTTP/2 server on loopback (TLS with a certificate made for the test):
the wire level holds the DATA frames as the server framed them, and TLS errors are one clear line."""

import json
import os
import socket
import ssl
import subprocess
import sys
import threading

import h2.config
import h2.connection
import h2.events
import pytest

from simulator.core.chunklog import read_log
from simulator.core.options import RequestOptions
from simulator.core.task import RequestTask

# What the server writes: each piece is sent as one DATA frame, and flushed on its own.
FRAMES = [b"data: {\"n\": 1}\n\n", "data: 你好\n\n".encode(), b"data: [DONE]\n\n"]


@pytest.fixture(scope="module")
def cert(tmp_path_factory):
    folder = tmp_path_factory.mktemp("tls")
    key, pem = folder / "key.pem", folder / "cert.pem"
    subprocess.run(["openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-keyout", str(key), "-out", str(pem),
                    "-days", "1", "-subj", "/CN=localhost", "-addext", "subjectAltName=IP:127.0.0.1,DNS:localhost"],
                   check=True, capture_output=True)
    return pem, key


def _serve_one(conn: ssl.SSLSocket) -> None:
    h2conn = h2.connection.H2Connection(h2.config.H2Configuration(client_side=False))
    h2conn.initiate_connection()
    conn.sendall(h2conn.data_to_send())
    while True:
        data = conn.recv(65536)
        if not data:
            return
        for event in h2conn.receive_data(data):
            if isinstance(event, h2.events.RequestReceived):
                sid = event.stream_id
                h2conn.send_headers(sid, [(":status", "200"), ("content-type", "text/event-stream")])
                conn.sendall(h2conn.data_to_send())
                for i, frame in enumerate(FRAMES):
                    h2conn.send_data(sid, frame, end_stream=i == len(FRAMES) - 1)
                    conn.sendall(h2conn.data_to_send())
        conn.sendall(h2conn.data_to_send())


@pytest.fixture(scope="module")
def h2_url(cert):
    pem, key = cert
    context = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
    context.load_cert_chain(str(pem), str(key))
    context.set_alpn_protocols(["h2"])
    listener = socket.create_server(("127.0.0.1", 0))
    port = listener.getsockname()[1]

    def accept() -> None:
        while True:
            try:
                raw, _ = listener.accept()
            except OSError:
                return
            threading.Thread(target=_handle, args=(raw,), daemon=True).start()

    def _handle(raw: socket.socket) -> None:
        try:
            with context.wrap_socket(raw, server_side=True) as conn:
                _serve_one(conn)
        except (OSError, ssl.SSLError):
            pass

    threading.Thread(target=accept, daemon=True).start()
    yield f"https://127.0.0.1:{port}/v1/stream"
    listener.close()


def _trusting(pem) -> ssl.SSLContext:
    context = ssl.create_default_context()
    context.load_verify_locations(cafile=str(pem))
    return context


def test_enable_http2_streams_and_records_each_data_frame_as_the_wire_level(h2_url, cert, tmp_path):
    chunks: list[bytes] = []
    log = tmp_path / "h2.jsonl"
    task = RequestTask(RequestOptions.from_wx({"url": h2_url, "enableHttp2": True}), log_path=log,
                       verify=_trusting(cert[0]))
    task.on_chunk_received(lambda res: chunks.append(bytes(res["data"])))
    end = task.run()
    assert end.reason == "complete", end
    assert task.response.http_version == "HTTP/2"
    assert b"".join(chunks) == b"".join(FRAMES)
    recorded = read_log(log)
    assert recorded.response["levels"]["wire"] == "observed"
    assert [c.data for c in recorded.chunks("wire")] == FRAMES


def test_success_profile_says_h2_and_counts_the_bytes(h2_url, cert):
    got = {}
    task = RequestTask(RequestOptions.from_wx({"url": h2_url, "enableHttp2": True}), platform="ios",
                       verify=_trusting(cert[0]), success=got.update)
    task.run()
    profile = got["profile"]
    assert profile["protocol"] == "h2" and profile["peerIP"] == "127.0.0.1"
    assert profile["SSLconnectionStart"] <= profile["SSLconnectionEnd"] <= profile["requestStart"]
    assert profile["receivedBytedCount"] > len(b"".join(FRAMES))


def test_an_untrusted_certificate_fails_with_the_devices_ssl_message(h2_url):
    failed = {}
    end = RequestTask(RequestOptions.from_wx({"url": h2_url, "enableHttp2": True}), fail=failed.update).run()
    assert failed["errMsg"] == "request:fail ssl hand shake error"
    assert "certificate" in end.detail


def _record(*args):
    return subprocess.run([sys.executable, "-m", "simulator.cli", "record", *args], capture_output=True, text=True,
                          timeout=60)


def test_mpsim_record_http2_with_the_test_ca(h2_url, cert, tmp_path):
    log = tmp_path / "rec.jsonl"
    done = _record(h2_url, "--http2", "--cacert", str(cert[0]), "-o", str(log))
    assert done.returncode == 0, done.stderr
    first = json.loads(log.read_text().splitlines()[1])
    assert first["type"] == "response" and first["http_version"] == "HTTP/2"


def test_mpsim_record_without_trust_is_one_line_naming_the_way_out(h2_url, tmp_path):
    done = _record(h2_url, "--http2", "-q", "-o", str(tmp_path / "no.jsonl"))
    assert done.returncode == 1
    lines = done.stderr.strip().splitlines()
    assert len(lines) == 1 and "ssl hand shake error" in lines[0] and "--cacert" in lines[0]
    assert "Traceback" not in done.stderr


def test_mpsim_record_insecure_skips_the_check(h2_url, tmp_path):
    done = _record(h2_url, "--http2", "--insecure", "-q", "-o", str(tmp_path / "in.jsonl"))
    assert done.returncode == 0, done.stderr


def test_a_cacert_that_is_not_a_certificate_is_one_line(h2_url, tmp_path):
    bad = tmp_path / "bad.pem"
    bad.write_text("not a certificate")
    done = _record(h2_url, "--cacert", str(bad), "-o", str(tmp_path / "x.jsonl"))
    assert done.returncode != 0 and "--cacert" in done.stderr and "Traceback" not in done.stderr
    assert len(done.stderr.strip().splitlines()) == 1


# A DATA frame (type 0) on stream 1, PADDED, whose pad length (5) is longer than its 2-byte payload.
_BAD_FRAME = b"\x00\x00\x02\x00\x08\x00\x00\x00\x01\x05x"


@pytest.mark.parametrize("direction", ["sent", "read"])
def test_frames_that_cannot_be_parsed_leave_the_wire_level_saying_why(direction):
    from simulator.core.transport import Http2Frames, WireObserver

    observer = WireObserver()
    if direction == "sent":
        observer.wrote(Http2Frames.PREFACE + _BAD_FRAME)
    else:
        observer.wrote(Http2Frames.PREFACE)
        observer.read(_BAD_FRAME, 0.0)
    assert observer.failed == f"the HTTP/2 frames {direction} could not be followed (Padding is too long.)"
    assert observer.pending == []


def test_mpsim_record_trusts_what_ssl_cert_file_names_as_httpx_does(h2_url, cert, tmp_path):
    # The default trust is httpx's, loaded when the first TLS connection starts (not for plain
    # http://): SSL_CERT_FILE still decides it, and the HTTP/2 offer (ALPN) still reaches the server.
    log = tmp_path / "env.jsonl"
    env = {**os.environ, "SSL_CERT_FILE": str(cert[0])}
    done = subprocess.run([sys.executable, "-m", "simulator.cli", "record", h2_url, "--http2", "-q", "-o", str(log)],
                          capture_output=True, text=True, timeout=60, env=env)
    assert done.returncode == 0, done.stderr
    assert json.loads(log.read_text().splitlines()[1])["http_version"] == "HTTP/2"
