"""Work around a PySide6 6.12 bug on Python 3.11: Qt methods returning ``void`` lose a reference to
``None`` on every call.

The 6.12 ``abi3`` wheels return ``Py_None`` without taking a reference, which is only harmless from
Python 3.12 on, where ``None`` is immortal (PEP 683). On 3.11 ``None`` starts with a few thousand
references, so painting a widget from Python (each ``setPen``, ``drawLine``, ``fillRect``...) counts
them down and the interpreter aborts with "none_dealloc: deallocating None" within seconds.

``protect_none()`` detects the bug (a void call that lowers ``None``'s count) and, only then, makes
``None`` as good as immortal by raising its count far beyond what any session can use: what 3.12
does by design. A PySide6 release with the fix, or Python 3.12+, makes this a no-op.
"""

from __future__ import annotations

import ctypes
import sys

__all__ = ["protect_none"]

_HEADROOM = 1 << 40  # a trillion void calls


def _leaks_none() -> bool:
    from PySide6.QtCore import QObject

    probe = QObject()
    before = sys.getrefcount(None)
    for _ in range(32):
        probe.setObjectName("probe")  # returns void
    return sys.getrefcount(None) < before


def protect_none() -> bool:
    """Apply the workaround if this PySide6 needs it; returns whether it was applied."""
    if sys.version_info >= (3, 12) or sys.implementation.name != "cpython":
        return False
    if not _leaks_none():
        return False
    # ob_refcnt is the first field of every PyObject in a release build of CPython 3.11.
    ctypes.c_ssize_t.from_address(id(None)).value += _HEADROOM
    return True
