"""What a run needs of the outside: the page's view, the clipboard, the request tasks, the console callback."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, Protocol

__all__ = ["Clipboard", "ConsoleCallback", "MemoryClipboard", "PageViewLink", "StartedTask", "TaskFactory"]

ConsoleCallback = Callable[[str, str, int | None], None]



class PageViewLink(Protocol):
    """What a run needs of the page's view (``page_view.PageView`` headless): it hears the page's
    ``setData`` changes and sends back tasks (component instances rendered, handler calls)."""

    def page_opened(self, route: str, data: dict[str, Any]) -> None: ...
    def set_data(self, owner: str | None, changes: dict[str, Any]) -> None: ...
    def input_value(self, seq: int, value: str) -> None: ...
    def tick(self, force: bool) -> list[tuple[str, Any, Any, float]]: ...
    def due_in(self) -> float | None: ...
    def act(self, step: Any) -> list[tuple[str, Any, Any, float]]: ...


class Clipboard(Protocol):
    def get(self) -> str: ...
    def set(self, text: str) -> None: ...


class MemoryClipboard:
    """The headless clipboard: kept for the run, in memory."""

    def __init__(self, text: str = "") -> None:
        self._text = text

    def get(self) -> str:
        return self._text

    def set(self, text: str) -> None:
        self._text = text



class StartedTask(Protocol):
    """What the runtime needs of a request task: ``RequestTask`` or a stand-in (replay, split check)."""

    def on_headers_received(self, listener: Callable[[dict[str, Any]], Any]) -> None: ...
    def on_chunk_received(self, listener: Callable[[dict[str, Any]], Any]) -> None: ...
    def abort(self) -> None: ...
    def start(self) -> Any: ...
    def wait(self, timeout: float | None = None) -> bool: ...


# Called like RequestTask(options, profile=, seed=, platform=, log_path=, success=, fail=, complete=).
TaskFactory = Callable[..., StartedTask]
