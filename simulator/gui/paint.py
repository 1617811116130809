"""Painting a widget while a request thread runs.

A widget painted from Python enters Python from the C++ event loop (``paintEvent``, a model's
``multiData`` per cell), and most ``QPainter`` calls release the GIL: while a request thread is
busy, each of those entries waits for it to hand the GIL back. Widgets showing a stream therefore
paint inside a *paint guard*: ``StreamController`` gives one that holds the request thread at its
next chunk (``StreamFeed.paused``) for the few milliseconds of the paint.
"""

from __future__ import annotations

import threading
from collections.abc import Callable, Iterator
from contextlib import AbstractContextManager, contextmanager, nullcontext

__all__ = ["PaintGuard", "ProducerGate", "no_guard"]

PaintGuard = Callable[[], AbstractContextManager[object]]


def no_guard() -> AbstractContextManager[object]:
    return nullcontext()


class ProducerGate:
    """Holds a producer thread (a request or a script) at its next step while the GUI thread paints.

    The GUI thread ``hold()``s the gate and raises the count; the producer calls ``wait()`` at each
    step, which costs one attribute read unless held, and then waits on the lock, off the GIL.
    Re-entrant: a paint guard may nest inside a tick's.
    """

    def __init__(self) -> None:
        self._lock = threading.RLock()
        self._held = 0

    @contextmanager
    def hold(self) -> Iterator[None]:
        with self._lock:
            self._held += 1
            try:
                yield
            finally:
                self._held -= 1

    def wait(self) -> None:
        if self._held:
            with self._lock:
                pass
