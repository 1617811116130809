"""The Qt-free core: wx.request options, transport, delivery profiles, decoders, SSE parser,
``RequestTask`` semantics, chunk logs and exports. The GUI, the JS runtime and the CLI drive it.

The names below are imported when first used (PEP 562 module ``__getattr__``): importing one
submodule, as ``mpsim record`` does, then does not load every other one (exports, replay) as well.
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

_WHERE = {
    "StreamAnalysis": "analysis",
    "ChunkLog": "chunklog", "ChunkLogWriter": "chunklog", "LogError": "chunklog", "read_log": "chunklog",
    "replay": "chunklog",
    "DeliveryProfile": "delivery", "ProfileError": "delivery", "parse_profile": "delivery",
    "EXPORT_FORMATS": "export", "make_har": "export", "write_export": "export",
    "OptionsError": "options", "RequestOptions": "options",
    "PLATFORMS": "platforms", "PlatformProfile": "platforms", "get_platform": "platforms",
    "ReplayedRequestTask": "replay_task",
    "SseEvent": "sse", "SseParser": "sse", "merge_openai_deltas": "sse",
    "Chunk": "stream", "EndInfo": "stream", "RequestStart": "stream", "ResponseInfo": "stream",
    "StreamMonitor": "stream",
    "RequestTask": "task",
    "Utf8Stream": "text", "chunk_marks": "text",
}
__all__ = [
    "EXPORT_FORMATS", "PLATFORMS", "Chunk", "ChunkLog", "ChunkLogWriter", "DeliveryProfile", "EndInfo",
    "LogError", "OptionsError", "PlatformProfile", "ProfileError", "ReplayedRequestTask", "RequestOptions",
    "RequestStart", "RequestTask", "ResponseInfo", "SseEvent", "SseParser", "StreamAnalysis", "StreamMonitor",
    "Utf8Stream", "chunk_marks", "get_platform", "make_har", "merge_openai_deltas", "parse_profile", "read_log",
    "replay", "write_export",
]


def __getattr__(name: str) -> Any:
    module = _WHERE.get(name)
    if module is None:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    value = getattr(importlib.import_module(f".{module}", __name__), name)
    globals()[name] = value
    return value


def __dir__() -> list[str]:
    return sorted(set(globals()) | set(_WHERE))


if TYPE_CHECKING:
    from .analysis import StreamAnalysis
    from .chunklog import ChunkLog, ChunkLogWriter, LogError, read_log, replay
    from .delivery import DeliveryProfile, ProfileError, parse_profile
    from .export import EXPORT_FORMATS, make_har, write_export
    from .options import OptionsError, RequestOptions
    from .platforms import PLATFORMS, PlatformProfile, get_platform
    from .replay_task import ReplayedRequestTask
    from .sse import SseEvent, SseParser, merge_openai_deltas
    from .stream import Chunk, EndInfo, RequestStart, ResponseInfo, StreamMonitor
    from .task import RequestTask
    from .text import Utf8Stream, chunk_marks
