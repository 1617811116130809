"""Misbehaving HTTP servers on loopback, on raw sockets so that a test controls every byte.

A ``RawServer`` answers each connection by playing a *script*: a list of steps, each one of
``bytes`` (sent as they are), ``Pause(seconds)``, ``CLOSE`` (FIN), ``RESET`` (RST) or ``HANG``
(stay silent with the connection open until the server stops). The request head is read first, so
the script can depend on the method (``HEAD``) through ``script_for(method)``.
"""

from __future__ import annotations

import socket
import struct
import threading
import zlib
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass


@dataclass(frozen=True)
class Pause:
    seconds: float


CLOSE = "close"
RESET = "reset"
HANG = "hang"
Step = bytes | Pause | str
Script = Sequence[Step]


def head(status: str = "200 OK", *headers: str, chunked: bool = True) -> bytes:
    """A response head; ``Transfer-Encoding: chunked`` unless told otherwise."""
    lines = [f"HTTP/1.1 {status}", *headers]
    if chunked:
        lines.append("Transfer-Encoding: chunked")
    return ("\r\n".join(lines) + "\r\n\r\n").encode()


def chunk(data: bytes) -> bytes:
    return b"%X\r\n%b\r\n" % (len(data), data)


LAST = b"0\r\n\r\n"


def gzip_bytes(data: bytes) -> bytes:
    c = zlib.compressobj(wbits=31)
    return c.compress(data) + c.flush()


def deflate_bytes(data: bytes, raw: bool = False) -> bytes:
    c = zlib.compressobj(wbits=-15 if raw else 15)
    return c.compress(data) + c.flush()


class RawServer:
    """Serves one script to every connection, on 127.0.0.1 and a free port."""

    def __init__(self, script: Script | Callable[[str], Script]) -> None:
        self._script = script
        self._sock = socket.create_server(("127.0.0.1", 0))
        self._stop = threading.Event()
        self._threads: list[threading.Thread] = []
        self.port = self._sock.getsockname()[1]
        self.url = f"http://127.0.0.1:{self.port}/stream"
        self.requests: list[bytes] = []

    def start(self) -> RawServer:
        t = threading.Thread(target=self._accept, daemon=True)
        t.start()
        self._threads.append(t)
        return self

    def stop(self) -> None:
        self._stop.set()
        self._sock.close()
        for t in self._threads:
            t.join(5)

    def _accept(self) -> None:
        self._sock.settimeout(0.1)
        while not self._stop.is_set():
            try:
                conn, _ = self._sock.accept()
            except (TimeoutError, OSError):
                continue
            t = threading.Thread(target=self._serve, args=(conn,), daemon=True)
            t.start()
            self._threads.append(t)

    def _serve(self, conn: socket.socket) -> None:
        try:
            request = self._read_head(conn)
            self.requests.append(request)
            method = request.split(b" ", 1)[0].decode("latin-1")
            script = self._script(method) if callable(self._script) else self._script
            for step in script:
                if isinstance(step, bytes):
                    conn.sendall(step)
                elif isinstance(step, Pause):
                    if self._stop.wait(step.seconds):
                        return
                elif step == CLOSE:
                    break
                elif step == RESET:
                    conn.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, struct.pack("ii", 1, 0))
                    break
                elif step == HANG:
                    self._stop.wait()
                    return
        except OSError:
            pass  # the client went away: nothing more to send
        finally:
            conn.close()

    @staticmethod
    def _read_head(conn: socket.socket) -> bytes:
        conn.settimeout(5)
        data = b""
        while b"\r\n\r\n" not in data:
            more = conn.recv(65536)
            if not more:
                break
            data += more
        return data


@contextmanager
def serving(script: Script | Callable[[str], Script]) -> Iterator[RawServer]:
    server = RawServer(script).start()
    try:
        yield server
    finally:
        server.stop()
