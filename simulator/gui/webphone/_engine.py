"""QtWebEngine for the phone: Chromium's flags, and the ``mpsim:`` scheme that serves each phone page
and the project's own files (``<image src="/images/a.png">``) from memory, never from a temp folder.

Why Chromium: users' layouts depend on flexbox, positioning and fonts, which only a real CSS engine
gets right, and Android WeChat renders pages with a Chromium-based engine too. Measured here
(bench/webphone.py): a chat page is on screen in about 0.1 s offscreen and ``grab()`` captures it.
"""

from __future__ import annotations

import atexit
import mimetypes
import os
import weakref
from dataclasses import dataclass, field
from pathlib import Path

import shiboken6
from PySide6.QtCore import QBuffer, QByteArray, QCoreApplication, QIODevice, QObject, Qt
from PySide6.QtGui import QGuiApplication

__all__ = ["PageSource", "prepare_web_engine", "profile", "publish", "unpublish"]

SCHEME = b"mpsim"

# The phone makes no connection of its own: no component updates, safe-browsing lists, metrics or
# crash reports (a page's remote <image> still loads, as on a device).
_QUIET = ["--disable-background-networking", "--disable-component-update", "--disable-domain-reliability",
          "--disable-sync", "--disable-breakpad", "--no-pings", "--no-first-run",
          "--disable-features=Translate,OptimizationHints,MediaRouter,AutofillServerCommunication",
          "--log-level=3"]


def _offscreen() -> bool:
    app = QGuiApplication.instance()
    name = QGuiApplication.platformName() if app is not None else os.environ.get("QT_QPA_PLATFORM", "")
    return name.startswith(("offscreen", "minimal"))


def prepare_web_engine() -> None:
    """Set Chromium's flags before QtWebEngine starts; call it before the QApplication is made.

    Chromium reads ``QTWEBENGINE_CHROMIUM_FLAGS`` once, when the first web page is created, and its
    sandbox refuses to start as root (containers, CI) — hence ``--no-sandbox`` there. The offscreen
    platform has no GPU context to share, so ``--disable-gpu`` makes it paint in software.
    Flags the user set already are kept.
    """
    flags = list(_QUIET)
    if hasattr(os, "geteuid") and os.geteuid() == 0:
        flags.append("--no-sandbox")
    if _offscreen():
        flags.append("--disable-gpu")
    have = os.environ.get("QTWEBENGINE_CHROMIUM_FLAGS", "").split()
    os.environ["QTWEBENGINE_CHROMIUM_FLAGS"] = " ".join(have + [f for f in flags if f not in have])
    if QCoreApplication.instance() is None:
        # QtWebEngine shares OpenGL contexts with the widgets; Qt wants this set before the app exists.
        QCoreApplication.setAttribute(Qt.ApplicationAttribute.AA_ShareOpenGLContexts)
    _register_scheme()


_registered = False


def _register_scheme() -> None:
    global _registered
    if _registered:
        return
    from PySide6.QtWebEngineCore import QWebEngineUrlScheme

    scheme = QWebEngineUrlScheme(SCHEME)
    # mpsim://<page key>/pages/chat/chat: the key is the host, so a root-absolute "/images/a.png"
    # in the page stays within its own project.
    scheme.setSyntax(QWebEngineUrlScheme.Syntax.Host)
    scheme.setFlags(QWebEngineUrlScheme.Flag.SecureScheme | QWebEngineUrlScheme.Flag.LocalAccessAllowed
                    | QWebEngineUrlScheme.Flag.ContentSecurityPolicyIgnored)
    QWebEngineUrlScheme.registerScheme(scheme)
    _registered = True


@dataclass
class PageSource:
    """What ``mpsim://<key>/`` serves: the page's HTML, and files under the project folder if any."""

    html: str
    assets: Path | None = None
    extra: dict[str, bytes] = field(default_factory=dict)

    def read(self, path: str) -> tuple[bytes, str] | None:
        if path.endswith(".html"):
            return self.html.encode("utf-8"), "text/html;charset=utf-8"
        mime = mimetypes.guess_type(path)[0] or "application/octet-stream"
        if path in self.extra:
            return self.extra[path], mime
        if self.assets is None:
            return None
        base = self.assets.resolve()
        target = (base / path.lstrip("/")).resolve()
        if not target.is_relative_to(base) or not target.is_file():
            return None
        return target.read_bytes(), mime


_live_pages: weakref.WeakSet = weakref.WeakSet()


def track_page(page: QObject) -> None:
    """A web page to delete before QtWebEngine's profile goes at exit."""
    _live_pages.add(page)


def _release_pages() -> None:
    # QtWebEngine deletes its profile as the app ends and warns of any page still alive then; a
    # deleteLater is too late once no event loop runs (after aboutToQuit, at interpreter exit).
    for page in list(_live_pages):
        if shiboken6.isValid(page):
            shiboken6.delete(page)


_pages: dict[str, PageSource] = {}
_profile = None
_handler = None
_next_key = 0


def publish(source: PageSource) -> str:
    """Serve ``source`` and return the host key of its URLs (``mpsim://<key>/page.html``)."""
    global _next_key
    _next_key += 1
    key = f"p{_next_key}"
    _pages[key] = source
    return key


def unpublish(key: str) -> None:
    _pages.pop(key, None)


def profile():
    """The profile every phone uses: Qt's default one, off the record (nothing of a page is written to
    disk), which QtWebEngine itself deletes after the last page at exit."""
    global _profile, _handler
    if _profile is not None:
        return _profile
    prepare_web_engine()
    from PySide6.QtWebEngineCore import QWebEngineProfile, QWebEngineUrlRequestJob, QWebEngineUrlSchemeHandler

    class _Handler(QWebEngineUrlSchemeHandler):
        def requestStarted(self, job: QWebEngineUrlRequestJob) -> None:  # noqa: N802 (Qt's name)
            url = job.requestUrl()
            source = _pages.get(url.host())
            found = source.read(url.path()) if source is not None else None
            if found is None:
                job.fail(QWebEngineUrlRequestJob.Error.UrlNotFound)
                return
            body, mime = found
            buffer = QBuffer(job)
            buffer.setData(QByteArray(body))
            buffer.open(QIODevice.OpenModeFlag.ReadOnly)
            job.reply(mime.encode("ascii"), buffer)

    app = QCoreApplication.instance()
    if app is not None:
        app.aboutToQuit.connect(_release_pages)
    atexit.register(_release_pages)
    _profile = QWebEngineProfile.defaultProfile()
    _handler = _Handler(_profile)
    _profile.installUrlSchemeHandler(SCHEME, _handler)
    return _profile
