#!/usr/bin/env python3
"""Peak memory of `mpsim record` on a response that is ONE HTTP/1.1 chunk of 200 MiB.

    python bench/big_chunk.py [--mb 200] [--profile random]

A loopback server in this process announces a single chunk of N MiB and streams it in 1 MiB
writes. The recorder must pass it through in pieces (reads, the wire level in 1 MiB parts,
delivery) instead of holding the chunk: its peak RSS should stay near that of a small stream,
far below the chunk's size. Peak RSS is the child's own (ru_maxrss via os.wait4).
"""

from __future__ import annotations

import argparse
import os
import socket
import sys
import tempfile
import threading

from memory_1gib import peak_rss_mb

MIB = 1 << 20


def serve_one_chunk(sock: socket.socket, mb: int, stop: threading.Event) -> None:
    block = bytes(range(256)) * (MIB // 256)
    while not stop.is_set():
        try:
            conn, _ = sock.accept()
        except OSError:
            return
        with conn:
            try:
                data = b""
                while b"\r\n\r\n" not in data:
                    data += conn.recv(65536)
                conn.sendall(b"HTTP/1.1 200 OK\r\nContent-Type: application/octet-stream\r\n"
                             b"Transfer-Encoding: chunked\r\n\r\n%X\r\n" % (mb * MIB))
                for _ in range(mb):
                    conn.sendall(block)
                conn.sendall(b"\r\n0\r\n\r\n")
            except OSError:
                pass


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--mb", type=int, default=200)
    ap.add_argument("--profile", action="append", help="delivery profiles to try (default: random, wire)")
    a = ap.parse_args()
    sock = socket.create_server(("127.0.0.1", 0))
    stop = threading.Event()
    threading.Thread(target=serve_one_chunk, args=(sock, a.mb, stop), daemon=True).start()
    url = f"http://127.0.0.1:{sock.getsockname()[1]}/one-chunk"
    try:
        with tempfile.TemporaryDirectory() as tmp:
            log = os.path.join(tmp, "big.jsonl")
            for profile in a.profile or ["random", "wire"]:
                cmd = [sys.executable, "-m", "simulator.cli", "record", url, "-q", "--profile", profile, "-o", log]
                rss, wall, code = peak_rss_mb(cmd)
                print(f"one {a.mb} MiB chunk, --profile {profile}: peak RSS {rss:.0f} MB, {wall:.1f} s, exit {code}")
            base = [sys.executable, "-c", "import simulator.cli, simulator.core.task, httpx"]
            rss, _, _ = peak_rss_mb(base)
            print(f"for scale: python with mpsim and httpx imported: {rss:.0f} MB")
    finally:
        stop.set()
        sock.close()


if __name__ == "__main__":
    main()
