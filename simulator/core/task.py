"""``RequestTask``: the one semantics engine for ``wx.request({enableChunked: true})``.

The CLI, the GUI and the JS runtime all drive this class; none of them re-implements any of it.
Contract (``docs/wechat-request-api.md`` sections 2, 3 and 7, and docs/product.md A):

- order: ``onHeadersReceived`` -> ``onChunkReceived``* -> ``success`` (any HTTP status, errMsg
  ``request:ok``, ``data`` is "" when chunked) or ``fail`` (``request:fail abort`` / ``timeout`` /
  ``<reason>``) -> ``complete``, exactly once, never both;
- ``off*(fn)`` removes that same function object, ``off*()`` removes all (RequestTask.offChunkReceived doc);
- after ``abort()`` returns no listener is called again (unless the platform's chunks-after-abort
  quirk is on) and the connection is really closed;
- ``timeout`` (ms, default 60000) covers the whole request, streaming included (docs/wechat-request-api.md §4.8).

Listeners and callbacks run on the thread that runs the task (``run()`` or the one ``start()`` made).
"""

from __future__ import annotations

import json
import ssl
import threading
import time
from collections.abc import Callable, Iterable
from contextlib import closing
from pathlib import Path
from typing import Any

import httpcore
import httpx

from .delivery import IDLE_WINDOW_MS, Cutter, DeliveryProfile, WireCutter, parse_profile
from .device import device_headers
from .options import RequestOptions, serialize_data
from .platforms import PlatformProfile, get_platform
from .stream import Chunk, EndInfo, RequestStart, ResponseInfo, StreamMonitor
from .transport import MAX_HEAD_BYTES, BodyDecoding, BodyDecodingError, ObservedTransport, WireObserver, shown_bytes

__all__ = ["ERRNO", "RequestTask"]

Listener = Callable[[dict[str, Any]], Any]

# errno values from the official "Errno错误码" page (docs/wechat-request-api.md §2). A plain timeout's errno is
# UNCONFIRMED there; 5 is the general "time out" code.
ERRNO = {"timeout": 5, "network": 600000, "invalid_url": 600009, "abort": None, "interrupted": 600003}
QUIRK_AFTER_ABORT_S = 3.0  # how long chunks keep flowing after abort() when that quirk is on


class _Stopped(Exception):
    """Raised inside the read loop once the task was aborted or timed out."""


class RequestTask:
    #: How long chunks keep flowing after abort() when the platform's chunks-after-abort quirk is on.
    after_abort_window_s = QUIRK_AFTER_ABORT_S

    def __init__(
        self,
        options: RequestOptions,
        *,
        profile: str | DeliveryProfile = "passthrough",
        seed: int = 0,
        platform: str | PlatformProfile = "android",
        monitors: Iterable[StreamMonitor] = (),
        log_path: Path | str | None = None,
        success: Listener | None = None,
        fail: Listener | None = None,
        complete: Listener | None = None,
        appid: str | None = None,
        verify: ssl.SSLContext | bool = True,
    ) -> None:
        self.options = options
        self.appid = appid  # for the Referer a device sends (device.referer); None: the tourist appid
        self.verify = verify  # TLS: True (system CAs), False (mpsim record --insecure) or a context (--cacert)
        self.profile = parse_profile(profile) if isinstance(profile, str) else profile
        self.seed = seed
        self.platform = get_platform(platform) if isinstance(platform, str) else platform
        self.monitors: list[StreamMonitor] = list(monitors)
        self.log_path = Path(log_path) if log_path else None
        if self.log_path is not None:
            from .chunklog import ChunkLogWriter

            self.monitors.insert(0, ChunkLogWriter(self.log_path))
        self._success, self._fail, self._complete = success, fail, complete
        self._headers_listeners: list[Listener] = []
        self._chunk_listeners: list[Listener] = []
        self._lock = threading.RLock()
        self._stop_reason: str | None = None  # "abort" | "timeout" once stopped
        self._stopped = threading.Event()
        self._done = threading.Event()
        self._observer = WireObserver()
        self._thread: threading.Thread | None = None
        self._t0 = 0.0
        self._quirk_until: float | None = None  # chunks-after-abort window end
        self._callback_fired = False
        self.response: ResponseInfo | None = None
        self.end: EndInfo | None = None
        self.listener_errors: list[BaseException] = []
        self.totals = {lvl: {"chunks": 0, "bytes": 0} for lvl in ("wire", "read", "delivered")}
        self.first_byte_ms: float | None = None
        self._plain_body = bytearray()
        # The delivery stage of the response (set by _deliverer): what it holds is handed over before
        # success/fail (_settle). ``_take_observed`` moves the pieces the observer read into it.
        self._cutter: Cutter | None = None
        self._feed: Callable[[bytes | None, float], None] | None = None
        self._take_observed: Callable[[], None] | None = None
        self._settling = False
        self._hand_over_at: float | None = None  # time.perf_counter() by which held bytes go out
        self._client: httpx.Client | None = None  # made by _prepare, with the request as it is sent
        self._request: httpx.Request | None = None
        self._notes: list[str] = []  # said in the end's detail, after the reason (e.g. a truncated gzip body)

    # -- RequestTask methods (wx names in snake_case) -------------------------------------------
    def on_headers_received(self, listener: Listener) -> None:
        with self._lock:
            self._headers_listeners.append(listener)

    def off_headers_received(self, listener: Listener | None = None) -> None:
        with self._lock:
            _remove(self._headers_listeners, listener)

    def on_chunk_received(self, listener: Listener) -> None:
        with self._lock:
            self._chunk_listeners.append(listener)

    def off_chunk_received(self, listener: Listener | None = None) -> None:
        with self._lock:
            _remove(self._chunk_listeners, listener)

    def abort(self) -> None:
        """Stop the request: fail with ``request:fail abort``; no listener runs after this returns."""
        self._stop("abort")

    def interrupt(self) -> None:
        """The mini-program has been in the background for 5 s: fail with ``request:fail interrupted``
        (DOC-NET, errno 600003; docs/device.md)."""
        self._stop("interrupted")

    # -- running ---------------------------------------------------------------------------------
    def start(self) -> RequestTask:
        """Run on a background thread; returns at once."""
        self._thread = threading.Thread(target=self.run, name="mpsim-request", daemon=True)
        self._thread.start()
        return self

    def wait(self, timeout: float | None = None) -> bool:
        return self._done.wait(timeout)

    @property
    def done(self) -> bool:
        return self._done.is_set()

    @property
    def aborted(self) -> bool:
        return self._stop_reason is not None

    def elapsed_ms(self) -> float:
        return (time.perf_counter() - self._t0) * 1000.0 if self._t0 else 0.0

    def run(self) -> EndInfo:
        """Run the request on this thread until it ends; returns how it ended."""
        self._t0 = time.perf_counter()
        opts = self.options
        timeout_ms = self._timeout_ms()
        timer = threading.Timer(timeout_ms / 1000.0, self._stop, args=("timeout",))
        timer.daemon = True
        timer.start()
        try:
            url, body, headers = serialize_data(opts)
            headers = device_headers(headers, self.platform, self.appid)
            if opts.redirect == "manual" and self.platform.has("redirect_query"):
                # DevTools quirk (docs/wechat-request-api.md §4.2)
                url += ("&" if "?" in url else "?") + "_wx_redirect=manual"
            start = RequestStart(
                url=url, method=opts.method, headers=list(headers.items()), body=body,
                options=opts.to_wx(), profile=self.profile.spec, seed=self.seed,
                platform=self.platform.name, started_at=time.time())
            try:
                self._client, self._request = self._prepare(start, timeout_ms)
            except httpx.HTTPError as exc:  # a URL httpx cannot send
                self._emit("on_start", start)
                return self._network_failure(exc)
            self._emit("on_start", start)
            end = self._fetch(url, body, headers, timeout_ms)
        except Exception as exc:  # a bug in a monitor or stage must still end the task once
            end = self._end("error", f"request:fail {exc}", ERRNO["network"], f"{type(exc).__name__}: {exc}")
        finally:
            timer.cancel()
            if self._client is not None:
                self._client.close()  # a stand-in's _fetch (replay) does not use it
        return end

    def _prepare(self, start: RequestStart, timeout_ms: int) -> tuple[httpx.Client, httpx.Request]:
        """The client and the request as it will be sent; ``start.headers`` becomes every header sent,
        the ones httpx adds too (Host, Accept, Accept-Encoding, Connection, Content-Length...)."""
        opts = self.options
        transport = ObservedTransport(self._observer, http2=opts.enableHttp2, retries=0, verify=self.verify)
        client = httpx.Client(
            transport=transport, follow_redirects=opts.redirect == "follow", max_redirects=10,
            timeout=httpx.Timeout(timeout_ms / 1000.0))
        try:
            request = client.build_request(opts.method, start.url, headers=_wire_headers(dict(start.headers)),
                                           content=start.body or None,
                                           extensions={"trace": self._observer.timings.trace})
        except BaseException:
            client.close()
            raise
        start.headers = [(k.decode("latin-1"), _header_text(v)) for k, v in request.headers.raw]
        return client, request

    def _fetch(self, url: str, body: bytes, headers: dict[str, str], timeout_ms: int) -> EndInfo:
        opts = self.options
        client, request = self._client, self._request
        # Without enableChunked no listener sees chunks; the body goes to success(res.data). PC WeChat
        # fires no chunks and hands the whole body to success (docs/wechat-request-api.md §4.3).
        plain = not opts.enableChunked or self.platform.has("no_chunks")
        chunked_body = self._plain_body if plain else None
        try:
            with client, closing(client.send(request, stream=True)) as resp:
                self._check_stopped()
                info = self._response_info(resp)
                self.response = info
                self._emit("on_response", info)
                self._fire_headers(resp)
                if opts.redirect == "manual" and resp.is_redirect:
                    # "onHeadersReceived fires and the request ends" (docs/wechat-request-api.md §1, redirect)
                    return self._end("complete", "request:ok", None, "")
                self._stream_body(resp, info, chunked_body)
                return self._end("complete", "request:ok", None, "")
        except _Stopped:
            return self._stopped_end()
        except httpx.HTTPError as exc:
            if self._stop_reason:
                return self._stopped_end()
            return self._network_failure(exc)

    def _stream_body(self, resp: httpx.Response, info: ResponseInfo, body: bytearray | None) -> None:
        observer = self._observer
        identity = info.content_encoding is None
        wire_observed = info.levels.get("wire") == "observed"
        # The wire profile cuts the bytes as read where the server's chunks end, so that it can hand
        # over a chunk still arriving when the network goes quiet (delivery.WireCutter).
        wire_cut = WireCutter() if self.profile.name == "wire" and wire_observed and identity else None
        cutter = wire_cut or self.profile.cutter(self.seed)
        feed = self._deliverer(cutter, self.profile.clock(self.seed), body)
        observer.hand_over_at = lambda: self._hand_over_at
        observer.hand_over = lambda: feed(None, self.elapsed_ms())

        def take_observed() -> None:
            for level, data, at in observer.drain():
                t = (at - self._t0) * 1000.0
                if self.first_byte_ms is None:
                    self.first_byte_ms = t
                self._record(level, data, t)
                if not identity:
                    continue  # the reads are encoded: the decoded bytes are fed below
                if level == "read":
                    feed(data, t)
                elif wire_cut is not None:
                    wire_cut.chunk_ended(len(data))
                    feed(b"", t)

        self._take_observed = take_observed
        stream = resp.extensions.get("network_stream")
        if observer.framing is not None and identity and stream is not None:
            # Fast path for the common case (HTTP/1.1, chunked, no Content-Encoding): the observer
            # already decodes the framing of every read, so letting httpx parse the same bytes again
            # chunk by chunk would only double the work. Read the connection's network stream (the
            # documented httpcore "network_stream" extension) directly; httpx closes the connection
            # when the response closes, as the h11 state is then unfinished.
            framing = observer.framing
            take_observed()
            while not framing.done:
                if framing.error:
                    raise httpx.RemoteProtocolError(framing.error)
                self._check_stopped()
                try:
                    data = stream.read(65536)
                except (httpcore.ReadError, httpcore.ReadTimeout, OSError) as exc:
                    raise httpx.ReadError(str(exc) or type(exc).__name__) from exc
                if not data:
                    raise httpx.RemoteProtocolError(
                        f"the server closed the connection {framing.where()}")
                take_observed()
        else:
            observed = observer.failed is None
            decoder = None if identity else BodyDecoding(info.content_encoding or "")
            for raw in resp.iter_raw():
                if observed:
                    take_observed()
                else:
                    now = self.elapsed_ms()
                    if self.first_byte_ms is None:
                        self.first_byte_ms = now
                    self._record("read", raw, now)
                    if identity:
                        feed(raw, now)
                if decoder is not None:
                    feed(self._decode(decoder, raw), self.elapsed_ms())
                self._check_stopped()
            if observed:  # pieces read together with the end of the body
                take_observed()
            if decoder is not None:
                self._note_unfinished(decoder, info.content_encoding or "")
        feed(None, self.elapsed_ms())

    def _decode(self, decoder: BodyDecoding, raw: bytes) -> bytes:
        try:
            return decoder.feed(raw)
        except BodyDecodingError as exc:
            raise httpx.DecodingError(f"{exc}, after {decoder.decoded} decoded bytes") from None

    def _note_unfinished(self, decoder: BodyDecoding, encoding: str) -> None:
        if decoder.undecoded:
            self._notes.append(f"Content-Encoding {', '.join(decoder.undecoded)} is not one this tool decodes: "
                               "the body was delivered as received")
        for name in decoder.unfinished:
            # Success, as a device reports it: Chromium's network stack (Android's Cronet) ends a
            # response whose HTTP framing is complete without checking that the gzip stream reached
            # its end; see docs/delivery.md. The note makes the cut visible.
            self._notes.append(f"warning: the {name} body ended before its end marker: it was cut short; "
                               f"{decoder.decoded} decoded bytes delivered")

    def _deliverer(self, cutter: Cutter, clock, body: bytearray | None) -> Callable[[bytes | None, float], None]:
        """The delivery stage: feed(bytes, arrival_ms) cuts and hands over; feed(None, t) hands over all held.

        Pieces go to the listeners (or to ``body`` without enableChunked), each recorded as
        ``delivered``; once ``abort()`` has closed the listeners they are counted as dropped instead.
        """
        def feed(data: bytes | None, arrival_ms: float) -> None:
            pieces = cutter.feed(data) if data is not None else cutter.flush()
            stopped = False
            for piece in pieces:
                if clock is not None and not (stopped or self._settling):
                    wait = clock.due(arrival_ms, len(piece)) - self.elapsed_ms()
                    stopped = wait > 0 and self._stopped.wait(wait / 1000.0)
                if body is not None:
                    if self._stop_reason == "abort":
                        self._drop(piece)
                        continue
                    self._record("delivered", piece, self.elapsed_ms())
                    body.extend(piece)
                elif not self._fire_chunk(piece):
                    self._drop(piece)
            # The oldest byte held is handed over at most IDLE_WINDOW_MS after it came (docs/delivery.md).
            if not cutter.held:
                self._hand_over_at = None
            elif self._hand_over_at is None:
                self._hand_over_at = time.perf_counter() + IDLE_WINDOW_MS / 1000.0
            if stopped:
                self._check_stopped()

        self._cutter, self._feed = cutter, feed
        return feed

    def _drop(self, piece: bytes) -> None:
        dropped = self.totals.setdefault("dropped", {"chunks": 0, "bytes": 0})
        dropped["chunks"] += 1
        dropped["bytes"] += len(piece)

    def _settle(self) -> None:
        """Before success/fail: the bytes read but not yet delivered are handed over now.

        A device would have handed them to the listeners within milliseconds of reading them,
        before it reported the end; only after ``abort()`` no listener hears of them (PRODUCT A,
        docs/wechat-request-api.md §3), and they are counted in the end's ``totals["dropped"]`` so that read =
        delivered + dropped.
        """
        if self._feed is None:
            return
        self._settling = True
        try:
            if self._take_observed is not None:
                self._take_observed()
            self._feed(None, self.elapsed_ms())
        except _Stopped:
            pass
        finally:
            self._settling = False

    # -- listeners ---------------------------------------------------------------------------------
    def _listeners_open(self) -> bool:
        # A timeout or an interruption still hands over what was read before fail; only abort()
        # closes the listeners.
        if self._stop_reason != "abort":
            return True
        return self._quirk_until is not None and time.perf_counter() < self._quirk_until

    def _fire_headers(self, resp: httpx.Response) -> None:
        res: dict[str, Any] = {"header": _header_dict(resp.headers),
                               "cookies": resp.headers.get_list("set-cookie")}
        if self.platform.headers_status_code:
            res["statusCode"] = resp.status_code
        with self._lock:
            if not self._listeners_open():
                return
            for fn in list(self._headers_listeners):
                self._call(fn, res)

    def _fire_chunk(self, data: bytes) -> bool:
        """Record ``data`` as delivered and call the chunk listeners; False once abort() closed them."""
        with self._lock:
            if not self._listeners_open():
                return False
            self._record("delivered", data, self.elapsed_ms())
            for fn in list(self._chunk_listeners):
                self._call(fn, {"data": data})
            return True

    def _call(self, fn: Listener, arg: dict[str, Any]) -> None:
        try:
            fn(arg)
        except Exception as exc:  # a listener's error is the listener's, not the request's
            self.listener_errors.append(exc)

    # -- stopping ----------------------------------------------------------------------------------
    def _stop(self, reason: str) -> None:
        with self._lock:
            if self._stop_reason is not None or self._done.is_set():
                return
            self._stop_reason = reason
            quirk = reason == "abort" and self.platform.chunks_after_abort
            if quirk:
                self._quirk_until = time.perf_counter() + self.after_abort_window_s
        self._stopped.set()
        if not quirk:
            self._observer.kill()

    def _check_stopped(self) -> None:
        if self._stop_reason is None:
            return
        if self._quirk_until is None:
            raise _Stopped
        # Device quirk: fail/complete now, chunks keep coming until the window closes.
        if not self._callback_fired:
            self._fire_callbacks(self._fail, {"errMsg": "request:fail abort", "errno": ERRNO["abort"]})
        if time.perf_counter() >= self._quirk_until:
            self._observer.kill()
            raise _Stopped

    def _stopped_end(self) -> EndInfo:
        if self._stop_reason == "timeout":
            return self._end("timeout", "request:fail timeout", ERRNO["timeout"],
                             f"the whole request took longer than {self._timeout_ms()} ms")
        if self._stop_reason == "interrupted":
            return self._end("interrupted", "request:fail interrupted", ERRNO["interrupted"],
                             "the mini-program was in the background for 5 s with the request unfinished")
        return self._end("abort", "request:fail abort", ERRNO["abort"], "aborted by the caller")

    def _timeout_ms(self) -> int:
        cap = self.platform.timeout_cap_ms
        return min(self.options.timeout, cap) if cap else self.options.timeout

    def _network_failure(self, exc: httpx.HTTPError) -> EndInfo:
        text = str(exc) or type(exc).__name__
        framing = self._observer.framing
        if framing is not None and framing.error:
            shown = shown_bytes(framing.tail)
            return self._end("error", f"request:fail invalid chunked encoding: {framing.error}", ERRNO["network"],
                             f"{framing.error} (RFC 9112 section 7.1); every byte before it was delivered; "
                             f"the {framing.unused} bytes from there on are not body: '{shown}'")
        if isinstance(exc, httpx.RemoteProtocolError) and self.response is None:
            return self._no_http_answer(text)
        if isinstance(exc, httpx.TimeoutException):
            return self._end("timeout", "request:fail timeout", ERRNO["timeout"], text)
        if isinstance(exc, httpx.ConnectError):
            low = text.lower()
            if "ssl" in low or "certificate" in low:
                return self._end("error", "request:fail ssl hand shake error", ERRNO["network"], text)
            if "name or service" in low or "nodename" in low or "resolution" in low:
                return self._end("error", "request:fail host not resolved", ERRNO["network"], text)
            return self._end("error", "request:fail connection refused", ERRNO["network"], text)
        if isinstance(exc, httpx.TooManyRedirects):
            return self._end("error", "request:fail exceed max redirect count", 600008, text)
        if isinstance(exc, httpx.UnsupportedProtocol | httpx.InvalidURL):
            return self._end("error", "request:fail invalid url", ERRNO["invalid_url"], text)
        if isinstance(exc, httpx.RemoteProtocolError | httpx.ReadError) and self.response is not None:
            return self._end("disconnect", "request:fail connection closed before the response ended",
                             ERRNO["network"], text)
        if isinstance(exc, httpx.DecodingError):
            return self._end("error", f"request:fail response body could not be decoded: {text}", ERRNO["network"],
                             f"{text}; the log keeps the raw bytes as read")
        return self._end("error", f"request:fail {text}", ERRNO["network"], text)

    def _no_http_answer(self, text: str) -> EndInfo:
        """The server answered with something that is not an HTTP/1.1 response head."""
        head = self._observer.head
        shown = shown_bytes(head[:40])
        if "too long" in text.lower():  # h11: "Receive buffer too long"
            msg = f"the response header is larger than {MAX_HEAD_BYTES // 1024} KiB"
        elif not head:
            msg = "the server closed the connection without answering"
        elif not head.startswith(b"HTTP/"[:len(head)]):
            msg = f"the server's reply is not HTTP: it starts with '{shown}'"
        else:
            msg = f"the response head is not valid HTTP/1.1 ({text})"
        return self._end("error", f"request:fail {msg}", ERRNO["network"], text)

    # -- ending ------------------------------------------------------------------------------------
    def _end(self, reason: str, err_msg: str, errno: int | None, detail: str) -> EndInfo:
        try:
            self._settle()
        except Exception as exc:  # a monitor's or listener's bug must not stop the end
            self._notes.append(f"handing over the last bytes failed: {type(exc).__name__}: {exc}")
        notes = [detail] if detail else []
        dropped = self.totals.get("dropped")
        if dropped:
            notes.append(f"{dropped['bytes']} bytes read were not handed to a listener: abort() ends delivery")
        detail = "; ".join(notes + self._notes)
        end = EndInfo(t_ms=self.elapsed_ms(), reason=reason, err_msg=err_msg, errno=errno, detail=detail,
                      totals={k: dict(v) for k, v in self.totals.items()})
        self.end = end
        try:
            self._emit("on_end", end)
        finally:
            try:
                if not self._callback_fired:
                    if reason == "complete":
                        self._fire_callbacks(self._success, self._success_result())
                    else:
                        self._fire_callbacks(self._fail, {"errMsg": err_msg, "errno": errno})
            finally:
                self._done.set()
        return end

    def _success_result(self) -> dict[str, Any]:
        info = self.response
        assert info is not None
        header = _header_dict(httpx.Headers(info.headers))
        data: Any = "" if self.options.responseType == "text" else b""
        if not self.options.enableChunked or self.platform.has("no_chunks"):
            data = self._unchunked_body
        res = {"data": data, "statusCode": info.status, "header": header,
               "cookies": [v for k, v in info.headers if k.lower() == "set-cookie"], "errMsg": "request:ok"}
        if self.platform.has("profile") and self.options.extra.get("enableProfile", True) is not False:
            res["profile"] = self._observer.timings.profile(
                info.http_version, sent=self._observer.sent_bytes, received=self._observer.received_bytes)
        return res

    @property
    def _unchunked_body(self) -> Any:
        raw = bytes(self._plain_body)
        if self.options.responseType == "arraybuffer":
            return raw
        text = raw.decode("utf-8", errors="replace").removeprefix("\ufeff")  # one BOM stripped (DOC-NET)
        if self.options.dataType == "json":
            try:
                return json.loads(text)
            except ValueError:
                return text
        return text

    def _fire_callbacks(self, first: Listener | None, res: dict[str, Any]) -> None:
        self._callback_fired = True
        if first is not None:
            self._call(first, res)
        if self._complete is not None:
            self._call(self._complete, {"errMsg": res["errMsg"]})

    # -- recording ---------------------------------------------------------------------------------
    def _record(self, level: str, data: bytes, t_ms: float) -> None:
        tot = self.totals[level]
        chunk = Chunk(level, tot["chunks"], t_ms, data)  # type: ignore[arg-type]
        tot["chunks"] += 1
        tot["bytes"] += len(data)
        for m in self.monitors:
            m.on_chunk(chunk)

    def _emit(self, method: str, arg: Any) -> None:
        for m in self.monitors:
            fn = getattr(m, method, None)
            if fn is not None:
                fn(arg)

    def _response_info(self, resp: httpx.Response) -> ResponseInfo:
        obs = self._observer
        encoding = resp.headers.get("content-encoding")
        encoding = encoding if encoding and encoding.lower() != "identity" else None
        h2 = resp.http_version == "HTTP/2" and obs.h2 is not None
        if resp.http_version != "HTTP/1.1" and not h2 and not obs.failed:
            obs.failed = f"{resp.http_version} has no HTTP/1.1 chunk framing"
            obs.pending.clear()  # body bytes read with the head: iter_raw hands them out again
        levels: dict[str, str] = {"read": "observed", "delivered": "observed"}
        if h2 and not obs.failed:
            levels["wire"] = "observed"  # HTTP/2 DATA frames as the server framed them
        elif obs.failed:
            # Reads then are the body pieces httpx hands out, which is still what the client read.
            levels["wire"] = obs.failed
        elif obs.chunked:
            levels["wire"] = "observed"
        else:
            levels["wire"] = "not chunked: the response has " + (
                "Content-Length" if "content-length" in resp.headers else "no Transfer-Encoding: chunked")
        return ResponseInfo(
            t_ms=self.elapsed_ms(), status=resp.status_code, reason=resp.reason_phrase,
            http_version=resp.http_version, headers=[(k, v) for k, v in resp.headers.multi_items()],
            url=str(resp.url), levels=levels, content_encoding=encoding)


def _wire_headers(headers: dict[str, str]) -> dict[str, str | bytes]:
    """Header values as sent: non-ASCII text as its UTF-8 bytes (docs/delivery.md, "Header values")."""
    return {k: v if v.isascii() else v.encode() for k, v in headers.items()}


def _header_text(value: bytes) -> str:
    try:
        return value.decode()  # a non-ASCII value was sent as its UTF-8 bytes (_wire_headers)
    except UnicodeDecodeError:
        return value.decode("latin-1")


def _remove(listeners: list[Listener], listener: Listener | None) -> None:
    if listener is None:
        listeners.clear()
        return
    for i, fn in enumerate(listeners):
        if fn is listener:  # "需传入与监听时同一个的函数对象": identity, not equality
            del listeners[i]
            return


def _header_dict(headers: httpx.Headers) -> dict[str, str]:
    out: dict[str, str] = {}
    for k, v in headers.multi_items():
        out[k] = f"{out[k]}, {v}" if k in out else v
    return out
