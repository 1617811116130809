"""GUI tests: offscreen Qt, a private MPSIM_HOME per test, the real demo server on loopback."""

from __future__ import annotations

import json
import os

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

import pytest  # noqa: E402
from PySide6.QtCore import QCoreApplication, QEvent, QSize  # noqa: E402

from simulator.gui.webphone import prepare_web_engine  # noqa: E402
from simulator.server.demo import ENDPOINTS, DemoServer  # noqa: E402

# pytest-qt makes the QApplication later; Chromium's flags must be set before it (webphone/_engine.py).
prepare_web_engine()


@pytest.fixture(autouse=True)
def windows_gone_before_the_next_test(qapp):
    """A test's windows are destroyed as it ends, not in the middle of the next one.

    pytest-qt closes each widget of ``qtbot.addWidget`` with ``deleteLater()``, which Qt carries out
    only once an event loop runs again (https://doc.qt.io/qt-6/qobject.html#deleteLater): that is the
    next test's first ``waitSignal``/``waitUntil``, while its own window streams and paints. This
    fixture is set up first, so its teardown runs after pytest-qt has closed the widgets.
    """
    yield
    for _ in range(3):  # a window's destruction may post deletions of its own
        QCoreApplication.sendPostedEvents(None, QEvent.Type.DeferredDelete)
        qapp.processEvents()


@pytest.fixture(autouse=True)
def mpsim_home(tmp_path, monkeypatch):
    """Recordings and settings of each test in its own folder, never the user's."""
    home = tmp_path / "mpsim-home"
    monkeypatch.setenv("MPSIM_HOME", str(home))
    return home


@pytest.fixture(scope="session")
def demo_server():
    """The demo server, fast: waits between chunks are divided by ``speed``."""
    with DemoServer(speed=40) as server:
        yield server


@pytest.fixture
def main(qtbot):
    from simulator.gui import MainController

    controller = MainController()
    qtbot.addWidget(controller.window)
    controller.window.resize(1200, 800)
    controller.window.show()
    yield controller
    if controller.window.isVisible():
        controller.window.close()  # aborts a stream still running and stops the demo server


@pytest.fixture
def chat_body() -> str:
    endpoint = next(e for e in ENDPOINTS if e.path == "/v1/chat/completions" and e.method == "POST")
    assert endpoint.sample_body is not None
    return json.dumps(json.loads(endpoint.sample_body), ensure_ascii=False, indent=2)


@pytest.fixture
def open_window(qtbot):
    """``open_window(size)``: the window as ``mpsim`` opens it, at ``size`` (1366×768), shown; each one is
    closed at the end, which stops a run still going and the window's demo server."""
    from simulator.gui import create_main

    opened = []

    def make(size: QSize | None = None):
        main = create_main()
        qtbot.addWidget(main.window)
        main.window.resize(size or QSize(1366, 768))
        main.window.show()
        qtbot.waitExposed(main.window)
        opened.append(main)
        return main

    yield make
    for main in opened:
        if main.window.isVisible():
            main.window.close()


@pytest.fixture
def panel(open_window):
    """The window as ``mpsim`` opens it (at 1366×768), with the mini-program panel: (main, panel controller)."""
    main = open_window()
    return main, main.script
