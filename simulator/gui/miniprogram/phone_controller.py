"""Behaviour of the panel's phone: the rendered page of a project run, or one data path as text.

With a project open, the phone shows the page itself (``RenderedPhone``: the page's WXML and WXSS in
QtWebEngine, typed into and tapped through ``webphone.PhoneLink``); the Data choice shows one path
of the page data as text, which is all a plain script (no WXML) has. Whichever shows, the navigation
bar follows the page's ``window`` settings and what the page draws over it (toast, loading, modal)
lies on top. The WXML inspector reads its tree from the rendered page.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QObject, QTimer, Signal
from PySide6.QtGui import QAction, QActionGroup

from ..webphone import DEVICES, PhoneLink, WebPhone
from .inspector import InspectorController
from .panel import ScriptPanel
from .project_controller import ProjectController
from .rendered_phone import FIT, ZOOMS, fit_zoom

PAGE, DATA = "page", "data"


class PhoneController(QObject):
    """Which phone shows (``mode``: ``"page"`` or ``"data"``), the device and zoom of the rendered
    one, and the ``PhoneLink`` of each project run (``link_for_run``, ``run_started``, ``run_finished``)."""

    pageShown = Signal()  # the rendered page is on screen with its data (first render, another device)

    def __init__(self, view: ScriptPanel, project: ProjectController, warn: Callable[[str], None]) -> None:
        super().__init__(view)
        self.view = view
        self._project = project
        self._warn = warn
        self._link: PhoneLink | None = None
        self._zoom = FIT
        self._window: dict[str, Any] = {}  # the page's window settings, as the rendered bar draws them
        self.mode = DATA
        self._page_ready = False  # the rendered phone's page is loaded (its tree can be read)
        self.inspector = InspectorController(view.inspector, self.web_page)
        self._devices = QActionGroup(self)
        for device in DEVICES:
            action = QAction(device.name, self._devices, checkable=True)
            action.setData(device)
            action.setChecked(device == DEVICES[0])
            view.device_menu.addAction(action)
        view.device_menu.addSeparator()
        self._zooms = QActionGroup(self)
        for zoom in ZOOMS:
            text = self.tr("Fit the panel") if zoom == FIT else f"{round(zoom * 100)} %"
            action = QAction(text, self._zooms, checkable=True)
            action.setData(zoom)
            action.setChecked(zoom == FIT)
            view.device_menu.addAction(action)
        self._devices.triggered.connect(self._on_device_picked)
        self._zooms.triggered.connect(self._on_zoom_picked)
        view.page_mode_button.toggled.connect(self._on_page_mode_toggled)
        view.page_mode_button.clicked.connect(lambda: self._choose(PAGE))
        view.data_mode_button.clicked.connect(lambda: self._choose(DATA))
        self._wanted = PAGE  # what the user last picked; a page without WXML shows its data whatever it is
        view.rendered.resized.connect(self._fit)
        self._fit_timer = QTimer(self, singleShot=True, interval=0)
        self._fit_timer.timeout.connect(self._apply_zoom)
        self._show_mode_choice(False)

    # -- public --------------------------------------------------------------------------------------
    def web_page(self) -> WebPhone | None:
        """The rendered phone while it shows a page (the inspector's source)."""
        rendered = self.view.rendered
        return rendered.web if self._page_ready and rendered.showing_page() else None

    def set_mode(self, mode: str) -> None:
        """``"page"``: the rendered page; ``"data"``: one data path as text (as the user picks it)."""
        self._choose(mode)
        self._show(mode)

    def _choose(self, mode: str) -> None:
        self._wanted = mode

    def _show(self, mode: str) -> None:
        button = self.view.page_mode_button if mode == PAGE else self.view.data_mode_button
        if button.isEnabled():
            button.setChecked(True)
        self._on_page_mode_toggled(self.view.page_mode_button.isChecked())

    def reset(self, route: str | None) -> None:
        """A project opened or closed, a page picked, a run about to start: what the phone can show."""
        project = self._project.project
        renders = project is not None and route is not None and (project.root / f"{route}.wxml").is_file()
        self._show_mode_choice(project is not None)
        v = self.view
        v.page_mode_button.setEnabled(renders)
        if project is None:
            v.page_mode_button.setToolTip(self.tr("A plain script has no WXML: the phone shows its data"))
        elif not renders:
            v.page_mode_button.setToolTip(self.tr("{route} has no .wxml: the phone shows its data").format(
                route=route or "?"))
        else:
            v.page_mode_button.setToolTip(self.tr("The page as the phone draws it: type and tap in it"))
        if self._link is None or v.rendered.web is None:
            v.rendered.show_placeholder(self.tr("Run the page (Ctrl+R): it renders here, and you can type and "
                                                "tap in it."))
        self._show(self._wanted if renders else DATA)
        self.inspector.refresh()

    def link_for_run(self) -> PhoneLink | None:
        """The view a project run of a page with WXML gets (``MiniProgram(view=...)``); None otherwise."""
        project = self._project.project
        if project is None or not self.view.page_mode_button.isEnabled():
            return None
        web = self._web()
        # Shown while it loads: Chromium paints (and runs a page's animation frames) only in sight.
        self.view.rendered.show_page()
        self.view.rendered.show_ended(False)
        self._page_ready = False
        self._link = PhoneLink(project, web, on_warning=self._warn)
        return self._link

    def run_started(self, program: Any) -> None:
        if self._link is not None:
            self._link.attach(program)

    def run_finished(self) -> None:
        link, self._link = self._link, None
        if link is not None:
            link.close()  # the page stays on the phone; taps go nowhere now, and the phone says so
            self.view.rendered.show_ended(self.view.rendered.showing_page())

    def data_changed(self) -> None:
        self.inspector.schedule()

    # -- the navigation bar ----------------------------------------------------------------------------
    def show_window_config(self, config: dict[str, Any]) -> None:
        """The bar as the page's ``window`` settings draw it (app.json ``window`` and the page's json):
        https://developers.weixin.qq.com/miniprogram/dev/reference/configuration/page.html"""
        title = config.get("navigationBarTitleText")
        self.view.phone.set_title(title if isinstance(title, str) else "")
        text_style = config.get("navigationBarTextStyle")
        background = config.get("navigationBarBackgroundColor")
        self.view.phone.set_navigation_bar(background if isinstance(background, str) else None,
                                           text_style if text_style in ("white", "black") else None)
        self.set_window_config(config)

    def set_window_config(self, config: dict[str, Any]) -> None:
        self._window = dict(config)
        if self.view.rendered.web is not None:
            self.view.rendered.web.set_window_config(self._window)
            self._fit()

    def set_title(self, title: str) -> None:
        self.view.phone.set_title(title)
        self._window["navigationBarTitleText"] = title
        if self.view.rendered.web is not None:
            self.view.rendered.web.set_title(title)

    def set_navigation_bar(self, background: str | None, front: str | None) -> None:
        """``wx.setNavigationBarColor``: the front colour is ``#ffffff`` or ``#000000``."""
        self.view.phone.set_navigation_bar(background, front)
        if background:
            self._window["navigationBarBackgroundColor"] = background
        if front in ("#ffffff", "#000000", "white", "black"):
            self._window["navigationBarTextStyle"] = "black" if front in ("#000000", "black") else "white"
        self.set_window_config(self._window)

    # -- inside ------------------------------------------------------------------------------------------
    def _web(self) -> WebPhone:
        rendered = self.view.rendered
        if rendered.web is None:
            web = rendered.ensure_web()
            web.page_shown.connect(self._on_page_shown)
            web.load_failed.connect(self._warn)
            web.set_window_config(self._window)
            web.resized.connect(self._on_web_resized)
        return rendered.web

    def _on_web_resized(self) -> None:
        overlay = self.view.phone.overlay
        if overlay.parentWidget() is self.view.rendered.web:
            overlay.follow()

    def _on_page_shown(self) -> None:
        self._page_ready = True
        self.view.rendered.show_page()
        self._place_overlay()
        self._fit()
        self.inspector.refresh()
        self.pageShown.emit()

    def _show_mode_choice(self, shown: bool) -> None:
        v = self.view
        for w in (v.page_mode_button, v.data_mode_button):
            w.setVisible(shown)

    def _on_page_mode_toggled(self, page: bool) -> None:
        page = page and self.view.page_mode_button.isEnabled()
        self.mode = PAGE if page else DATA
        v = self.view
        v.phone_stack.setCurrentWidget(v.rendered if page else v.text_phone_box)
        v.device_button.setVisible(page)
        v.path_label.setVisible(not page)
        v.path.setVisible(not page)
        self._place_overlay()
        if page:
            self._fit()

    def _place_overlay(self) -> None:
        web = self.view.rendered.web
        if self.mode == PAGE and web is not None:
            self.view.phone.overlay.cover(web, web.view.geometry)
        else:
            self.view.phone.cover_page()

    def _on_device_picked(self, action: QAction) -> None:
        web = self._web()
        if web.device != action.data():
            self._page_ready = False  # loaded again: its tree is read once it shows
        web.set_device(action.data())
        self._fit()

    def _on_zoom_picked(self, action: QAction) -> None:
        self._zoom = float(action.data())
        self._fit()

    def _fit(self) -> None:
        self._fit_timer.start()  # after the layout settled: the room is known then

    def _apply_zoom(self) -> None:
        web = self.view.rendered.web
        if web is None:
            return
        zoom = self._zoom
        if zoom == FIT:
            zoom = fit_zoom(self.view.rendered.room(), web.device.width, web.device.height)
        if abs(zoom - web.zoom) > 0.005:
            web.set_zoom(zoom)
