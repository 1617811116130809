"""Split check (docs/product.md F): does the way the stream is cut into callbacks change a script's result?

The script runs against a recorded chunk log (``core/replay_task.py``): first with the whole body in
ONE chunk (the baseline, run twice to make sure the result does not depend on timing), then against
``trials`` deterministic re-cuttings of the same bytes (``random`` with seeds ``seed``, ``seed+1``...
mixed with ``utf8-cut`` and ``fixed:1/3/7/2/5/16/64``). A result is the page data when the run ended
(or the console output when the page has no data), the uncaught errors, and how the run ended.

When a re-cutting changes the result, its cut list is shrunk by delta debugging (Zeller's ddmin:
keep any subset, or any complement, of the cuts that still changes the result) to a 1-minimal set,
usually ONE cut, and each remaining cut is described: its byte offset, the UTF-8 character it falls
in, and the SSE event (or JSON line) it falls in; with the first difference of the results.

``split_check()`` is the pure API (GUI and CLI); ``run_split_check()`` is ``mpsim check``.
"""

from __future__ import annotations

import argparse
import json
import re
import sys
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from simulator.core.chunklog import ChunkLog, LogError
from simulator.core.replay_task import Recording, cut_offsets, make_task_factory

from .program import MiniProgram, RunResult

__all__ = [
    "CutPlace", "Difference", "Outcome", "ProgressCallback", "SplitCheckError", "SplitFinding", "SplitReport",
    "Trial", "describe_cut", "first_difference", "run_split_check", "split_check", "trial_plan",
]

RUN_TIMEOUT_MS = 10000  # one run of the script (the stream itself is replayed at once)
SCRIPT_TIMEOUT_MS = 1000  # one task of the script: a runaway is interrupted after this
SHRINK_BUDGET = 400  # at most this many runs to shrink a cut list
SPECIAL_PROFILES = ("utf8-cut", "fixed:1", "fixed:3", "fixed:7", "fixed:2", "fixed:5", "fixed:16", "fixed:64")

#: ``on_progress(done, total, text)``: a trial finished (``total`` trials), or, with ``total`` 0,
#: a shrinking step (``done`` runs so far).
ProgressCallback = Callable[[int, int, str], None]


class SplitCheckError(ValueError):
    """The check cannot be made (bad log, a script that fails uncut...); the message says why."""


# -- results -----------------------------------------------------------------------------------------
@dataclass(frozen=True)
class Outcome:
    """What one run produced, in the form that is compared."""

    value: Any  # page data (dict) or console lines (list of "level: text")
    errors: tuple[str, ...]
    end: str  # RunResult.end_reason

    def to_json(self) -> dict[str, Any]:
        return {"value": self.value, "errors": list(self.errors), "end": self.end}


@dataclass(frozen=True)
class Difference:
    """The first place two results differ: a key path and both values, shortened for reading."""

    path: str
    baseline: str
    changed: str

    def __str__(self) -> str:
        return f"{self.path}: {self.baseline} (uncut) vs {self.changed} (cut)"


@dataclass(frozen=True)
class CutPlace:
    """Where one cut falls: ``offset`` is the body offset of the first byte after the cut."""

    offset: int
    character: str  # "inside the 3-byte character '你' (byte 2 of 3)" or "between '!' and 'a'"
    inside_character: bool
    structure: str  # 'inside SSE event #12 `data: ...` at offset 37 of the event', or ""

    def __str__(self) -> str:
        return f"byte offset {self.offset}: {self.character}" + (f"; {self.structure}" if self.structure else "")


@dataclass(frozen=True)
class Trial:
    label: str  # "random seed 3", "utf8-cut", "fixed:7"
    cuts: tuple[int, ...]
    same: bool
    difference: Difference | None = None


@dataclass(frozen=True)
class SplitFinding:
    """The smallest cut list found that changes the result, from the trial ``trial``."""

    trial: str
    trial_cuts: int
    cuts: tuple[int, ...]
    places: tuple[CutPlace, ...]
    difference: Difference
    shrink_runs: int
    minimal: bool  # False when the shrinking budget ran out first
    changed: Outcome


@dataclass
class SplitReport:
    script: str
    log: str
    body_size: int
    delivered_chunks: int
    compared: str  # "page data" | "console output"
    baseline: Outcome
    trials: list[Trial] = field(default_factory=list)
    finding: SplitFinding | None = None
    runs: int = 0
    elapsed_s: float = 0.0

    @property
    def changed(self) -> list[Trial]:
        return [t for t in self.trials if not t.same]

    @property
    def ok(self) -> bool:
        return not self.changed

    def summary(self) -> str:
        """A human summary (several lines, no trailing newline)."""
        n = len(self.trials)
        out = [f"split check of {self.script} against {self.log} "
               f"({self.body_size} body bytes, recorded in {self.delivered_chunks} chunks)",
               f"uncut result ({self.compared}): {_short(_dumps(self.baseline.value), 160)}"]
        if self.ok:
            out.append(f"{n} re-cutting{'s' * (n != 1)}, all gave the same {self.compared}.")
        else:
            bad = self.changed
            out.append(f"{len(bad)} of {n} re-cuttings changed the {self.compared} "
                       f"(e.g. {bad[0].label}, {len(bad[0].cuts)} cuts).")
            f = self.finding
            if f is not None:
                count = "ONE cut" if len(f.cuts) == 1 else f"{len(f.cuts)} cuts together"
                qual = "" if f.minimal else " (shrinking stopped at its run budget; may not be minimal)"
                out.append(f"smallest change found: {count}, shrunk from the {f.trial_cuts} cuts of "
                           f"{f.trial} in {f.shrink_runs} runs{qual} (a cut at offset N ends a chunk "
                           "before body byte N, counting from 0):")
                out.extend(f"  cut at {p}" for p in f.places)
                out.append(f"first difference: {f.difference}")
        out.append(f"{self.runs} runs in {self.elapsed_s:.1f} s")
        return "\n".join(out)

    def to_json(self) -> dict[str, Any]:
        f = self.finding
        return {
            "script": self.script, "log": self.log, "body_size": self.body_size, "compared": self.compared,
            "baseline": self.baseline.to_json(), "ok": self.ok, "runs": self.runs, "elapsed_s": self.elapsed_s,
            "trials": [{"label": t.label, "cuts": len(t.cuts), "same": t.same} for t in self.trials],
            "finding": None if f is None else {
                "trial": f.trial, "cuts": list(f.cuts), "minimal": f.minimal, "shrink_runs": f.shrink_runs,
                "places": [str(p) for p in f.places], "difference": str(f.difference)},
        }


# -- the check ---------------------------------------------------------------------------------------
def trial_plan(trials: int, seed: int = 0) -> list[tuple[str, str, int]]:
    """The re-cuttings to try: ``(label, profile, seed)``; random and the special profiles alternate."""
    plan: list[tuple[str, str, int]] = []
    specials = list(SPECIAL_PROFILES)
    next_seed = seed
    for i in range(max(0, trials)):
        if i % 2 == 1 and specials:
            name = specials.pop(0)
            plan.append((name, name, 0))
        else:
            plan.append((f"random seed {next_seed}", "random", next_seed))
            next_seed += 1
    return plan


class _Runner:
    """Runs the script against one cut list; results are cached by cut list."""

    def __init__(self, source: str, filename: str, recording: Recording, compared: str | None) -> None:
        self.source, self.filename, self.recording = source, filename, recording
        self.compared = compared
        self.runs = 0
        self._cache: dict[tuple[int, ...], tuple[Outcome, RunResult | None]] = {}

    def run(self, cuts: Sequence[int], *, cached: bool = True) -> tuple[Outcome, RunResult | None]:
        key = tuple(cuts)
        if cached and key in self._cache:
            return self._cache[key]
        result = MiniProgram(
            self.source, filename=self.filename, platform="android", profile="passthrough",
            timeout_ms=RUN_TIMEOUT_MS, script_timeout_ms=SCRIPT_TIMEOUT_MS,
            task_factory=make_task_factory(self.recording, cuts=key)).run()
        self.runs += 1
        if self.compared is None:
            self.compared = "page data" if result.data else "console output"
        value = result.data if self.compared == "page data" else [f"{c.level}: {c.text}" for c in result.console]
        outcome = Outcome(value, tuple(str(e) for e in result.errors), result.end_reason)
        self._cache[key] = (outcome, result)
        return outcome, result


def split_check(
    script_source: str,
    log: Recording | ChunkLog | Path | str,
    *,
    trials: int = 50,
    seed: int = 0,
    on_progress: ProgressCallback | None = None,
    script_name: str = "page.js",
) -> SplitReport:
    """Run the split check; raises ``SplitCheckError`` when it cannot be made."""
    t0 = time.perf_counter()
    try:
        recording = log if isinstance(log, Recording) else Recording.load(log)
    except LogError as exc:
        raise SplitCheckError(str(exc)) from None
    except OSError as exc:
        raise SplitCheckError(f"cannot read the log {log}: {exc.strerror or exc}") from None
    body = recording.body
    if len(body) < 2:
        raise SplitCheckError(f"the log {recording.source} holds {len(body)} body byte{'s' * (len(body) != 1)}: "
                              "nothing to re-cut")

    runner = _Runner(script_source, script_name, recording, None)
    baseline, first = runner.run([])
    assert first is not None
    _check_baseline(first)
    again, _ = runner.run([], cached=False)
    if again != baseline:
        diff = first_difference(baseline, again)
        raise SplitCheckError("the script's result differs between two uncut runs "
                              f"({diff}): it depends on timing or randomness, so a split check cannot "
                              "tell what a cut changes")
    report = SplitReport(script=script_name, log=recording.source, body_size=len(body),
                         delivered_chunks=len(recording.pieces), compared=runner.compared or "page data",
                         baseline=baseline)

    plan = trial_plan(trials, seed)
    for i, (label, profile, s) in enumerate(plan, start=1):
        cuts = tuple(cut_offsets(profile, body, s))
        outcome, _ = runner.run(cuts)
        same = outcome == baseline
        report.trials.append(Trial(label, cuts, same, None if same else first_difference(baseline, outcome)))
        if on_progress is not None:
            on_progress(i, len(plan), f"{label}: {len(cuts)} cuts, {'same' if same else 'CHANGED'}")

    changed = report.changed
    if changed:
        worst = min(changed, key=lambda t: len(t.cuts))
        report.finding = _shrink(runner, baseline, worst, body, on_progress)
    report.runs = runner.runs
    report.elapsed_s = time.perf_counter() - t0
    return report


def _check_baseline(result: RunResult) -> None:
    if result.errors:
        raise SplitCheckError(f"the script fails even with the body in one chunk: {result.errors[0]}")
    if result.end_reason == "timeout":
        raise SplitCheckError(f"the script still had work pending after {RUN_TIMEOUT_MS} ms even with the body "
                              "in one chunk; the split check needs a script that finishes")
    if result.end_reason != "idle":
        raise SplitCheckError(f"the script's run ended ({result.end_reason}) even with the body in one chunk")
    if not result.requests:
        raise SplitCheckError("the script made no wx.request, so there is no stream to re-cut")


def _shrink(runner: _Runner, baseline: Outcome, trial: Trial, body: bytes,
            on_progress: ProgressCallback | None) -> SplitFinding:
    start_runs = runner.runs

    def differs(cuts: list[int]) -> bool:
        if not cuts:
            return False
        if runner.runs - start_runs >= SHRINK_BUDGET:
            raise _OutOfBudget
        outcome, _ = runner.run(cuts)
        if on_progress is not None:
            on_progress(runner.runs - start_runs, 0, f"shrinking: trying {len(cuts)} cuts")
        return outcome != baseline

    cuts = list(trial.cuts)
    minimal = True
    try:
        cuts = _ddmin(cuts, differs)
    except _OutOfBudget as stop:
        cuts, minimal = stop.best or cuts, False
    outcome, _ = runner.run(cuts)
    return SplitFinding(
        trial=trial.label, trial_cuts=len(trial.cuts), cuts=tuple(cuts),
        places=tuple(describe_cut(body, c) for c in cuts), difference=first_difference(baseline, outcome),
        shrink_runs=runner.runs - start_runs, minimal=minimal, changed=outcome)


class _OutOfBudget(Exception):
    best: list[int] | None = None


def _ddmin(cuts: list[int], differs: Callable[[list[int]], bool]) -> list[int]:
    """Zeller's ddmin: a 1-minimal subset of ``cuts`` for which ``differs`` still holds."""
    n = 2
    try:
        while len(cuts) >= 2:
            size = len(cuts)
            parts = [cuts[i * size // n:(i + 1) * size // n] for i in range(n)]
            for part in parts:  # a part alone
                if differs(part):
                    cuts, n = part, 2
                    break
            else:
                for i in range(n):  # everything but a part
                    rest = [c for j, p in enumerate(parts) if j != i for c in p]
                    if differs(rest):
                        cuts, n = rest, max(n - 1, 2)
                        break
                else:
                    if n >= size:
                        break
                    n = min(size, 2 * n)
    except _OutOfBudget as stop:
        stop.best = cuts
        raise
    return cuts


# -- describing a cut --------------------------------------------------------------------------------
_EVENT_END = re.compile(rb"\r\n\r\n|\n\n|\r\r")
_LINE_END = re.compile(rb"\r\n|\n|\r")
_SSE_FIELD = re.compile(rb"^(data|event|id|retry):", re.M)


def describe_cut(body: bytes, offset: int) -> CutPlace:
    """Where a cut before ``body[offset]`` falls: the character, and the SSE event or JSON line."""
    char, inside = _character_at(body, offset)
    return CutPlace(offset, char, inside, _structure_at(body, offset))


def _seq_len(lead: int) -> int:
    return 2 if 0xC2 <= lead <= 0xDF else 3 if 0xE0 <= lead <= 0xEF else 4 if 0xF0 <= lead <= 0xF4 else 1


def _char_span(body: bytes, i: int) -> tuple[int, int] | None:
    """The span of the valid UTF-8 character holding byte ``i``, if it is in one."""
    start = i
    while start > 0 and i - start < 3 and 0x80 <= body[start] <= 0xBF:
        start -= 1
    end = start + _seq_len(body[start])
    if not start <= i < end or end > len(body):
        return None
    try:
        body[start:end].decode("utf-8")
    except UnicodeDecodeError:
        return None
    return start, end


def _character_at(body: bytes, offset: int) -> tuple[str, bool]:
    span = _char_span(body, offset) if 0 <= offset < len(body) else None
    if span is not None and span[0] < offset:
        s, e = span
        char = _quote(body[s:e].decode())
        return f"inside the {e - s}-byte character {char} (byte {offset - s + 1} of {e - s})", True
    before = _char_span(body, offset - 1) if offset > 0 else None
    after = _char_span(body, offset) if offset < len(body) else None
    left = _quote(body[before[0]:before[1]].decode()) if before else f"byte 0x{body[offset - 1]:02x}"
    right = _quote(body[after[0]:after[1]].decode()) if after else f"byte 0x{body[offset]:02x}"
    return f"between the characters {left} and {right}", False


def _quote(text: str) -> str:
    return "'" + json.dumps(text, ensure_ascii=False)[1:-1].replace("'", "\\'") + "'"


def _spans(body: bytes, pattern: re.Pattern[bytes]) -> list[tuple[int, int]]:
    """Blocks of ``body`` each ending after a match of ``pattern`` (the last may have no end)."""
    spans, start = [], 0
    for m in pattern.finditer(body):
        spans.append((start, m.end()))
        start = m.end()
    if start < len(body):
        spans.append((start, len(body)))
    return spans


def _structure_at(body: bytes, offset: int) -> str:
    if _SSE_FIELD.search(body[:65536]):
        kind, spans = "SSE event", _spans(body, _EVENT_END)
    elif _LINE_END.search(body):
        kind, spans = "line", _spans(body, _LINE_END)
    else:
        return ""
    for k, (s, e) in enumerate(spans, start=1):
        if offset == s and k > 1:
            return f"between {kind}s #{k - 1} and #{k}"
        if s < offset < e:
            raw = body[s:e]
            text = raw.rstrip(b"\r\n")
            shown = _short_bytes(text, offset - s)
            what = kind
            if kind == "line" and _is_json(text):
                what = "JSON line"
            where = f"at offset {offset - s} of the {'event' if kind == 'SSE event' else 'line'}"
            if offset - s >= len(text):
                where = f"in the line break that ends it (offset {offset - s})"
            extra = _json_note(text, offset - s) if kind == "SSE event" else ""
            return f"inside {what} #{k} `{shown}` {where}{extra}"
    return ""


def _is_json(raw: bytes) -> bool:
    try:
        json.loads(raw)
    except ValueError:
        return False
    return True


def _json_note(event: bytes, at: int) -> str:
    """', inside its JSON data' when the cut falls in a data line holding JSON."""
    pos = 0
    for line in event.split(b"\n"):
        end = pos + len(line)
        if pos <= at < end and line.startswith(b"data:"):
            payload = line[5:].lstrip(b" ")
            start = end - len(payload)
            if at > start and _is_json(payload.rstrip(b"\r")):
                return ", inside its JSON data"
        pos = end + 1
    return ""


def _short_bytes(text: bytes, at: int, width: int = 100) -> str:
    """The event text, shortened around byte ``at`` when it is long."""
    if len(text) <= width:
        return text.decode("utf-8", "replace").replace("\n", "\\n").replace("\r", "\\r")
    lo = max(0, at - width // 2)
    hi = min(len(text), lo + width)
    lo = max(0, hi - width)
    while lo > 0 and 0x80 <= text[lo] <= 0xBF:
        lo -= 1
    while hi < len(text) and 0x80 <= text[hi] <= 0xBF:
        hi += 1
    shown = text[lo:hi].decode("utf-8", "replace").replace("\n", "\\n").replace("\r", "\\r")
    return ("…" if lo else "") + shown + ("…" if hi < len(text) else "")


# -- comparing results -------------------------------------------------------------------------------
_MISSING = object()


def first_difference(a: Outcome, b: Outcome) -> Difference | None:
    """The first difference between two outcomes: in the value, then the errors, then the end."""
    root = "" if isinstance(a.value, dict) else "console"
    diff = _diff(a.value, b.value, root)
    if diff is None:
        diff = _diff(list(a.errors), list(b.errors), "uncaught errors")
    if diff is None and a.end != b.end:
        diff = Difference("run end", a.end, b.end)
    return diff


def _diff(a: Any, b: Any, path: str) -> Difference | None:
    if isinstance(a, dict) and isinstance(b, dict):
        for key in [*a, *(k for k in b if k not in a)]:
            d = _diff(a.get(key, _MISSING), b.get(key, _MISSING), f"{path}.{key}" if path else str(key))
            if d is not None:
                return d
        return None
    if isinstance(a, list) and isinstance(b, list):
        for i in range(max(len(a), len(b))):
            d = _diff(a[i] if i < len(a) else _MISSING, b[i] if i < len(b) else _MISSING, f"{path}[{i}]")
            if d is not None:
                return d
        return None
    if type(a) is type(b) and a == b:
        return None
    path = path or "(value)"
    if isinstance(a, str) and isinstance(b, str):
        i = next((k for k in range(min(len(a), len(b))) if a[k] != b[k]), min(len(a), len(b)))
        return Difference(f"{path} (from character {i})", _window(a, i), _window(b, i))
    return Difference(path, _show(a), _show(b))


def _show(v: Any) -> str:
    return "(missing)" if v is _MISSING else _short(_dumps(v), 80)


def _window(s: str, i: int, before: int = 12, after: int = 28) -> str:
    lo, hi = max(0, i - before), min(len(s), i + after)
    return ("…" if lo else "") + json.dumps(s[lo:hi], ensure_ascii=False) + ("…" if hi < len(s) else "")


def _dumps(v: Any) -> str:
    return json.dumps(v, ensure_ascii=False, sort_keys=isinstance(v, dict))


def _short(s: str, n: int) -> str:
    return s if len(s) <= n else s[:n - 1] + "…"


# -- mpsim check ---------------------------------------------------------------------------------------
def run_split_check(args: argparse.Namespace, error: type[Exception]) -> int:
    """``mpsim check SCRIPT --log LOG [--trials N] [--seed N]``: exit 1 when a cut changes the result."""
    from .cli import read_script

    script: Path = args.script
    source = read_script(script, error)
    if args.trials < 1:
        raise error(f"--trials must be at least 1, got {args.trials}")
    tty = sys.stderr.isatty()

    def progress(done: int, total: int, text: str) -> None:
        if tty:  # one line, rewritten in place; nothing when stderr is a file or a pipe
            line = f"trial {done}/{total} {text}" if total else f"{text} (run {done})"
            sys.stderr.write(f"\r\x1b[K{_short(line, 100)}")
            sys.stderr.flush()

    try:
        report = split_check(source, args.log, trials=args.trials, seed=args.seed,
                             on_progress=progress, script_name=script.name)
    except SplitCheckError as exc:
        raise error(str(exc)) from None
    finally:
        if tty:
            sys.stderr.write("\r\x1b[K")
            sys.stderr.flush()
    print(report.summary(), flush=True)
    return 0 if report.ok else 1
