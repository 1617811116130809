"""The window's language: Chinese (zh_CN) or English, from the system locale unless the user picked
one in View → Language. The choice applies on the next start: every widget sets its text once, when it
is built, so a restart is the honest way to switch all of it.

- ``tr(text, disambiguation="", n=-1)``: a string outside a ``QObject`` method. ``pyside6-lupdate``
  files a bare ``tr("…")`` call under the empty context, so that is where this looks it up.
- ``install_translators(app, choice)``: mpsim's own ``mpsim_<lang>.qm`` (compiled from
  ``translations/mpsim_zh_CN.ts``) and Qt's ``qtbase_<lang>.qm`` for its own dialogs and buttons.
- ``install_language_menu(window, settings)``: the View → Language menu.
- ``level_name(level)``, ``end_reason_name(reason)``: a recording level, how a request ended, as the
  window names them.
- ``use_chinese()``, ``in_language(english, chinese)``: for texts the Qt-free core keeps in both
  languages (profile and quirk descriptions, platform titles).
- ``core_error(error, lead)``: an English error of the core, led by a translated sentence in Chinese.

The translation flow is Qt Linguist's ("Qt Linguist Manual: Release Manager"): ``pyside6-lupdate``
collects the strings into the ``.ts`` in the repository, ``pyside6-lrelease`` compiles the ``.qm`` that
ships as package data. ``scripts/update-translations.sh`` runs both.
"""

from __future__ import annotations

from importlib import resources
from pathlib import Path

from PySide6.QtCore import QCoreApplication, QLibraryInfo, QLocale, QTranslator
from PySide6.QtGui import QAction, QActionGroup
from PySide6.QtWidgets import QMainWindow, QMenu

from .settings import Settings

__all__ = ["LANGUAGE_KEY", "TS_FILE", "core_error", "end_reason_name", "in_language", "install_language_menu",
           "install_translators", "level_name", "tr", "use_chinese"]

#: The settings key of the user's choice: "system" (the default), "zh_CN" or "en".
LANGUAGE_KEY = "ui/language"
TRANSLATIONS = Path(str(resources.files("simulator.gui") / "translations"))
TS_FILE = TRANSLATIONS / "mpsim_zh_CN.ts"

_installed: list[QTranslator] = []


def tr(text: str, disambiguation: str = "", n: int = -1) -> str:
    """``text`` in the window's language; with ``n``, the plural form for ``n`` (``%n`` is replaced)."""
    return QCoreApplication.translate("", text, disambiguation or None, n)


def chosen_locale(choice: str) -> QLocale:
    if choice == "zh_CN":
        return QLocale(QLocale.Language.Chinese, QLocale.Country.China)
    if choice == "en":
        return QLocale(QLocale.Language.English, QLocale.Country.UnitedStates)
    return QLocale.system()


def install_translators(app: QCoreApplication, choice: str = "system") -> QLocale:
    """Load mpsim's and Qt's translations for ``choice`` (replacing any installed before) and make
    its locale the default; returns that locale. English needs no file: it is the source language."""
    for old in _installed:
        app.removeTranslator(old)
    _installed.clear()
    locale = chosen_locale(choice)
    QLocale.setDefault(locale)
    folders = [(TRANSLATIONS, "mpsim"),
               (Path(QLibraryInfo.path(QLibraryInfo.LibraryPath.TranslationsPath)), "qtbase")]
    for folder, name in folders:
        translator = QTranslator(app)
        # load(locale, ...) tries each of the locale's UI languages (zh_CN, zh_Hans_CN, zh ...) in turn.
        if translator.load(locale, name, "_", str(folder)):
            app.installTranslator(translator)
            _installed.append(translator)
    return locale


def use_chinese() -> bool:
    """Whether the window speaks Chinese (mpsim's translation is installed and is a Chinese one)."""
    return any(t.language().startswith("zh") for t in _installed)


def level_name(level: str) -> str:
    """A recording level (wire, read, delivered) as the window names it."""
    return {"wire": tr("wire"), "read": tr("read"), "delivered": tr("delivered")}.get(level, level)


def end_reason_name(reason: str) -> str:
    """How a request ended (``EndInfo.reason``) as the window names it."""
    return {"complete": tr("complete"), "abort": tr("abort"), "timeout": tr("timeout"),
            "disconnect": tr("disconnect"), "error": tr("error"), "incomplete": tr("incomplete"),
            "interrupted": tr("interrupted")}.get(reason, reason)


def core_error(error: object, lead: str) -> str:
    """An error the Qt-free core words in English, for a banner: as it is in English; in Chinese after
    ``lead`` (a translated ``"…: {error}"`` that says what failed), so the reader knows what went
    wrong in their language and still sees the core's exact words (a URL, a field, a byte offset)."""
    return lead.format(error=error) if use_chinese() else str(error)


def in_language(english: str, chinese: str) -> str:
    """The one of the window's language, of a text the core keeps in English and Chinese."""
    return chinese if chinese and use_chinese() else english


def install_language_menu(window: QMainWindow, settings: Settings) -> QMenu:
    """View → Language: 中文, English, or following the system; saved, applied on the next start."""
    view_menu = next((a.menu() for a in window.menuBar().actions()
                      if a.menu() is not None and a.menu().objectName() == "viewMenu"), None)
    if view_menu is None:
        view_menu = window.menuBar().addMenu(tr("&View"))
        view_menu.setObjectName("viewMenu")
    menu = view_menu.addMenu(tr("Language"))
    menu.setObjectName("languageMenu")
    group = QActionGroup(menu)
    current = settings.get_str(LANGUAGE_KEY, "system")
    # Each language is named in itself, so a user who cannot read the current one still finds theirs.
    for choice, label in (("zh_CN", "中文"), ("en", "English"), ("system", tr("Follow the system"))):
        action = QAction(label, menu, checkable=True)
        action.setData(choice)
        action.setChecked(choice == current)
        group.addAction(action)
        menu.addAction(action)
    menu.addSeparator()
    note = menu.addAction(tr("Applies the next time mpsim starts"))
    note.setEnabled(False)

    def chosen(action: QAction) -> None:
        settings.set(LANGUAGE_KEY, action.data())
        settings.sync()
        banner = getattr(window, "banner", None)
        if banner is not None:
            banner.show_message(tr("The language changes the next time mpsim starts."), "info")

    group.triggered.connect(chosen)
    return menu
