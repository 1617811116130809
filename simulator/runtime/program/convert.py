"""Conversions between the JSON the JS side speaks and Python values, and the system info a page sees."""

from __future__ import annotations

from typing import Any

from simulator.core.platforms import PlatformProfile

_BYTES_KEY = "__mpsim_bytes__"  # an ArrayBuffer crossing as a latin-1 string, one char per byte


def _from_js(v: Any) -> Any:
    if isinstance(v, dict) and set(v) == {_BYTES_KEY}:
        return v[_BYTES_KEY].encode("latin-1")
    return v


def _to_js(res: dict[str, Any]) -> dict[str, Any]:
    data = res.get("data")
    if isinstance(data, bytes | bytearray | memoryview):
        res = dict(res, data={_BYTES_KEY: bytes(data).decode("latin-1")})
    return res


def _line_in(stack: str, filename: str) -> int | None:
    marker = f"{filename}:"
    for ln in stack.splitlines():
        i = ln.find(marker)
        if i >= 0:
            num = ln[i + len(marker):].split(":", 1)[0]
            if num.isdigit():
                return int(num)
    return None


def _system_info(p: PlatformProfile) -> dict[str, Any]:
    """A plausible ``wx.getSystemInfoSync()`` for the profile; ``platform`` is what code branches on."""
    system = {"android": "Android 14", "ios": "iOS 17.5", "devtools": "iOS 10.0.1"}.get(p.system, p.system)
    model = {"android": "mpsim Android phone", "ios": "iPhone 15", "devtools": "iPhone 6/7/8"}.get(p.system, "mpsim")
    width, height = (375, 667) if p.system == "devtools" else (393, 852)
    return {
        "brand": "devtools" if p.system == "devtools" else "mpsim", "model": model, "system": system,
        "platform": p.system, "version": "8.0.50", "SDKVersion": "3.4.10", "language": "zh_CN",
        "pixelRatio": 3 if p.system != "devtools" else 2, "screenWidth": width, "screenHeight": height,
        "windowWidth": width, "windowHeight": height, "statusBarHeight": 20, "fontSizeSetting": 16,
        "benchmarkLevel": 1, "theme": "light", "host": {"env": "WeChat"},
    }
