"""The window in Chinese: every string of ``simulator/gui`` has a finished zh_CN translation, the window
under a zh_CN locale shows it, the Language menu keeps the user's choice; and the window fits the
screens users have (1366×768 laptops, 1440×900, 1920×1080)."""

from __future__ import annotations

import ast
import re
import subprocess
import sys
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest
from PySide6.QtCore import QRect, QSize, Qt
from PySide6.QtWidgets import QApplication, QDialogButtonBox, QStyle

from simulator.core.delivery import PROFILE_HELP, PROFILE_HELP_ZH
from simulator.core.platforms import PLATFORMS, get_platform
from simulator.gui import i18n
from simulator.gui.app import _application, first_start_geometry

GUI = Path(i18n.__file__).parent
BIN = Path(sys.executable).parent
PLACEHOLDER = re.compile(r"\{[^{}]*\}|%n")


def ts_messages(path: Path) -> dict[tuple[str, str], ET.Element]:
    root = ET.parse(path).getroot()
    return {(ctx.findtext("name") or "", msg.findtext("source") or ""): msg
            for ctx in root.iter("context") for msg in ctx.iter("message")}


def translation_text(msg: ET.Element) -> str:
    t = msg.find("translation")
    assert t is not None
    forms = [f.text or "" for f in t.iter("numerusform")]
    return " / ".join(forms) if forms else (t.text or "")


@pytest.fixture(scope="module")
def extracted(tmp_path_factory) -> dict[tuple[str, str], ET.Element]:
    """The window's strings as ``pyside6-lupdate`` collects them from the source: (context, text)."""
    fresh = tmp_path_factory.mktemp("lupdate") / "fresh.ts"
    sources = sorted(str(p) for p in GUI.rglob("*.py"))
    subprocess.run([str(BIN / "pyside6-lupdate"), "-locations", "none", *sources, "-ts", str(fresh)],
                   check=True, capture_output=True)
    return ts_messages(fresh)


def test_every_window_string_has_a_finished_chinese_translation(extracted):
    in_code = extracted
    committed = ts_messages(i18n.TS_FILE)
    assert len(in_code) > 200  # lupdate found the window's strings (the forms it extracts are used)
    problems = []
    for key in in_code:
        msg = committed.get(key)
        if msg is None:
            problems.append(f"not in the .ts (run scripts/update-translations.sh): {key}")
            continue
        text = translation_text(msg)
        if msg.find("translation").get("type") == "unfinished" or not text.strip():
            problems.append(f"no finished translation: {key}")
        elif set(PLACEHOLDER.findall(key[1])) != set(PLACEHOLDER.findall(text)):
            problems.append(f"placeholders differ: {key} -> {text!r}")
    assert not problems, "\n".join(problems)


def test_the_shipped_qm_is_compiled_from_the_committed_ts(tmp_path):
    out = tmp_path / "mpsim_zh_CN.qm"
    subprocess.run([str(BIN / "pyside6-lrelease"), str(i18n.TS_FILE), "-qm", str(out)],
                   check=True, capture_output=True)
    assert (i18n.TRANSLATIONS / "mpsim_zh_CN.qm").read_bytes() == out.read_bytes()


def _translate_calls(path: Path) -> list[tuple[str, str | None, str | None]]:
    """Each call that translates a text at run time: (where, the context it looks the text up in, the
    text), None where lupdate could not know it (a wrapper of its own, a text computed at run time)."""
    calls = []

    def visit(node: ast.AST, cls: str, in_wrapper: bool) -> None:
        if isinstance(node, ast.ClassDef):
            cls = node.name
        if isinstance(node, ast.FunctionDef) and re.fullmatch(r"_*tr|translate", node.name):
            in_wrapper = True  # the body of a translating function passes its parameter on
        if isinstance(node, ast.Call) and not in_wrapper:
            f = node.func
            name = f.attr if isinstance(f, ast.Attribute) else getattr(f, "id", "")
            owner = getattr(f.value, "id", "") if isinstance(f, ast.Attribute) else None
            args = [a.value if isinstance(a, ast.Constant) and isinstance(a.value, str) else None
                    for a in node.args]
            where = f"{path.relative_to(GUI)}:{node.lineno}"
            if name == "translate" and owner in ("QCoreApplication", "QApplication"):
                calls.append((where, args[0], args[1] if len(args) > 1 else None))
            elif name == "tr" and owner == "self":
                calls.append((where, cls, args[0] if args else None))
            elif name == "tr" and owner is None:
                calls.append((where, "", args[0] if args else None))  # i18n.tr: the empty context
            elif re.search(r"(^|_)tr($|_)", name):
                calls.append((where, None, args[0] if args else None))
        for child in ast.iter_child_nodes(node):
            visit(child, cls, in_wrapper)

    visit(ast.parse(path.read_text(encoding="utf-8")), "", False)
    return calls


def test_every_text_the_window_translates_is_one_lupdate_collects(extracted):
    """A text translated through a wrapper of our own, or under another context than lupdate files it
    in, is never in the .ts: it stays English under zh_CN while the test above passes."""
    problems = []
    for path in sorted(GUI.rglob("*.py")):
        for where, context, text in _translate_calls(path):
            if context is None or text is None:
                problems.append(f"{where}: lupdate cannot collect this (use self.tr() or i18n.tr() on a literal)")
            elif (context, text) not in extracted:
                problems.append(f"{where}: {text!r} is looked up in context {context!r}, lupdate files it elsewhere")
    assert not problems, "\n".join(problems)


#: Calls whose first argument a user reads.
_SHOWN = {"setText", "setToolTip", "setWindowTitle", "setPlaceholderText", "addMenu", "addAction", "addTab",
          "setTabText", "setHeaderLabels", "setHorizontalHeaderLabels", "show_message", "setStatusTip",
          "setTitle", "showMessage", "QAction", "QLabel", "QPushButton", "QCheckBox", "QMenu", "QGroupBox",
          "QRadioButton", "QToolButton", "add_panel"}
#: Literals shown as they are in every language: JSON's null, a JSON field name, a column of numbers.
_SAME_IN_EVERY_LANGUAGE = {"null", "text", "#"}


def _unwrapped_literals(path: Path) -> list[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    found = []
    for call in ast.walk(tree):
        if not isinstance(call, ast.Call) or not call.args:
            continue
        name = call.func.attr if isinstance(call.func, ast.Attribute) else getattr(call.func, "id", "")
        if name not in _SHOWN:
            continue
        first = call.args[0] if name not in ("setText", "setToolTip") or len(call.args) == 1 else call.args[1]
        stack = [first]
        while stack:
            node = stack.pop()
            if isinstance(node, ast.Call):
                # "…".format(…) is shown; other calls (tr() itself, dict.get("key"), …) compute the text.
                if isinstance(node.func, ast.Attribute) and node.func.attr == "format":
                    stack.append(node.func.value)
                continue
            if isinstance(node, ast.Constant) and isinstance(node.value, str):
                if re.search(r"[A-Za-z]{2}", node.value) and node.value.strip() not in _SAME_IN_EVERY_LANGUAGE:
                    found.append(f"{path.relative_to(GUI)}:{node.lineno}: {node.value!r}")
                continue
            stack.extend(ast.iter_child_nodes(node))
    return found


def test_no_user_visible_literal_escapes_translation():
    found = [hit for p in sorted(GUI.rglob("*.py")) for hit in _unwrapped_literals(p)]
    assert not found, "wrap these in self.tr()/tr():\n" + "\n".join(found)


def test_core_descriptions_come_in_both_languages():
    assert PROFILE_HELP_ZH.keys() == PROFILE_HELP.keys()
    for platform in [*PLATFORMS.values(), get_platform("android", chunks_after_abort=True)]:
        assert platform.title_zh
        assert all(q.description_zh for q in platform.quirks), platform.name


@pytest.fixture
def chinese(qapp):
    """The window's translations as under LANG=zh_CN; English again afterwards."""
    i18n.install_translators(qapp, "zh_CN")
    yield
    i18n.install_translators(qapp, "en")


def menu_titles(main) -> list[str]:
    return [a.text().replace("&", "") for a in main.window.menuBar().actions() if a.isVisible()]


def test_window_under_zh_cn_speaks_chinese(chinese, open_window, qtbot):
    main = open_window()
    w = main.window
    assert menu_titles(main)[:3] == ["文件(F)", "请求(R)", "面板(P)"]
    assert i18n.use_chinese()
    assert w.request_bar.send_button.text() == "发送"
    assert w.windowTitle() == "wx.request 流式请求模拟器 — mpsim"
    # Texts the core keeps in both languages: platform titles, quirks, delivery profiles.
    assert w.request_bar.platform.currentText() == "安卓真机（V8）"
    assert "TextDecoder 未定义" in w.request_bar.platform.itemData(0, Qt.ItemDataRole.ToolTipRole)
    assert w.request_bar.profile_message.text() == PROFILE_HELP_ZH["random"]
    dock = next(d for d in w.panels() if d.objectName() == "panel:scriptPanel")
    assert dock.windowTitle() == "小程序"
    # An error banner, in Chinese.
    w.export_action.trigger()
    qtbot.waitUntil(w.banner.isVisible)
    assert w.banner.message() == "还没有可导出的内容：请先发送请求或打开日志。"
    # Qt's own buttons come from the qtbase_zh_CN.qm PySide6 ships.
    box = QDialogButtonBox(QDialogButtonBox.StandardButton.Cancel)
    assert box.buttons()[0].text() == "取消"


def test_window_in_english_by_default(open_window):
    main = open_window()
    assert menu_titles(main)[:3] == ["File", "Request", "Panels"]
    assert main.window.request_bar.platform.currentText() == "Android device (V8)"
    assert main.window.request_bar.profile_message.text() == PROFILE_HELP["random"]
    assert not i18n.use_chinese()


def test_language_menu_keeps_the_choice_for_the_next_start(open_window, qtbot, qapp):
    main = open_window()
    menu = main.window.findChild(type(main.window.menuBar().actions()[0].menu()), "languageMenu")
    choices = {a.data(): a for a in menu.actions() if a.isCheckable()}
    assert set(choices) == {"zh_CN", "en", "system"}
    assert choices["system"].isChecked()  # follows the system until the user picks
    assert choices["zh_CN"].text() == "中文" and choices["en"].text() == "English"
    choices["zh_CN"].trigger()
    assert main.settings.get_str(i18n.LANGUAGE_KEY) == "zh_CN"
    assert "next time" in main.window.banner.message()
    try:
        i18n.install_translators(qapp, main.settings.get_str(i18n.LANGUAGE_KEY))
        again = open_window()
        assert menu_titles(again)[0] == "文件(F)"
    finally:
        i18n.install_translators(qapp, "en")


# -- fits the screen ------------------------------------------------------------------------------

@pytest.mark.parametrize("screen", [QRect(0, 0, 1366, 738), QRect(0, 0, 1440, 870), QRect(0, 0, 1920, 1050),
                                    QRect(1920, 0, 1280, 1024)], ids=["1366x768", "1440x900", "1920x1080",
                                                                      "second-screen"])
def test_first_start_fits_the_screen(screen, open_window):
    main = open_window()
    rect = first_start_geometry(screen, main.window.minimumSizeHint())
    assert screen.contains(rect)
    assert rect.width() >= screen.width() * 0.9 and rect.height() >= screen.height() * 0.9


@pytest.mark.parametrize("language", ["en", "zh_CN"])
def test_everything_reachable_at_1366x768(language, open_window, qapp):
    i18n.install_translators(qapp, language)
    try:
        main = open_window(QSize(1366, 738))  # a 768-pixel screen less its panel
        w = main.window
        hint = w.minimumSizeHint()
        assert hint.width() <= 1366 and hint.height() <= 738
        assert w.size() == QSize(1366, 738)
        inside = w.rect()
        assert w.chunk_inspector.hex.view.horizontalScrollBar().maximum() == 0  # the hex text column too
        for part in (w.menuBar(), w.request_bar.url, w.request_bar.send_button, w.statusBar()):
            assert part.isVisible()
            top_left = part.mapTo(w, part.rect().topLeft())
            assert inside.contains(QRect(top_left, part.size())), part
    finally:
        i18n.install_translators(qapp, "en")


def test_title_says_mpsim_once(open_window, qapp):
    _application()  # names the application as `mpsim` does
    i18n.install_translators(qapp, "en")
    title = open_window().window.windowTitle()
    assert title.count("mpsim") == 1
    # Qt appends the display name to a title that does not end with it (X11, Windows).
    assert title.endswith(QApplication.applicationDisplayName())


def in_view(table, column: int, min_width: int = 24) -> bool:
    """Whether at least ``min_width`` pixels of ``column`` are inside the table's viewport."""
    header = table.horizontalHeader()
    left = header.sectionViewportPosition(column)
    return left >= 0 and left + min(min_width, header.sectionSize(column)) <= table.viewport().width()


@pytest.mark.parametrize("language", ["en", "zh_CN"])
def test_flags_and_json_values_in_view_at_1440x900_with_the_panel_open(language, open_window, qapp, qtbot):
    from simulator.gui.models import ChunkColumn, EventColumn
    from simulator.gui.renderers import Content

    i18n.install_translators(qapp, language)
    try:
        main = open_window(QSize(1440, 870))
        w = main.window
        assert any(d.isVisible() and d.objectName() == "panel:scriptPanel" for d in w.panels())
        assert in_view(w.chunk_pane.table, ChunkColumn.FLAGS)
        assert in_view(w.chunk_pane.table, ChunkColumn.LEVEL)
        assert in_view(w.events_pane.table, EventColumn.DATA)
        hex_view = w.chunk_inspector.hex.view
        assert hex_view.horizontalScrollBar().maximum() == 0  # offsets, bytes and their text all in view
        tree = w.events_pane.json.tree
        w.events_pane.json.render(Content(b'{"choices": [{"delta": {"content": "\xe4\xbd\xa0"}}], "id": "x"}'))
        assert tree.header().sectionViewportPosition(1) + 40 <= tree.viewport().width()  # the Value column
    finally:
        i18n.install_translators(qapp, "en")


def test_a_banner_lies_over_the_content_without_moving_it(open_window, qtbot):
    w = open_window().window
    bar_before = w.request_bar.mapTo(w, w.request_bar.rect().topLeft())
    w.banner.show_message("A message long enough to need a line of its own in the banner", "error")
    qtbot.waitUntil(w.banner.isVisible)
    assert w.request_bar.mapTo(w, w.request_bar.rect().topLeft()) == bar_before
    banner = QRect(w.banner.mapTo(w, w.banner.rect().topLeft()), w.banner.size())
    # Below the request bar, over the body (tests/gui/test_fit.py: it hides none of the bar's controls).
    assert banner.top() >= bar_before.y() + w.request_bar.height()
    assert banner.width() >= w.centralWidget().width() - 10
    assert w.banner.visibleRegion().boundingRect().size() == w.banner.size()  # nothing covers it


def test_demo_server_index_page_and_the_examples_speak_both_languages(demo_url):
    import urllib.request

    from simulator.server.demo import ENDPOINTS, ENDPOINTS_ZH

    page = urllib.request.urlopen(demo_url + "/", timeout=5).read().decode()
    for endpoint in ENDPOINTS:
        title_zh, description_zh = ENDPOINTS_ZH[endpoint.title]
        assert endpoint.title in page and title_zh in page and description_zh.split("（")[0][:12] in page
    examples = Path(i18n.__file__).parents[2] / "assets" / "examples"
    scripts = sorted(examples.glob("*.js"))
    assert len(scripts) >= 4
    for script in scripts:
        head = script.read_text(encoding="utf-8").split("\n\n")[0]
        assert "中文说明" in head and re.search(r"[A-Za-z]{4} [a-z]+ [a-z]+", head), script.name


def test_demo_presets_in_chinese(chinese, open_window):
    from simulator.server.demo import ENDPOINTS_ZH

    menu = open_window().window.presets_menu
    first = menu.actions()[0]
    assert first.text().endswith(ENDPOINTS_ZH["OpenAI chat stream"][0])
    assert first.toolTip() == ENDPOINTS_ZH["OpenAI chat stream"][1]


def test_core_errors_in_banners_are_led_in_chinese(chinese, open_window, qtbot):
    w = open_window().window
    w.request_bar.url.setCurrentText("http://127.0.0.1:9/")
    w.request_bar.profile.setCurrentText("fixed:zero")
    w.request_bar.send_button.click()
    qtbot.waitUntil(w.banner.isVisible)
    assert w.banner.message().startswith("交付方式无效：")
    assert "fixed" in w.banner.message()  # the core's own words follow, exact
    assert w.request_bar.profile_message.text().startswith("✗ 交付方式无效：")


def test_the_network_list_speaks_chinese_down_to_a_refused_request(chinese, open_window):
    from simulator.gui.network.model import NetworkColumn
    from simulator.runtime.program import DeviceNote

    main = open_window()
    model = main.network.model
    headers = [model.headerData(c, Qt.Orientation.Horizontal) for c in NetworkColumn]
    assert headers[NetworkColumn.DEVICE] == "设备" and headers[NetworkColumn.STATUS] == "状态"
    assert not [h for h in headers if re.search(r"[A-Za-z]{2}", h) and h not in ("URL", "TTFB")]
    entry = main.network.add_refused(DeviceNote("background", "made while in the background", 1,
                                                "https://api.example.com/chat", refused=True))
    row = model.row_of(entry)
    assert model.data(model.index(row, NetworkColumn.END)) == "后台中断"  # not the core's word "interrupted"
    assert model.data(model.index(row, NetworkColumn.DEVICE)) == "⚠ 后台"
    assert model.data(model.index(row, NetworkColumn.SOURCE)) == "页面"


def test_drop_down_buttons_draw_their_label_whole(open_window, qtbot):
    """The style's menu arrow is not painted over the label's last letter: each button looks exactly like
    a plain button of the same label ("Presets ▾")."""
    from PySide6.QtWidgets import QToolButton

    w = open_window(QSize(1920, 1050)).window
    buttons = [w.request_bar.presets_button, w.findChild(QToolButton, "pacingPresets")]
    for button in buttons:
        assert button.menu() is not None and button.text().endswith(" ▾")
        plain = QToolButton(w)
        plain.setText(button.text())
        plain.setToolButtonStyle(button.toolButtonStyle())
        plain.setAutoRaise(button.autoRaise())
        plain.setGeometry(button.geometry())
        plain.show()
        assert button.grab().toImage() == plain.grab().toImage(), button.text()
        plain.deleteLater()


@pytest.mark.parametrize("language", ["en", "zh_CN"])
def test_platform_and_delivery_show_their_whole_names_on_a_wide_screen(language, open_window, qapp):
    """At 1366 they show what fits (test_everything_reachable_at_1366x768); with room, the whole name."""
    i18n.install_translators(qapp, language)
    try:
        bar = open_window(QSize(1920, 1050)).window.request_bar
        for combo in (bar.platform, bar.profile):
            room = combo.style().subControlRect(QStyle.ComplexControl.CC_ComboBox, _combo_option(combo),
                                                QStyle.SubControl.SC_ComboBoxEditField, combo).width()
            assert combo.fontMetrics().horizontalAdvance(combo.currentText()) <= room, combo.currentText()
    finally:
        i18n.install_translators(qapp, "en")


def _combo_option(combo):
    from PySide6.QtWidgets import QStyleOptionComboBox

    option = QStyleOptionComboBox()
    combo.initStyleOption(option)
    return option


@pytest.mark.parametrize("language", ["en", "zh_CN"])
def test_the_network_lists_device_column_is_in_view_at_1366x768(language, open_window, qapp, qtbot):
    from simulator.gui.network.model import NetworkColumn

    i18n.install_translators(qapp, language)
    try:
        w = open_window(QSize(1366, 738)).window
        dock = next(d for d in w.panels() if d.objectName() == "panel:networkPanel")
        dock.show()
        dock.raise_()
        table = dock.widget().table
        qtbot.waitUntil(table.isVisible)
        assert in_view(table, NetworkColumn.STATUS) and in_view(table, NetworkColumn.DEVICE, 60)
    finally:
        i18n.install_translators(qapp, "en")
