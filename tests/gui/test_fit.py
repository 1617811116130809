"""The window on a 1366×768 laptop in every state: the first start, a start restoring a larger screen's
geometry, a project with long names open and running; and a banner that hides nothing the user acts
on next (the URL, Send/Abort, the delivery row).

The offscreen platform has one 800×800 screen, so the laptop's free area is given to ``keep_on_screen``
as ``SCREEN``; ``run_gui`` gives it the real screen's.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from PySide6.QtCore import QPoint, QRect, Qt
from PySide6.QtWidgets import QDockWidget

from simulator.gui import create_main, i18n
from simulator.gui.app import first_start_geometry
from simulator.gui.fit import combo_shown_text, keep_on_screen, on_screen_geometry

SCREEN = QRect(0, 0, 1366, 768)
WAIT_MS = 20000
LONG = "conversation-with-the-streaming-assistant-and-its-typewriter"


@pytest.fixture(params=["en", "zh_CN"])
def language(request, qapp):
    i18n.install_translators(qapp, request.param)
    yield request.param
    i18n.install_translators(qapp, "en")


@pytest.fixture
def laptop(qtbot):
    """``make()``: the window as ``mpsim`` opens it on a 1366×768 screen, shown."""
    def make(geometry: QRect | None = None):
        main = create_main()
        qtbot.addWidget(main.window)
        w = main.window
        w.setGeometry(geometry or first_start_geometry(SCREEN, w.minimumSizeHint()))
        keep_on_screen(w, lambda: SCREEN)
        w.show()
        qtbot.waitExposed(w)
        return main
    return make


def long_named_project(root: Path) -> Path:
    """A project whose every name is long: its folder, its page's route and files, its handlers, its title."""
    project = root / ("一个名字很长的小程序项目-" + "amini-programprojectwithaverylongfoldernameandnowheretowrapit" * 2)
    route = f"pages/{LONG}/{LONG}-detail-page"
    page = project / route
    page.parent.mkdir(parents=True)
    (project / "app.json").write_text(json.dumps({"pages": [route], "window": {
        "navigationBarTitleText": "一个很长很长的导航栏标题，说明这个页面正在流式接收回答"}}, ensure_ascii=False))
    (project / "app.js").write_text("App({})\n")
    handlers = "".join(f"  onTapTheButtonThatStreamsTheAnswerIntoTheConversationNumber{i}() {{}},\n"
                       for i in range(12))
    (page.parent / f"{page.name}.js").write_text(
        "Page({\n  data: { answer: '' },\n  onLoad() {},\n" + handlers +
        "  onInputTheQuestionTextIntoTheLongNamedTextareaOfThePage(e) { return e.detail.value }\n})\n")
    (page.parent / f"{page.name}.json").write_text("{}")
    (page.parent / f"{page.name}.wxml").write_text("<view>{{answer}}</view>\n")
    (page.parent / f"{page.name}.wxss").write_text("view { color: #333; }\n")
    return project


def frame(widget) -> QRect:
    return widget.frameGeometry()


def in_window(widget) -> QRect:
    return QRect(widget.mapTo(widget.window(), QPoint(0, 0)), widget.size())


# -- where the window goes ------------------------------------------------------------------------

@pytest.mark.parametrize(("window", "expected"), [
    (QRect(14, 31, 1338, 706), QRect(14, 31, 1338, 706)),
    (QRect(55, 31, 1338, 706), QRect(14, 31, 1338, 706)),
    (QRect(600, 300, 1766, 993), QRect(0, 0, 1366, 768)),
    (QRect(-40, 10, 1400, 500), QRect(0, 0, 1366, 500)),
    (QRect(2000, 40, 1200, 700), QRect(2000, 40, 1200, 700)),
], ids=["inside-stays", "past-the-right-edge-centred", "larger-top-left-clamped", "too-wide-top-left",
        "on-the-second-screen"])
def test_a_window_goes_where_all_of_it_is_on_the_screen(window, expected):
    available = QRect(1920, 0, 1366, 768) if window.left() >= 1920 else SCREEN
    assert on_screen_geometry(window, available) == expected
    assert available.contains(on_screen_geometry(window, available))


def test_the_first_start_with_a_long_named_project_running_stays_on_the_screen(language, laptop, qtbot, tmp_path):
    main = laptop()
    project = long_named_project(tmp_path)
    main.script.open_project(project)
    w = main.window
    qtbot.waitUntil(lambda: project.name in main.script.view.status.text(), timeout=WAIT_MS)
    assert w.minimumSizeHint().width() <= SCREEN.width()  # the name has nowhere to wrap
    view = main.script.view
    with qtbot.waitSignal(main.script.runStarted, timeout=WAIT_MS):
        view.run_action.trigger()
    qtbot.waitUntil(lambda: LONG in view.page_methods.route.text(), timeout=WAIT_MS)
    qtbot.waitUntil(lambda: view.page_methods.method_list.count() == 14, timeout=WAIT_MS)
    assert w.minimumSizeHint().width() <= SCREEN.width()
    assert SCREEN.contains(frame(w)), frame(w)
    # What was cut to fit says so, and holds the whole name.
    assert LONG in view.page_methods.route.toolTip()
    assert view.page_methods.route.width() < view.page_methods.route.fontMetrics().horizontalAdvance(
        view.page_methods.route.text())
    for part in (w.request_bar.url, w.request_bar.send_button, view.run_button, view.stop_button):
        assert w.rect().contains(in_window(part)), part
    assert combo_shown_text(view.page_picker).endswith("…")  # the route, cut where it is cut
    for combo in (view.page_picker, w.request_bar.platform):
        shown = combo_shown_text(combo)
        assert shown == combo.currentText() or combo.currentText().startswith(shown.removesuffix("…"))
    for i in range(view.page_methods.method_list.count()):  # each handler's name whole in its tip
        item = view.page_methods.method_list.item(i)
        assert item.toolTip() == item.text()


def test_long_recent_project_names_keep_the_menu_narrower_than_the_screen(laptop, tmp_path):
    main = laptop()
    main.script.open_project(long_named_project(tmp_path))
    def recent_project(action) -> bool:
        return isinstance(action.data(), str) and Path(action.data()).name.startswith("一个名字很长")

    menu = next(m for m in main.window.findChildren(type(main.script.view.recent_menu))
                if any(recent_project(a) for a in m.actions()))
    assert menu.sizeHint().width() <= SCREEN.width() // 2
    entry = next(a for a in menu.actions() if recent_project(a))
    assert "…" in entry.text() and entry.toolTip() == entry.data()


def test_a_geometry_from_a_larger_screen_comes_back_on_this_one(laptop):
    w = laptop(QRect(600, 300, 1766, 993)).window  # saved on a 1920×1080 monitor
    assert frame(w) == SCREEN


def test_a_window_left_off_the_right_edge_comes_back_centred(laptop):
    w = laptop(QRect(900, 40, 1340, 700)).window
    assert SCREEN.contains(frame(w))
    assert abs(frame(w).center().x() - SCREEN.center().x()) <= 1


def test_panels_laid_out_on_a_tall_screen_are_tabbed_on_a_short_one(qtbot):
    """The offscreen screen is 800 pixels tall: the Network panel below the stream views does not fit."""
    first = create_main()
    qtbot.addWidget(first.window)
    network = next(d for d in first.window.findChildren(QDockWidget) if d.objectName() == "panel:networkPanel")
    first.window.addDockWidget(Qt.DockWidgetArea.BottomDockWidgetArea, network)  # as on a 1080-pixel screen
    first.save_layout()
    first.window.close()
    again = create_main()
    qtbot.addWidget(again.window)
    w = again.window
    assert not any(w.dockWidgetArea(d) == Qt.DockWidgetArea.BottomDockWidgetArea for d in w.findChildren(QDockWidget))
    assert w.minimumSizeHint().height() <= 800


# -- banners ------------------------------------------------------------------------------------------

def request_bar_controls(w):
    bar = w.request_bar
    return [bar.url, bar.send_button, bar.abort_button, bar.method, bar.profile, bar.platform, bar.timeout,
            bar.seed, w.request_details.tabBar()]  # and the Body/Headers tabs


def test_a_banner_hides_none_of_the_request_bar(language, laptop, qtbot, demo_url):
    w = laptop().window
    w.request_bar.url.setEditText(demo_url.rstrip("/") + "/no-such-stream")
    tops = [in_window(c).top() for c in request_bar_controls(w)]
    w.send_action.trigger()
    qtbot.waitUntil(w.banner.isVisible, timeout=WAIT_MS)
    assert "404" in w.banner.message()
    banner = in_window(w.banner)
    assert [in_window(c).top() for c in request_bar_controls(w)] == tops  # the banner pushed nothing down
    for control in request_bar_controls(w):
        assert not banner.intersects(in_window(control)), control.objectName()
    assert w.banner.visibleRegion().boundingRect().size() == w.banner.size()  # nothing covers it
    qtbot.mouseClick(w.banner.close_button, Qt.MouseButton.LeftButton)
    assert not w.banner.isVisible()


def test_a_long_banner_with_an_action_at_the_narrowest_window_grows_down_not_up(laptop, qtbot):
    w = laptop().window
    w.resize(w.minimumSizeHint())
    done = []
    w.banner.show_message("A message long enough to wrap over several lines even in a wide window: " * 4,
                          "error", ("Open Folder", lambda: done.append(True)))
    qtbot.waitUntil(w.banner.isVisible)
    banner = in_window(w.banner)
    for control in request_bar_controls(w):
        assert not banner.intersects(in_window(control)), control.objectName()
    assert banner.height() >= 3 * w.banner.fontMetrics().height()  # every line of it
    qtbot.mouseClick(w.banner.action_button, Qt.MouseButton.LeftButton)
    assert done == [True]
