"""Platform profiles: the documented and reported differences between DevTools and devices.

Each quirk names its source so the UI and the docs can show where it comes from; the sources are
summarized in ``docs/wechat-request-api.md`` (section numbers below refer to it).
Descriptions and titles come in English and Chinese (``*_zh``): the window shows the one of its language.
"""

from __future__ import annotations

from dataclasses import dataclass

__all__ = ["PLATFORMS", "PlatformProfile", "Quirk", "get_platform"]


@dataclass(frozen=True, slots=True)
class Quirk:
    name: str
    description: str
    source: str
    description_zh: str = ""


@dataclass(frozen=True, slots=True)
class PlatformProfile:
    name: str
    title: str
    chunk_type: str  # what onChunkReceived's res.data is: "ArrayBuffer" or "Uint8Array"
    has_text_decoder: bool
    headers_status_code: bool  # onHeadersReceived res carries statusCode
    chunks_after_abort: bool  # listeners still get chunks after abort()
    timeout_cap_ms: int | None  # requests are cut here whatever `timeout` says
    system: str  # what wx.getSystemInfoSync().platform answers
    quirks: tuple[Quirk, ...]
    title_zh: str = ""
    device: bool = True  # a phone or PC client: domain rules, the Referer version 0, res.profile

    def has(self, quirk: str) -> bool:
        return any(q.name == quirk for q in self.quirks)


_CHUNK_TYPE = (
    "Community: uniapp-chatSSEClient ChatWxApplet.vue ('Uint8Array（开发者工具）或者ArrayBuffer（真机）'), "
    "luoanb/chunk-res (docs/wechat-request-api.md §4.2)"
)
_TEXT_DECODER = (
    "WeChat community 'TextDecoder is not defined' on device; juejin 7506343215659188260"
    " (docs/wechat-request-api.md §4.2)"
)
_STATUS = (
    "RequestTask.onHeadersReceived doc: '目前开发者工具上不会返回 statusCode 字段'"
    " (docs/wechat-request-api.md §3)"
)
_AFTER_ABORT = "labring/FastGPT#4360, coze-dev/coze-js#320, uniapp-chatSSEClient#10 (docs/wechat-request-api.md §4.5)"
_TIMEOUT_CAP = "WeChat community 00022e5bd289f8f94a10c4f5f6d800: streams cut at 60 s (docs/wechat-request-api.md §4.8)"
_PROFILE = (
    "wx.request doc, success res.profile: 'iOS & Android only', base library 2.10.4"
    " (docs/wechat-request-api.md §2)"
)

# Opt-in variants (docs/wechat-request-api.md §4.2, 4.3), each on top of a base platform.
PROMISE_MACROTASK = Quirk(
    "promise_macrotask", "Promise.then callbacks run as macrotasks (a setTimeout polyfill), not microtasks",
    "Official 'JavaScript 支持情况' (framework/runtime/js-support): iOS 15 and below use a setTimeout-based "
    "Promise polyfill (docs/wechat-request-api.md §4.3, 6)",
    "Promise.then 回调作为宏任务（setTimeout）运行，而不是微任务")
LAST_CHUNKED_ONLY = Quirk(
    "last_chunked_only", "with several enableChunked requests open, only the last-started one gets chunks",
    "WeChat community oCJUswySYH9AwoRVGhsA7ZnEFs_4, iOS WeChat 8.0.54 (docs/wechat-request-api.md §4.3)",
    "同时有多个 enableChunked 请求时，只有最后发起的那个收到分块")
NO_CHUNKS = Quirk(
    "no_chunks", "onChunkReceived never fires; success gets the whole body",
    "WeChat community 0004c68ea507807730c0acfc561c00, PC WeChat (docs/wechat-request-api.md §4.3)",
    "onChunkReceived 从不触发；success 拿到完整响应体")
REDIRECT_QUERY = Quirk(
    "redirect_query", "redirect: 'manual' appends ?_wx_redirect=manual to the URL sent",
    "WeChat community oCJUsw1yVQqjmb5AHv762pCNjyzg (docs/wechat-request-api.md §4.2)",
    "redirect: 'manual' 时在请求 URL 后追加 ?_wx_redirect=manual")
PROFILE = Quirk("profile", "success res.profile carries the measured timings", _PROFILE,
                "success 的 res.profile 带有测得的各阶段耗时")


_CHUNKS_AFTER_ABORT = Quirk("chunks_after_abort", "chunks keep arriving after abort()", _AFTER_ABORT,
                            "abort() 之后仍会收到分块")


def _quirks(platform: str, *, decoder: bool, uint8: bool, status: bool, after_abort: bool,
            cap: bool) -> tuple[Quirk, ...]:
    q = [
        Quirk("chunk_type", f"onChunkReceived res.data is {'a Uint8Array' if uint8 else 'an ArrayBuffer'}",
              _CHUNK_TYPE, f"onChunkReceived 的 res.data 是 {'Uint8Array' if uint8 else 'ArrayBuffer'}"),
        Quirk("text_decoder", "TextDecoder is " + ("available" if decoder else "not defined"), _TEXT_DECODER,
              "TextDecoder " + ("可用" if decoder else "未定义")),
    ]
    if not status:
        q.append(Quirk("no_status_code", "onHeadersReceived gives no statusCode", _STATUS,
                       "onHeadersReceived 不返回 statusCode"))
    if after_abort:
        q.append(_CHUNKS_AFTER_ABORT)
    if cap:
        q.append(Quirk("timeout_cap", "requests are cut at 60 s whatever timeout says", _TIMEOUT_CAP,
                       "无论 timeout 设多少，请求都在 60 秒时被切断"))
    if platform in ("android", "ios"):
        q.append(PROFILE)
    return tuple(q)


def _variant(base: PlatformProfile, name: str, title: str, title_zh: str, add: tuple[Quirk, ...] = (),
             drop: tuple[str, ...] = (), system: str | None = None) -> PlatformProfile:
    quirks = tuple(q for q in base.quirks if q.name not in drop) + add
    return PlatformProfile(name, title, base.chunk_type, base.has_text_decoder, base.headers_status_code,
                           base.chunks_after_abort, base.timeout_cap_ms, system or base.system, quirks, title_zh,
                           base.device)


PLATFORMS: dict[str, PlatformProfile] = {
    "android": PlatformProfile(
        "android", "Android device (V8)", "ArrayBuffer", False, True, False, 60000, "android",
        _quirks("android", decoder=False, uint8=False, status=True, after_abort=False, cap=True),
        "安卓真机（V8）"),
    "ios": PlatformProfile(
        "ios", "iOS device (JavaScriptCore)", "ArrayBuffer", False, True, False, 60000, "ios",
        _quirks("ios", decoder=False, uint8=False, status=True, after_abort=False, cap=True),
        "iOS 真机（JavaScriptCore）"),
    "devtools": PlatformProfile(
        "devtools", "WeChat DevTools (NW.js)", "Uint8Array", True, False, False, None, "devtools",
        _quirks("devtools", decoder=True, uint8=True, status=False, after_abort=False, cap=False),
        "微信开发者工具（NW.js）", device=False),
}
PLATFORMS["ios15"] = _variant(PLATFORMS["ios"], "ios15", "iOS 15 or older (Promise polyfill)",
                              "iOS 15 及更早（Promise 垫片）", (PROMISE_MACROTASK,))
PLATFORMS["ios-8.0.54"] = _variant(PLATFORMS["ios"], "ios-8.0.54", "iOS WeChat 8.0.54 (last chunked task only)",
                                   "iOS 微信 8.0.54（仅最后一个分块请求收到分块）", (LAST_CHUNKED_ONLY,))
PLATFORMS["pc"] = _variant(PLATFORMS["android"], "pc", "PC WeChat (no chunks)", "PC 微信（无分块）", (NO_CHUNKS,),
                           drop=("profile",), system="windows")
PLATFORMS["devtools-redirect"] = _variant(
    PLATFORMS["devtools"], "devtools-redirect", "WeChat DevTools, ?_wx_redirect=manual",
    "微信开发者工具（追加 ?_wx_redirect=manual）", (REDIRECT_QUERY,))


def get_platform(name: str, *, chunks_after_abort: bool | None = None) -> PlatformProfile:
    """The named profile; ``chunks_after_abort`` turns that device quirk on or off explicitly."""
    try:
        p = PLATFORMS[name]
    except KeyError:
        raise ValueError(f"unknown platform {name!r}: choose one of {', '.join(PLATFORMS)}") from None
    if chunks_after_abort is None or chunks_after_abort == p.chunks_after_abort:
        return p
    quirks = tuple(q for q in p.quirks if q.name != "chunks_after_abort")
    if chunks_after_abort:
        quirks += (_CHUNKS_AFTER_ABORT,)
    return PlatformProfile(p.name, p.title, p.chunk_type, p.has_text_decoder, p.headers_status_code,
                           chunks_after_abort, p.timeout_cap_ms, p.system, quirks, p.title_zh, p.device)
