"""``mpsim run`` and ``mpsim check``: thin over ``MiniProgram`` (and the split check)."""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path
from typing import Any

__all__ = ["check_command", "run_command"]

_LEVEL_TAG = {"log": "log", "info": "info", "warn": "warn", "error": "error", "debug": "debug"}


def _read_script(path: Path, error: type[Exception]) -> str:
    try:
        return path.read_text(encoding="utf-8")
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


def run_command(args: argparse.Namespace, error: type[Exception]) -> int:
    """Run a page script headless: console lines to stdout as they happen, final data last."""
    from ..core.delivery import ProfileError, parse_profile
    from . import MiniProgram

    source = _read_script(args.script, error)
    try:
        parse_profile(args.profile)
    except ProfileError as exc:
        raise error(str(exc)) from None

    def console(level: str, text: str, line: int | None) -> None:
        sys.stdout.write(f"[{_LEVEL_TAG.get(level, level)}] {text}\n")
        sys.stdout.flush()

    log_kw: dict[str, Any] = {"log_path": args.output} if args.output else {"log_dir": _run_dir(args.script)}
    program = MiniProgram(source, filename=args.script.name, query=_parse_query(args.query, error),
                          profile=args.profile, seed=args.seed, platform=args.platform,
                          timeout_ms=args.timeout if args.timeout is not None else 60000,
                          on_console=console, **log_kw)
    result = program.run()
    for err in result.errors:
        print(f"mpsim run: {err}", file=sys.stderr)
    if result.timed_out:
        print(f"mpsim run: stopped at the --timeout of {args.timeout or 60000} ms with work still pending",
              file=sys.stderr)
    elif result.end_reason not in ("idle",) and not result.errors:
        print(f"mpsim run: the run ended: {result.end_reason}", file=sys.stderr)
    print(json.dumps(result.data, ensure_ascii=False, sort_keys=True), flush=True)
    return 1 if result.errors or result.end_reason in ("memory", "wedged", "runtime-error") else 0


def _run_dir(script: Path) -> Path:
    from ..core.paths import new_recording_path

    folder = new_recording_path(f"run-{script.stem}").with_suffix("")
    folder.mkdir(parents=True, exist_ok=True)
    return folder


def check_command(args: argparse.Namespace, error: type[Exception]) -> int:
    try:
        from .splitcheck import run_split_check
    except ImportError:
        raise error("the split check is not available in this build yet") from None
    return run_split_check(args, error)


