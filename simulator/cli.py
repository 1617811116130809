"""The ``mpsim`` command line (docs/product.md G): thin over core, runtime, server and gui.

Errors are one clear line on stderr and a non-zero exit: 2 for bad usage or input, 1 when a
request ends in the ``fail`` callback (or a script fails).
"""

from __future__ import annotations

import argparse
import ssl
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any, NoReturn

from . import __version__

EXIT_FAIL = 1
EXIT_USAGE = 2


class CliError(Exception):
    """A problem the user can fix; printed as one line."""


class _Parser(argparse.ArgumentParser):
    def error(self, message: str) -> NoReturn:  # one line, not argparse's usage block
        self.exit(EXIT_USAGE, f"{self.prog}: {message} (see {self.prog} --help)\n")


def _port(text: str) -> int:
    try:
        port = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"invalid port {text!r}: give a number from 0 to 65535") from None
    if not 0 <= port <= 65535:
        raise argparse.ArgumentTypeError(f"invalid port {port}: ports go from 0 to 65535 (0 picks a free one)")
    return port


class _Step(argparse.Action):
    """--call, --input and --tap run in the order given (docs/product.md J): each is also kept in ``steps``."""

    def __call__(self, parser: argparse.ArgumentParser, namespace: argparse.Namespace, values: object,
                 option_string: str | None = None) -> None:
        getattr(namespace, self.dest).append(values)
        namespace.steps = [*getattr(namespace, "steps", []), (self.dest, values)]


def _add_keep_secrets(p: argparse.ArgumentParser) -> None:
    p.add_argument("--keep-secrets", action="store_true",
                   help="write Authorization, cookies, tokens... into the chunk log in clear "
                        "(default: redacted, see docs/chunk-log.md)")


def _add_delivery(p: argparse.ArgumentParser) -> None:
    from .core.delivery import PROFILE_HELP

    p.add_argument("--profile", default="passthrough", metavar="P",
                   help="delivery profile: " + "; ".join(f"{k} = {v}" for k, v in PROFILE_HELP.items())
                   + ". Pacing: append ,latency=MS ,jitter=MS ,bandwidth=BYTES_PER_S (default passthrough)")
    p.add_argument("--seed", type=int, default=0, help="seed for the random profile and jitter (default 0)")
    from .core.platforms import PLATFORMS

    p.add_argument("--platform", default="android", choices=tuple(PLATFORMS),
                   help="platform profile whose quirks apply (default android; variants ios15, ios-8.0.54, pc, "
                        "devtools-redirect add one quirk each, see docs/device.md)")
    p.add_argument("--timeout", type=int, default=None, metavar="MS",
                   help="whole-request timeout in ms, as wx.request's timeout (default 60000)")


def build_parser() -> argparse.ArgumentParser:
    ap = _Parser(prog="mpsim", description="Desktop simulator of WeChat's wx.request({enableChunked: true}).")
    ap.add_argument("--version", action="version", version=f"mpsim {__version__}")
    sub = ap.add_subparsers(dest="command", parser_class=_Parser, metavar="COMMAND")

    p = sub.add_parser("gui", help="open the window, optionally loading URL (an existing folder opens as a project)")
    p.add_argument("url", nargs="?", help="a URL for the request bar, or a mini-program project folder")
    sub.add_parser("demo", help="start the demo server and open the window on it")

    p = sub.add_parser("serve", help="run the demo streaming server (prints its URL)")
    p.add_argument("--host", default="127.0.0.1", help="address to bind (default 127.0.0.1, loopback only)")
    p.add_argument("--port", type=_port, default=8765, help="port (default 8765; 0 picks a free one)")
    p.add_argument("--speed", type=float, default=1.0, help="multiply the demo's pace (default 1)")

    p = sub.add_parser("record", help="make one request headless and record its chunk log")
    p.add_argument("url")
    p.add_argument("-X", "--method", default="GET", metavar="M")
    p.add_argument("-H", "--header", action="append", default=[], metavar="'K: V'")
    p.add_argument("-d", "--data", default=None, metavar="DATA",
                   help="request body (sent as wx.request's string data); @FILE reads a file")
    _add_delivery(p)
    p.add_argument("--http2", action="store_true", help="as wx.request's enableHttp2: HTTP/2 when the server offers it")
    p.add_argument("--cacert", type=Path, default=None, metavar="FILE.pem",
                   help="trust the certificates in this PEM file too (a test server's self-signed certificate)")
    p.add_argument("--insecure", action="store_true", help="do not check the server's TLS certificate")
    p.add_argument("--appid", default=None, help="the appid in the Referer a device sends (default touristappid)")
    p.add_argument("-o", "--output", type=Path, default=None, metavar="LOG.jsonl",
                   help="where to write the chunk log (default: a new file in the recordings folder)")
    _add_keep_secrets(p)
    p.add_argument("-q", "--quiet", action="store_true", help="print nothing but errors")

    p = sub.add_parser("export", help="export a chunk log to another format")
    p.add_argument("log", type=Path)
    p.add_argument("--format", required=True, choices=("jsonl", "har", "csv", "events", "text"))
    p.add_argument("-o", "--output", type=Path, default=None, help="output file (default: stdout)")
    p.add_argument("--no-redact", action="store_true",
                   help="keep secrets (Authorization, cookies, token-like headers, query and body fields)")

    p = sub.add_parser("replay", help="replay a chunk log at its recorded pace, or serve it over HTTP")
    p.add_argument("log", type=Path)
    p.add_argument("--speed", type=float, default=1.0, help="1 = recorded pace, 2 = twice as fast, 0 = at once")
    p.add_argument("--serve", action="store_true", help="serve the recording over HTTP instead")
    p.add_argument("--host", default="127.0.0.1")
    p.add_argument("--port", type=_port, default=8766)
    _add_keep_secrets(p)

    p = sub.add_parser("run", help="run a mini-program page script or project folder headless")
    p.add_argument("script", type=Path, metavar="PATH", help="a page script (.js) or a project folder")
    p.add_argument("--page", default=None, metavar="ROUTE",
                   help="the page to open (default: app.json entryPagePath, else its first page)")
    p.add_argument("--query", action="append", default=[], metavar="K=V", help="reaches onLoad(options)")
    p.add_argument("--map", action="append", default=[], metavar="FROM=TO",
                   help="send requests whose URL starts with FROM to TO plus the rest of the URL")
    p.add_argument("--storage", type=Path, default=None, metavar="FILE.json",
                   help="seed the project's storage with this JSON object")
    p.add_argument("--call", action=_Step, default=[], metavar="NAME[=EVENT_JSON]",
                   help="after onReady, call page method NAME with a device-like event, each once the page is idle")
    p.add_argument("--input", action=_Step, default=[], metavar="SELECTOR=TEXT",
                   help="type TEXT into the page's element SELECTOR (#id, .class, tag, [data-x=y]): its bindinput runs")
    p.add_argument("--tap", action=_Step, default=[], metavar="SELECTOR",
                   help="tap the page's element SELECTOR: its bindtap/catchtap handlers run, bubbling as on a phone")
    p.add_argument("--screenshot", type=Path, default=None, metavar="FILE.png",
                   help="save the rendered page at the end (375x667 CSS px, or the --platform's screen)")
    p.set_defaults(steps=[])
    _add_delivery(p)
    p.set_defaults(platform=None)  # given or not: the --screenshot size depends on it
    p.add_argument("--domains", default=None, metavar="A.COM,B.COM",
                   help="the request domains of the admin console (default: the project's mpsim.domains); "
                        "device platforms warn about other URLs")
    p.add_argument("--strict-domains", action="store_true",
                   help="fail requests a phone would refuse (request:fail url not in domain list)")
    p.add_argument("--background-at", default=None, metavar="MS[:MS]",
                   help="send the mini-program to the background MS after the start (and bring it back at the "
                        "second MS): requests still running 5 s later fail with request:fail interrupted")
    p.add_argument("-o", "--output", type=Path, default=None, metavar="LOG.jsonl",
                   help="record the script's requests (one log; later requests get -2, -3 ...)")
    _add_keep_secrets(p)

    p = sub.add_parser("check", help="split check: does re-cutting the stream change the script's result?")
    p.add_argument("script", type=Path)
    p.add_argument("--log", type=Path, required=True)
    p.add_argument("--trials", type=int, default=50)
    p.add_argument("--seed", type=int, default=0)
    return ap


def main(argv: list[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    command = args.command or "gui"
    try:
        if command in ("gui", "demo"):
            from .gui.app import run_gui

            return run_gui(getattr(args, "url", None), demo=command == "demo")
        handler = {"serve": cmd_serve, "record": cmd_record, "export": cmd_export, "replay": cmd_replay,
                   "run": cmd_run, "check": cmd_check}[command]
        return handler(args)
    except CliError as exc:
        print(f"mpsim {command}: {exc}", file=sys.stderr)
        return EXIT_USAGE
    except KeyboardInterrupt:
        return 130


def cmd_serve(args: argparse.Namespace) -> int:
    from .server.demo import DemoServer

    try:
        server = DemoServer(host=args.host, port=args.port, speed=args.speed)
    except OSError as exc:
        raise CliError(f"cannot listen on {args.host}:{args.port}: {exc.strerror or exc}") from None
    except ValueError as exc:
        raise CliError(str(exc)) from None
    print(f"mpsim demo server at {server.url}/  (Ctrl+C to stop)", flush=True)
    try:
        server.serve_forever()
    except KeyboardInterrupt:
        pass
    return 0


def _parse_headers(items: list[str]) -> dict[str, str]:
    out: dict[str, str] = {}
    for item in items:
        name, sep, value = item.partition(":")
        if not sep or not name.strip():
            raise CliError(f"header {item!r} must look like 'Name: value'")
        out[name.strip()] = value.strip()
    return out


def _read_data(data: str | None) -> str | None:
    if data is None or not data.startswith("@"):
        return data
    try:
        raw = Path(data[1:]).read_bytes()
    except OSError as exc:
        raise CliError(f"cannot read request body from {data[1:]}: {exc.strerror or exc}") from None
    try:
        # wx.request's string data is a JavaScript string, sent as UTF-8 text; bytes that are not
        # text reach a device's server only as ArrayBuffer data, which record does not take.
        return raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        raise CliError(f"request body file {data[1:]} is not UTF-8 text (byte {exc.start}): -d sends "
                       "wx.request string data, which is text; send binary bodies from a script "
                       "(mpsim run) as an ArrayBuffer") from None


def _task_settings(args: argparse.Namespace) -> dict:
    from .core.delivery import ProfileError, parse_profile

    try:
        profile = parse_profile(args.profile)
    except ProfileError as exc:
        raise CliError(str(exc)) from None
    if args.timeout is not None and args.timeout <= 0:
        raise CliError("--timeout must be a positive number of milliseconds")
    return {"profile": profile, "seed": args.seed, "platform": args.platform}


def _tls_verify(args: argparse.Namespace) -> ssl.SSLContext | bool:
    if args.insecure:
        return False
    if args.cacert is None:
        return True
    context = ssl.create_default_context()
    try:
        context.load_verify_locations(cafile=str(args.cacert))
    except (OSError, ssl.SSLError) as exc:
        raise CliError(f"--cacert {args.cacert}: not a readable PEM certificate file "
                       f"({getattr(exc, 'strerror', None) or exc})") from None
    return context


def cmd_record(args: argparse.Namespace) -> int:
    from .core.analysis import StreamAnalysis
    from .core.chunklog import ChunkLogWriter
    from .core.options import OptionsError, RequestOptions
    from .core.paths import new_recording_path
    from .core.task import RequestTask

    settings = _task_settings(args)
    wx: dict = {"url": args.url, "method": args.method, "header": _parse_headers(args.header),
                "data": _read_data(args.data), "enableChunked": True, "enableHttp2": args.http2}
    if args.timeout is not None:
        wx["timeout"] = args.timeout
    try:
        options = RequestOptions.from_wx(wx)
    except OptionsError as exc:
        raise CliError(str(exc)) from None
    out = args.output or new_recording_path("record")
    if out.is_dir():
        raise CliError(f"-o {out} is a folder: give the log a file name, e.g. {out / 'stream.jsonl'}")
    try:
        writer = ChunkLogWriter(out, keep_secrets=args.keep_secrets)
    except OSError as exc:
        raise CliError(f"cannot write the log {out}: {exc.strerror or exc}") from None
    analysis = StreamAnalysis()
    monitors: list = [writer, analysis]
    progress = _LiveProgress(analysis) if sys.stderr.isatty() and not args.quiet else None
    if progress is not None:
        monitors.append(progress)
    task = RequestTask(options, monitors=monitors, appid=args.appid, verify=_tls_verify(args), **settings)
    cap = task.platform.timeout_cap_ms
    if cap and options.timeout > cap and not args.quiet:
        print(f"mpsim record: note: the timeout of {options.timeout} ms is cut to {cap} ms on {task.platform.name}: "
              "devices cut streams at 60 s (docs/device.md)", file=sys.stderr)
    end = task.run()
    if progress is not None:
        progress.clear()
    resp = task.response
    status = f"{resp.status} {resp.reason}".strip() if resp else "no response"
    delivered = end.totals.get("delivered", {})
    ttfb = f"{task.first_byte_ms:.1f} ms" if task.first_byte_ms is not None else "-"
    summary = (f"{status} | {delivered.get('chunks', 0)} chunks | {delivered.get('bytes', 0)} bytes | "
               f"{analysis.event_count} events | {end.reason} ({end.err_msg}) | first byte {ttfb} | "
               f"{end.t_ms / 1000:.2f} s | log {out}")
    if not args.quiet:
        print(summary, flush=True)
    if writer.error is not None:
        print(f"mpsim record: {writer.error}", file=sys.stderr)
        return EXIT_FAIL
    if end.reason != "complete":
        hint = " (trust the server with --cacert FILE.pem, or skip the check with --insecure)" \
            if "ssl" in end.err_msg else ""
        detail = " ".join(end.detail.split())  # one line, whatever the TLS library wrote
        print(f"mpsim record: {end.err_msg}: {detail}{hint}" if detail else f"mpsim record: {end.err_msg}{hint}",
              file=sys.stderr)
        return EXIT_FAIL
    if end.detail:  # a success with a warning, e.g. a compressed body cut short
        print(f"mpsim record: note: {end.detail}", file=sys.stderr)
    if analysis.replacements and not args.quiet:
        print(f"mpsim record: note: {analysis.replacements} invalid UTF-8 sequence(s) shown as U+FFFD; "
              "the log keeps the raw bytes", file=sys.stderr)
    return 0


class _LiveProgress:
    """On a terminal, one status line rewritten in place while a long stream records."""

    def __init__(self, analysis) -> None:
        self._analysis = analysis
        self._chunks = self._bytes = 0
        self._last = 0.0
        self._shown = False

    def on_chunk(self, chunk) -> None:
        if chunk.level != "delivered":
            return
        self._chunks += 1
        self._bytes += len(chunk.data)
        if chunk.t_ms - self._last >= 200:
            self._last = chunk.t_ms
            self._shown = True
            sys.stderr.write(f"\r  {self._chunks} chunks | {self._bytes / 1024:.1f} KiB | "
                             f"{self._analysis.event_count} events | {chunk.t_ms / 1000:.1f} s  ")
            sys.stderr.flush()

    def clear(self) -> None:
        if self._shown:
            sys.stderr.write("\r\033[K")
            sys.stderr.flush()


def cmd_export(args: argparse.Namespace) -> int:
    from .core.chunklog import LogError, read_log
    from .core.export import write_export

    try:
        log = read_log(args.log)
        if args.output is None:
            import tempfile

            with tempfile.TemporaryDirectory() as tmp:
                path = write_export(log, args.format, Path(tmp) / "out", redact=not args.no_redact)
                with open(path, "rb") as f:
                    while block := f.read(1 << 20):
                        sys.stdout.buffer.write(block)
                sys.stdout.buffer.flush()
        else:
            write_export(log, args.format, args.output, redact=not args.no_redact)
    except LogError as exc:
        raise CliError(str(exc)) from None
    except OSError as exc:
        raise CliError(f"cannot write {args.output}: {exc.strerror or exc}") from None
    if log.notes:
        print(f"mpsim export: note: {'; '.join(log.notes)}", file=sys.stderr)
    return 0


def cmd_replay(args: argparse.Namespace) -> int:
    from .core.analysis import StreamAnalysis
    from .core.chunklog import LogError, read_log, replay

    try:
        log = read_log(args.log)
    except LogError as exc:
        raise CliError(str(exc)) from None
    if args.serve:
        from .server.replay import serve_log

        try:
            return serve_log(log, host=args.host, port=args.port, speed=args.speed, keep_secrets=args.keep_secrets)
        except LogError as exc:
            raise CliError(str(exc)) from None
        except OSError as exc:
            raise CliError(f"cannot listen on {args.host}:{args.port}: {exc.strerror or exc}") from None
    if args.speed < 0:
        raise CliError("--speed must be 0 or more")

    def show(text: str) -> None:
        sys.stdout.write(text)
        sys.stdout.flush()

    analysis = StreamAnalysis(on_text=show)
    try:
        end = replay(log, [analysis], levels=("delivered",), speed=args.speed)
    except LogError as exc:
        raise CliError(f"{exc} (what came before it was replayed)") from None
    print(f"\n-- {analysis.event_count} events | {end.reason} ({end.err_msg})", file=sys.stderr)
    return 0 if end.reason == "complete" else EXIT_FAIL


def cmd_run(args: argparse.Namespace) -> int:
    from .core.chunklog import ChunkLogWriter
    from .runtime.cli import run_command

    ChunkLogWriter.keep_secrets = args.keep_secrets  # every log this process writes
    return run_command(args, CliError, screenshot=_screenshot_saver() if args.screenshot is not None else None)


def _screenshot_saver() -> Callable[..., str]:
    """``mpsim run --screenshot``: the page drawn by QtWebEngine (the runtime itself never loads Qt),
    checked before the run so a missing QtWebEngine costs no run."""
    try:
        from .gui.webphone import ScreenshotError, render_screenshot
    except ImportError as exc:
        raise CliError(f"--screenshot needs QtWebEngine (pip install PySide6-Addons, the version of PySide6): "
                       f"{exc}") from None

    def save(renderer: Any, data: dict[str, Any], path: Path, size: tuple[int, int], **kw: Any) -> str:
        try:
            return str(render_screenshot(renderer, data, path, size, **kw).path)
        except ScreenshotError as exc:
            raise CliError(str(exc)) from None

    return save


def cmd_check(args: argparse.Namespace) -> int:
    from .runtime.cli import check_command

    return check_command(args, CliError)


if __name__ == "__main__":
    sys.exit(main())
