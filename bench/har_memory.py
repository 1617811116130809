#!/usr/bin/env python3
"""Peak memory of `mpsim export --format har` on a large chunk log (goal: a 500 MB log under 300 MB RSS).

    python bench/har_memory.py [--mb 500] [--keep DIR]

Writes a chunk log of about --mb MB with the real writer (an SSE stream of Chinese and ASCII
events, 16 KiB reads, each also cut into wire chunks and delivered chunks as a device would), then
exports it as HAR in a child process and reads that child's peak RSS from the kernel (ru_maxrss of
the waited child, via os.wait4). The HAR is then checked to be strict JSON by a streaming scan of
its bytes for NaN/Infinity tokens outside strings (a full parse would cost the memory measured).
"""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from simulator.core.chunklog import ChunkLogWriter  # noqa: E402
from simulator.core.stream import Chunk, EndInfo, RequestStart, ResponseInfo  # noqa: E402

READ = 16 * 1024


def sse_body(total: int) -> bytes:
    event = 'data: {"choices":[{"delta":{"content":"流式输出 streaming 😀 %06d"}}]}\n\n'
    out = bytearray()
    n = 0
    while len(out) < total:
        out += (event % n).encode()
        n += 1
    return bytes(out[:total])


def write_log(path: Path, mb: int) -> None:
    # The read bytes go as they are into the body file; the chunk lines are small.
    body_bytes = int(mb * 1_000_000 * 0.97)
    block = sse_body(4 * 1024 * 1024)
    w = ChunkLogWriter(path)
    w.on_start(RequestStart("http://127.0.0.1:8765/v1/chat/completions", "POST",
                            [("content-type", "application/json")], b'{"stream":true}', {}, "random", 0,
                            "android", time.time()))
    w.on_response(ResponseInfo(1.0, 200, "OK", "HTTP/1.1", [("content-type", "text/event-stream")], "",
                               {"wire": "observed", "read": "observed", "delivered": "observed"}))
    seq = {"wire": 0, "read": 0, "delivered": 0}
    done, t = 0, 2.0
    while done < body_bytes:
        start = done % len(block)
        piece = block[start:start + READ] or block[:READ]
        piece = piece[: body_bytes - done]
        t += 0.05
        w.on_chunk(Chunk("read", seq["read"], t, piece))
        seq["read"] += 1
        for level, parts in (("wire", 2), ("delivered", 5)):
            step = -(-len(piece) // parts)
            for i in range(0, len(piece), step):
                w.on_chunk(Chunk(level, seq[level], t, piece[i:i + step]))
                seq[level] += 1
        done += len(piece)
    w.on_end(EndInfo(t + 1, "complete", "request:ok",
                     totals={lvl: {"chunks": n, "bytes": done} for lvl, n in seq.items()}))


def strict_json(path: Path) -> bool:
    """No NaN/Infinity outside strings (the only way json.dumps breaks JSON), scanned in blocks."""
    in_string = escaped = False
    tail = b""
    with open(path, "rb") as f:
        while block := f.read(1 << 20):
            outside = bytearray()
            for b in block:  # a byte loop is slow but flat; the export is what is measured
                if in_string:
                    if escaped:
                        escaped = False
                    elif b == 0x5C:
                        escaped = True
                    elif b == 0x22:
                        in_string = False
                elif b == 0x22:
                    in_string = True
                else:
                    outside.append(b)
            text = tail + bytes(outside)
            if b"NaN" in text or b"Infinity" in text:
                return False
            tail = text[-8:]
    return True


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--mb", type=int, default=500)
    ap.add_argument("--keep", type=Path, default=None, help="folder to keep the log and HAR in")
    a = ap.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        folder = a.keep or Path(tmp)
        folder.mkdir(parents=True, exist_ok=True)
        log, har = folder / "big.jsonl", folder / "big.har"
        t = time.perf_counter()
        write_log(log, a.mb)
        size = sum(p.stat().st_size for p in folder.glob("big.jsonl*"))  # the log and its body file
        print(f"log: {size / 1e6:.0f} MB written in {time.perf_counter() - t:.1f} s", flush=True)
        t = time.perf_counter()
        proc = subprocess.Popen([sys.executable, "-m", "simulator", "export", str(log), "--format", "har",
                                 "-o", str(har)], stderr=subprocess.PIPE)
        _, status, usage = os.wait4(proc.pid, 0)
        wall = time.perf_counter() - t
        code = os.waitstatus_to_exitcode(status)
        rss = usage.ru_maxrss / 1024
        print(f"export har: exit {code}, {wall:.1f} s, peak RSS {rss:.0f} MB (goal < 300 MB), "
              f"HAR {har.stat().st_size / 1e6:.0f} MB", flush=True)
        if a.mb <= 100:
            print(f"HAR strict JSON (no NaN/Infinity): {strict_json(har)}")


if __name__ == "__main__":
    main()
