"""``MiniProgram``: run one page script headless, with ``wx.request`` driven by the core ``RequestTask``.

Threads: ``run()`` drives the JS event loop on the calling thread (the GUI calls it from a worker).
Each request runs on its own ``RequestTask`` thread; its listeners and callbacks only put an event on
the run's inbox, which the loop hands to JS in batches (``bootstrap.py`` explains why in batches and
how each event still runs as its own task). ``on_console``, ``on_data`` and ``on_request`` are called
on the thread that called ``run()``.
"""

# Each part of a run has its module: results.py (what a run reports), links.py (what it needs of the
# outside), miniprogram.py (the run), setup.py, loop.py, requests.py, device.py (docs/device.md),
# reporting.py (console and errors), convert.py (values crossing to and from JS).

from .convert import _system_info as _system_info  # mpsim run --screenshot
from .device import DeviceNote, timeout_cut
from .links import Clipboard, MemoryClipboard, PageViewLink, TaskFactory
from .miniprogram import MiniProgram, run_script
from .results import ConsoleLine, PageCall, RunResult, ScriptError, parse_call

__all__ = ["Clipboard", "ConsoleLine", "DeviceNote", "MemoryClipboard", "MiniProgram", "PageCall", "PageViewLink",
           "RunResult", "ScriptError", "TaskFactory", "parse_call", "run_script", "timeout_cut"]

# The run's limits. The modules read them here (``program.X``) when they are used, so a value set
# on this package (a test shortening BACKGROUND_GRACE_S) is the one a run uses.

# How long one batch call may keep running tasks before it returns its console lines (ms).
BATCH_BUDGET_MS = 20
MAX_BATCH_EVENTS = 5000   # host events handed over in one call
MAX_BATCH_BYTES = 4 << 20  # and at most this much chunk data (the batch travels as JS source text)
MAX_JS_BACKLOG = 20000    # stop handing over while JS has this many events still queued
DEFAULT_ROUTE = "pages/index/index"
# Errno 1001 "invalid request parameter" (docs/wechat-request-api.md §2, errno table).
ERRNO_BAD_PARAMETER = 1001
# DOC-NET: requests not finished 5 s after the mini-program went to the background fail (errno 600003).
BACKGROUND_GRACE_S = 5.0
# How long the next --call/--tap/--input waits for the page's pending setTimeout timers. A user acts
# when they see the page, and a timer that re-arms itself (a poll for a layout rect, which is empty
# headless) would otherwise keep the step from ever running.
STEP_PATIENCE_S = 3.0
ERRNO_INTERRUPTED = 600003
