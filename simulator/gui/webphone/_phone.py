"""``WebPhone``: the phone in the window, showing the project's page as the device would, in QtWebEngine.

The page's own JS never comes here (docs/wxml.md): the logic layer sends ``set_data`` changes and
receives ``event_fired`` deliveries. Calls into the page are queued and sent once per display frame,
so a streamed answer setting data a hundred times a second costs the window one call per frame.
"""

from __future__ import annotations

import json
import math
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from importlib import resources
from pathlib import Path
from typing import Any

from PySide6.QtCore import QFile, QIODevice, QObject, Qt, QTimer, QUrl, Signal, Slot
from PySide6.QtGui import QColor, QImage
from PySide6.QtWebChannel import QWebChannel
from PySide6.QtWebEngineCore import QWebEnginePage, QWebEngineUrlRequestInfo, QWebEngineUrlRequestInterceptor
from PySide6.QtWebEngineWidgets import QWebEngineView
from PySide6.QtWidgets import QLabel, QSizePolicy, QVBoxLayout, QWidget

from simulator.view import Element, SelectorError, ViewRenderer, js_value, phone_page_html

from ._engine import PageSource, profile, publish, track_page, unpublish

__all__ = ["DEVICES", "Device", "WebPhone"]

_FRAME_MS = 16  # one display frame at 60 Hz
_NAVIGATION_BAR_HEIGHT = 44  # CSS px, iOS WeChat's bar


@dataclass(frozen=True)
class Device:
    """A phone screen in CSS px (what ``wx.getSystemInfo`` calls ``screenWidth``/``screenHeight``)."""

    name: str
    width: int
    height: int


DEVICES: tuple[Device, ...] = (
    Device("iPhone SE (375×667)", 375, 667),
    Device("iPhone Pro Max (430×932)", 430, 932),
    Device("Android (393×873)", 393, 873),
)


def _qwebchannel_js() -> str:
    # Qt ships its side of the channel as a resource of the QtWebChannel module (imported above).
    file = QFile(":/qtwebchannel/qwebchannel.js")
    if not file.open(QIODevice.OpenModeFlag.ReadOnly):
        raise RuntimeError("QtWebChannel's qwebchannel.js is missing from this PySide6 install")
    try:
        return bytes(file.readAll().data()).decode("utf-8")
    finally:
        file.close()


def _bridge_js() -> str:
    return resources.files(__package__).joinpath("bridge.js").read_text(encoding="utf-8")


def element_path(element: Element) -> list[int]:
    """Child indexes from the page down to ``element`` (what the page's ``highlight`` walks)."""
    path: list[int] = []
    while element.parent is not None:
        path.append(element.parent.children.index(element))
        element = element.parent
    return path[::-1]


class _PageHost(QObject):
    """What the page reaches through QWebChannel (bridge.js wraps it as ``__mpsimViewHost``)."""

    def __init__(self, phone: WebPhone) -> None:
        super().__init__(phone)
        self._phone = phone

    @Slot()
    def ready(self) -> None:
        self._phone._on_ready()

    @Slot(str)
    def deliver(self, delivery: str) -> None:
        call = _parse(delivery)
        event = call.get("event")
        self._phone.event_fired.emit(str(call.get("handler", "")), call.get("owner"),
                                     event if isinstance(event, dict) else {})

    @Slot(str)
    def report(self, report: str) -> None:
        self._phone._on_report(_parse(report))

    @Slot(int)
    def painted(self, token: int) -> None:
        self._phone._on_painted(token)


class _MapRemote(QWebEngineUrlRequestInterceptor):
    """The page's remote files (an ``<image src="https://...">``) go where the run's host mapping says,
    like its ``wx.request``s do."""

    def __init__(self, parent: QObject) -> None:
        super().__init__(parent)
        self.host_map: Any = None

    def interceptRequest(self, info: QWebEngineUrlRequestInfo) -> None:  # noqa: N802 (Qt's name)
        if not self.host_map:
            return
        url = info.requestUrl().toString()
        mapped, rule = self.host_map.apply(url)
        if rule is not None and mapped != url:
            info.redirect(QUrl(mapped))


class _NavigationBar(QLabel):
    """The bar WeChat draws above the page from its ``window`` config
    (https://developers.weixin.qq.com/miniprogram/dev/reference/configuration/page.html)."""

    def __init__(self, parent: QWidget) -> None:
        super().__init__(parent)
        self.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Fixed)
        self.setTextFormat(Qt.TextFormat.PlainText)
        self.apply({})

    def apply(self, window: dict[str, Any], zoom: float = 1.0) -> None:
        # WeChat's defaults: black bar, white text; "custom" leaves the whole screen to the page.
        background = QColor(str(window.get("navigationBarBackgroundColor") or "#000000"))
        if not background.isValid():
            background = QColor("#000000")
        text = "#000000" if window.get("navigationBarTextStyle") == "black" else "#ffffff"
        self.setText(str(window.get("navigationBarTitleText") or ""))
        self.setFixedHeight(round(_NAVIGATION_BAR_HEIGHT * zoom))
        self.setStyleSheet(f"QLabel {{ background: {background.name()}; color: {text}; "
                           f"font-size: {round(17 * zoom)}px; font-weight: 600; }}")
        self.setVisible(window.get("navigationStyle") != "custom")


class WebPhone(QWidget):
    """A phone screen: the navigation bar and the page rendered in QtWebEngine at the device's size.

    ``show_page(view, data)`` loads a compiled page; then ``set_data(changes)`` as the logic layer's
    ``setData`` arrives. Taps and keystrokes come back as ``event_fired(handler, owner, event)``
    (owner ``None``: the page's method; else a component instance id), one per handler to call, in
    order. ``page_shown`` says the first render with its data is on screen.
    """

    event_fired = Signal(str, object, object)  # object: passed as is, no conversion to a QVariantMap
    rendered = Signal(object)  # {"components": [...], "warnings": [...]} whenever either changes
    page_shown = Signal()
    load_failed = Signal(str)
    resized = Signal()  # the phone's size changed (zoom, device, navigation bar): what lies over it follows

    def __init__(self, device: Device = DEVICES[0], zoom: float = 1.0, parent: QWidget | None = None, *,
                 navigation_bar: bool = True) -> None:
        super().__init__(parent)
        self._device = device
        self._zoom = zoom
        self._window_config: dict[str, Any] = {}
        self._renderer: ViewRenderer | None = None
        self._assets: Path | None = None
        self._key: str | None = None
        self._ready = False
        self._pending: list[str] = []
        self._paint_token = 0
        self._paint_waiters: dict[int, Callable[[], None]] = {}
        self._queries: list[tuple[list[dict[str, Any]], Callable[[list[Any]], None]]] = []  # until the page is ready
        self._components: dict[str, dict[str, Any]] = {}  # component instances on the page, by id

        self.navigation_bar = _NavigationBar(self)
        self._show_navigation = navigation_bar
        self.view = QWebEngineView(self)
        self.view.setContextMenuPolicy(Qt.ContextMenuPolicy.NoContextMenu)
        self.page = QWebEnginePage(profile(), self.view)
        self.view.setPage(self.page)
        self._host = _PageHost(self)
        self._channel = QWebChannel(self.page)
        self._channel.registerObject("host", self._host)
        self.page.setWebChannel(self._channel)
        self.page.loadFinished.connect(self._on_load_finished)
        self._map_remote = _MapRemote(self)
        self.page.setUrlRequestInterceptor(self._map_remote)
        track_page(self.page)

        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(0)
        layout.addWidget(self.navigation_bar)
        layout.addWidget(self.view)

        self._flush_timer = QTimer(self)
        self._flush_timer.setSingleShot(True)
        self._flush_timer.setInterval(_FRAME_MS)
        self._flush_timer.timeout.connect(self._flush)
        self._apply_size()

    # -- the screen --------------------------------------------------------------------------------
    @property
    def device(self) -> Device:
        return self._device

    @property
    def zoom(self) -> float:
        return self._zoom

    def page_size(self) -> tuple[int, int]:
        """The page's viewport in CSS px: the screen less the navigation bar."""
        bar = _NAVIGATION_BAR_HEIGHT if self.navigation_bar.isVisibleTo(self) else 0
        return self._device.width, self._device.height - bar

    def set_zoom(self, zoom: float) -> None:
        self._zoom = max(0.25, min(4.0, zoom))
        self._apply_size()

    def set_device(self, device: Device) -> None:
        """Another screen: rpx are px of the screen width, so the page is loaded again with its data."""
        if device == self._device:
            return
        self._device = device
        self._apply_size()
        if self._renderer is not None and self._ready:
            self.run_js("JSON.stringify({data: __mpsimProgram.data, components: __mpsimProgram.componentData})",
                        self._reload)

    def set_window_config(self, window: dict[str, Any]) -> None:
        """The page's ``window`` settings (app.json's ``window`` merged with the page's .json)."""
        self._window_config = dict(window)
        self._apply_size()

    def set_title(self, title: str) -> None:
        """``wx.setNavigationBarTitle``."""
        self._window_config["navigationBarTitleText"] = title
        self.navigation_bar.setText(title)

    def _apply_size(self) -> None:
        self.navigation_bar.apply(self._window_config, self._zoom)
        if not self._show_navigation:
            self.navigation_bar.hide()
        width, height = self.page_size()
        # Chromium's zoom made exact for a whole number of pixels: at 0.58 the page would be 217.49… px, and
        # a viewport a fraction of a CSS pixel narrower than the screen scrolls sideways.
        view_width = math.ceil(width * self._zoom)
        zoom = view_width / width
        self.view.setZoomFactor(zoom)
        self.view.setFixedSize(view_width, math.ceil(height * zoom))
        self.adjustSize()

    # -- the page ----------------------------------------------------------------------------------
    def show_page(self, view: ViewRenderer, data: dict[str, Any] | None = None, *,
                  assets: str | Path | None = None, component_data: dict[str, dict[str, Any]] | None = None) -> None:
        """Load ``view``'s compiled page with ``data``; ``assets``: the project folder, whose files
        (images) the page may show by their project paths."""
        self._renderer = view
        self._assets = Path(assets) if assets is not None else None
        self._load(data or {}, component_data or {})

    def _load(self, data: dict[str, Any], component_data: dict[str, dict[str, Any]]) -> None:
        assert self._renderer is not None
        if self._key is not None:
            unpublish(self._key)
        # The first data rides in the page itself, so it renders while the channel is still starting.
        first = [f"__mpsimView.load({_js(data)})"]
        first += [f"__mpsimView.setComponentData({_js(i)}, {_js(d)})" for i, d in component_data.items()]
        html = phone_page_html(self._renderer, screen_width=self._device.width,
                               host_scripts=[_qwebchannel_js(), _bridge_js(), ";\n".join(first)])
        self._key = publish(PageSource(html, self._assets))
        self._ready = False
        self._pending = []
        self._components = {}
        entry = self._renderer.compiled.entry
        self.page.setUrl(QUrl(f"mpsim://{self._key}{entry.removesuffix('.wxml')}.html"))

    def _reload(self, state: Any) -> None:
        try:
            saved = json.loads(state) if isinstance(state, str) else {}
        except ValueError:
            saved = {}
        self._load(saved.get("data") or {}, saved.get("components") or {})

    def set_host_map(self, host_map: Any) -> None:
        """A ``simulator.core.hostmap.HostMap`` (``--map FROM=TO``, the window's Map remote table) for
        the page's remote images; ``None`` loads them from where they say."""
        self._map_remote.host_map = host_map

    def set_data(self, changes: dict[str, Any]) -> None:
        """A ``setData`` of the page (keys may be paths, ``"msgs[3].text"``), shown at the next frame."""
        self._queue(f"__mpsimView.setData({_js(changes)})")

    def set_component_data(self, instance_id: str, changes: dict[str, Any]) -> None:
        self._queue(f"__mpsimView.setComponentData({_js(instance_id)}, {_js(changes)})")

    def set_input_value(self, value: str) -> None:
        """What a ``bindinput`` handler returned: the input that fired shows it instead."""
        self._queue(f"__mpsimView.setInputValue({_js(str(value))})")

    def select_nodes(self, asks: list[dict[str, Any]], callback: Callable[[list[Any]], None]) -> None:
        """A ``createSelectorQuery`` exec of the logic layer (docs/wxml.md, "Selector queries"), measured
        in the page as laid out after the data sent so far; ``callback(results)``, one per ask. Asked
        before the page is ready, it is measured once it is."""
        if not self._ready:
            self._queries.append((asks, callback))
            return

        def measured(raw: Any) -> None:
            try:
                results = json.loads(raw) if isinstance(raw, str) else None
            except ValueError:
                results = None
            # None when the page went away meanwhile: the logic layer gives those asks empty answers.
            callback(results if isinstance(results, list) else [])

        self.run_js(f"JSON.stringify(__mpsimView.select({_js(asks)}))", measured)

    def scroll_page(self, options: dict[str, Any]) -> None:
        """``wx.pageScrollTo``: ``scrollTop``, or ``groups`` (a parsed selector) and ``offsetTop``; ``duration``."""
        self._queue(f"__mpsimView.pageScrollTo({_js(options)})")

    def _queue(self, call: str) -> None:
        self._pending.append(call)
        if self._ready and not self._flush_timer.isActive():
            self._flush_timer.start()

    def _flush(self) -> None:
        if not self._pending or not self._ready:
            return
        calls, self._pending = self._pending, []
        self.page.runJavaScript(";\n".join(calls))

    def _on_load_finished(self, ok: bool) -> None:
        if not ok:
            self.load_failed.emit(f"the phone could not load {self.page.url().toString()}")

    def _on_report(self, report: dict[str, Any]) -> None:
        # The page sends what changed (phone.js sendReport); the window's listeners get the whole list.
        for gone in report.get("removed") or []:
            self._components.pop(str(gone), None)
        for component in report.get("components") or []:
            if isinstance(component, dict):
                self._components[str(component.get("id"))] = component
        self.rendered.emit({"components": list(self._components.values()), "warnings": report.get("warnings") or []})

    def _on_ready(self) -> None:
        self._ready = True
        self._flush()
        queries, self._queries = self._queries, []
        for asks, callback in queries:
            self.select_nodes(asks, callback)
        self.when_painted(self.page_shown.emit)

    # -- looking at the page -----------------------------------------------------------------------
    def run_js(self, source: str, callback: Callable[[Any], None] | None = None) -> None:
        """Run ``source`` in the page (after the changes queued so far); ``callback`` gets its value."""
        self._flush()
        if callback is None:
            self.page.runJavaScript(source)
        else:
            self.page.runJavaScript(source, 0, callback)

    def when_painted(self, callback: Callable[[], None]) -> int:
        """Call ``callback`` once everything sent so far is rendered and painted (a ``grab`` shows it)."""
        self._paint_token += 1
        self._paint_waiters[self._paint_token] = callback
        self.run_js(f"__mpsimAfterPaint({self._paint_token})")
        return self._paint_token

    def _on_painted(self, token: int) -> None:
        callback = self._paint_waiters.pop(token, None)
        if callback is not None:
            callback()

    def tree(self, callback: Callable[[dict[str, Any]], None]) -> None:
        """The element tree for a WXML inspector (``docs/wxml.md``'s vnode tree, empty fields left out)."""
        self.run_js("JSON.stringify(__mpsimView.tree())", lambda raw: callback(_parse(raw)))

    def snapshot(self, callback: Callable[[dict[str, Any]], None]) -> None:
        """``{"text": the page's text as laid out, "boxes": {id: {x, y, width, height}}}`` in CSS px."""
        self.run_js("JSON.stringify(__mpsimView.snapshot())", lambda raw: callback(_parse(raw)))

    def highlight(self, target: str | Sequence[Sequence[int]] | None,
                  done: Callable[[int, str], None] | None = None) -> None:
        """Outline on the phone what a selector (``#id``, ``.class``, tag, ``[data-x=y]``, descendant)
        matches, or elements by their tree paths; ``None`` clears. ``done(count, message)``: the
        message says why nothing is outlined."""
        if target is None or not isinstance(target, str):
            paths = [list(p) for p in (target or [])]
            self.run_js(f"__mpsimView.highlight({_js(paths)})", lambda n: done and done(int(n or 0), ""))
            return
        selector = target

        def found(tree: dict[str, Any]) -> None:
            try:
                elements = Element.from_vnode(tree).find_all(selector)
            except SelectorError as error:
                self.highlight(None)
                if done:
                    done(0, str(error))
                return
            message = "" if elements else f"{selector} matches nothing on this page"
            self.highlight([element_path(e) for e in elements], lambda n, _: done and done(n, message))

        self.tree(found)

    def screenshot(self) -> QImage:
        """The phone as shown (navigation bar and page); call after ``when_painted`` for fresh data."""
        return self.grab().toImage()

    def resizeEvent(self, event) -> None:  # noqa: N802 (Qt's name)
        super().resizeEvent(event)
        self.resized.emit()

    def closeEvent(self, event) -> None:  # noqa: N802 (Qt's name)
        if self._key is not None:
            unpublish(self._key)
            self._key = None
        super().closeEvent(event)


def _js(value: Any) -> str:
    return js_value(value)


def _parse(raw: Any) -> dict[str, Any]:
    try:
        value = json.loads(raw) if isinstance(raw, str) else raw
    except ValueError:
        return {}
    return value if isinstance(value, dict) else {}
