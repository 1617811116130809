"""The Qt-free core: wx.request options, transport, delivery profiles, decoders, SSE parser,
``RequestTask`` semantics, chunk logs and exports. The GUI, the JS runtime and the CLI drive it."""

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

__all__ = [
    "EXPORT_FORMATS", "PLATFORMS", "Chunk", "ChunkLog", "ChunkLogWriter", "DeliveryProfile", "EndInfo",
    "LogError", "OptionsError", "PlatformProfile", "ProfileError", "ReplayedRequestTask", "RequestOptions",
    "RequestStart", "RequestTask", "ResponseInfo", "SseEvent", "SseParser", "StreamAnalysis", "StreamMonitor",
    "Utf8Stream", "chunk_marks", "get_platform", "make_har", "merge_openai_deltas", "parse_profile", "read_log",
    "replay", "write_export",
]
