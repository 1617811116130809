"""Painting a widget while a request thread runs.

A widget painted from Python enters Python from the C++ event loop (``paintEvent``, a model's
``multiData`` per cell), and most ``QPainter`` calls release the GIL: while a request thread is
busy, each of those entries waits for it to hand the GIL back. Widgets showing a stream therefore
paint inside a *paint guard*: ``StreamController`` gives one that holds the request thread at its
next chunk (``StreamFeed.paused``) for the few milliseconds of the paint.
"""

from __future__ import annotations

from collections.abc import Callable
from contextlib import AbstractContextManager, nullcontext

__all__ = ["PaintGuard", "no_guard"]

PaintGuard = Callable[[], AbstractContextManager[object]]


def no_guard() -> AbstractContextManager[object]:
    return nullcontext()
