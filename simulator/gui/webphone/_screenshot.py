"""``render_screenshot``: a page rendered with its data in QtWebEngine, without a window, saved as a
PNG (``mpsim run --screenshot``). It also returns what the page shows — its text and the boxes of
elements with ids — so a script or test can check the picture without comparing pixels."""

from __future__ import annotations

import json
import os
import sys
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from PySide6.QtCore import (
    QCoreApplication,
    QEvent,
    QEventLoop,
    QMessageLogContext,
    Qt,
    QTimer,
    QtMsgType,
    qInstallMessageHandler,
)

from simulator.view import ViewRenderer, folder_reader

from ._engine import prepare_web_engine

__all__ = ["Screenshot", "ScreenshotError", "render_screenshot"]


class ScreenshotError(RuntimeError):
    """The page could not be rendered or saved; the message is one line for the user."""


@dataclass
class Screenshot:
    path: Path
    text: str  # the page's text as laid out (hidden elements left out)
    boxes: dict[str, dict[str, float]]  # id -> {x, y, width, height} in CSS px
    size: tuple[int, int]
    warnings: list[str] = field(default_factory=list)


# Offscreen there is no GPU: QtWebEngine says so on every start, then paints in software. Headless
# runs print only what the user must act on.
_NO_GPU_NOTICES = ("QRhiGles2: Failed to create", "Failed to create RHI for backend", "GPUInfo not initialized",
                   "Unable to detect GPU vendor")


def _quiet_gpu_notices(mode: QtMsgType, context: QMessageLogContext, message: str) -> None:
    if mode != QtMsgType.QtDebugMsg and not message.startswith(_NO_GPU_NOTICES):
        print(message, file=sys.stderr)


def _application() -> None:
    from PySide6.QtWidgets import QApplication

    if QApplication.instance() is None:
        # Headless: nothing may open on a display the user did not ask for.
        os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
        qInstallMessageHandler(_quiet_gpu_notices)
        prepare_web_engine()
        app = QApplication(["mpsim"])
        app.setApplicationName("mpsim")
    else:
        prepare_web_engine()


def _renderer(page_files: ViewRenderer | Mapping[str, str] | str | Path, page: str | None) -> ViewRenderer:
    if isinstance(page_files, ViewRenderer):
        return page_files
    if isinstance(page_files, Mapping):
        files = dict(page_files)
        read = files.get
    else:
        read = folder_reader(page_files)
    if page is None:
        try:
            page = "/" + str(json.loads(read("/app.json") or "{}")["pages"][0]).lstrip("/")
        except (ValueError, KeyError, IndexError, TypeError):
            raise ScreenshotError("no page to render: give page= or an app.json with \"pages\"") from None
    return ViewRenderer(read, page)


def render_screenshot(page_files: ViewRenderer | Mapping[str, str] | str | Path, data: dict[str, Any] | None,
                      path: str | Path, size: tuple[int, int] = (375, 667), *, page: str | None = None,
                      component_data: dict[str, dict[str, Any]] | None = None, assets: str | Path | None = None,
                      host_map: Any = None, timeout_s: float = 30.0) -> Screenshot:
    """Render a page with ``data`` at ``size`` CSS px and save it as a PNG at ``path``.

    ``page_files``: a compiled ``ViewRenderer``, a project folder, or ``{"/pages/a/a.wxml": text, ...}``;
    ``page`` (``"/pages/chat/chat"``) defaults to app.json's first page. Makes an offscreen
    QApplication when none exists. ``host_map``: where remote images go (``--map``). Raises
    ``ScreenshotError`` (one line) on failure.
    """
    from ._phone import Device, WebPhone

    _application()
    renderer = _renderer(page_files, page)
    owned = renderer is not page_files
    if assets is None and isinstance(page_files, str | Path):
        assets = page_files
    phone = WebPhone(Device("screenshot", *size), navigation_bar=False)
    phone.setAttribute(Qt.WidgetAttribute.WA_DontShowOnScreen)
    phone.set_host_map(host_map)
    warnings: list[str] = []
    phone.rendered.connect(lambda report: warnings.extend(str(w) for w in report.get("warnings") or []))
    loop = QEventLoop()
    failure: list[str] = []
    snapshot: dict[str, Any] = {}
    phone.load_failed.connect(lambda message: (failure.append(message), loop.quit()))
    phone.page_shown.connect(lambda: phone.snapshot(lambda s: (snapshot.update(s), loop.quit())))
    timer = QTimer(singleShot=True, interval=int(timeout_s * 1000))
    timer.timeout.connect(lambda: (failure.append(f"the page did not render within {timeout_s:g} s"), loop.quit()))
    try:
        phone.show()
        phone.show_page(renderer, data or {}, assets=assets, component_data=component_data)
        timer.start()
        loop.exec()
        timer.stop()
        if failure:
            raise ScreenshotError(f"screenshot: {failure[0]}")
        target = Path(path)
        if not phone.screenshot().save(str(target), "PNG"):
            raise ScreenshotError(f"screenshot: cannot write {target}")
        return Screenshot(target, str(snapshot.get("text", "")), dict(snapshot.get("boxes") or {}), size,
                          list(dict.fromkeys(warnings)))
    finally:
        phone.close()
        phone.deleteLater()
        # The page must go before the web profile does (at exit), or QtWebEngine complains.
        QCoreApplication.sendPostedEvents(None, QEvent.Type.DeferredDelete)
        if owned:
            renderer.close()
