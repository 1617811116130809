"""``NetworkController``: the Network panel's behaviour, and the request bar's DevTools habits.

- Every request of the session is listed: the request bar's (``RequestController.taskCreated``) and the
  page's (``ScriptPanelController.requestStarting``), each counted by its ``NetworkEntry`` (a monitor
  added before the task starts), and every recording opened. Selecting one shows it in every view
  (its recording replayed), unless the views are showing a request still streaming.
- Two pinned requests are compared (``compare.py``); after a page run the page's text is compared
  with the correct decoding of its bytes (``core/garble.py``), said once in the console, and the
  split check (``mpsim check``) runs from the same tab.
- A ``curl`` command pasted into the URL box fills the bar; Copy as cURL and Copy as wx.request code;
  pacing presets beside the delivery profile; a second Send while streaming says what it did.
"""

from __future__ import annotations

import base64
import json
import threading
from itertools import islice
from pathlib import Path
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QEvent, QItemSelectionModel, QLocale, QModelIndex, QObject, QPoint, Qt, QTimer, Signal
from PySide6.QtGui import QAction, QGuiApplication, QKeyEvent, QKeySequence
from PySide6.QtWidgets import QBoxLayout, QLabel, QMenu, QTableWidgetItem, QWidget

from simulator.core.chunklog import LogError, read_log
from simulator.core.curl import CurlError, looks_like_curl, parse_curl, to_curl
from simulator.core.delivery import ProfileError, parse_profile
from simulator.core.export import iter_events
from simulator.core.garble import Garble, boundaries, correct_text, explain_garble
from simulator.core.options import METHODS, OptionsError, RequestOptions, serialize_data
from simulator.core.platforms import PLATFORMS
from simulator.core.task import RequestTask
from simulator.core.wxcode import wx_request_code
from simulator.runtime.program import DeviceNote, timeout_cut

from ..i18n import core_error
from ..text_choice import SAMPLE, choose_text_mode
from ..views import DropDownButton
from .compare import RunView
from .find import StreamFind
from .model import NetworkColumn, NetworkEntry, NetworkFilter, NetworkTableModel
from .panel import NetworkPanel

if TYPE_CHECKING:
    from simulator.gui.app import MainController

__all__ = ["PACING_PRESETS", "NetworkController"]

#: Pacing like the browsers' network throttling presets (Chrome DevTools, "Throttling":
#: https://developer.chrome.com/docs/devtools/settings/throttling): latency per delivery in ms, jitter,
#: and bandwidth in bytes per second. Only pacing changes; the cutting profile stays the user's.
PACING_PRESETS: tuple[tuple[str, str], ...] = (
    ("No throttling", ""),
    ("4G", "latency=40,jitter=20,bandwidth=1000000"),
    ("Fast 3G", "latency=280,jitter=60,bandwidth=180000"),
    ("Slow 3G", "latency=1000,jitter=200,bandwidth=50000"),
    ("Weak network", "latency=600,jitter=1500,bandwidth=12000"),
)
#: Longest recording read back to compare or explain (a page's answer is a few KiB).
MAX_COMPARE_BYTES = 16 * 1024 * 1024


class NetworkController(QObject):
    #: The garble explanation, once per page run (None: the page's text matches its bytes).
    explained = Signal(object)  # Garble | None
    splitChecked = Signal(str)  # the split check's report, or why it could not run

    def __init__(self, panel: NetworkPanel, main: MainController) -> None:
        super().__init__(panel)
        self.panel = panel
        self._main = main
        self._window = main.window
        self.model = NetworkTableModel(self)
        self.proxy = NetworkFilter(self)
        self.proxy.setSourceModel(self.model)
        self._numbers = 0
        self._run = 0  # mini-program runs started
        self._pending_select: tuple[NetworkEntry, int] | None = None  # chunk to select once replayed
        self._garble_entry: NetworkEntry | None = None
        self.garble: Garble | None = None
        self._checking = False
        self._url_len = 0
        self._device_said: set[str] = set()  # the causes a banner has told of (once per cause, per run)
        #: The page's requests waiting behind 10 others, by their number in the run: listed before sent.
        self._queued: dict[int, NetworkEntry] = {}
        self._setup_table()
        self._connect()
        self._add_request_actions()
        self._add_pacing_button()
        self._add_timeout_note()
        self.find = StreamFind(self._window, main.stream, self)
        self._update_count()

    # -- setup -------------------------------------------------------------------------------------
    def _setup_table(self) -> None:
        table = self.panel.table
        table.setModel(self.proxy)
        for col, width in ((NetworkColumn.NUMBER, 44), (NetworkColumn.METHOD, 58), (NetworkColumn.URL, 300),
                           (NetworkColumn.STATUS, 70), (NetworkColumn.DEVICE, 90), (NetworkColumn.SOURCE, 90),
                           (NetworkColumn.PROFILE, 110),
                           (NetworkColumn.CHUNKS, 64), (NetworkColumn.BYTES, 80), (NetworkColumn.TTFB, 70),
                           (NetworkColumn.DURATION, 90)):
            table.setColumnWidth(col, width)
        # Why a request would go otherwise on a phone, beside its status: in view in a narrow panel too.
        header = table.horizontalHeader()
        header.moveSection(header.visualIndex(NetworkColumn.DEVICE), header.visualIndex(NetworkColumn.STATUS) + 1)

    def _connect(self) -> None:
        p, main = self.panel, self._main
        p.filter.textChanged.connect(self._on_filter_changed)
        p.table.selectionModel().currentRowChanged.connect(self._on_row_changed)
        p.table.customContextMenuRequested.connect(self._on_context_menu)
        p.pin_a_button.clicked.connect(lambda: self.pin(0))
        p.pin_b_button.clicked.connect(lambda: self.pin(1))
        p.copy_curl_button.clicked.connect(lambda: self.copy_as_curl())
        p.copy_wx_button.clicked.connect(lambda: self.copy_as_wx_request())
        p.clear_button.clicked.connect(self.clear)
        p.garble.show_chunk_button.clicked.connect(self.show_garbled_chunk)
        p.garble.explain_button.clicked.connect(self._on_explain_selected)
        p.garble.check_button.clicked.connect(self.run_split_check)
        self.splitChecked.connect(self._on_split_checked)
        self.model.rowsInserted.connect(self._update_count)
        self.model.modelReset.connect(self._update_count)
        main.request.taskCreated.connect(self._on_bar_task)
        main.logs.opened.connect(self._on_log_opened)
        main.stream.finished.connect(self._on_stream_finished)
        if main.script is not None:
            main.script.requestStarting.connect(self._on_page_task)
            main.script.runStarted.connect(self._on_run_started)
            main.script.runFinished.connect(self._on_run_finished)
            main.script.deviceNote.connect(self._on_device_note)
        line = self._window.request_bar.url.lineEdit()
        line.installEventFilter(self)
        line.textEdited.connect(self._on_url_edited)

    def _add_request_actions(self) -> None:
        w = self._window
        self.copy_curl_action = QAction(self.tr("Copy as cURL"), self)
        self.copy_curl_action.setToolTip(self.tr("The request bar's request as a curl command"))
        self.copy_curl_action.triggered.connect(lambda: self.copy_as_curl(from_bar=True))
        self.copy_wx_action = QAction(self.tr("Copy as wx.request code"), self)
        self.copy_wx_action.setToolTip(self.tr("The request bar's request as the wx.request call a mini-program "
                                               "writes, with enableChunked and its listeners"))
        self.copy_wx_action.triggered.connect(lambda: self.copy_as_wx_request(from_bar=True))
        for action in w.menuBar().actions():
            menu = action.menu()
            if isinstance(menu, QMenu) and w.send_action in menu.actions():
                menu.insertSeparator(w.demo_action)
                menu.insertAction(w.demo_action, self.copy_curl_action)
                menu.insertAction(w.demo_action, self.copy_wx_action)
                menu.insertSeparator(w.demo_action)
                break

    def _add_pacing_button(self) -> None:
        bar = self._window.request_bar
        self.pacing_button = DropDownButton(self.tr("Throttling"))
        self.pacing_button.setObjectName("pacingPresets")
        self.pacing_button.setToolTip(self.tr("Network presets like the browsers' throttling: they set the "
                                              "delivery's pacing (latency, jitter, bandwidth) without sending"))
        menu = QMenu(self.pacing_button)
        names = {"No throttling": self.tr("No throttling"), "4G": self.tr("4G"), "Fast 3G": self.tr("Fast 3G"),
                 "Slow 3G": self.tr("Slow 3G"), "Weak network": self.tr("Weak network")}
        self.pacing_actions: dict[str, QAction] = {}
        for name, pacing in PACING_PRESETS:
            action = menu.addAction(names[name] + (f"   ({pacing})" if pacing else ""))
            action.triggered.connect(lambda _checked=False, n=name: self.apply_pacing(n))
            self.pacing_actions[name] = action
        self.pacing_button.setMenu(menu)
        row = self._row_of(bar.profile)
        if row is not None:
            row.insertWidget(row.indexOf(bar.profile) + 1, self.pacing_button)

    def _add_timeout_note(self) -> None:
        bar = self._window.request_bar
        self.timeout_note = QLabel()
        self.timeout_note.setObjectName("timeoutNote")
        row = self._row_of(bar.timeout)
        if row is not None:
            row.insertWidget(row.indexOf(bar.timeout) + 1, self.timeout_note)
        bar.timeout.valueChanged.connect(self._on_timeout_changed)
        bar.platform.currentIndexChanged.connect(self._on_timeout_changed)
        self._on_timeout_changed()

    def _row_of(self, widget: QWidget) -> QBoxLayout | None:
        """The request bar's row holding ``widget`` (to put a control beside it)."""
        layout = self._window.request_bar.layout()
        for i in range(layout.count() if layout else 0):
            row = layout.itemAt(i).layout()
            if isinstance(row, QBoxLayout) and row.indexOf(widget) >= 0:
                return row
        return None

    def effective_timeout_ms(self) -> tuple[int, int | None]:
        """(the timeout a request gets, the platform's cap or None): devices cut requests at 60 s."""
        bar = self._window.request_bar
        platform = PLATFORMS.get(bar.platform.currentData() or "android")
        cap = platform.timeout_cap_ms if platform is not None else None
        value = bar.timeout.value()
        return (min(value, cap) if cap else value), cap

    def _on_timeout_changed(self, *_args: object) -> None:
        effective, cap = self.effective_timeout_ms()
        # Short, beside the field on a laptop screen; the tooltip says why.
        if cap is None:
            text = self.tr("no cap")
        elif effective < self._window.request_bar.timeout.value():
            text = self.tr("→ {s:g} s (cap)").format(s=effective / 1000)
        else:
            text = self.tr("cap {s:g} s").format(s=cap / 1000)
        self.timeout_note.setText(text)
        self.timeout_note.setToolTip(self.tr("Devices cut every request at 60 s whatever timeout says; "
                                             "DevTools does not (https://developers.weixin.qq.com/miniprogram/dev/"
                                             "framework/ability/network.html)"))
        self.timeout_note.setStyleSheet("color: #c62828;" if cap and effective < self._window.request_bar.timeout
                                        .value() else "")

    # -- listing -----------------------------------------------------------------------------------
    def add_task(self, task: RequestTask, source: str) -> NetworkEntry:
        """List a task that has not started yet; its entry counts what it receives."""
        self._numbers += 1
        device = getattr(task, "device_notes", None)  # a page's request: what its run noted
        if device is None:
            device = [DeviceNote("cap", cut, 0, task.options.url)] \
                if (cut := timeout_cut(task.options.timeout, task.platform)) else []
        for note in list(device):
            # After the views have taken the request (showing one clears the banner).
            QTimer.singleShot(0, self, lambda n=note: self._tell_device_note(n))  # none once the window is gone
        waiting = next((self._queued.pop(n.request) for n in device
                        if n.kind == "queued" and n.request in self._queued), None) if source == "page" else None
        if waiting is not None:  # listed while it waited: the same row, now sent
            waiting.method, waiting.url, waiting.profile, waiting.log_path = (
                task.options.method, task.options.url, task.profile.spec, task.log_path)
            waiting.device, waiting.queued = device, False
            task.monitors.append(waiting)
            self.model.refresh_all()
            return waiting
        entry = NetworkEntry(number=self._numbers, source=source, method=task.options.method,
                             url=task.options.url, profile=task.profile.spec, log_path=task.log_path,
                             run=self._run if source == "page" else None, device=device)
        task.monitors.append(entry)
        self.model.add(entry)
        return entry

    def add_queued(self, note: DeviceNote) -> NetworkEntry:
        """A page's request waiting behind 10 running ones: listed as queued until it is sent."""
        self._numbers += 1
        entry = NetworkEntry(number=self._numbers, source="page", method="", url=note.url, profile="",
                             log_path=None, run=self._run, device=[note], queued=True)
        self._queued[note.request] = entry
        self.model.add(entry)
        return entry

    def add_refused(self, note: DeviceNote) -> NetworkEntry:
        """A page's request that failed without being sent, as on a phone: listed with the reason."""
        from simulator.core.device import DOMAIN_ERRMSG
        from simulator.core.stream import EndInfo

        err = DOMAIN_ERRMSG if note.kind == "domain" else "request:fail interrupted"
        entry = self._queued.pop(note.request, None)
        if entry is None:
            self._numbers += 1
            entry = NetworkEntry(number=self._numbers, source="page", method="", url=note.url, profile="",
                                 log_path=None, run=self._run, device=[note])
            self.model.add(entry)
        else:  # it waited, then failed unsent
            entry.device, entry.queued = [note], False
            self.model.refresh_all()
        entry.end = EndInfo(t_ms=0.0, reason="error" if note.kind == "domain" else "interrupted", err_msg=err,
                            detail=self.tr("not sent: {reason}").format(reason=note.text))
        return entry

    def add_recording(self, path: Path) -> NetworkEntry | None:
        try:
            log = read_log(path)
        except LogError:
            return None
        request = log.request
        self._numbers += 1
        entry = NetworkEntry(number=self._numbers, source="log", method=str(request.get("method", "")),
                             url=str(request.get("url", "")), profile=str(log.header.get("profile", "")),
                             log_path=log.path)
        self._fill_from_log(entry, log)
        self.model.add(entry)
        return entry

    @staticmethod
    def _fill_from_log(entry: NetworkEntry, log: Any) -> None:
        from simulator.core.stream import EndInfo, ResponseInfo

        r = log.response
        if r is not None:
            entry.response = ResponseInfo(t_ms=float(r.get("t", 0.0)), status=int(r.get("status", 0)),
                                          reason=str(r.get("reason", "")), http_version=str(r.get("http_version", "")),
                                          headers=[(str(k), str(v)) for k, v in r.get("headers", [])],
                                          url=str(r.get("url", entry.url)))
        e = log.end
        totals = (e or {}).get("totals", {}).get("delivered", {}) if e else {}
        entry.chunks, entry.bytes = int(totals.get("chunks", 0)), int(totals.get("bytes", 0))
        entry.end = EndInfo(t_ms=float((e or {}).get("t", 0.0)), reason=str((e or {}).get("reason", "incomplete")),
                            err_msg=str((e or {}).get("errMsg", "")))

    def entries(self) -> list[NetworkEntry]:
        return list(self.model.entries)

    def clear(self) -> None:
        self.model.clear()
        self.panel.compare.show_runs([None, None])

    def selected(self) -> NetworkEntry | None:
        index = self.panel.table.currentIndex()
        if not index.isValid():
            return None
        return self.model.entry_at(self.proxy.mapToSource(index).row())

    def select(self, entry: NetworkEntry) -> None:
        row = self.model.row_of(entry)
        if row is None:
            return
        index = self.proxy.mapFromSource(self.model.index(row, 0))
        if index.isValid():
            self.panel.table.selectionModel().setCurrentIndex(
                index, QItemSelectionModel.SelectionFlag.ClearAndSelect | QItemSelectionModel.SelectionFlag.Rows)

    def _on_bar_task(self, task: RequestTask) -> None:
        stream = self._main.stream
        replaced = stream.task if stream.busy and stream.task is not None and not stream.task.done else None
        entry = self.add_task(task, "bar")
        if replaced is not None:
            old = next((e for e in self.model.entries if e.log_path == replaced.log_path), None)
            number = old.number if old is not None else "?"
            # After send() has shown the new request (which clears the banner).
            QTimer.singleShot(0, self, lambda: self._window.banner.show_message(self.tr(
                "Send while streaming: request #{old} was aborted and #{new} replaced it in the views; #{old} "
                "stays in the Network list with what it received.").format(old=number, new=entry.number), "info"))

    def _on_page_task(self, task: RequestTask) -> None:
        self.add_task(task, "page")

    def _on_log_opened(self, path: object) -> None:
        log_path = Path(str(path))
        self._window.setWindowTitle(self.tr("{file} — mpsim").format(file=log_path.name))
        self.restore_request(log_path)
        self.choose_text_mode(log_path)
        if not any(e.log_path == log_path for e in self.model.entries):
            self.add_recording(log_path)

    def choose_text_mode(self, path: Path) -> None:
        """The text view in the mode the recording's content reads best in (``text_choice.py``)."""
        try:
            events = [e["data"] for e in islice(iter_events(read_log(path)), SAMPLE)]
        except (LogError, OSError):
            return
        mode, merge, field = choose_text_mode(events)
        self._main.stream.set_text_mode(mode, merge_openai=merge, json_field=field)

    def restore_request(self, path: Path) -> bool:
        """Put a recording's request back in the request bar (secrets stay redacted as recorded)."""
        try:
            log = read_log(path)
        except LogError:
            return False
        request, header = log.request, log.header
        w = self._window
        bar, details = w.request_bar, w.request_details
        method = str(request.get("method", "GET"))
        if method in METHODS:
            bar.method.setCurrentText(method)
        bar.url.setCurrentText(str(request.get("url", "")))
        details.set_header_pairs([(str(h[0]), str(h[1])) for h in request.get("headers", [])
                                  if isinstance(h, list) and len(h) == 2])
        try:
            body = base64.b64decode(str(request.get("body_b64", ""))).decode("utf-8", "replace")
        except ValueError:
            body = ""
        try:
            body = json.dumps(json.loads(body), ensure_ascii=False, indent=2) if body.strip() else body
        except ValueError:
            pass
        details.body.setPlainText(body)
        profile = header.get("profile")
        if isinstance(profile, str) and profile:
            bar.profile.setCurrentText(profile)
        i = bar.platform.findData(header.get("platform"))
        if i >= 0:
            bar.platform.setCurrentIndex(i)
        if isinstance(header.get("seed"), int):
            bar.seed.setValue(header["seed"])
        timeout = (header.get("options") or {}).get("timeout")
        if isinstance(timeout, int) and timeout > 0:
            bar.timeout.setValue(timeout)
        return True

    def _on_filter_changed(self, text: str) -> None:
        self.proxy.set_text(text)
        self._update_count()

    def _update_count(self, *_args: object) -> None:
        shown, total = self.proxy.rowCount(), self.model.rowCount()
        self.panel.count.setText(self.tr("%n request(s)", "", total) if shown == total else
                                 self.tr("{shown} of {total}").format(shown=shown, total=total))

    # -- selection: every view ---------------------------------------------------------------------
    def _on_row_changed(self, current: QModelIndex, _previous: QModelIndex) -> None:
        entry = self.model.entry_at(self.proxy.mapToSource(current).row()) if current.isValid() else None
        if entry is None:
            return
        self._show_details(entry)
        self.show_in_views(entry)

    def show_in_views(self, entry: NetworkEntry) -> bool:
        """Show the entry's recording in every view (replayed); False when it cannot be shown now."""
        stream = self._main.stream
        if entry.log_path is None:
            return False
        if stream.log_path == entry.log_path:
            return True
        if stream.busy and stream.task is not None and not stream.task.done:
            self._window.banner.show_message(self.tr(
                "The views are showing a request still streaming; select #{n} again once it ends.").format(
                n=entry.number), "info")
            return False
        if entry.live:
            return False
        try:
            log = read_log(entry.log_path)
        except LogError as exc:
            self._window.banner.show_message(core_error(exc, self.tr("Cannot read the recording: {error}")), "error")
            return False
        stream.replay_log(log)
        return True

    def _show_details(self, entry: NetworkEntry) -> None:
        p = self.panel
        headers = entry.response.headers if entry.response is not None else []
        p.response_headers.setRowCount(0)
        for k, v in headers:
            row = p.response_headers.rowCount()
            p.response_headers.insertRow(row)
            p.response_headers.setItem(row, 0, QTableWidgetItem(k))
            p.response_headers.setItem(row, 1, QTableWidgetItem(v))
        p.response_headers.resizeColumnToContents(0)
        lines = [f"{entry.method} {entry.url}"]
        if entry.start is not None:
            lines += [f"{k}: {_shown_header(k, v)}" for k, v in entry.start.headers]
            if entry.start.body:
                lines += ["", entry.start.body[:4000].decode("utf-8", "replace")]
        if entry.response is not None:
            r = entry.response
            lines += ["", f"{r.http_version} {r.status} {r.reason}", self.tr("levels: {levels}").format(
                levels=", ".join(f"{k}: {v}" for k, v in r.levels.items()))]
        if entry.end is not None:
            lines += ["", self.tr("end: {reason} {err} {detail}").format(reason=entry.end.reason,
                                                                       err=entry.end.err_msg, detail=entry.end.detail)]
        if entry.log_path is not None:
            lines += [self.tr("recording: {path}").format(path=entry.log_path)]
        p.request_view.setPlainText("\n".join(lines))

    def _on_stream_finished(self, _end: object) -> None:
        pending, self._pending_select = self._pending_select, None
        if pending is not None and self._main.stream.log_path == pending[0].log_path:
            self._main.stream.select_chunk("delivered", pending[1])

    def _on_context_menu(self, pos: QPoint) -> None:
        entry = self.selected()
        if entry is None:
            return
        menu = QMenu(self.panel.table)
        menu.addAction(self.tr("Pin as A"), lambda: self.pin(0))
        menu.addAction(self.tr("Pin as B"), lambda: self.pin(1))
        menu.addSeparator()
        menu.addAction(self.tr("Copy as cURL"), lambda: self.copy_as_curl())
        menu.addAction(self.tr("Copy as wx.request code"), lambda: self.copy_as_wx_request())
        menu.addAction(self.tr("Copy URL"), lambda: QGuiApplication.clipboard().setText(entry.url))
        menu.addSeparator()
        menu.addAction(self.tr("Why garbled? (compare with the page's text)"), self._on_explain_selected)
        menu.popup(self.panel.table.viewport().mapToGlobal(pos))

    # -- compare -----------------------------------------------------------------------------------
    def pin(self, slot: int, entry: NetworkEntry | None = None) -> None:
        entry = entry if entry is not None else self.selected()
        if entry is None:
            self._window.banner.show_message(self.tr("Select a request in the Network list to pin it."), "info")
            return
        self.model.set_pin(slot, entry)
        self.refresh_compare()
        if all(self.model.pins):
            self.panel.tabs.setCurrentWidget(self.panel.compare)

    def refresh_compare(self) -> None:
        self.panel.compare.show_runs([self._run_view(slot, e) if e is not None else None
                                      for slot, e in enumerate(self.model.pins)], chinese=_chinese())

    def _run_view(self, slot: int, entry: NetworkEntry) -> RunView:
        label = f"{'AB'[slot]} · #{entry.number} {entry.profile}"
        chunks, note = self._delivered(entry)
        if chunks is None:
            return RunView(label, 0, [], entry.page_text, "", notes=[note])
        source, text = correct_text(chunks, entry.page_text)
        garble = explain_garble(chunks, entry.page_text) if entry.page_text is not None else None
        return RunView(label, sum(map(len, chunks)), boundaries(chunks), entry.page_text, text, garble,
                       [note] if note else [])

    def _delivered(self, entry: NetworkEntry) -> tuple[list[bytes] | None, str]:
        if entry.live:
            return None, self.tr("still streaming: pin it again once it ends")
        if entry.log_path is None:
            return None, self.tr("no recording")
        if entry.bytes > MAX_COMPARE_BYTES:
            return None, self.tr("{n:,} bytes: too big to compare here").format(n=entry.bytes)
        try:
            return [c.data for c in read_log(entry.log_path).chunks("delivered")], ""
        except (LogError, OSError) as exc:
            return None, str(exc)

    # -- why garbled -------------------------------------------------------------------------------
    def _on_run_started(self) -> None:
        self._run += 1
        self._device_said.clear()
        self._queued.clear()

    def _on_device_note(self, note: DeviceNote) -> None:
        if note.refused:
            self.add_refused(note)
        elif note.kind == "queued" and note.request not in self._queued:
            self.add_queued(note)
        elif note.kind in ("domain", "cap", "queued"):
            return  # about a request about to start: its row and banner come with it (add_task)
        else:
            self.model.refresh_all()  # a background interruption adds to a row already listed
        self._tell_device_note(note)

    def _tell_device_note(self, note: DeviceNote) -> None:
        """The banner, once per cause: why this would go otherwise on a phone."""
        if note.kind in self._device_said:
            return
        self._device_said.add(note.kind)
        level = "error" if note.refused or note.kind == "background" else "warn"
        self._window.banner.show_message(self.tr("On a phone: {url} — {reason}. The Network list's Device column "
                                                 "says why for each request.").format(url=note.url, reason=note.text),
                                         level)

    def _on_run_finished(self, _result: object) -> None:
        from simulator.core.stream import EndInfo

        for entry in self._queued.values():  # the run ended before they were sent
            entry.queued = False
            entry.end = EndInfo(t_ms=0.0, reason="incomplete", err_msg="",
                                detail=self.tr("not sent: the run ended while it waited"))
        if self._queued:
            self._queued.clear()
            self.model.refresh_all()
        script = self._main.script
        if script is None:
            return
        text = self._page_text()
        mine = [e for e in self.model.entries if e.source == "page" and e.run == self._run]
        for e in mine:
            e.page_text = text
        candidates = [e for e in mine if not e.live and e.bytes > 0]
        if not candidates or text is None:
            return
        garble = self.explain(candidates[-1])
        if garble is not None:
            script.note(garble.zh if _chinese() else garble.en, "warn")

    def _page_text(self) -> str | None:
        script = self._main.script
        if script is None:
            return None
        from simulator.gui.miniprogram import value_at

        found, value = value_at(script.page_data, script.view.path.currentText().strip() or "answer")
        return value if found and isinstance(value, str) else None

    def explain(self, entry: NetworkEntry, shown: str | None = None) -> Garble | None:
        """Compare ``shown`` (default: the page's text when its run ended) with the entry's bytes."""
        view = self.panel.garble
        shown = shown if shown is not None else entry.page_text
        self._garble_entry = entry
        self.garble = None
        view.show_chunk_button.setEnabled(False)
        if shown is None:
            view.explanation.setText(self.tr("Request #{n} has no page text to compare: run a page, and choose "
                                             "the data path the phone shows.").format(n=entry.number))
            self.explained.emit(None)
            return None
        chunks, note = self._delivered(entry)
        if chunks is None:
            view.explanation.setText(note)
            self.explained.emit(None)
            return None
        garble = explain_garble(chunks, shown)
        self.garble = garble
        if garble is None:
            view.explanation.setText(self.tr("Request #{n}: the page's text matches the correct decoding of its "
                                             "{bytes:,} bytes in {chunks:,} callbacks.").format(
                n=entry.number, bytes=sum(map(len, chunks)), chunks=len(chunks)))
        else:
            view.explanation.setText(self.tr("Request #{n}: {sentence}").format(
                n=entry.number, sentence=garble.zh if _chinese() else garble.en))
            view.show_chunk_button.setEnabled(garble.chunk is not None)
        self.panel.tabs.setCurrentWidget(view)
        self.explained.emit(garble)
        return garble

    def show_garbled_chunk(self) -> None:
        """Select the chunk that holds the first wrong character, in every view (hex view included)."""
        entry, garble = self._garble_entry, self.garble
        if entry is None or garble is None or garble.chunk is None:
            return
        stream = self._main.stream
        if stream.log_path == entry.log_path and not stream.busy:
            stream.select_chunk("delivered", garble.chunk)
            return
        self._pending_select = (entry, garble.chunk)
        if not self.show_in_views(entry):
            self._pending_select = None

    def _on_explain_selected(self) -> None:
        entry = self.selected()
        if entry is None:
            self.panel.garble.explanation.setText(self.tr("Select a request of the page in the Network list."))
            return
        self.explain(entry, entry.page_text if entry.page_text is not None else self._page_text())

    def run_split_check(self) -> bool:
        """``mpsim check`` on the page script in the editor and the explained (or selected) recording."""
        view = self.panel.garble
        script = self._main.script
        entry = self._garble_entry or self.selected()
        if self._checking:
            return False
        if script is None or entry is None or entry.log_path is None or entry.live:
            view.output.setPlainText(self.tr("The split check needs a page script in the editor and a finished "
                                             "request selected in the Network list."))
            return False
        source = script.view.editor.toPlainText()
        name = script.script_name
        log_path = entry.log_path
        self._checking = True
        view.check_button.setEnabled(False)
        view.output.setPlainText(self.tr("Split check of {script} against {log}…").format(script=name, log=log_path))

        def work() -> None:
            from simulator.runtime.splitcheck import SplitCheckError, split_check

            try:
                report = split_check(source, log_path, trials=20, script_name=name)
                text = report.summary()
            except SplitCheckError as exc:
                text = str(exc)
            except Exception as exc:  # noqa: BLE001 - shown to the user, the window goes on
                text = f"{type(exc).__name__}: {exc}"
            self.splitChecked.emit(text)

        threading.Thread(target=work, name="mpsim-split-check", daemon=True).start()
        return True

    def _on_split_checked(self, text: str) -> None:
        self._checking = False
        self.panel.garble.check_button.setEnabled(True)
        self.panel.garble.output.setPlainText(text)

    # -- request bar habits ------------------------------------------------------------------------
    def copy_as_curl(self, *, from_bar: bool = False) -> str | None:
        got = self._request_parts(from_bar)
        if got is None:
            return None
        url, method, headers, body, _ = got
        text = to_curl(url, method, headers, body)
        QGuiApplication.clipboard().setText(text)
        return text

    def copy_as_wx_request(self, *, from_bar: bool = False) -> str | None:
        got = self._request_parts(from_bar)
        if got is None:
            return None
        options = got[4]
        text = wx_request_code(options)
        QGuiApplication.clipboard().setText(text)
        return text

    def _request_parts(self, from_bar: bool) -> tuple[str, str, list[tuple[str, str]], bytes, RequestOptions] | None:
        banner = self._window.banner
        entry = None if from_bar else self.selected()
        try:
            if entry is None:
                options = self._main.request.request_options()
                url, body, header = serialize_data(options)
                return url, options.method, list(header.items()), body, options
            if entry.start is not None:
                s = entry.start
                options = RequestOptions.from_wx(s.options) if s.options.get("url") else RequestOptions(url=s.url)
                return s.url, s.method, list(s.headers), s.body, options
            options = RequestOptions(url=entry.url, method=entry.method)
            return entry.url, entry.method, [], b"", options
        except OptionsError as exc:
            banner.show_message(core_error(exc, self.tr("The request is not valid: {error}")), "error")
            return None

    def paste_curl(self, text: str) -> bool:
        """Fill method, URL, headers and body from a curl command; nothing is sent."""
        w = self._window
        try:
            req = parse_curl(text)
        except CurlError as exc:
            w.banner.show_message(core_error(exc, self.tr("Not a curl command mpsim can read: {error}")), "error")
            return False
        if req.method not in METHODS:
            w.banner.show_message(self.tr("The curl command uses {method}, which wx.request cannot send "
                                          "({methods}).").format(method=req.method, methods=", ".join(METHODS)),
                                  "error")
            return False
        bar, details = w.request_bar, w.request_details
        bar.method.setCurrentText(req.method)
        bar.url.setCurrentText(req.url)
        details.set_header_pairs(req.headers)
        body = req.body or ""
        try:
            body = json.dumps(json.loads(body), ensure_ascii=False, indent=2) if body.strip() else body
        except ValueError:
            pass
        details.body.setPlainText(body)
        note = self.tr("Filled from the curl command: {method} with %n header(s), ", "", len(req.headers)).format(
            method=req.method)
        note += self.tr("a {n}-byte body").format(n=len((req.body or "").encode())) if req.body else self.tr("no body")
        if req.ignored:
            note += self.tr("; ignored: {options}").format(options=" ".join(req.ignored))
        w.banner.show_message(note + self.tr(". Press Send to send it."), "info")
        self._url_len = len(req.url)
        return True

    def apply_pacing(self, name: str) -> bool:
        """Put a throttling preset's pacing on the delivery profile; nothing is sent."""
        pacing = dict(PACING_PRESETS)[name]
        bar = self._window.request_bar
        base = bar.profile.currentText().split(",")[0].strip() or "random"
        spec = base + ("," + pacing if pacing else "")
        try:
            parse_profile(spec)
        except ProfileError as exc:
            self._window.banner.show_message(core_error(exc, self.tr("Not a delivery profile: {error}")), "error")
            return False
        bar.profile.setCurrentText(spec)
        return True

    def _on_url_edited(self, text: str) -> None:
        grew = len(text) - self._url_len
        self._url_len = len(text)
        if grew > 8 and looks_like_curl(text):  # a paste, not typing
            self.paste_curl(text)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802 - Qt's name
        if event.type() == QEvent.Type.KeyPress and isinstance(event, QKeyEvent):
            line = self._window.request_bar.url.lineEdit()
            if watched is line and event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter) \
                    and looks_like_curl(line.text()):
                self.paste_curl(line.text())  # Enter on a typed curl command fills the bar instead of sending
                return True
            if watched is line and event.matches(QKeySequence.StandardKey.Paste):
                clip = QGuiApplication.clipboard().text()
                if looks_like_curl(clip):
                    self.paste_curl(clip)
                    return True
        return super().eventFilter(watched, event)


def _chinese() -> bool:
    return QLocale().language() == QLocale.Language.Chinese


_SECRET_HEADERS = {"authorization", "cookie", "proxy-authorization"}


def _shown_header(name: str, value: str) -> str:
    """Secrets are not shown on screen (they are still sent, and Copy as cURL keeps them)."""
    return "•••" if name.lower() in _SECRET_HEADERS and value else value
