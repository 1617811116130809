"""``RequestController``: the request bar's behaviour — validation, Send/Abort, history, presets.

It turns what the user typed into ``RequestOptions`` exactly as a mini-program's ``wx.request``
option object would be (the core checks it), starts a recorded ``RequestTask`` and hands it to the
``StreamController``. The built-in demo server is started on first use of a preset and stopped when
the window closes.
"""

from __future__ import annotations

import json
from urllib.parse import urlsplit

from PySide6.QtCore import QObject, Qt, QTimer, Signal
from PySide6.QtGui import QAction

from simulator.core.delivery import PROFILE_HELP, PROFILE_HELP_ZH, ProfileError, parse_profile
from simulator.core.options import DEFAULT_TIMEOUT_MS, METHODS, OptionsError, RequestOptions
from simulator.core.paths import new_recording_path
from simulator.core.platforms import PLATFORMS
from simulator.core.task import RequestTask
from simulator.server.demo import ENDPOINTS, ENDPOINTS_ZH, DemoServer, Endpoint

from .answer import TextMode
from .i18n import core_error, in_language
from .main_window import MainWindow
from .settings import Settings
from .stream_controller import StreamController

__all__ = ["RequestController"]

HISTORY_SIZE = 20
_PROFILE_CHOICES = ("random", "passthrough", "wire", "fixed:16", "utf8-cut", "random,latency=40,jitter=20")
_OK_STYLE = "color: #2e7d32;"
_BAD_STYLE = "color: #c62828;"
_DEMO_PATH = "/v1/chat/completions"


class RequestController(QObject):
    taskCreated = Signal(object)  # a RequestTask about to start (the Network panel lists it)

    def __init__(self, window: MainWindow, stream: StreamController, settings: Settings | None = None) -> None:
        super().__init__(window)
        self._window = window
        self._stream = stream
        self._settings = settings
        self._demo: DemoServer | None = None
        self._history: list[str] = []
        self._populate()
        self._connect()
        self._restore()
        self._on_body_changed()
        self._on_profile_changed()
        self._on_platform_changed()
        self._on_state_changed(stream.state)

    # -- setup -------------------------------------------------------------------------------------
    def _populate(self) -> None:
        bar = self._window.request_bar
        bar.method.addItems(list(METHODS))
        bar.method.setCurrentText("GET")
        for spec in _PROFILE_CHOICES:
            bar.profile.addItem(spec)
            key = "fixed:N" if spec.startswith("fixed:") else spec.split(",")[0]
            help_text = in_language(PROFILE_HELP.get(key, ""), PROFILE_HELP_ZH.get(key, ""))
            bar.profile.setItemData(bar.profile.count() - 1, help_text, Qt.ItemDataRole.ToolTipRole)
        bar.profile.setCurrentText("random")
        for name, platform in PLATFORMS.items():
            bar.platform.addItem(in_language(platform.title, platform.title_zh), name)
            bar.platform.setItemData(bar.platform.count() - 1, self._quirks_tooltip(name),
                                     Qt.ItemDataRole.ToolTipRole)
        bar.timeout.setValue(DEFAULT_TIMEOUT_MS)
        menu = self._window.presets_menu
        for endpoint in ENDPOINTS:
            title_zh, description_zh = ENDPOINTS_ZH.get(endpoint.title, ("", ""))
            title, description = in_language(endpoint.title, title_zh), in_language(endpoint.description,
                                                                                   description_zh)
            action = QAction(f"{endpoint.method}  {endpoint.path}  —  {title}", menu)
            action.setToolTip(description)
            action.setStatusTip(description)
            action.triggered.connect(lambda _checked=False, e=endpoint: self.apply_preset(e, send=True))
            menu.addAction(action)
        menu.setToolTipsVisible(True)

    def _quirks_tooltip(self, name: str) -> str:
        p = PLATFORMS[name]
        lines = [f"<b>{in_language(p.title, p.title_zh)}</b>"]
        source = self.tr("Source")
        for q in p.quirks:
            lines.append(f"• {in_language(q.description, q.description_zh)}<br/><small>{source}: {q.source}</small>")
        return "<br/>".join(lines)

    def _connect(self) -> None:
        w = self._window
        bar, details = w.request_bar, w.request_details
        bar.send_button.clicked.connect(self._on_send)
        bar.abort_button.clicked.connect(self._on_abort)
        w.send_action.triggered.connect(self._on_send)
        w.abort_action.triggered.connect(self._on_abort)
        w.demo_action.triggered.connect(lambda: self.start_demo(send=True))
        bar.url.lineEdit().returnPressed.connect(self._on_send)
        bar.profile.currentTextChanged.connect(self._on_profile_changed)
        bar.platform.currentIndexChanged.connect(self._on_platform_changed)
        details.body.textChanged.connect(self._on_body_changed)
        details.add_header_button.clicked.connect(self._on_add_header)
        details.remove_header_button.clicked.connect(self._on_remove_header)
        self._stream.stateChanged.connect(self._on_state_changed)

    # -- public ------------------------------------------------------------------------------------
    def send(self) -> RequestTask | None:
        """Send what the request bar holds; a request still streaming is aborted first.

        Returns the started task, or None when the input was refused (the banner says why).
        """
        w = self._window
        w.banner.dismiss()
        try:
            options = self.request_options()
            profile = parse_profile(w.request_bar.profile.currentText())
        except OptionsError as exc:
            w.banner.show_message(core_error(exc, self.tr("The request cannot be sent: {error}")), "error")
            return None
        except ProfileError as exc:
            w.banner.show_message(core_error(exc, self.tr("Not a delivery profile: {error}")), "error")
            return None
        try:
            task = RequestTask(options, profile=profile, seed=w.request_bar.seed.value(),
                               platform=w.request_bar.platform.currentData() or "android",
                               log_path=new_recording_path(_label(options.url)))
        except OSError as exc:
            w.banner.show_message(self.tr("Cannot create the recording: {error}").format(error=exc), "error")
            return None
        self.taskCreated.emit(task)
        self._stream.watch(task)  # aborts and replaces a stream still showing
        task.start()
        self._remember_url(options.url)
        self.save_settings()
        return task

    def request_options(self) -> RequestOptions:
        """The ``wx.request`` options the bar describes (raises ``OptionsError`` with the reason)."""
        w = self._window
        return RequestOptions.from_wx({
            "url": w.request_bar.url.currentText(),
            "method": w.request_bar.method.currentText(),
            "header": dict(w.request_details.header_pairs()),
            "data": self._body_data(),
            "timeout": w.request_bar.timeout.value(),
            "enableChunked": True,
        })

    def load_url(self, url: str) -> None:
        """Put a URL in the bar (``mpsim gui URL``): a plain GET, as wx.request's default."""
        w = self._window
        w.request_bar.url.setCurrentText(url)
        w.request_bar.method.setCurrentText("GET")
        w.request_details.body.setPlainText("")

    def apply_preset(self, endpoint: Endpoint, *, send: bool = False) -> bool:
        """Fill the bar with one demo endpoint (starting the demo server if needed)."""
        base = self.demo_url()
        if base is None:
            return False
        w = self._window
        w.request_bar.url.setCurrentText(base + endpoint.path)
        w.request_bar.method.setCurrentText(endpoint.method)
        body = ""
        if endpoint.sample_body is not None:
            try:
                body = json.dumps(json.loads(endpoint.sample_body), ensure_ascii=False, indent=2)
            except ValueError:
                body = endpoint.sample_body
        w.request_details.body.setPlainText(body)
        pairs = [(k, v) for k, v in w.request_details.header_pairs() if k.lower() != "content-type"]
        if endpoint.sample_body is not None:
            pairs.insert(0, ("content-type", "application/json"))
        w.request_details.set_header_pairs(pairs)
        mode, merge, field = _text_mode_for(endpoint)
        self._stream.set_text_mode(mode, merge_openai=merge, json_field=field)
        if send:
            self.send()
        return True

    def start_demo(self, *, send: bool = True) -> bool:
        """The one-click first look: the demo server's OpenAI stream, sent once the window shows."""
        endpoint = next(e for e in ENDPOINTS if e.path == _DEMO_PATH and e.method == "POST")
        if not self.apply_preset(endpoint):
            return False
        if send:
            QTimer.singleShot(0, self.send)
        return True

    def demo_url(self) -> str | None:
        if self._demo is None:
            try:
                self._demo = DemoServer().start()
            except OSError as exc:
                self._window.banner.show_message(
                    self.tr("The demo server could not start: {error}").format(error=exc), "error")
                return None
        return self._demo.url

    @property
    def demo_server(self) -> DemoServer | None:
        return self._demo

    def shutdown(self) -> None:
        self.save_settings()
        if self._demo is not None:
            self._demo.stop()
            self._demo = None

    # -- settings ----------------------------------------------------------------------------------
    def save_settings(self) -> None:
        s = self._settings
        if s is None:
            return
        w = self._window
        bar = w.request_bar
        s.set("request/url", bar.url.currentText())
        s.set("request/method", bar.method.currentText())
        s.set("request/headers", [list(p) for p in w.request_details.header_pairs()])
        s.set("request/body", w.request_details.body.toPlainText())
        s.set("request/profile", bar.profile.currentText())
        s.set("request/seed", bar.seed.value())
        s.set("request/platform", bar.platform.currentData() or "android")
        s.set("request/timeout", bar.timeout.value())
        s.set("request/history", self._history)

    def _restore(self) -> None:
        s = self._settings
        if s is None:
            return
        w = self._window
        bar = w.request_bar
        history = s.get_json("request/history", [])
        self._history = [u for u in history if isinstance(u, str)][:HISTORY_SIZE] if isinstance(history, list) else []
        bar.url.addItems(self._history)
        bar.url.setCurrentText(s.get_str("request/url", ""))
        method = s.get_str("request/method", "GET")
        if method in METHODS:
            bar.method.setCurrentText(method)
        headers = s.get_json("request/headers", [])
        if isinstance(headers, list):
            w.request_details.set_header_pairs([(str(p[0]), str(p[1])) for p in headers
                                                if isinstance(p, list) and len(p) == 2])
        w.request_details.body.setPlainText(s.get_str("request/body", ""))
        bar.profile.setCurrentText(s.get_str("request/profile", "random"))
        bar.seed.setValue(s.get_int("request/seed", 0))
        i = bar.platform.findData(s.get_str("request/platform", "android"))
        if i >= 0:
            bar.platform.setCurrentIndex(i)
        bar.timeout.setValue(s.get_int("request/timeout", DEFAULT_TIMEOUT_MS))

    def _remember_url(self, url: str) -> None:
        self._history = [url] + [u for u in self._history if u != url][: HISTORY_SIZE - 1]
        combo = self._window.request_bar.url
        combo.blockSignals(True)
        try:
            combo.clear()
            combo.addItems(self._history)
            combo.setCurrentText(url)
        finally:
            combo.blockSignals(False)

    @property
    def history(self) -> list[str]:
        return list(self._history)

    # -- handlers ----------------------------------------------------------------------------------
    def _on_send(self) -> None:
        self.send()

    def _on_abort(self) -> None:
        self._stream.abort()

    def _on_state_changed(self, state: str) -> None:
        busy = state != "idle"
        w = self._window
        w.request_bar.abort_button.setEnabled(busy)
        w.abort_action.setEnabled(busy)

    def _body_data(self) -> object:
        """``data`` as a mini-program would pass it: a JSON object/array as an object (so GET turns
        it into a query string, as wx.request does), anything else as a string."""
        text = self._window.request_details.body.toPlainText()
        if not text.strip():
            return None
        try:
            value = json.loads(text)
        except ValueError:
            return text
        return value if isinstance(value, dict | list) else text

    def _on_body_changed(self) -> None:
        details = self._window.request_details
        text = details.body.toPlainText()
        label = details.body_message
        stripped = text.strip()
        if not stripped:
            label.setText(self.tr("No body"))
            label.setStyleSheet("")
            return
        try:
            value = json.loads(text)
        except ValueError as exc:
            if stripped[0] in "{[\"":
                line = getattr(exc, "lineno", 0)
                col = getattr(exc, "colno", 0)
                msg = getattr(exc, "msg", str(exc))
                label.setText(self.tr("✗ Not valid JSON (line {line}, column {col}: {msg}); it would be sent "
                                      "as a plain string").format(line=line, col=col, msg=msg))
                label.setStyleSheet(_BAD_STYLE)
            else:
                label.setText(self.tr("Sent as a string ({n} bytes)").format(n=len(text.encode())))
                label.setStyleSheet("")
            return
        kind = self.tr("object") if isinstance(value, dict) else self.tr("array") if isinstance(value, list) \
            else self.tr("value")
        label.setText(self.tr("✓ Valid JSON {kind}: sent as JSON (GET: as a query string)").format(kind=kind))
        label.setStyleSheet(_OK_STYLE)

    def _on_profile_changed(self, *_args: object) -> None:
        bar = self._window.request_bar
        spec = bar.profile.currentText()
        try:
            profile = parse_profile(spec)
        except ProfileError as exc:
            bar.profile_message.setText("✗ " + core_error(exc, self.tr("Not a delivery profile: {error}")))
            bar.profile_message.setStyleSheet(_BAD_STYLE)
            bar.profile_message.setToolTip(str(exc))
            return
        key = "fixed:N" if profile.name == "fixed" else profile.name
        text = in_language(PROFILE_HELP.get(key, ""), PROFILE_HELP_ZH.get(key, ""))
        bar.profile_message.setText(text)
        bar.profile_message.setStyleSheet("")
        bar.profile_message.setToolTip(text)

    def _on_platform_changed(self, *_args: object) -> None:
        bar = self._window.request_bar
        name = bar.platform.currentData()
        if name in PLATFORMS:
            bar.platform.setToolTip(self._quirks_tooltip(name))

    def _on_add_header(self) -> None:
        table = self._window.request_details.headers
        row = self._window.request_details.append_header()
        table.setCurrentCell(row, 0)
        table.editItem(table.item(row, 0))

    def _on_remove_header(self) -> None:
        table = self._window.request_details.headers
        rows = sorted({i.row() for i in table.selectedIndexes()} or {table.currentRow()}, reverse=True)
        for row in rows:
            if row >= 0:
                table.removeRow(row)


def _label(url: str) -> str:
    path = urlsplit(url).path.strip("/")
    return path.replace("/", "-") or urlsplit(url).hostname or "request"


def _text_mode_for(endpoint: Endpoint) -> tuple[TextMode, bool, str]:
    """The text mode that shows a demo endpoint best: (mode, merge OpenAI deltas, JSON field)."""
    if endpoint.path.startswith("/v1/chat/"):
        return TextMode.APPEND, True, "text"
    if "overwrite" in endpoint.path:
        return TextMode.OVERWRITE, False, "text"
    if endpoint.path.startswith("/sse/"):
        return TextMode.APPEND, False, "text"
    return TextMode.BODY, False, "text"
