"""Why a request would go otherwise on a phone, shown in the window (docs/device.md): a page's request
to an address a phone refuses is listed with the reason in the Network panel's Device column and said
in a banner; the background action fails a request still running 5 s later with request:fail
interrupted and dims the phone; the project's request domains in strict mode fail it as a phone does.

Real servers on loopback; no sleeps: ``qtbot.waitUntil`` on what the user would see.
"""

from __future__ import annotations

import json
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest
from PySide6.QtCore import Qt

from simulator.gui.miniprogram.domains import load_domains
from simulator.gui.network.model import NetworkColumn
from simulator.runtime.program import BACKGROUND_GRACE_S

WAIT_MS = 20000

PAGE_JS = """\
Page({
  data: { status: 'idle', errMsg: '', chunks: 0 },
  onLoad: function (options) {
    var page = this
    var task = wx.request({
      url: options.url,
      enableChunked: true,
      success: function (res) { page.setData({ status: 'ok ' + res.statusCode }) },
      fail: function (res) { page.setData({ status: 'failed', errMsg: res.errMsg }) }
    })
    task.onChunkReceived(function () { page.setData({ chunks: page.data.chunks + 1 }) })
  }
})
"""


ELEVEN_JS = """\
Page({
  data: { done: 0 },
  onLoad: function (options) {
    var page = this
    for (var i = 1; i <= 11; i++) {
      wx.request({ url: options.url + '?n=' + i, complete: function () { page.setData({ done: page.data.done + 1 }) } })
    }
  }
})
"""


def write_project(folder: Path, page_js: str) -> Path:
    """A one-page project whose page requests the URL of its query as it loads."""
    (folder / "pages" / "ask").mkdir(parents=True)
    (folder / "app.json").write_text(json.dumps({"pages": ["pages/ask/ask"]}), encoding="utf-8")
    (folder / "project.config.json").write_text(
        json.dumps({"appid": "wx00d3v1ce0000test", "compileType": "miniprogram"}), encoding="utf-8")
    (folder / "pages" / "ask" / "ask.js").write_text(page_js, encoding="utf-8")
    return folder


@pytest.fixture
def project(tmp_path: Path) -> Path:
    return write_project(tmp_path / "device-reasons", PAGE_JS)


class _Server:
    """A loopback server: each GET gets its headers and one chunk, then the body stays open until
    ``release`` (a stream still running); ``hits`` counts the requests that arrived."""

    def __init__(self) -> None:
        self.hits = 0
        self.released = threading.Event()
        server = self

        class Handler(BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"

            def do_GET(self) -> None:  # noqa: N802 - http.server's name
                server.hits += 1
                self.send_response(200)
                self.send_header("Content-Type", "text/event-stream")
                self.send_header("Transfer-Encoding", "chunked")
                self.end_headers()
                self._chunk(b"data: first\n\n")
                server.released.wait(30)
                try:
                    self._chunk(b"data: last\n\n")
                    self.wfile.write(b"0\r\n\r\n")
                except OSError:
                    pass  # the client went away (interrupted, aborted): nothing to finish

            def _chunk(self, data: bytes) -> None:
                self.wfile.write(f"{len(data):x}\r\n".encode() + data + b"\r\n")
                self.wfile.flush()

            def log_message(self, *_args: object) -> None:
                pass

        self.httpd = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.httpd.daemon_threads = True
        self.url = f"http://127.0.0.1:{self.httpd.server_address[1]}/stream"
        threading.Thread(target=self.httpd.serve_forever, daemon=True).start()

    def close(self) -> None:
        self.released.set()
        self.httpd.shutdown()
        self.httpd.server_close()


@pytest.fixture
def server():
    s = _Server()
    yield s
    s.close()


def run_page(qtbot, main, controller, project: Path, url: str, platform: str = "android") -> None:
    bar = main.window.request_bar
    bar.platform.setCurrentIndex(bar.platform.findData(platform))
    assert controller.open_project(project)
    controller.view.query.setText(f"url={url}")
    with qtbot.waitSignal(controller.runStarted, timeout=WAIT_MS):
        qtbot.mouseClick(controller.view.run_button, Qt.MouseButton.LeftButton)


def page_rows(main):
    return [e for e in main.network.entries() if e.source == "page"]


def device_cell(main, entry, role=Qt.ItemDataRole.DisplayRole):
    model = main.network.model
    return model.data(model.index(model.row_of(entry), NetworkColumn.DEVICE), role)


def status_cell(main, entry):
    model = main.network.model
    return model.data(model.index(model.row_of(entry), NetworkColumn.STATUS))


def test_a_request_to_a_loopback_ip_on_android_shows_the_domain_reason_in_its_row_and_a_banner(
        panel, qtbot, project, server):
    main, controller = panel
    run_page(qtbot, main, controller, project, server.url)
    qtbot.waitUntil(lambda: controller.page_data.get("chunks", 0) >= 1, timeout=WAIT_MS)  # sent: a warning only
    (entry,) = page_rows(main)
    assert server.hits == 1
    assert "domain" in device_cell(main, entry)
    tip = device_cell(main, entry, Qt.ItemDataRole.ToolTipRole)
    assert "url not in domain list" in tip and "127.0.0.1 is this device itself" in tip
    banner = main.window.banner.message()
    assert "On a phone" in banner and server.url in banner and "127.0.0.1 is this device itself" in banner
    # DevTools does not check domains: the same page there has no reason to show.
    controller.stop()
    qtbot.waitUntil(lambda: not controller.running, timeout=WAIT_MS)
    main.window.banner.dismiss()
    run_page(qtbot, main, controller, project, server.url, platform="devtools")
    qtbot.waitUntil(lambda: len(page_rows(main)) == 2, timeout=WAIT_MS)
    assert device_cell(main, page_rows(main)[1]) == ""
    assert "On a phone" not in main.window.banner.message()


def test_the_background_action_interrupts_a_running_request_after_5_s_and_the_phone_says_so(
        panel, qtbot, project, server):
    main, controller = panel
    background = controller.background
    assert not background.action.isEnabled()  # nothing runs: nothing to send away
    run_page(qtbot, main, controller, project, server.url)
    qtbot.waitUntil(lambda: controller.page_data.get("chunks", 0) >= 1, timeout=WAIT_MS)  # streaming, held open
    menu_titles = [a.text() for a in main.window.findChild(type(main.window.file_menu), "miniProgramMenu").actions()]
    assert "Send to background" in menu_titles

    qtbot.mouseClick(background.button, Qt.MouseButton.LeftButton)
    assert background.in_background and background.shade.isVisible()
    assert background.shade.title.text() == "In background"
    assert background.action.text() == "Bring back"
    assert controller.page_data.get("status") == "idle"  # the 5 s grace has only begun

    qtbot.waitUntil(lambda: controller.page_data.get("errMsg") == "request:fail interrupted",
                    timeout=int(BACKGROUND_GRACE_S * 1000) + WAIT_MS)
    (entry,) = page_rows(main)
    qtbot.waitUntil(lambda: "background" in device_cell(main, entry), timeout=WAIT_MS)
    assert "5 s after the mini-program went to the background" in device_cell(main, entry, Qt.ItemDataRole.ToolTipRole)
    assert "background" in main.window.banner.message()

    qtbot.mouseClick(background.shade.button, Qt.MouseButton.LeftButton)  # Bring back, on the phone itself
    assert not background.in_background and not background.shade.isVisible()
    assert background.action.text() == "Send to background"


def test_strict_request_domains_from_the_project_settings_fail_the_request_as_a_phone_does(
        panel, qtbot, project, server):
    main, controller = panel
    assert controller.open_project(project)
    domains = controller.view.map_remote.domains
    domains.field.setText("api.example.com")
    domains.field.textEdited.emit("api.example.com")
    domains.strict.setChecked(True)
    assert load_domains(main.settings, str(project.resolve())) == ("api.example.com", True)  # kept per project

    run_page(qtbot, main, controller, project, server.url)
    qtbot.waitUntil(lambda: controller.page_data.get("status") == "failed", timeout=WAIT_MS)
    assert controller.page_data["errMsg"] == "request:fail url not in domain list"
    assert server.hits == 0  # never sent, as on a phone
    qtbot.waitUntil(lambda: len(page_rows(main)) == 1, timeout=WAIT_MS)
    (entry,) = page_rows(main)
    assert entry.url == server.url and entry.end is not None
    assert entry.end.err_msg == "request:fail url not in domain list"
    assert "not sent" in entry.end.detail
    assert "domain" in device_cell(main, entry)
    assert main.window.banner.level == "error" and "On a phone" in main.window.banner.message()

    # The project opened again shows what was saved for it.
    controller.project.close_project()
    assert domains.text() == "" and not domains.strict.isChecked()
    controller.open_project(project)
    assert domains.text() == "api.example.com" and domains.strict.isChecked()


def test_a_bad_request_domain_is_said_beside_the_field(panel, project):
    _main, controller = panel
    controller.open_project(project)
    domains = controller.view.map_remote.domains
    domains.field.setText("ftp://files.example.com")
    domains.field.textEdited.emit("ftp://files.example.com")
    assert not domains.message.isHidden() and "ftp://files.example.com" in domains.message.text()


def test_the_eleventh_request_waits_for_one_of_ten_and_its_row_says_so(panel, qtbot, tmp_path, server):
    main, controller = panel
    run_page(qtbot, main, controller, write_project(tmp_path / "eleven", ELEVEN_JS), server.url)
    qtbot.waitUntil(lambda: server.hits == 10, timeout=WAIT_MS)  # ten held open; the eleventh waits
    qtbot.waitUntil(lambda: "10 requests are already running" in main.window.banner.message(), timeout=WAIT_MS)
    qtbot.waitUntil(lambda: len(page_rows(main)) == 11, timeout=WAIT_MS)  # listed while it waits
    waiting = page_rows(main)[10]
    assert server.hits == 10 and waiting.url.endswith("?n=11")
    assert status_cell(main, waiting) == "queued" and "queued" in device_cell(main, waiting)
    server.released.set()
    qtbot.waitUntil(lambda: controller.page_data.get("done") == 11, timeout=WAIT_MS)
    rows = page_rows(main)
    assert [r.url.rsplit("=", 1)[1] for r in rows] == [str(n) for n in range(1, 12)]
    assert rows[10] is waiting and status_cell(main, waiting) == "200"  # the same row, once sent
    assert all("queued" not in device_cell(main, r) for r in rows[:10])
    assert "queued" in device_cell(main, rows[10])
    assert "behind 10 running requests" in device_cell(main, rows[10], Qt.ItemDataRole.ToolTipRole)


def test_a_request_bar_timeout_over_60_s_is_cut_on_a_phone_and_its_row_says_so(panel, qtbot, server):
    main, _controller = panel
    server.released.set()
    bar = main.window.request_bar
    bar.platform.setCurrentIndex(bar.platform.findData("android"))
    bar.timeout.setValue(90000)
    bar.method.setCurrentText("GET")
    bar.url.setCurrentText(server.url)
    qtbot.mouseClick(bar.send_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: len(main.network.entries()) == 1 and not main.network.entries()[0].live,
                    timeout=WAIT_MS)
    (entry,) = main.network.entries()
    assert "60 s cap" in device_cell(main, entry)
    assert "cut to 60000 ms on android" in device_cell(main, entry, Qt.ItemDataRole.ToolTipRole)
    assert "cut to 60000 ms" in main.window.banner.message()
    # DevTools has no cap: the same request there has nothing to say.
    bar.platform.setCurrentIndex(bar.platform.findData("devtools"))
    qtbot.mouseClick(bar.send_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: len(main.network.entries()) == 2 and not main.network.entries()[1].live,
                    timeout=WAIT_MS)
    assert device_cell(main, main.network.entries()[1]) == ""
