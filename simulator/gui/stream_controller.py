"""``StreamController``: shows one stream (live or replayed) in every view.

The stream reaches the GUI thread only through a ``StreamFeed`` (a monitor that queues on the
request's thread) and a ``QTimer`` that drains it into the ``StreamStore`` every ``TICK_MS``. Views
are refreshed from the store on their own schedule: at most one view per tick (chunk table, text,
event table, timeline, in turn), each no more often than its minimum interval or ``COST_FACTOR``
times what its last refresh and paint cost, so the GUI thread never spends long in one go whatever
the stream's rate. Nothing runs per chunk on the GUI thread.

The tick and every paint that enters Python run inside a *paint guard* that holds the request
thread at its next chunk (``paint.py``): with the GIL, the two threads take turns anyway, and this
way no entry into Python from the event loop waits for a GIL hand-over.

Public API: ``watch(task)`` shows a ``RequestTask`` that has not started yet (whoever created it, the
request bar or the mini-program panel), ``replay_log(log)`` shows a recorded one, ``abort()``,
``select_chunk(level, seq)``; signals ``started``, ``responded``, ``finished(EndInfo)``,
``stateChanged(str)``, ``chunkSelected(str, int)``.
"""

from __future__ import annotations

import threading
import time
from bisect import bisect_right
from collections.abc import Iterator
from contextlib import AbstractContextManager, contextmanager, nullcontext
from pathlib import Path

from PySide6.QtCore import QElapsedTimer, QItemSelectionModel, QModelIndex, QObject, Qt, QTimer, Signal
from PySide6.QtGui import QColor, QTextCharFormat, QTextCursor
from PySide6.QtWidgets import QTextEdit

from simulator.core.chunklog import ChunkLog, replay
from simulator.core.stream import EndInfo
from simulator.core.task import RequestTask
from simulator.core.text import chunk_marks

from .answer import LONG_LINE, AnswerComposer, TextMode, fold_long_lines
from .feed import StreamFeed
from .i18n import core_error, end_reason_name, level_name
from .main_window import MainWindow
from .models import ChunkColumn, ChunkTableModel, EventColumn, EventTableModel
from .renderers import Content
from .settings import Settings
from .store import StoreDelta
from .timeline import format_bytes

__all__ = ["StreamController"]

_HIGHLIGHT = QColor(255, 214, 102, 140)


def _utf16_len(text: str) -> int:
    """Length in UTF-16 code units: QTextDocument positions count an emoji as two."""
    return len(text.encode("utf-16-le")) // 2


class StreamController(QObject):
    started = Signal(object)  # RequestStart
    responded = Signal(object)  # ResponseInfo
    finished = Signal(object)  # EndInfo, once per watched or replayed stream that ran to its end
    stateChanged = Signal(str)  # "idle" | "connecting" | "streaming" | "aborting" | "replaying"
    chunkSelected = Signal(str, int)  # level, seq

    TICK_MS = 50
    BACKLOG_TICK_MS = 5  # while more than one batch is queued (a fast replay)
    MAX_ROWS_PER_TICK = 4000
    #: Minimum seconds between two refreshes of a view while streaming.
    MIN_REFRESH_S = {"chunks": 0.3, "text": 0.1, "events": 0.4, "timeline": 0.4}
    COST_FACTOR = 8  # a view costing c seconds (refresh + paint) refreshes at most every 8c
    ABORT_GRACE_MS = 1500
    TEXT_CAP = 200_000  # characters shown in the text view (10x a long answer); Export > text has all
    # Characters appended to the text view at most per refresh: laying out 50,000 held the window
    # 15-95 ms when a recording was opened (its text arrives at once).
    TEXT_PER_REFRESH = 20_000
    HEX_MAX = 1 << 20  # bytes of one chunk laid out in the hex view (a chunk can be 200 MiB)

    def __init__(self, window: MainWindow, settings: Settings | None = None) -> None:
        super().__init__(window)
        self._window = window
        self._settings = settings
        self.store = window.store
        self.chunk_model = ChunkTableModel(self.store, self)
        self.event_model = EventTableModel(self.store, self)
        self.composer = AnswerComposer()
        self._feed: StreamFeed | None = None
        self._task: RequestTask | None = None
        self._log_path: Path | None = None
        self._state = "idle"
        self._clock = QElapsedTimer()
        self._timer = QTimer(self)
        self._timer.setInterval(self.TICK_MS)
        self._timer.timeout.connect(self._on_tick)
        self._abort_timer = QTimer(self)
        self._abort_timer.setSingleShot(True)
        self._abort_timer.timeout.connect(self._on_abort_overdue)
        self._selecting = False
        self._selected: tuple[str, int] | None = None
        self._shown_chars = 0  # characters in the text view (capped at TEXT_CAP)
        self._text_full = False  # the text view reached TEXT_CAP and says so
        self._line_len = 0  # length of the text view's last line
        self._breaks: list[int] = []  # where the text view shows a break the text does not have
        # Refresh scheduling: views with news, when each may refresh next, what each cost last.
        self._dirty: set[str] = set()
        self._due = dict.fromkeys(self.MIN_REFRESH_S, 0.0)
        self._cost = dict.fromkeys(self.MIN_REFRESH_S, 0.0)
        self._order = list(self.MIN_REFRESH_S)
        self._pending_body: list[str] = []  # decoded body text not yet given to the text view
        self._text_backlog = ""  # composed text held back by the per-refresh bound
        self._text_events = 0  # events already given to the text view
        self._pending_chars = 0  # characters in _pending_body
        self._log_notes: list[str] = []  # what the opened log's reader said about it (ChunkLog.notes)
        self._wire_views()
        self._restore_view_options()
        self._update_status()

    # -- wiring ------------------------------------------------------------------------------------
    def _wire_views(self) -> None:
        w = self._window
        table = w.chunk_pane.table
        table.setModel(self.chunk_model)
        for col, width in ((ChunkColumn.SEQ, 52), (ChunkColumn.TIME, 72), (ChunkColumn.SIZE, 52),
                           (ChunkColumn.LEVEL, 70), (ChunkColumn.TEXT, 190), (ChunkColumn.HEX, 200)):
            table.setColumnWidth(col, width)
        table.selectionModel().currentRowChanged.connect(self._on_chunk_row_changed)
        table.paint_guard = lambda: self._paint_guard("chunks")
        w.events_pane.table.paint_guard = lambda: self._paint_guard("events")
        w.timeline.paint_guard = lambda: self._paint_guard("timeline")
        w.chunk_inspector.hex.view.paint_guard = lambda: self._paint_guard("")
        combo = w.chunk_pane.level
        for text, level in ((self.tr("delivered"), "delivered"), (self.tr("read"), "read"),
                            (self.tr("wire"), "wire"), (self.tr("all levels"), "")):
            combo.addItem(text, level)
        combo.currentIndexChanged.connect(self._on_level_changed)
        self.chunk_model.set_level("delivered")

        events = w.events_pane.table
        events.setModel(self.event_model)
        for col, width in ((EventColumn.INDEX, 48), (EventColumn.TYPE, 72), (EventColumn.ID, 48),
                           (EventColumn.DATA, 300), (EventColumn.RETRY, 48), (EventColumn.CHUNKS, 70)):
            events.setColumnWidth(col, width)
        events.selectionModel().currentRowChanged.connect(self._on_event_row_changed)

        w.timeline.chunkClicked.connect(self._on_timeline_clicked)

        pane = w.text_pane
        for text, mode in ((self.tr("Decoded body"), TextMode.BODY), (self.tr("Events: append"), TextMode.APPEND),
                           (self.tr("Events: overwrite"), TextMode.OVERWRITE)):
            pane.mode.addItem(text, mode.value)
        tip = Qt.ItemDataRole.ToolTipRole
        pane.mode.setItemData(0, self.tr("The delivered bytes decoded with a streaming UTF-8 decoder"), tip)
        pane.mode.setItemData(1, self.tr("Each SSE event adds its data (or OpenAI delta) to the answer"), tip)
        pane.mode.setItemData(2, self.tr("Each SSE event carries the whole answer so far: show the latest"), tip)
        pane.mode.currentIndexChanged.connect(self._on_text_options_changed)
        pane.merge.toggled.connect(self._on_text_options_changed)
        pane.field.setText("text")
        pane.field.editingFinished.connect(self._on_text_options_changed)

    def _restore_view_options(self) -> None:
        s = self._settings
        if s is None:
            self._sync_text_controls()
            return
        level = s.get_str("view/level", "delivered")
        i = self._window.chunk_pane.level.findData(level)
        if i >= 0:
            self._window.chunk_pane.level.setCurrentIndex(i)
        saved = s.get_str("view/text_mode", TextMode.BODY.value)
        mode = TextMode(saved) if saved in {m.value for m in TextMode} else TextMode.BODY
        self.set_text_mode(mode, merge_openai=s.get_bool("view/merge_openai", True),
                           json_field=s.get_str("view/json_field", "text"))

    def save_settings(self) -> None:
        s = self._settings
        if s is None:
            return
        s.set("view/level", self._window.chunk_pane.level.currentData() or "")
        s.set("view/text_mode", self.composer.mode.value)
        s.set("view/merge_openai", self.composer.merge_openai)
        s.set("view/json_field", self.composer.json_field)

    # -- public ------------------------------------------------------------------------------------
    @property
    def state(self) -> str:
        return self._state

    @property
    def busy(self) -> bool:
        return self._feed is not None

    @property
    def task(self) -> RequestTask | None:
        return self._task

    @property
    def log_path(self) -> Path | None:
        """The recording of what the views show (the watched task's log, or the opened log)."""
        return self._log_path

    def watch(self, task: RequestTask) -> StreamFeed:
        """Show ``task`` in every view from its first event; the caller starts it.

        The task must not have started (monitors are read as it runs). A stream already showing is
        aborted first: a second Send replaces the first.
        """
        if task.done or task.elapsed_ms() > 0:
            raise RuntimeError("watch() needs a RequestTask that has not started yet: call it before start()")
        feed = StreamFeed(openai_deltas=self._wants_openai_deltas())
        task.monitors.append(feed)
        self._begin(feed, "connecting")
        self._task = task
        self._log_path = task.log_path
        self.store.attach_log(task.log_path)
        return feed

    def replay_log(self, log: ChunkLog) -> StreamFeed:
        """Feed a recorded stream through the same path as a live one (on a thread, at once)."""
        feed = StreamFeed(openai_deltas=self._wants_openai_deltas())
        self._begin(feed, "replaying")
        self._log_path = log.path
        self._log_notes = list(log.notes)
        self.store.attach_log(log.path)

        def run() -> None:
            try:
                replay(log, [feed])
            except Exception as exc:  # a log damaged mid-file: show what was read, then why
                if not feed.ended:
                    feed.on_end(EndInfo(t_ms=feed.last_t_ms, reason="error", err_msg="", detail=str(exc)))

        threading.Thread(target=run, name="mpsim-replay", daemon=True).start()
        return feed

    def abort(self) -> None:
        """Abort what is showing; the UI is idle again within ``ABORT_GRACE_MS`` whatever happens."""
        feed = self._feed
        if feed is None:
            return
        if self._task is not None:
            self._task.abort()  # thread-safe; its end arrives through the feed
            self._set_state("aborting")
            self._abort_timer.start(self.ABORT_GRACE_MS)
        else:
            feed.close()
            self._finish(EndInfo(t_ms=self._now_ms(), reason="abort", err_msg="",
                                 detail=self.tr("replay stopped")))

    def shutdown(self, wait_s: float = 2.0) -> None:
        """Window closing: abort, give the request thread a moment to close its log, detach."""
        task = self._task
        self._detach()
        if task is not None:
            task.abort()
            task.wait(wait_s)
        self.save_settings()

    def set_text_mode(self, mode: TextMode, *, merge_openai: bool | None = None,
                      json_field: str | None = None) -> None:
        pane = self._window.text_pane
        blockers = [pane.mode.blockSignals(True), pane.merge.blockSignals(True)]
        try:
            pane.mode.setCurrentIndex(max(0, pane.mode.findData(mode.value)))
            if merge_openai is not None:
                pane.merge.setChecked(merge_openai)
            if json_field is not None:
                pane.field.setText(json_field)
        finally:
            pane.mode.blockSignals(blockers[0])
            pane.merge.blockSignals(blockers[1])
        self._on_text_options_changed()

    def select_chunk(self, level: str, seq: int, *, event: int | None = None) -> None:
        """Select one chunk in every view: table, hex, events, text and timeline."""
        if self._selecting or self.store.row_of(level, seq) is None:
            return
        self._selecting = True
        try:
            self._selected = (level, seq)
            w = self._window
            row = self.chunk_model.row_for(level, seq)
            table = w.chunk_pane.table
            if row is not None and table.currentIndex().row() != row:
                index = self.chunk_model.index(row, 0)
                table.selectionModel().setCurrentIndex(
                    index, QItemSelectionModel.SelectionFlag.ClearAndSelect | QItemSelectionModel.SelectionFlag.Rows)
                table.scrollTo(index)
            self._show_chunk(level, seq)
            delivered = self.store.delivered_seq_at(level, seq)
            if event is None and delivered is not None:
                event = self.store.event_at(delivered)
            if event is not None:
                self._show_event(event)
                etable = w.events_pane.table
                if etable.currentIndex().row() != event:
                    eindex = self.event_model.index(event, 0)
                    etable.selectionModel().setCurrentIndex(
                        eindex,
                        QItemSelectionModel.SelectionFlag.ClearAndSelect | QItemSelectionModel.SelectionFlag.Rows)
                    etable.scrollTo(eindex)
            self._highlight_text(delivered)
            w.timeline.set_selected(level, seq)
        finally:
            self._selecting = False
        self.chunkSelected.emit(level, seq)

    @property
    def selected_chunk(self) -> tuple[str, int] | None:
        return self._selected

    # -- lifecycle ---------------------------------------------------------------------------------
    def _begin(self, feed: StreamFeed, state: str) -> None:
        self._detach()
        self._window.banner.dismiss()
        self._reset_views()
        self._feed = feed
        self._clock.start()
        self._timer.setInterval(self.TICK_MS)
        self._timer.start()
        self._set_state(state)
        self._update_status()

    def _detach(self) -> None:
        """Stop showing the current stream without waiting for it (its task is aborted)."""
        if self._task is not None:
            self._task.abort()
        if self._feed is not None:
            self._feed.close()
        self._feed = None
        self._task = None
        self._timer.stop()
        self._abort_timer.stop()

    def _reset_views(self) -> None:
        w = self._window
        self.store.clear()
        self.chunk_model.reset()
        self.event_model.reset()
        self._selected = None
        self._shown_chars = 0
        self._text_full = False
        self._line_len = 0
        self._breaks = []
        self._dirty.clear()
        self._due = dict.fromkeys(self.MIN_REFRESH_S, 0.0)
        self._pending_body.clear()
        self._pending_chars = 0
        self._log_notes = []
        self._text_backlog = ""
        self._text_events = 0
        w.text_pane.edit.clear()
        w.text_pane.edit.setExtraSelections([])
        w.text_pane.note.clear()
        w.chunk_inspector.show_content(None)
        w.events_pane.detail.show_content(None)
        w.timeline.set_selected("", None)
        w.timeline.update()

    def _finish(self, end: EndInfo) -> None:
        self._timer.stop()
        self._abort_timer.stop()
        self._feed = None
        self._task = None
        if self.store.end is None:
            self.store.end = end
        # Everything is in the log now: what was held for speed goes as the stream ends, not at
        # the next request.
        self.store.release()
        self._set_state("idle")
        self._update_status()
        self._window.timeline.update()
        self._report(end)
        self.finished.emit(end)

    def _report(self, end: EndInfo) -> None:
        """Errors and surprises go to the banner, in words (never a dialog)."""
        banner = self._window.banner
        if end.reason in ("error", "disconnect", "timeout"):
            text = end.err_msg or self.tr("The stream ended with an error")
            if end.detail and end.detail not in text:
                text += " — " + end.detail
            banner.show_message(core_error(text, self.tr("The request failed: {error}")), "error")
        elif end.reason == "incomplete":
            text = self.tr("This recording was interrupted: {detail}").format(detail=end.detail)
            notes = [n for n in self._log_notes if "no end line" not in n]  # that one says the same
            banner.show_message(" · ".join([text, *notes]), "warning")
        elif self._log_notes:
            banner.show_message(" · ".join(self._log_notes), "warning")
        elif end.reason == "complete" and self.store.response is not None and self.store.response.status >= 400:
            r = self.store.response
            banner.show_message(self.tr(
                "The server answered {status} {reason}. wx.request still calls success (request:ok) for any "
                "HTTP status: check res.statusCode. The body is in the views.").format(
                status=r.status, reason=r.reason), "warning")

    def _set_state(self, state: str) -> None:
        if state != self._state:
            self._state = state
            self.stateChanged.emit(state)
            self._update_status()

    # -- draining ----------------------------------------------------------------------------------
    def _on_tick(self) -> None:
        feed = self._feed
        if feed is None:
            self._timer.stop()
            return
        # The whole tick holds the request thread (one chunk at most later): the GIL would make the
        # two take turns anyway, and this way no Qt call in here waits for a hand-over.
        with feed.paused():
            batch = feed.take(self.MAX_ROWS_PER_TICK)
            if batch:
                self._note(self.store.extend(batch))
            ended = self.store.end is not None
            # Once the stream has ended, the views with news refresh one per tick regardless of
            # their schedule, and the stream is finished when none is left.
            self._refresh(now_due=ended)
            done = ended and not self._dirty
            if not done:
                busy = batch.more or ended
                self._timer.setInterval(self.BACKLOG_TICK_MS if busy else self.TICK_MS)
                self._update_status()
        if done:
            self._finish(self.store.end)  # type: ignore[arg-type]

    def _note(self, delta: StoreDelta) -> None:
        store = self.store
        if delta.started and store.start is not None:
            self.started.emit(store.start)
        if delta.responded and store.response is not None:
            if self._state == "connecting":
                self._set_state("streaming")
            self.responded.emit(store.response)
        if delta.rows:
            self._dirty.update(("chunks", "timeline"))
        if delta.events:
            self._dirty.update(("events", "text"))
        if delta.text:
            # The text view stops at TEXT_CAP characters: hold no more than it can still show (and
            # one more, which shows the note saying so).
            room = self.TEXT_CAP + 1 - self._shown_chars - self._pending_chars
            if room > 0:
                self._pending_body.append(delta.text[:room])
                self._pending_chars += min(room, len(delta.text))
            self._dirty.add("text")

    def _refresh(self, *, now_due: bool = False) -> None:
        """Refresh the view whose turn it is; ``now_due``: whatever its schedule says."""
        if not self._dirty:
            return
        now = time.perf_counter()
        with self._paint_guard(""):
            for name in list(self._order):
                if name not in self._dirty or (not now_due and now < self._due[name]):
                    continue
                t0 = time.perf_counter()
                more = getattr(self, f"_refresh_{name}")()
                cost = time.perf_counter() - t0 + self._cost[name]
                self._due[name] = now + max(self.MIN_REFRESH_S[name], self.COST_FACTOR * cost)
                if not more:
                    self._dirty.discard(name)
                self._order.remove(name)
                self._order.append(name)
                break

    def _refresh_chunks(self) -> bool:
        w = self._window
        self.chunk_model.sync()
        if w.chunk_pane.follow.isChecked():
            w.chunk_pane.table.scrollToBottom()
        self._update_counts()
        return False

    def _refresh_events(self) -> bool:
        w = self._window
        self.event_model.sync()
        if w.chunk_pane.follow.isChecked():
            w.events_pane.table.scrollToBottom()
        self._update_counts()
        return False

    def _refresh_timeline(self) -> bool:
        self._window.timeline.update()
        return False

    def _refresh_text(self) -> bool:
        """Give the text view what arrived; returns True when some is held back for next time."""
        events = self.store.events
        # Each event is made again from the store when asked for: the body shows none, and once the
        # view is full (TEXT_CAP, its note shown) appended events show nothing more.
        unseen = self.composer.mode is TextMode.BODY or (self._text_full and self.composer.mode is TextMode.APPEND)
        new = events[self._text_events:] if not unseen else []
        self._text_events = len(events)
        body = "".join(self._pending_body)
        self._pending_body.clear()
        self._pending_chars = 0
        update = self.composer.update(new, body)
        text, replace = update if update is not None else ("", False)
        if replace:
            self._text_backlog = ""
            self._show_text(text, True)
            return False
        text = self._text_backlog + text
        # A bounded append per refresh: laying out text costs the GUI thread in proportion.
        room = max(0, self.TEXT_CAP - self._shown_chars)
        # One character past the room is kept: _show_text sees the cap reached and says so.
        self._text_backlog = text[self.TEXT_PER_REFRESH:room + 1] if room > self.TEXT_PER_REFRESH else ""
        text = text[: min(self.TEXT_PER_REFRESH, room + 1)]
        if text:
            self._show_text(text, False)
        return bool(self._text_backlog)

    @contextmanager
    def _paint_guard(self, view: str) -> Iterator[None]:
        """Hold the request thread while a view paints (see ``paint.py``); remember the cost."""
        feed = self._feed
        guard: AbstractContextManager[object] = feed.paused() if feed is not None else nullcontext()
        t0 = time.perf_counter()
        with guard:
            yield
        if view:
            self._cost[view] = time.perf_counter() - t0

    def _show_text(self, text: str, replace: bool) -> None:
        pane = self._window.text_pane
        room = self.TEXT_CAP - (0 if replace else self._shown_chars)
        self._text_full = self._text_full and not replace
        notes = []
        if len(text) > room:
            text = text[: max(room, 0)]
            self._text_full = True
            notes.append(self.tr("Showing the first {n:,} characters: File > Export > text has them all")
                         .format(n=self.TEXT_CAP))
        if replace:
            self._shown_chars, self._line_len, self._breaks = 0, 0, []
        shown, breaks, self._line_len = fold_long_lines(text, self._line_len)
        if breaks:
            self._breaks.extend(self._shown_chars + b for b in breaks)
        if self._breaks:
            notes.append(self.tr("Lines over {n:,} characters are shown broken").format(n=LONG_LINE))
        if notes and pane.note.text() != " · ".join(notes):
            pane.note.setText(" · ".join(notes))
        if replace:
            pane.replace(shown)
        elif shown:
            pane.append(shown, follow=pane.at_end())
        self._shown_chars += len(text)

    def _on_abort_overdue(self) -> None:
        feed = self._feed
        if feed is None or self._state != "aborting":
            return
        # The request thread did not end in time (stuck in connect, say): free the UI now; the task
        # still ends by itself and closes its log.
        feed.close()
        self._finish(EndInfo(t_ms=self._now_ms(), reason="abort", err_msg="request:fail abort",
                             detail=self.tr("the request thread had not stopped after abort(); "
                                            "it finishes in the background")))

    # -- status ------------------------------------------------------------------------------------
    def _now_ms(self) -> float:
        s = self.store
        if s.end is not None:
            return s.end.t_ms
        if self._feed is not None and self._task is not None:
            return float(self._clock.elapsed())
        last = [times[-1] for times in s.times.values() if times]
        return max(last) if last else 0.0

    def _update_counts(self) -> None:
        w = self._window
        s = self.store
        level = self.chunk_model.level
        n = s.count(level) if level else len(s.rows)
        w.chunk_pane.count.setText(self.tr("%n chunk(s)", "", n))
        w.events_pane.count.setText(self.tr("%n event(s)", "", len(s.events)))

    def _update_status(self) -> None:
        st = self._window.status
        s = self.store
        names = {"idle": self.tr("Idle"), "connecting": self.tr("Connecting…"), "streaming": self.tr("Streaming"),
                 "aborting": self.tr("Aborting…"), "replaying": self.tr("Replaying log")}
        st.set("state", names.get(self._state, self._state))
        r = s.response
        st.set("http", self.tr("HTTP {status} {reason}").format(status=r.status, reason=r.reason) if r else "HTTP —",
               r.http_version if r else "")
        delivered = s.total_bytes("delivered")
        st.set("bytes", format_bytes(delivered), self.tr("delivered {d} · read {r} · wire {w} bytes").format(
            d=delivered, r=s.total_bytes("read"), w=s.total_bytes("wire")))
        st.set("chunks", self.tr("%n chunk(s)", "", s.count("delivered")),
               self.tr("delivered {d} · read {r} · wire {w}").format(
                   d=s.count("delivered"), r=s.count("read"), w=s.count("wire")))
        st.set("events", self.tr("%n event(s)", "", len(s.events)))
        now = self._now_ms()
        rate = delivered / (now / 1000.0) if now > 0 else 0.0
        st.set("rate", self.tr("{rate}/s").format(rate=format_bytes(rate)))
        st.set("elapsed", self.tr("{s:.2f} s").format(s=now / 1000.0))
        end = s.end
        if end is not None:
            text = end_reason_name(end.reason) + (f" · {end.err_msg}" if end.err_msg else "")
            st.set("end", text, end.detail)
        else:
            st.set("end", "")
        self._update_counts()

    # -- selection ---------------------------------------------------------------------------------
    def _on_chunk_row_changed(self, current: QModelIndex, _previous: QModelIndex) -> None:
        if self._selecting or not current.isValid():
            return
        if self.busy:  # the user picked a row: stop jumping to the newest one
            self._window.chunk_pane.follow.setChecked(False)
        level, seq = self.chunk_model.chunk_at(current.row())
        self.select_chunk(level, seq)

    def _on_event_row_changed(self, current: QModelIndex, _previous: QModelIndex) -> None:
        if self._selecting or not current.isValid():
            return
        i = current.row()
        ev = self.store.events[i][0]
        if ev.first_chunk >= 0 and self.store.row_of("delivered", ev.first_chunk) is not None:
            self.select_chunk("delivered", ev.first_chunk, event=i)
        else:
            self._show_event(i)

    def _on_timeline_clicked(self, level: str, seq: int) -> None:
        self.select_chunk(level, seq)

    def _show_chunk(self, level: str, seq: int) -> None:
        s = self.store
        row = s.row_of(level, seq)
        if row is None:
            return
        data = s.data(row)
        _, _, t_ms, size, _, _ = s.row_info(row)
        marks = s.marks(row)
        notes = []
        if marks is not None:
            if marks.starts_inside:
                notes.append(self.tr("starts inside a character"))
            if marks.ends_inside:
                notes.append(self.tr("ends inside a character"))
            if marks.invalid:
                notes.append(self.tr("%n invalid sequence(s)", "", len(marks.invalid)))
        if size and not data:
            notes.append(self.tr("its bytes are not in the log any more"))
        after = s.after(level, seq)
        if len(data) > self.HEX_MAX:
            notes.append(self.tr("first {n:,} bytes shown").format(n=self.HEX_MAX))
            data, after = data[:self.HEX_MAX], data[self.HEX_MAX:self.HEX_MAX + 3]
            marks = None if marks is None else chunk_marks(data, s.before(level, seq))
        title = self.tr("{level} #{seq} · {size} bytes · at {t:.1f} ms").format(
            level=level_name(level), seq=seq, size=size, t=t_ms)
        if notes:
            title += " · " + ", ".join(notes)
        self._window.chunk_inspector.show_content(Content(
            data, title=title, marks=marks, before=s.before(level, seq), after=after))

    def _show_event(self, i: int) -> None:
        ev, t_ms, _ = self.store.events[i]
        title = self.tr("event #{i} · {type} · chunks {a}–{b} · at {t:.1f} ms").format(
            i=i, type=ev.type, a=ev.first_chunk, b=ev.last_chunk, t=t_ms)
        self._window.events_pane.detail.show_content(Content(ev.data.encode(), title=title, text=ev.data))

    def _highlight_text(self, delivered: int | None) -> None:
        edit = self._window.text_pane.edit
        if delivered is None or self.composer.mode is not TextMode.BODY:
            edit.setExtraSelections([])
            return
        a, b = self.store.char_range(delivered)
        if a >= self._shown_chars:
            edit.setExtraSelections([])
            return
        text = self.store.text
        b = min(b, self._shown_chars)
        # Positions in the view: UTF-16 units, plus one for each break the view inserted before.
        start = _utf16_len(text[:a]) + bisect_right(self._breaks, a)
        end = start + _utf16_len(text[a:b]) + bisect_right(self._breaks, b) - bisect_right(self._breaks, a)
        cursor = QTextCursor(edit.document())
        cursor.setPosition(start)
        cursor.setPosition(end, QTextCursor.MoveMode.KeepAnchor)
        sel = QTextEdit.ExtraSelection()
        sel.cursor = cursor
        fmt = QTextCharFormat()
        fmt.setBackground(_HIGHLIGHT)
        sel.format = fmt
        edit.setExtraSelections([sel])
        view_cursor = QTextCursor(edit.document())
        view_cursor.setPosition(start)
        edit.setTextCursor(view_cursor)
        edit.ensureCursorVisible()

    # -- view options ------------------------------------------------------------------------------
    def _on_level_changed(self, _index: int) -> None:
        level = self._window.chunk_pane.level.currentData() or None
        self.chunk_model.set_level(level)
        self._window.timeline.set_level(level or "delivered")
        self._update_counts()
        if self._selected is not None:
            sel, self._selected = self._selected, None
            self.select_chunk(*sel)

    def _on_text_options_changed(self, *_args: object) -> None:
        pane = self._window.text_pane
        self.composer.mode = TextMode(pane.mode.currentData() or TextMode.BODY.value)
        self.composer.merge_openai = pane.merge.isChecked()
        self.composer.json_field = pane.field.text().strip()
        if self._feed is not None:
            self._feed.openai_deltas = self._wants_openai_deltas()
        self._sync_text_controls()
        pane.note.clear()
        self._shown_chars = 0
        self._pending_body.clear()
        self._pending_chars = 0
        self._text_backlog = ""
        self._text_events = len(self.store.events)
        self._dirty.discard("text")
        pane.edit.setExtraSelections([])
        self._show_text(self.composer.full(self.store, limit=self.TEXT_CAP + 1), True)

    def _wants_openai_deltas(self) -> bool:
        return self.composer.mode is TextMode.APPEND and self.composer.merge_openai

    def _sync_text_controls(self) -> None:
        pane = self._window.text_pane
        pane.merge.setVisible(self.composer.mode is TextMode.APPEND)
        pane.field.setVisible(self.composer.mode is TextMode.OVERWRITE)
