"""``mpsim run`` and ``mpsim check``: thin over ``MiniProgram`` (and the split check)."""

from __future__ import annotations

import argparse
import dataclasses
import json
import re
import stat
import sys
from collections import Counter
from collections.abc import Callable
from pathlib import Path
from typing import Any

__all__ = ["check_command", "run_command"]

# Saves the rendered page as a PNG; simulator/cli.py gives one drawn by QtWebEngine.
Screenshotter = Callable[..., str]

# Half of a character a page cut apart (its own decoder's bug) cannot be written as UTF-8: the console
# shows it as U+FFFD, as DevTools' console does; page data keeps it as a JSON \u escape, losslessly.
_LONE_SURROGATE = re.compile("[\ud800-\udfff]")
_LEVEL_TAG = {"log": "log", "info": "info", "warn": "warn", "error": "error", "debug": "debug"}


def read_script(path: Path, error: type[Exception]) -> str:
    """A page script's text (``mpsim run``, ``mpsim check``); what cannot be one is a one-line ``error``."""
    from .project import MAX_MODULE_BYTES

    try:
        if not stat.S_ISREG(path.stat().st_mode):  # a FIFO would block the run, /dev/zero never end
            raise error(f"{path} is not a regular file (a page script is a .js file)")
        with path.open("rb") as f:
            data = f.read(MAX_MODULE_BYTES + 1)
        if len(data) > MAX_MODULE_BYTES:
            # As for a project's modules (project.py): no page script is that big.
            raise error(f"{path} is over the {MAX_MODULE_BYTES >> 20} MB a script may be")
        return data.decode("utf-8")
    except OSError as exc:
        raise error(f"cannot read script {path}: {exc.strerror or exc}") from None
    except UnicodeDecodeError:
        raise error(f"{path} is not UTF-8 text") from None


def _parse_query(items: list[str], error: type[Exception]) -> dict[str, str]:
    query: dict[str, str] = {}
    for item in items:
        key, sep, value = item.partition("=")
        if not sep or not key:
            raise error(f"--query {item!r} must look like KEY=VALUE")
        query[key] = value
    return query


def run_command(args: argparse.Namespace, error: type[Exception], *, screenshot: Screenshotter | None = None) -> int:
    """Run a page script or a project headless: console lines to stdout as they happen, final data last.
    ``screenshot(renderer, data, path, size, component_data=, assets=)`` saves ``--screenshot``."""
    from ..core.delivery import ProfileError, parse_profile
    from ..core.hostmap import HostMap, HostMapError
    from . import MiniProgram
    from .program import PageCall

    try:
        parse_profile(args.profile)
    except ProfileError as exc:
        raise error(str(exc)) from None
    if args.timeout is not None and args.timeout <= 0:
        # As `mpsim record`: a run always has a limit (an endless promise chain must end somewhere).
        raise error("--timeout must be a positive number of milliseconds")
    try:
        maps = HostMap.parse(args.map)
    except HostMapError as exc:
        raise error(str(exc)) from None
    if args.output is not None and _overwrites_source(args.output, args.script):
        what = "a file of the project" if args.script.is_dir() else "the script"
        raise error(f"-o {args.output}: that is {what} being run; the log would overwrite it (give a new file name)")
    steps = _steps(args, error)
    query = _parse_query(args.query, error)
    platform = args.platform or "android"
    wants_view = args.screenshot is not None or any(not isinstance(step, PageCall) for step in steps)
    if wants_view and not args.script.is_dir():
        raise error("--tap, --input and --screenshot need a project folder (a page script has no WXML)")
    if args.screenshot is not None and screenshot is None:
        raise error("--screenshot is not available in this build (it needs QtWebEngine)")

    def console(level: str, text: str, line: int | None) -> None:
        sys.stdout.write(f"[{_LEVEL_TAG.get(level, level)}] {_LONE_SURROGATE.sub(chr(0xFFFD), text)}\n")
        sys.stdout.flush()

    kw: dict[str, Any] = {"log_path": args.output} if args.output else {"log_dir": _run_dir(args.script)}
    kw.update(query=query, maps=maps, calls=steps, profile=args.profile, seed=args.seed, platform=platform,
              timeout_ms=args.timeout if args.timeout is not None else 60000, on_console=console, keep_console=False)
    kw.update(_device_kw(args, error))
    view = None
    if args.script.is_dir():
        kw.update(_project_kw(args, error))
        if wants_view:
            from .page_view import PageView

            view = PageView(kw["project"], on_warning=lambda text: console("warn", text, None))
            kw["view"] = view
        program = MiniProgram(**kw)
    else:
        if args.page is not None:
            raise error("--page needs a project folder; a page script is its own page")
        if args.storage is not None:
            kw["storage"] = _storage_items(args.storage, error)
        program = MiniProgram(read_script(args.script, error), filename=args.script.name, **kw)
    background = _background_timers(program, getattr(args, "background_at", None), error)
    try:
        for timer in background:
            timer.start()
        result = program.run()
        if program.not_a_method is not None:
            name, methods = program.not_a_method
            raise error(f"--call {name}: the page has no method {name}; its methods: {', '.join(methods) or '(none)'}")
        if program.no_match is not None:
            raise error(program.no_match)
        if view is not None and args.screenshot is not None:
            _screenshot(view, result.data, args.screenshot, args.platform, screenshot, error)
    finally:
        for timer in background:
            timer.cancel()
        if view is not None:
            view.close()
    # The same error again and again (a listener stopped at every chunk) is one line with its count.
    said = [str(dataclasses.replace(err, message=_one_line(err.message))) for err in result.errors]
    for text, times in Counter(said).items():
        print(f"mpsim run: {text}" + (f" ({times} times)" if times > 1 else ""), file=sys.stderr)
    if result.timed_out:
        print(f"mpsim run: stopped at the --timeout of {args.timeout or 60000} ms with work still pending",
              file=sys.stderr)
    elif result.end_reason not in ("idle",) and not result.errors:
        print(f"mpsim run: the run ended: {result.end_reason}", file=sys.stderr)
    if program.calls:
        names = ", ".join(getattr(c, "name", None) or str(c) for c in program.calls)
        print(f"mpsim run: not done, the page was never idle: {names}", file=sys.stderr)
    data = json.dumps(result.data, ensure_ascii=False, sort_keys=True)
    print(_LONE_SURROGATE.sub(lambda m: f"\\u{ord(m.group()):04x}", data), flush=True)
    failed = result.errors or program.calls or result.end_reason in ("memory", "wedged", "runtime-error")
    return 1 if failed else 0


def _overwrites_source(output: Path, script: Path) -> bool:
    """Whether the log ``-o`` names is the page script itself, or a file already in the project folder."""
    out, src = output.resolve(), script.resolve()
    if src.is_dir():
        return out.is_relative_to(src) and out.exists()
    return out == src


def _one_line(text: str, limit: int = 500) -> str:
    """An error as one stderr line: a thrown message may hold newlines or megabytes (the console has
    it whole)."""
    text = " ".join(text.split())
    return text if len(text) <= limit else f"{text[:limit]}… ({len(text):,} characters, the console has them all)"


def _device_kw(args: argparse.Namespace, error: type[Exception]) -> dict[str, Any]:
    """--domains (else the project's mpsim.domains) and --strict-domains; a bad list is one line."""
    from ..core.device import DomainError, DomainRules, project_domains

    try:
        if getattr(args, "domains", None) is not None:
            domains = [d for d in args.domains.split(",") if d.strip()]
        else:
            domains = project_domains(args.script) if args.script.is_dir() else []
        DomainRules.parse(domains)
    except DomainError as exc:
        raise error(str(exc)) from None
    return {"domains": domains, "strict_domains": bool(getattr(args, "strict_domains", False))}


def _background_timers(program: Any, spec: str | None, error: type[Exception]) -> list[Any]:
    """--background-at MS[:MS]: timers that send the program to the background and bring it back."""
    import threading

    if spec is None:
        return []
    parts = spec.split(":")
    if len(parts) > 2 or not all(p.strip().isdigit() for p in parts):
        raise error(f"--background-at {spec!r} must be MS or MS:MS, e.g. 2000 or 2000:9000")
    at = [int(p) for p in parts]
    if len(at) == 2 and at[1] <= at[0]:
        raise error(f"--background-at {spec}: the time it comes back must be after the time it leaves")
    timers = [threading.Timer(at[0] / 1000, program.to_background)]
    if len(at) == 2:
        timers.append(threading.Timer(at[1] / 1000, program.to_foreground))
    for timer in timers:
        timer.daemon = True
    return timers


def _steps(args: argparse.Namespace, error: type[Exception]) -> list[Any]:
    """--call, --input and --tap in command-line order; a step that cannot be read is one line."""
    from .page_view import parse_input, parse_tap
    from .program import parse_call

    parse = {"call": parse_call, "input": parse_input, "tap": parse_tap}
    steps = []
    for kind, text in getattr(args, "steps", None) or [("call", c) for c in args.call]:
        try:
            steps.append(parse[kind](text))
        except ValueError as exc:
            raise error(str(exc)) from None
    return steps


def _screenshot(view: Any, data: dict[str, Any], path: Path, platform: str | None, save: Any,
                error: type[Exception]) -> None:
    """The page as the run left it, rendered by QtWebEngine: 375x667 CSS px, or the platform's screen."""
    from ..core.platforms import get_platform
    from .program import _system_info

    if view.renderer is None:
        raise error(f"--screenshot: the page {view.route or ''} has no view to render")
    size = (375, 667)
    if platform is not None:
        info = _system_info(get_platform(platform))
        size = (int(info["windowWidth"]), int(info["windowHeight"]))
    saved = save(view.renderer, data, path, size, component_data=view.component_data(), assets=view.project.root)
    sys.stdout.write(f"[info] mpsim: screenshot of {view.route} ({size[0]}x{size[1]}) saved to {saved}\n")


def _storage_items(path: Path, error: type[Exception]) -> dict[str, Any]:
    from .storage import StorageFileError, read_storage_file

    try:
        return read_storage_file(path)
    except StorageFileError as exc:
        raise error(str(exc)) from None


def _project_kw(args: argparse.Namespace, error: type[Exception]) -> dict[str, Any]:
    """The project, its page and its storage for ``MiniProgram``; bad input is one line."""
    from .project import ProjectError, load_project
    from .storage import ProjectStorage

    try:
        project = load_project(args.script)
    except ProjectError as exc:
        raise error(str(exc)) from None
    route = args.page.strip("/") if args.page else project.entry
    if route.endswith((".js", ".ts")):
        route = route[:-3]
    if not project.route_exists(route):
        raise error(f"--page {args.page}: not a page of app.json; its pages: {', '.join(project.pages)}")
    kw: dict[str, Any] = {"project": project, "page": route,
                          "storage_path": ProjectStorage.for_project(project.appid or project.folder).path}
    if args.storage is not None:
        kw["storage"] = _storage_items(args.storage, error)
    else:
        from .storage import StorageFileError

        try:
            kw["storage"] = ProjectStorage(kw["storage_path"]).load()
        except StorageFileError as exc:
            raise error(f"{exc} (the project's kept storage; delete it to start afresh)") from None
    return kw


def _run_dir(script: Path) -> Path:
    from ..core.paths import new_recording_path

    folder = new_recording_path(f"run-{script.resolve().name if script.is_dir() else script.stem}").with_suffix("")
    folder.mkdir(parents=True, exist_ok=True)
    return folder


def check_command(args: argparse.Namespace, error: type[Exception]) -> int:
    try:
        from .splitcheck import run_split_check
    except ImportError:
        raise error("the split check is not available in this build yet") from None
    return run_split_check(args, error)


