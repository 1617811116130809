"""What a phone adds to a ``wx.request`` and what it refuses: Referer, User-Agent, domain rules.

Every fact here is listed with its source in ``docs/device.md``; the network doc ("网络 使用说明",
https://developers.weixin.qq.com/miniprogram/dev/framework/ability/network.html) is cited as DOC-NET.
Qt-free: the runtime, the CLI and the window use it alike.
"""

from __future__ import annotations

import ipaddress
import json
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urlsplit

from .platforms import PlatformProfile

__all__ = ["DOMAIN_ERRMSG", "DOMAIN_ERRNO", "TOURIST_APPID", "DomainError", "DomainRules", "device_headers",
           "project_domains", "referer", "user_agent"]

# The appid DevTools gives a project opened without one ("测试号" / tourist mode).
TOURIST_APPID = "touristappid"
# DOC-NET: "url not in domain list"; errno 600002 on the official Errno page (docs/wechat-request-api.md §2).
DOMAIN_ERRMSG = "request:fail url not in domain list"
DOMAIN_ERRNO = 600002


def referer(appid: str | None, platform: PlatformProfile) -> str:
    """DOC-NET: the Referer "is fixed to https://servicewechat.com/{appid}/{version}/page-frame.html";
    version ``0`` for development, trial and review builds, ``devtools`` in DevTools."""
    version = "devtools" if platform.system == "devtools" else "0"
    return f"https://servicewechat.com/{appid or TOURIST_APPID}/{version}/page-frame.html"


# The shape of the User-Agent each client sends, as captured from real requests (docs/device.md,
# "User-Agent"): the system web view's UA, then MicroMessenger/<version>, then the mini-program marker.
_USER_AGENTS = {
    "android": ("Mozilla/5.0 (Linux; Android 14; mpsim Build/UP1A; wv) AppleWebKit/537.36 (KHTML, like Gecko) "
                "Version/4.0 Chrome/122.0.6261.120 Mobile Safari/537.36 XWEB/1220133 MMWEBSDK/20240404 "
                "MMWEBID/0 MicroMessenger/8.0.50.2701(0x28003237) WeChat/arm64 Weixin NetType/WIFI "
                "Language/zh_CN ABI/arm64 MiniProgramEnv/android"),
    "ios": ("Mozilla/5.0 (iPhone; CPU iPhone OS 17_5 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) "
            "Mobile/15E148 MicroMessenger/8.0.50(0x18003237) NetType/WIFI Language/zh_CN"),
    "devtools": ("Mozilla/5.0 (iPhone; CPU iPhone OS 13_2_3 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) "
                 "Version/13.0.3 Mobile/15E148 Safari/604.1 wechatdevtools/1.06.2402040 MicroMessenger/8.0.5 "
                 "Language/zh_CN webview/"),
    "windows": ("Mozilla/5.0 (Windows NT 10.0; WOW64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/107.0.0.0 "
                "Safari/537.36 NetType/WIFI MicroMessenger/7.0.20.1781(0x6700143B) WindowsWechat(0x63090a13) "
                "XWEB/9129 Flue MiniProgramEnv/Windows"),
}


def user_agent(platform: PlatformProfile) -> str:
    return _USER_AGENTS.get(platform.system, _USER_AGENTS["android"])


def device_headers(header: dict[str, str], platform: PlatformProfile, appid: str | None) -> dict[str, str]:
    """The caller's headers as the client sends them: its own Referer replaced (DOC-NET: "referer header
    不可设置"), a User-Agent of the platform's shape unless the caller gave one."""
    out = {k: v for k, v in header.items() if k.lower() != "referer"}
    if not any(k.lower() == "user-agent" for k in out):
        out["User-Agent"] = user_agent(platform)
    out["Referer"] = referer(appid, platform)
    return out


class DomainError(ValueError):
    """A domain list entry that is not a host (``a.com``, ``https://a.com:8443``); the message says which."""


@dataclass(frozen=True, slots=True)
class _Allowed:
    host: str
    port: int | None  # None: the URL must name no port at all, not even 443 (DOC-NET)


@dataclass(frozen=True, slots=True)
class DomainRules:
    """The request domains of the admin console ("开发管理 - 开发设置 - 服务器域名"), and DOC-NET's rules:
    ``https`` only, no IP address but a LAN one (base library 2.4.0), never ``localhost`` or the phone's
    own address, the port exactly as configured."""

    allowed: tuple[_Allowed, ...] = ()

    @classmethod
    def parse(cls, entries: list[str] | tuple[str, ...]) -> DomainRules:
        allowed = []
        for entry in entries:
            text = entry.strip()
            if not text:
                continue
            parts = urlsplit(text if "://" in text else f"https://{text}")
            if parts.scheme != "https" or not parts.hostname or parts.path not in ("", "/") or parts.query:
                raise DomainError(f"domain {entry!r}: give a host such as api.example.com or https://api.example.com:8443")
            try:
                port = parts.port
            except ValueError:
                raise DomainError(f"domain {entry!r}: the port is not a number from 1 to 65535") from None
            allowed.append(_Allowed(parts.hostname.lower(), port))
        return cls(tuple(allowed))

    def why_refused(self, url: str) -> str | None:
        """Why a phone would refuse ``url`` (one sentence), or None when it would send it."""
        parts = urlsplit(url.strip())
        host = (parts.hostname or "").lower()
        try:
            port = parts.port
        except ValueError:
            port = None
        ip = _ip(host)
        if host == "localhost" or host.endswith(".localhost") or (ip is not None and (ip.is_loopback
                                                                                      or ip.is_unspecified)):
            return f"{host} is this device itself: a phone never sends wx.request to localhost or its own address"
        if ip is not None:
            if ip.is_private or ip.is_link_local:
                return None  # LAN addresses are allowed without configuration since base library 2.4.0
            return f"{host} is an IP address: only domain names (or a LAN IP) can be request domains"
        if parts.scheme != "https":
            return f"{parts.scheme}:// is not allowed: request domains are https only"
        for rule in self.allowed:
            if rule.host == host:
                if rule.port == port:
                    return None
                if rule.port is None:
                    return (f"the domain {host} is configured without a port, so the URL may not name one "
                            f"(not even {port})")
                return f"the domain {host} is configured with port {rule.port}, the URL has {port or 'none'}"
        if not self.allowed:
            return (f"{host} is not a request domain: no domain list was given "
                    "(--domains, or the project's mpsim.domains)")
        return f"{host} is not one of the request domains ({', '.join(_shown(r) for r in self.allowed)})"


def _shown(rule: _Allowed) -> str:
    return rule.host if rule.port is None else f"{rule.host}:{rule.port}"


def _ip(host: str) -> ipaddress.IPv4Address | ipaddress.IPv6Address | None:
    try:
        return ipaddress.ip_address(host.strip("[]"))
    except ValueError:
        return None


def project_domains(root: Path) -> list[str]:
    """The request domains a project lists for mpsim: ``{"mpsim": {"domains": [...]}}`` in
    ``project.private.config.json`` (the per-developer file DevTools keeps out of the shared config),
    else in ``project.config.json``. WeChat keeps the real list in the admin console, not in the project.
    A file that cannot be read gives no domains; a bad ``domains`` value is a DomainError."""
    for name in ("project.private.config.json", "project.config.json"):
        path = root / name
        try:
            conf = json.loads(path.read_text(encoding="utf-8"))
        except (OSError, ValueError):
            continue
        section = conf.get("mpsim") if isinstance(conf, dict) else None
        if isinstance(section, dict) and "domains" in section:
            domains = section["domains"]
            if not isinstance(domains, list) or not all(isinstance(d, str) for d in domains):
                raise DomainError(f"{path}: mpsim.domains must be a list of host names")
            return list(domains)
    return []
