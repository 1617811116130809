"""The phone in QtWebEngine: the project's page rendered by a real CSS engine (docs/product.md J).

- ``WebPhone``: the widget (navigation bar, page, device presets ``DEVICES``, zoom); ``set_data``,
  ``event_fired``, ``tree``, ``highlight``, ``snapshot``, ``screenshot``.
- ``PhoneLink``: a project run's page on the phone, its taps and keystrokes back to the run.
- ``render_screenshot``: the same page headless, saved as a PNG, with its text and element boxes.
- ``prepare_web_engine``: Chromium's flags; call before the QApplication is made.
"""

from ._engine import prepare_web_engine
from ._link import PhoneLink
from ._phone import DEVICES, Device, WebPhone, element_path
from ._screenshot import Screenshot, ScreenshotError, render_screenshot

__all__ = ["DEVICES", "Device", "PhoneLink", "Screenshot", "ScreenshotError", "WebPhone", "element_path",
           "prepare_web_engine", "render_screenshot"]
