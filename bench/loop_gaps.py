"""The GUI thread's event-loop gaps, with the time the OS kept it waiting for a CPU set apart.

A heartbeat ``QTimer`` on the GUI thread: the time between two of its beats is how long the event
loop could not run it (blocked in a slot, a paint, a wait for the GIL, or not scheduled at all).
On a shared machine the last of these can reach 100 ms while the program does nothing wrong: the
thread is runnable but every CPU is busy with other processes. Linux counts that time per thread,
"time spent waiting on a runqueue" (the second field of ``/proc/<pid>/task/<tid>/schedstat``, in ns;
the kernel's Documentation/scheduler/sched-stats.rst), so each gap is also reported without it:
the *own* gap is what the program itself held the thread for. Elsewhere the own gap is the gap.

Used by gui_responsiveness.py, phone_panel.py and webphone.py; create it on the GUI thread.
"""

from __future__ import annotations

import os
import threading
import time
from dataclasses import dataclass
from pathlib import Path

from PySide6.QtCore import QTimer

GOAL_MS = 50.0  # docs/product.md "Speed" and issue 9: the event loop never blocked longer than this


def p99(values: list[float]) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(len(ordered) * 0.99))] if ordered else 0.0


@dataclass
class GapFigures:
    max_ms: float
    p99_ms: float
    over_goal: int  # gaps longer than GOAL_MS
    own_max_ms: float
    own_p99_ms: float
    own_over_goal: int

    def __str__(self) -> str:
        return (f"max {self.max_ms:6.1f} ms, p99 {self.p99_ms:5.1f} ms, > {GOAL_MS:.0f} ms: {self.over_goal}; "
                f"without CPU wait: max {self.own_max_ms:5.1f} ms, p99 {self.own_p99_ms:5.1f} ms, "
                f"> {GOAL_MS:.0f} ms: {self.own_over_goal}")


class LoopGaps:
    def __init__(self, interval_ms: int = 10) -> None:
        self._timer = QTimer()
        self._timer.setInterval(interval_ms)
        self._timer.timeout.connect(self.beat)
        self._schedstat = Path(f"/proc/{os.getpid()}/task/{threading.get_native_id()}/schedstat")
        self._last = (time.perf_counter(), self._runqueue_ms())
        self.gaps: list[float] = []  # ms between beats
        self.own: list[float] = []  # the same, less the time spent waiting on a runqueue

    def _runqueue_ms(self) -> float:
        try:
            return int(self._schedstat.read_text().split()[1]) / 1e6
        except (OSError, IndexError, ValueError):
            return 0.0

    def start(self) -> None:
        """Start (again) from now, forgetting earlier gaps."""
        self.gaps.clear()
        self.own.clear()
        self._last = (time.perf_counter(), self._runqueue_ms())
        self._timer.start()

    def stop(self) -> None:
        self.beat()  # the gap until now counts too
        self._timer.stop()

    def beat(self) -> None:
        now, waited = time.perf_counter(), self._runqueue_ms()
        gap = (now - self._last[0]) * 1000
        self.gaps.append(gap)
        self.own.append(max(0.0, gap - (waited - self._last[1])))
        self._last = (now, waited)

    def figures(self) -> GapFigures:
        return GapFigures(max(self.gaps, default=0.0), p99(self.gaps), sum(g > GOAL_MS for g in self.gaps),
                          max(self.own, default=0.0), p99(self.own), sum(g > GOAL_MS for g in self.own))
