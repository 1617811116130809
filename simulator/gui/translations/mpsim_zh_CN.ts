<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="zh_CN">
<context>
    <name></name>
    <message>
        <source>Invalid UTF-8 ({bytes}): not part of any character; a decoder turns it into U+FFFD �</source>
        <translation>无效 UTF-8（{bytes}）：不属于任何字符，解码器会把它变成 U+FFFD �</translation>
    </message>
    <message>
        <source>Cut character: these {n} byte(s) finish “{char}” ({bytes}), whose first {m} byte(s) came in the previous chunk. Decoding this chunk on its own garbles it.</source>
        <translation>被切开的字符：这 {n} 个字节是“{char}”（{bytes}）的后半，前 {m} 个字节在上一个分块里。单独解码这个分块会乱码。</translation>
    </message>
    <message>
        <source>Cut character: these {n} byte(s) begin “{char}” ({bytes}); the next chunk brings the other {m} byte(s). Decoding this chunk on its own garbles it.</source>
        <translation>被切开的字符：这 {n} 个字节是“{char}”（{bytes}）的开头，其余 {m} 个字节在下一个分块里。单独解码这个分块会乱码。</translation>
    </message>
    <message>
        <source>wire</source>
        <extracomment>The settings key of the user&apos;s choice: &quot;system&quot; (the default), &quot;zh_CN&quot; or &quot;en&quot;.</extracomment>
        <translation>线路</translation>
    </message>
    <message>
        <source>read</source>
        <translation>读取</translation>
    </message>
    <message>
        <source>delivered</source>
        <translation>交付</translation>
    </message>
    <message>
        <source>complete</source>
        <translation>完成</translation>
    </message>
    <message>
        <source>abort</source>
        <translation>已中断</translation>
    </message>
    <message>
        <source>timeout</source>
        <translation>超时</translation>
    </message>
    <message>
        <source>disconnect</source>
        <translation>连接断开</translation>
    </message>
    <message>
        <source>error</source>
        <translation>错误</translation>
    </message>
    <message>
        <source>incomplete</source>
        <translation>未完成</translation>
    </message>
    <message>
        <source>interrupted</source>
        <translation>后台中断</translation>
    </message>
    <message>
        <source>&amp;View</source>
        <translation>视图(&amp;V)</translation>
    </message>
    <message>
        <source>Language</source>
        <translation>语言</translation>
    </message>
    <message>
        <source>Follow the system</source>
        <translation>跟随系统</translation>
    </message>
    <message>
        <source>Applies the next time mpsim starts</source>
        <translation>下次启动 mpsim 时生效</translation>
    </message>
    <message>
        <source>The language changes the next time mpsim starts.</source>
        <translation>语言将在下次启动 mpsim 时切换。</translation>
    </message>
    <message>
        <source>Mini-program</source>
        <translation>小程序</translation>
    </message>
    <message>
        <source>E&amp;xamples</source>
        <translation>示例(&amp;X)</translation>
    </message>
    <message>
        <source>Click to show {file} line {line} in the editor</source>
        <translation>点击在编辑器中查看 {file} 第 {line} 行</translation>
    </message>
    <message>
        <source>string ({n})</source>
        <translation>字符串（{n}）</translation>
    </message>
    <message>
        <source>boolean</source>
        <translation>布尔值</translation>
    </message>
    <message>
        <source>number</source>
        <translation>数字</translation>
    </message>
    <message>
        <source>object ({n})</source>
        <translation>对象（{n}）</translation>
    </message>
    <message>
        <source>array ({n})</source>
        <translation>数组（{n}）</translation>
    </message>
    <message>
        <source>{n} more not shown</source>
        <translation>另有 {n} 项未显示</translation>
    </message>
    <message>
        <source>{name} must start with http:// or https://: {url!r}</source>
        <translation>{name} 必须以 http:// 或 https:// 开头：{url!r}</translation>
    </message>
    <message>
        <source>(not used)</source>
        <translation>（未启用）</translation>
    </message>
    <message>
        <source>mpsim answered: {button}</source>
        <translation>mpsim 已代答：{button}</translation>
    </message>
    <message>
        <source>(mpsim picked)</source>
        <translation>（mpsim 代选）</translation>
    </message>
    <message>
        <source>Run the page first.</source>
        <translation>请先运行页面。</translation>
    </message>
    <message>
        <source>with {event}</source>
        <translation>事件 {event}</translation>
    </message>
    <message>
        <source>Calling {name}{event}</source>
        <translation>调用 {name}{event}</translation>
    </message>
    <message>
        <source>Recent Projects</source>
        <translation>最近的项目</translation>
    </message>
    <message>
        <source>Cannot open the project: {error}</source>
        <translation>无法打开项目：{error}</translation>
    </message>
    <message>
        <source>The project&apos;s storage cannot be read, the run starts with none: {error}</source>
        <translation>无法读取项目的存储，本次运行从空存储开始：{error}</translation>
    </message>
    <message>
        <source>The storage could not be saved to {path}: {error}</source>
        <translation>存储无法保存到 {path}：{error}</translation>
    </message>
    <message>
        <source>{name} is not a text file the editor opens.</source>
        <translation>{name} 不是编辑器能打开的文本文件。</translation>
    </message>
    <message>
        <source>Clear the list</source>
        <translation>清空列表</translation>
    </message>
    <message numerus="yes">
        <source>%n key(s)</source>
        <translation>
            <numerusform>%n 个键</numerusform>
        </translation>
    </message>
    <message>
        <source>{size} of {limit} KB</source>
        <translation>已用 {size} / {limit} KB</translation>
    </message>
    <message>
        <source>Raw text</source>
        <translation>原始文本</translation>
    </message>
    <message>
        <source>Hex</source>
        <translation>十六进制</translation>
    </message>
    <message>
        <source>Select a chunk to see its bytes.</source>
        <translation>选择一个分块查看它的字节。</translation>
    </message>
    <message>
        <source>JSON tree</source>
        <translation>JSON 树</translation>
    </message>
    <message>
        <source>Key</source>
        <translation>键</translation>
    </message>
    <message>
        <source>Value</source>
        <translation>值</translation>
    </message>
    <message>
        <source>Type</source>
        <translation>类型</translation>
    </message>
    <message>
        <source>string</source>
        <translation>字符串</translation>
    </message>
    <message>
        <source>The event is not valid JSON: {error}</source>
        <extracomment>Page methods that are the page&apos;s life, not handlers a user would call.</extracomment>
        <translation>事件不是有效的 JSON：{error}</translation>
    </message>
    <message>
        <source>The event must be a JSON object like {{&quot;detail&quot;: {{}}}}, not {kind}</source>
        <translation>事件必须是 JSON 对象，例如 {{&quot;detail&quot;: {{}}}}，而不是 {kind}</translation>
    </message>
    <message>
        <source>&amp;Mini-program</source>
        <translation>小程序(&amp;M)</translation>
    </message>
    <message>
        <source>{n:,} bytes</source>
        <translation>{n:,} 字节</translation>
    </message>
    <message>
        <source>Pin two requests (right-click a row, or Pin A / Pin B) to compare them: for example the same URL with passthrough and with utf8-cut.</source>
        <translation>固定两个请求（右键点击一行，或按 固定为 A / 固定为 B）来对比：例如同一个 URL 分别用 passthrough 和 utf8-cut。</translation>
    </message>
    <message>
        <source>Chunk boundaries on one byte axis: grey between characters, red inside a character; orange where the page&apos;s text first goes wrong</source>
        <translation>同一字节轴上的分块边界：灰色在字符之间，红色切在字符内部；橙色是页面文本第一次出错的位置</translation>
    </message>
    <message>
        <source>The page&apos;s text</source>
        <translation>页面的文本</translation>
    </message>
    <message>
        <source>Correctly decoded</source>
        <translation>正确解码</translation>
    </message>
    <message>
        <source>{slot}: not pinned</source>
        <translation>{slot}：未固定</translation>
    </message>
    <message>
        <source>(not a page&apos;s request: no page text)</source>
        <translation>（不是页面发出的请求：没有页面文本）</translation>
    </message>
    <message>
        <source>{bytes:,} bytes in {chunks:,} callbacks; {cuts:,} boundaries inside a character</source>
        <translation>{bytes:,} 字节，分 {chunks:,} 次回调；{cuts:,} 处边界切在字符内部</translation>
    </message>
    <message>
        <source>The page&apos;s text matches the correct decoding.</source>
        <translation>页面的文本与正确解码一致。</translation>
    </message>
    <message>
        <source>domain</source>
        <extracomment>Why it would behave differently on a phone (docs/device.md); the page&apos;s run may still add to it (a background interruption), so it is the task&apos;s own list, read as the row is painted.</extracomment>
        <translation>域名</translation>
    </message>
    <message>
        <source>queued</source>
        <translation>排队中</translation>
    </message>
    <message>
        <source>60 s cap</source>
        <translation>60 秒上限</translation>
    </message>
    <message>
        <source>background</source>
        <translation>后台</translation>
    </message>
    <message>
        <source>On a phone this request behaves differently than in DevTools:</source>
        <translation>在手机上，这个请求的表现与开发者工具中不同：</translation>
    </message>
    <message>
        <source>request bar</source>
        <translation>请求栏</translation>
    </message>
    <message>
        <source>page</source>
        <translation>页面</translation>
    </message>
    <message>
        <source>recording</source>
        <translation>记录</translation>
    </message>
    <message>
        <source>Method</source>
        <translation>方法</translation>
    </message>
    <message>
        <source>URL</source>
        <translation>URL</translation>
    </message>
    <message>
        <source>Status</source>
        <translation>状态</translation>
    </message>
    <message>
        <source>From</source>
        <translation>来源</translation>
    </message>
    <message>
        <source>Delivery</source>
        <translation>分块方式</translation>
    </message>
    <message>
        <source>Chunks</source>
        <translation>分块</translation>
    </message>
    <message>
        <source>Bytes</source>
        <translation>字节</translation>
    </message>
    <message>
        <source>TTFB</source>
        <translation>首字节</translation>
    </message>
    <message>
        <source>Duration</source>
        <translation>耗时</translation>
    </message>
    <message>
        <source>End</source>
        <translation>结束</translation>
    </message>
    <message>
        <source>Device</source>
        <translation>设备</translation>
    </message>
    <message>
        <source>(pending)</source>
        <translation>（等待中）</translation>
    </message>
    <message>
        <source>(failed)</source>
        <translation>（失败）</translation>
    </message>
    <message>
        <source>streaming</source>
        <translation>接收中</translation>
    </message>
</context>
<context>
    <name>BackgroundControl</name>
    <message>
        <source>Send to background</source>
        <translation>切到后台</translation>
    </message>
    <message>
        <source>Bring back</source>
        <translation>回到前台</translation>
    </message>
    <message>
        <source>Bring the mini-program back to the foreground: requests can be made again</source>
        <translation>让小程序回到前台：又可以发起请求</translation>
    </message>
    <message>
        <source>Leave the mini-program as a phone user leaves WeChat: requests still running 5 s later fail with request:fail interrupted, new ones fail at once (errno 600003, docs/device.md)</source>
        <translation>像手机用户离开微信那样让小程序进入后台：5 秒后仍在进行的请求以 request:fail interrupted 失败，新请求立即失败（errno 600003，docs/device.md）</translation>
    </message>
</context>
<context>
    <name>BackgroundShade</name>
    <message>
        <source>In background</source>
        <translation>后台</translation>
    </message>
    <message>
        <source>Requests still running 5 s after leaving fail with request:fail interrupted; new ones fail at once, as on a phone.</source>
        <translation>离开 5 秒后仍在进行的请求以 request:fail interrupted 失败；新请求立即失败，与真机一样。</translation>
    </message>
</context>
<context>
    <name>ChunkInspector</name>
    <message>
        <source>No chunk selected</source>
        <translation>未选择分块</translation>
    </message>
</context>
<context>
    <name>ChunkPane</name>
    <message>
        <source>wire: HTTP chunks as the server framed them; read: what the client read off the socket; delivered: what onChunkReceived is given</source>
        <translation>线路：服务器分帧的 HTTP chunk；读取：客户端从 socket 读到的数据；交付：onChunkReceived 收到的数据</translation>
    </message>
    <message>
        <source>Follow</source>
        <translation>跟随</translation>
    </message>
    <message>
        <source>Keep the newest chunk in view while streaming</source>
        <translation>接收时始终显示最新的分块</translation>
    </message>
    <message>
        <source>Chunks</source>
        <translation>分块</translation>
    </message>
</context>
<context>
    <name>ChunkTableModel</name>
    <message>
        <source>Seq</source>
        <translation>序号</translation>
    </message>
    <message>
        <source>Time (ms)</source>
        <translation>时间 (ms)</translation>
    </message>
    <message>
        <source>Size</source>
        <translation>大小</translation>
    </message>
    <message>
        <source>Level</source>
        <translation>层级</translation>
    </message>
    <message>
        <source>First bytes (text)</source>
        <translation>开头字节（文本）</translation>
    </message>
    <message>
        <source>First bytes (hex)</source>
        <translation>开头字节（十六进制）</translation>
    </message>
    <message>
        <source>Flags</source>
        <translation>标记</translation>
    </message>
    <message>
        <source>wire</source>
        <translation>线路</translation>
    </message>
    <message>
        <source>read</source>
        <translation>读取</translation>
    </message>
    <message>
        <source>delivered</source>
        <translation>交付</translation>
    </message>
    <message>
        <source>invalid</source>
        <translation>无效</translation>
    </message>
    <message>
        <source>⏎ event</source>
        <translation>⏎ 事件</translation>
    </message>
    <message numerus="yes">
        <source>⏎ %n events</source>
        <translation>
            <numerusform>⏎ %n 个事件</numerusform>
        </translation>
    </message>
    <message>
        <source>Compressed bytes (Content-Encoding): not checked as UTF-8.</source>
        <translation>压缩的字节（Content-Encoding）：不按 UTF-8 检查。</translation>
    </message>
    <message numerus="yes">
        <source>✂← starts inside a character begun in the previous chunk (%n byte(s) of it)</source>
        <translation>
            <numerusform>✂← 开头是上一个分块中未完的字符（其中 %n 个字节）</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>→✂ ends inside a character that the next chunk completes (%n byte(s) of it)</source>
        <translation>
            <numerusform>→✂ 结尾的字符要由下一个分块补全（其中 %n 个字节）</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>invalid: %n byte sequence(s) that are not UTF-8 and decode as U+FFFD</source>
        <translation>
            <numerusform>无效：%n 段不是 UTF-8 的字节，解码为 U+FFFD</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>⏎ %n SSE event(s) end in this chunk</source>
        <translation>
            <numerusform>⏎ %n 个 SSE 事件在此分块结束</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>CodeEditor</name>
    <message>
        <source>A page script: Page({ data: {…}, onLoad(options) { wx.request({…}) } })</source>
        <translation>页面脚本：Page({ data: {…}, onLoad(options) { wx.request({…}) } })</translation>
    </message>
</context>
<context>
    <name>ConsoleView</name>
    <message>
        <source>console.log, warnings and uncaught errors of the page appear here; click an error to see its line.</source>
        <extracomment>A stack frame&apos;s place, V8&apos;s way: &quot;at f (pages/chat/index.js:12:5)&quot; or &quot;at pages/chat/index.js:12&quot;.</extracomment>
        <translation>页面的 console.log、警告和未捕获的错误显示在这里；点击错误可跳到对应行。</translation>
    </message>
</context>
<context>
    <name>DomainsView</name>
    <message>
        <source>The request domains of the admin console (开发管理 → 开发设置 → 服务器域名), comma separated. On the phone platforms a request to any other host, to http://, an IP address or localhost would fail on a phone: the console and the Network list say why (docs/device.md).</source>
        <translation>管理后台的 request 合法域名（开发管理 → 开发设置 → 服务器域名），用逗号分隔。在真机平台上，发往其他主机、http://、IP 地址或 localhost 的请求在真机上会失败：控制台和网络列表会说明原因（docs/device.md）。</translation>
    </message>
    <message>
        <source>Strict</source>
        <translation>严格</translation>
    </message>
    <message>
        <source>Fail such requests with request:fail url not in domain list, as a phone does; otherwise they are sent and only said</source>
        <translation>像真机一样让这类请求以 request:fail url not in domain list 失败；否则照常发送，只给出提示</translation>
    </message>
    <message>
        <source>Request domains</source>
        <translation>合法域名</translation>
    </message>
    <message>
        <source>the project&apos;s mpsim.domains: {domains}</source>
        <translation>项目的 mpsim.domains：{domains}</translation>
    </message>
    <message>
        <source>api.example.com, https://b.example.com:8443</source>
        <translation>api.example.com, https://b.example.com:8443</translation>
    </message>
</context>
<context>
    <name>EventTableModel</name>
    <message>
        <source>#</source>
        <translation>#</translation>
    </message>
    <message>
        <source>Type</source>
        <translation>类型</translation>
    </message>
    <message>
        <source>Id</source>
        <translation>Id</translation>
    </message>
    <message>
        <source>Data</source>
        <translation>数据</translation>
    </message>
    <message>
        <source>Retry</source>
        <translation>重试</translation>
    </message>
    <message>
        <source>Chunks</source>
        <translation>分块</translation>
    </message>
    <message>
        <source>Time (ms)</source>
        <translation>时间 (ms)</translation>
    </message>
</context>
<context>
    <name>EventsPane</name>
    <message>
        <source>SSE events</source>
        <translation>SSE 事件</translation>
    </message>
    <message>
        <source>No event selected</source>
        <translation>未选择事件</translation>
    </message>
</context>
<context>
    <name>ExportDialog</name>
    <message>
        <source>Export recording</source>
        <translation>导出记录</translation>
    </message>
    <message>
        <source>JSON Lines: the native chunk log, lossless</source>
        <translation>JSON Lines：原生分块日志，无损</translation>
    </message>
    <message>
        <source>HAR 1.2: opens in browser devtools (body, _chunks, _eventSourceMessages)</source>
        <translation>HAR 1.2：可在浏览器开发者工具中打开（body、_chunks、_eventSourceMessages）</translation>
    </message>
    <message>
        <source>CSV: one row per chunk, bytes as base64</source>
        <translation>CSV：每个分块一行，字节为 base64</translation>
    </message>
    <message>
        <source>Events: one SSE event per line (JSON)</source>
        <translation>事件：每行一个 SSE 事件（JSON）</translation>
    </message>
    <message>
        <source>Text: the decoded body</source>
        <translation>文本：解码后的响应体</translation>
    </message>
    <message>
        <source>Redact secrets (Authorization, Cookie, Set-Cookie, token-like query parameters)</source>
        <translation>隐去敏感信息（Authorization、Cookie、Set-Cookie、类似 token 的查询参数）</translation>
    </message>
    <message>
        <source>Browse…</source>
        <translation>浏览…</translation>
    </message>
    <message>
        <source>Recording</source>
        <translation>记录</translation>
    </message>
    <message>
        <source>Format</source>
        <translation>格式</translation>
    </message>
    <message>
        <source>Save as</source>
        <translation>保存为</translation>
    </message>
    <message>
        <source>Export as</source>
        <translation>导出为</translation>
    </message>
</context>
<context>
    <name>GarbleView</name>
    <message>
        <source>After a page run, this says where the page&apos;s text (the data path the phone shows) first differs from the correct decoding of its bytes.</source>
        <translation>页面运行后，这里会指出页面的文本（模拟器显示的数据路径）从哪里开始与这些字节的正确解码不同。</translation>
    </message>
    <message>
        <source>Show the chunk in the hex view</source>
        <translation>在十六进制视图中显示该分块</translation>
    </message>
    <message>
        <source>Split check…</source>
        <translation>切分检查…</translation>
    </message>
    <message>
        <source>mpsim check: run the page script against many re-cuttings of the selected recording and report the smallest cut that changes it</source>
        <translation>mpsim check：用所选记录的多种重新切分运行页面脚本，报告改变结果的最小切分</translation>
    </message>
    <message>
        <source>Explain the selected request</source>
        <translation>解释所选请求</translation>
    </message>
    <message>
        <source>The split check&apos;s report appears here.</source>
        <translation>切分检查的报告显示在这里。</translation>
    </message>
</context>
<context>
    <name>HexView</name>
    <message>
        <source>byte {i} (0x{i:x}): {b:02x}</source>
        <translation>第 {i} 字节（0x{i:x}）：{b:02x}</translation>
    </message>
</context>
<context>
    <name>InspectorController</name>
    <message numerus="yes">
        <source>%n element(s); hover one to outline it on the phone</source>
        <translation>
            <numerusform>%n 个元素；悬停可在模拟器上框出它</numerusform>
        </translation>
    </message>
    <message>
        <source>Run a project&apos;s page: its element tree shows here.</source>
        <translation>运行项目的页面后，这里显示它的元素树。</translation>
    </message>
    <message>
        <source>Attributes</source>
        <translation>属性</translation>
    </message>
    <message>
        <source>Dataset</source>
        <translation>dataset</translation>
    </message>
    <message>
        <source>Classes</source>
        <translation>类名</translation>
    </message>
    <message>
        <source>Events</source>
        <translation>事件</translation>
    </message>
    <message>
        <source>Element</source>
        <translation>元素</translation>
    </message>
    <message>
        <source>(none)</source>
        <translation>（无）</translation>
    </message>
</context>
<context>
    <name>LogController</name>
    <message>
        <source>Recordings size limit…</source>
        <translation>记录大小上限…</translation>
    </message>
    <message>
        <source>Cannot read the recording: {error}</source>
        <translation>无法读取记录：{error}</translation>
    </message>
    <message numerus="yes">
        <source>Deleted %n old recording(s) ({mb:.0f} MB) to keep the recordings folder under {limit:.0f} MB</source>
        <translation>
            <numerusform>已删除 %n 份旧记录（{mb:.0f} MB），使记录文件夹保持在 {limit:.0f} MB 以内</numerusform>
        </translation>
    </message>
    <message>
        <source>Nothing to export yet: send a request or open a log first.</source>
        <translation>还没有可导出的内容：请先发送请求或打开日志。</translation>
    </message>
    <message>
        <source>An export is already running.</source>
        <translation>已有导出正在进行。</translation>
    </message>
    <message>
        <source> (the request is still streaming: the export holds what has arrived so far)</source>
        <translation>（请求仍在接收：导出内容为目前已收到的部分）</translation>
    </message>
    <message>
        <source>Exporting {fmt} to {path}…</source>
        <translation>正在导出 {fmt} 到 {path}…</translation>
    </message>
    <message>
        <source>Open a chunk log</source>
        <translation>打开分块日志</translation>
    </message>
    <message>
        <source>Chunk logs (*.jsonl);;All files (*)</source>
        <translation>分块日志 (*.jsonl);;所有文件 (*)</translation>
    </message>
    <message>
        <source>Exported to {path}</source>
        <translation>已导出到 {path}</translation>
    </message>
    <message>
        <source>Open Folder</source>
        <translation>打开文件夹</translation>
    </message>
    <message>
        <source>Export failed: {error}</source>
        <translation>导出失败：{error}</translation>
    </message>
    <message>
        <source>Recordings size limit</source>
        <translation>记录大小上限</translation>
    </message>
    <message>
        <source>Keep the recordings folder under (MB); the oldest recordings are deleted first:</source>
        <translation>记录文件夹的上限（MB），超出时先删除最早的记录：</translation>
    </message>
    <message>
        <source>No recordings yet</source>
        <translation>暂无记录</translation>
    </message>
</context>
<context>
    <name>MainWindow</name>
    <message>
        <source>wx.request streaming simulator — mpsim</source>
        <extracomment>Emitted from closeEvent before the window goes: controllers abort and save settings here.</extracomment>
        <translation>wx.request 流式请求模拟器 — mpsim</translation>
    </message>
    <message>
        <source>&amp;Open log…</source>
        <extracomment>Wraps each frame (the window&apos;s UpdateRequest, which paints every dirty widget in it); ``StreamController`` holds the request thread there (see ``paint.py``).</extracomment>
        <translation>打开日志(&amp;O)…</translation>
    </message>
    <message>
        <source>&amp;Export…</source>
        <translation>导出(&amp;E)…</translation>
    </message>
    <message>
        <source>Show recordings folder</source>
        <translation>打开记录文件夹</translation>
    </message>
    <message>
        <source>&amp;Quit</source>
        <translation>退出(&amp;Q)</translation>
    </message>
    <message>
        <source>Recent recordings</source>
        <translation>最近的记录</translation>
    </message>
    <message>
        <source>&amp;Send</source>
        <translation>发送(&amp;S)</translation>
    </message>
    <message>
        <source>&amp;Abort</source>
        <translation>中断(&amp;A)</translation>
    </message>
    <message>
        <source>Demo presets</source>
        <translation>演示预设</translation>
    </message>
    <message>
        <source>Stream the &amp;demo</source>
        <translation>接收演示数据(&amp;D)</translation>
    </message>
    <message>
        <source>Start the built-in demo server and stream its OpenAI answer</source>
        <translation>启动内置演示服务器并接收它的 OpenAI 流式回答</translation>
    </message>
    <message>
        <source>&amp;File</source>
        <translation>文件(&amp;F)</translation>
    </message>
    <message>
        <source>&amp;Request</source>
        <translation>请求(&amp;R)</translation>
    </message>
    <message>
        <source>&amp;Panels</source>
        <translation>面板(&amp;P)</translation>
    </message>
</context>
<context>
    <name>MapRemoteView</name>
    <message>
        <source>From (URL prefix)</source>
        <translation>源（URL 前缀）</translation>
    </message>
    <message>
        <source>To</source>
        <translation>目标</translation>
    </message>
    <message>
        <source>Add</source>
        <translation>添加</translation>
    </message>
    <message>
        <source>Remove</source>
        <translation>删除</translation>
    </message>
    <message>
        <source>Requests whose URL starts with From go to To plus the rest of the URL; the others go where the page says.</source>
        <translation>URL 以“源”开头的请求改发到“目标”加上 URL 的其余部分；其他请求照页面所写发送。</translation>
    </message>
</context>
<context>
    <name>MessageBanner</name>
    <message>
        <source>Dismiss</source>
        <translation>关闭</translation>
    </message>
</context>
<context>
    <name>NetworkController</name>
    <message>
        <source>Copy as cURL</source>
        <extracomment>Pacing like the browsers&apos; network throttling presets (Chrome DevTools, &quot;Throttling&quot;: https://developer.chrome.com/docs/devtools/settings/throttling): latency per delivery in ms, jitter, and bandwidth in bytes per second. Only pacing changes; the cutting profile stays the user&apos;s. Longest recording read back to compare or explain (a page&apos;s answer is a few KiB). The garble explanation, once per page run (None: the page&apos;s text matches its bytes). The page&apos;s requests waiting behind 10 others, by their number in the run: listed before sent.</extracomment>
        <translation>复制为 cURL</translation>
    </message>
    <message>
        <source>The request bar&apos;s request as a curl command</source>
        <translation>把请求栏的请求复制为 curl 命令</translation>
    </message>
    <message>
        <source>Copy as wx.request code</source>
        <translation>复制为 wx.request 代码</translation>
    </message>
    <message>
        <source>The request bar&apos;s request as the wx.request call a mini-program writes, with enableChunked and its listeners</source>
        <translation>把请求栏的请求复制为小程序中的 wx.request 调用，含 enableChunked 和监听函数</translation>
    </message>
    <message>
        <source>Throttling</source>
        <translation>网络限速</translation>
    </message>
    <message>
        <source>Network presets like the browsers&apos; throttling: they set the delivery&apos;s pacing (latency, jitter, bandwidth) without sending</source>
        <translation>类似浏览器网络限速的预设：设置分块的节奏（延迟、抖动、带宽），不会发送请求</translation>
    </message>
    <message>
        <source>No throttling</source>
        <translation>不限速</translation>
    </message>
    <message>
        <source>4G</source>
        <translation>4G</translation>
    </message>
    <message>
        <source>Fast 3G</source>
        <translation>快速 3G</translation>
    </message>
    <message>
        <source>Slow 3G</source>
        <translation>慢速 3G</translation>
    </message>
    <message>
        <source>Weak network</source>
        <translation>弱网</translation>
    </message>
    <message>
        <source>no cap</source>
        <translation>无上限</translation>
    </message>
    <message>
        <source>→ {s:g} s (cap)</source>
        <translation>→ {s:g} 秒（真机上限）</translation>
    </message>
    <message>
        <source>cap {s:g} s</source>
        <translation>真机上限 {s:g} 秒</translation>
    </message>
    <message>
        <source>Devices cut every request at 60 s whatever timeout says; DevTools does not (https://developers.weixin.qq.com/miniprogram/dev/framework/ability/network.html)</source>
        <translation>无论 timeout 设多少，真机都会在 60 秒时切断请求；开发者工具不会（https://developers.weixin.qq.com/miniprogram/dev/framework/ability/network.html）</translation>
    </message>
    <message>
        <source>Send while streaming: request #{old} was aborted and #{new} replaced it in the views; #{old} stays in the Network list with what it received.</source>
        <translation>接收中再次发送：请求 #{old} 已中断，视图改为显示 #{new}；#{old} 及其已收到的内容仍保留在网络列表中。</translation>
    </message>
    <message>
        <source>{file} — mpsim</source>
        <translation>{file} — mpsim</translation>
    </message>
    <message numerus="yes">
        <source>%n request(s)</source>
        <translation>
            <numerusform>%n 个请求</numerusform>
        </translation>
    </message>
    <message>
        <source>{shown} of {total}</source>
        <translation>{shown} / {total}</translation>
    </message>
    <message>
        <source>The views are showing a request still streaming; select #{n} again once it ends.</source>
        <translation>视图正在显示一个仍在接收的请求；结束后请重新选择 #{n}。</translation>
    </message>
    <message>
        <source>Cannot read the recording: {error}</source>
        <translation>无法读取记录：{error}</translation>
    </message>
    <message>
        <source>levels: {levels}</source>
        <translation>层级：{levels}</translation>
    </message>
    <message>
        <source>end: {reason} {err} {detail}</source>
        <translation>结束：{reason} {err} {detail}</translation>
    </message>
    <message>
        <source>recording: {path}</source>
        <translation>记录：{path}</translation>
    </message>
    <message>
        <source>Pin as A</source>
        <translation>固定为 A</translation>
    </message>
    <message>
        <source>Pin as B</source>
        <translation>固定为 B</translation>
    </message>
    <message>
        <source>Copy URL</source>
        <translation>复制 URL</translation>
    </message>
    <message>
        <source>Why garbled? (compare with the page&apos;s text)</source>
        <translation>为什么乱码？（与页面文本对比）</translation>
    </message>
    <message>
        <source>Select a request in the Network list to pin it.</source>
        <translation>在网络列表中选择一个请求来固定。</translation>
    </message>
    <message>
        <source>still streaming: pin it again once it ends</source>
        <translation>仍在接收：结束后再固定</translation>
    </message>
    <message>
        <source>no recording</source>
        <translation>无记录</translation>
    </message>
    <message>
        <source>{n:,} bytes: too big to compare here</source>
        <translation>{n:,} 字节：太大，无法在此对比</translation>
    </message>
    <message>
        <source>not sent: the run ended while it waited</source>
        <translation>未发送：排队期间运行已结束</translation>
    </message>
    <message>
        <source>Request #{n} has no page text to compare: run a page, and choose the data path the phone shows.</source>
        <translation>请求 #{n} 没有可对比的页面文本：请运行页面，并选择模拟器显示的数据路径。</translation>
    </message>
    <message>
        <source>Request #{n}: the page&apos;s text matches the correct decoding of its {bytes:,} bytes in {chunks:,} callbacks.</source>
        <translation>请求 #{n}：页面文本与它在 {chunks:,} 次回调中收到的 {bytes:,} 字节的正确解码一致。</translation>
    </message>
    <message>
        <source>Request #{n}: {sentence}</source>
        <translation>请求 #{n}：{sentence}</translation>
    </message>
    <message>
        <source>Select a request of the page in the Network list.</source>
        <translation>请在网络列表中选择页面发出的请求。</translation>
    </message>
    <message>
        <source>The split check needs a page script in the editor and a finished request selected in the Network list.</source>
        <translation>切分检查需要编辑器中有页面脚本，并在网络列表中选择一个已结束的请求。</translation>
    </message>
    <message>
        <source>Split check of {script} against {log}…</source>
        <translation>正在用 {log} 对 {script} 做切分检查…</translation>
    </message>
    <message>
        <source>The request is not valid: {error}</source>
        <translation>请求无效：{error}</translation>
    </message>
    <message>
        <source>Not a curl command mpsim can read: {error}</source>
        <translation>mpsim 无法识别这条 curl 命令：{error}</translation>
    </message>
    <message>
        <source>The curl command uses {method}, which wx.request cannot send ({methods}).</source>
        <translation>curl 命令使用了 {method}，wx.request 无法发送（{methods}）。</translation>
    </message>
    <message numerus="yes">
        <source>Filled from the curl command: {method} with %n header(s), </source>
        <translation>
            <numerusform>已从 curl 命令填入：{method}，%n 个请求头，</numerusform>
        </translation>
    </message>
    <message>
        <source>a {n}-byte body</source>
        <translation>{n} 字节的请求体</translation>
    </message>
    <message>
        <source>no body</source>
        <translation>无请求体</translation>
    </message>
    <message>
        <source>; ignored: {options}</source>
        <translation>；已忽略：{options}</translation>
    </message>
    <message>
        <source>. Press Send to send it.</source>
        <translation>。按“发送”即可发送。</translation>
    </message>
    <message>
        <source>Not a delivery profile: {error}</source>
        <translation>交付方式无效：{error}</translation>
    </message>
    <message>
        <source>not sent: {reason}</source>
        <translation>未发送：{reason}</translation>
    </message>
    <message>
        <source>On a phone: {url} — {reason}. The Network list&apos;s Device column says why for each request.</source>
        <translation>在真机上：{url} — {reason}。网络列表的“设备”列说明每个请求的原因。</translation>
    </message>
</context>
<context>
    <name>NetworkPanel</name>
    <message>
        <source>Filter: words in the URL, method, status, delivery, end…</source>
        <translation>筛选：URL、方法、状态、分块方式、结束原因中的文字…</translation>
    </message>
    <message>
        <source>Pin A</source>
        <translation>固定为 A</translation>
    </message>
    <message>
        <source>Pin B</source>
        <translation>固定为 B</translation>
    </message>
    <message>
        <source>Copy as cURL</source>
        <translation>复制为 cURL</translation>
    </message>
    <message>
        <source>Copy as wx.request</source>
        <translation>复制为 wx.request</translation>
    </message>
    <message>
        <source>Clear</source>
        <translation>清除</translation>
    </message>
    <message>
        <source>Empty the list (the recordings stay on disk)</source>
        <translation>清空列表（记录仍保留在磁盘上）</translation>
    </message>
    <message>
        <source>Header</source>
        <translation>响应头</translation>
    </message>
    <message>
        <source>Value</source>
        <translation>值</translation>
    </message>
    <message>
        <source>Response headers</source>
        <translation>响应头</translation>
    </message>
    <message>
        <source>Request</source>
        <translation>请求</translation>
    </message>
    <message>
        <source>Compare A/B</source>
        <translation>对比 A/B</translation>
    </message>
    <message>
        <source>Why garbled</source>
        <translation>乱码原因</translation>
    </message>
    <message>
        <source>Network</source>
        <translation>网络</translation>
    </message>
</context>
<context>
    <name>PageMethodsView</name>
    <message>
        <source>The page&apos;s methods; double-click calls one with the event on the right</source>
        <translation>页面的方法；双击用右侧的事件调用</translation>
    </message>
    <message>
        <source>Fields laid over the device-like event the runtime builds (type, timeStamp, target, currentTarget, detail)</source>
        <translation>覆盖到运行时构造的真机式事件上的字段（type、timeStamp、target、currentTarget、detail）</translation>
    </message>
    <message>
        <source>Call</source>
        <translation>调用</translation>
    </message>
    <message>
        <source>Event (JSON)</source>
        <translation>事件（JSON）</translation>
    </message>
    <message>
        <source>Text typed into the page&apos;s input</source>
        <translation>输入到页面输入框的文字</translation>
    </message>
    <message>
        <source>The handler that gets {detail: {value: text}}</source>
        <translation>接收 {detail: {value: text}} 的处理函数</translation>
    </message>
    <message>
        <source>Input</source>
        <translation>输入</translation>
    </message>
    <message>
        <source>Page: {route}</source>
        <translation>页面：{route}</translation>
    </message>
    <message>
        <source>Run a project: its page&apos;s methods appear here.</source>
        <translation>运行项目后，页面的方法会显示在这里。</translation>
    </message>
</context>
<context>
    <name>PhoneController</name>
    <message>
        <source>Fit the panel</source>
        <translation>适应面板</translation>
    </message>
    <message>
        <source>A plain script has no WXML: the phone shows its data</source>
        <translation>普通脚本没有 WXML：模拟器显示它的数据</translation>
    </message>
    <message>
        <source>{route} has no .wxml: the phone shows its data</source>
        <translation>{route} 没有 .wxml：模拟器显示它的数据</translation>
    </message>
    <message>
        <source>The page as the phone draws it: type and tap in it</source>
        <translation>模拟器绘制的页面：可以在里面输入和点击</translation>
    </message>
    <message>
        <source>Run the page (Ctrl+R): it renders here, and you can type and tap in it.</source>
        <translation>运行页面（Ctrl+R）后在这里渲染，可以在里面输入和点击。</translation>
    </message>
</context>
<context>
    <name>ProjectController</name>
    <message>
        <source>The storage file cannot be read: {error}</source>
        <translation>无法读取存储文件：{error}</translation>
    </message>
</context>
<context>
    <name>RenderedPhone</name>
    <message>
        <source>Run ended — press Run to run again</source>
        <extracomment>The zoom choices of the Device menu; 0 is &quot;fit the phone to the panel&quot;.</extracomment>
        <translation>运行已结束 — 按 编译运行 重新运行</translation>
    </message>
</context>
<context>
    <name>RendererHost</name>
    <message>
        <source>Auto</source>
        <translation>自动</translation>
    </message>
</context>
<context>
    <name>RequestBar</name>
    <message>
        <source>Presets</source>
        <translation>预设</translation>
    </message>
    <message>
        <source>Streams of the built-in demo server (started on first use)</source>
        <translation>内置演示服务器的数据流（首次使用时启动）</translation>
    </message>
    <message>
        <source>Stream URL, e.g. http://127.0.0.1:8765/sse/append</source>
        <translation>数据流 URL，例如 http://127.0.0.1:8765/sse/append</translation>
    </message>
    <message>
        <source>Send</source>
        <translation>发送</translation>
    </message>
    <message>
        <source>Send the request (Ctrl+Enter)</source>
        <translation>发送请求（Ctrl+Enter）</translation>
    </message>
    <message>
        <source>Abort</source>
        <translation>中断</translation>
    </message>
    <message>
        <source>RequestTask.abort() (Esc)</source>
        <translation>RequestTask.abort()（Esc）</translation>
    </message>
    <message>
        <source>Delivery</source>
        <translation>分块方式</translation>
    </message>
    <message>
        <source>Seed</source>
        <translation>种子</translation>
    </message>
    <message>
        <source>Platform</source>
        <translation>平台</translation>
    </message>
    <message>
        <source>Timeout</source>
        <translation>超时</translation>
    </message>
</context>
<context>
    <name>RequestController</name>
    <message>
        <source>Source</source>
        <translation>来源</translation>
    </message>
    <message>
        <source>The request cannot be sent: {error}</source>
        <translation>请求无法发送：{error}</translation>
    </message>
    <message>
        <source>Not a delivery profile: {error}</source>
        <translation>交付方式无效：{error}</translation>
    </message>
    <message>
        <source>Cannot create the recording: {error}</source>
        <translation>无法创建记录：{error}</translation>
    </message>
    <message>
        <source>The demo server could not start: {error}</source>
        <translation>演示服务器无法启动：{error}</translation>
    </message>
    <message>
        <source>No body</source>
        <translation>无请求体</translation>
    </message>
    <message>
        <source>✗ Not valid JSON (line {line}, column {col}: {msg}); it would be sent as a plain string</source>
        <translation>✗ 不是有效的 JSON（第 {line} 行第 {col} 列：{msg}），将按普通字符串发送</translation>
    </message>
    <message>
        <source>Sent as a string ({n} bytes)</source>
        <translation>按字符串发送（{n} 字节）</translation>
    </message>
    <message>
        <source>object</source>
        <translation>对象</translation>
    </message>
    <message>
        <source>array</source>
        <translation>数组</translation>
    </message>
    <message>
        <source>value</source>
        <translation>值</translation>
    </message>
    <message>
        <source>✓ Valid JSON {kind}: sent as JSON (GET: as a query string)</source>
        <translation>✓ 有效的 JSON {kind}：按 JSON 发送（GET 时作为查询字符串）</translation>
    </message>
</context>
<context>
    <name>RequestDetails</name>
    <message>
        <source>Request body (wx.request data): JSON is sent as an object, anything else as a string</source>
        <translation>请求体（wx.request 的 data）：JSON 按对象发送，其他按字符串发送</translation>
    </message>
    <message>
        <source>Header</source>
        <translation>请求头</translation>
    </message>
    <message>
        <source>Value</source>
        <translation>值</translation>
    </message>
    <message>
        <source>Add header</source>
        <translation>添加请求头</translation>
    </message>
    <message>
        <source>Remove</source>
        <translation>删除</translation>
    </message>
    <message>
        <source>Body</source>
        <translation>请求体</translation>
    </message>
    <message>
        <source>Headers</source>
        <translation>请求头</translation>
    </message>
</context>
<context>
    <name>ScriptPanel</name>
    <message>
        <source>Open…</source>
        <translation>打开…</translation>
    </message>
    <message>
        <source>Open a page script (Ctrl+Shift+O)</source>
        <translation>打开页面脚本（Ctrl+Shift+O）</translation>
    </message>
    <message>
        <source>Save</source>
        <translation>保存</translation>
    </message>
    <message>
        <source>Save the script (Ctrl+Shift+S)</source>
        <translation>保存脚本（Ctrl+Shift+S）</translation>
    </message>
    <message>
        <source>Save as…</source>
        <translation>另存为…</translation>
    </message>
    <message>
        <source>Open Project…</source>
        <translation>打开项目…</translation>
    </message>
    <message>
        <source>Open a mini-program project folder (with app.json)</source>
        <translation>打开小程序项目文件夹（含 app.json）</translation>
    </message>
    <message>
        <source>Close Project</source>
        <translation>关闭项目</translation>
    </message>
    <message>
        <source>Run</source>
        <translation>编译运行</translation>
    </message>
    <message>
        <source>Run the page with the request bar&apos;s delivery, seed and platform (Ctrl+R)</source>
        <translation>用请求栏的分块方式、种子和平台运行页面（Ctrl+R）</translation>
    </message>
    <message>
        <source>Stop</source>
        <translation>停止</translation>
    </message>
    <message>
        <source>Stop the run: its requests are aborted (Shift+F5)</source>
        <translation>停止运行：中断它的请求（Shift+F5）</translation>
    </message>
    <message>
        <source>Recent scripts</source>
        <translation>最近的脚本</translation>
    </message>
    <message>
        <source>Recent</source>
        <translation>最近</translation>
    </message>
    <message>
        <source>The page to run: the routes of app.json, the entry page first</source>
        <translation>要运行的页面：app.json 中的页面路径，首页在前</translation>
    </message>
    <message>
        <source>K=V&amp;K2=V2, given to onLoad(options)</source>
        <translation>K=V&amp;K2=V2，传给 onLoad(options)</translation>
    </message>
    <message>
        <source>The page&apos;s query: onLoad(options) and wx.getLaunchOptionsSync().query. The examples read base=&lt;server URL&gt;.</source>
        <translation>页面参数：onLoad(options) 和 wx.getLaunchOptionsSync().query。示例读取 base=&lt;服务器 URL&gt;。</translation>
    </message>
    <message>
        <source>Query</source>
        <translation>页面参数</translation>
    </message>
    <message>
        <source>Clear</source>
        <translation>清除</translation>
    </message>
    <message>
        <source>Key</source>
        <translation>键</translation>
    </message>
    <message>
        <source>Value</source>
        <translation>值</translation>
    </message>
    <message>
        <source>Type</source>
        <translation>类型</translation>
    </message>
    <message>
        <source>Console</source>
        <translation>控制台</translation>
    </message>
    <message>
        <source>Page data</source>
        <translation>页面数据</translation>
    </message>
    <message>
        <source>Methods</source>
        <translation>方法</translation>
    </message>
    <message>
        <source>Storage</source>
        <translation>存储</translation>
    </message>
    <message>
        <source>Map remote</source>
        <translation>远程映射</translation>
    </message>
    <message>
        <source>WXML</source>
        <translation>WXML</translation>
    </message>
    <message>
        <source>The page data the phone shows, e.g. answer, list[0].text</source>
        <translation>模拟器显示的页面数据，例如 answer、list[0].text</translation>
    </message>
    <message>
        <source>Page</source>
        <translation>页面</translation>
    </message>
    <message>
        <source>Data</source>
        <translation>数据</translation>
    </message>
    <message>
        <source>One value of the page data, as text</source>
        <translation>页面数据中的一个值，以文本显示</translation>
    </message>
    <message>
        <source>Device</source>
        <translation>设备</translation>
    </message>
    <message>
        <source>The phone&apos;s screen size and zoom</source>
        <translation>模拟器的屏幕尺寸和缩放</translation>
    </message>
    <message>
        <source>Show</source>
        <translation>显示</translation>
    </message>
</context>
<context>
    <name>ScriptPanelController</name>
    <message>
        <source>Ready. Run (Ctrl+R) runs the page with the request bar&apos;s delivery, seed and platform; its requests show in the chunk, text and event views.</source>
        <extracomment>Longest a task of the script (its top level, a callback) may run before it is interrupted.</extracomment>
        <translation>就绪。编译运行（Ctrl+R）用请求栏的分块方式、种子和平台运行页面；它的请求显示在分块、文本和事件视图中。</translation>
    </message>
    <message>
        <source>No examples found in {folder}</source>
        <translation>{folder} 中没有示例</translation>
    </message>
    <message>
        <source>The script cannot run: the delivery profile is not valid: {error}</source>
        <translation>脚本无法运行：分块方式无效：{error}</translation>
    </message>
    <message>
        <source>The script cannot run: {error}</source>
        <translation>脚本无法运行：{error}</translation>
    </message>
    <message>
        <source>delivery {profile} · seed {seed} · {platform}</source>
        <translation>分块 {profile} · 种子 {seed} · {platform}</translation>
    </message>
    <message>
        <source>(empty)</source>
        <translation>（空）</translation>
    </message>
    <message>
        <source>Running {name} with {settings}; query {query}</source>
        <translation>正在运行 {name}，{settings}；页面参数 {query}</translation>
    </message>
    <message>
        <source>Running {name} — {settings}…</source>
        <translation>正在运行 {name} — {settings}…</translation>
    </message>
    <message>
        <source>Stopping…</source>
        <translation>正在停止…</translation>
    </message>
    <message>
        <source>Cannot open the script {path}: {error}</source>
        <translation>无法打开脚本 {path}：{error}</translation>
    </message>
    <message>
        <source>Cannot open the example {path}: {error}</source>
        <translation>无法打开示例 {path}：{error}</translation>
    </message>
    <message>
        <source>Cannot save the script to {path}: {error}</source>
        <translation>无法把脚本保存到 {path}：{error}</translation>
    </message>
    <message>
        <source>Request {n} of the script is not shown in the views: they are still showing an earlier request of this run, which must go on.</source>
        <translation>脚本的第 {n} 个请求未显示在视图中：视图仍在显示本次运行中尚未结束的上一个请求。</translation>
    </message>
    <message>
        <source>Request {n}, Map remote: {page_url} → {url}</source>
        <translation>第 {n} 个请求，远程映射：{page_url} → {url}</translation>
    </message>
    <message>
        <source>The request could not be shown in the views: {error}</source>
        <translation>请求无法显示在视图中：{error}</translation>
    </message>
    <message numerus="yes">
        <source>%n request(s)</source>
        <translation>
            <numerusform>%n 个请求</numerusform>
        </translation>
    </message>
    <message>
        <source>Finished in {s:.2f} s: nothing left to run ({requests}).</source>
        <translation>{s:.2f} 秒后结束：没有待运行的代码（{requests}）。</translation>
    </message>
    <message>
        <source>Stopped after {s:.2f} s ({requests} aborted or done).</source>
        <translation>{s:.2f} 秒后已停止（{requests}已中断或完成）。</translation>
    </message>
    <message>
        <source>The run timed out after {s:.2f} s.</source>
        <translation>运行在 {s:.2f} 秒后超时。</translation>
    </message>
    <message>
        <source>The run ended: the script used too much memory.</source>
        <translation>运行已结束：脚本占用内存过多。</translation>
    </message>
    <message>
        <source>The run ended: an endless loop in an await/then continuation could not be interrupted.</source>
        <translation>运行已结束：await/then 回调中的死循环无法中断。</translation>
    </message>
    <message>
        <source>The run ended: the runtime failed (see the console).</source>
        <translation>运行已结束：运行时出错（见控制台）。</translation>
    </message>
    <message>
        <source>The run ended: {reason}.</source>
        <translation>运行已结束：{reason}。</translation>
    </message>
    <message>
        <source> at line {line}</source>
        <translation>（第 {line} 行）</translation>
    </message>
    <message numerus="yes">
        <source>%n uncaught error(s); the first{where}: {message}</source>
        <translation>
            <numerusform>%n 个未捕获的错误；第一个{where}：{message}</numerusform>
        </translation>
    </message>
    <message>
        <source>Run the page: the phone shows {path} as setData changes it.</source>
        <translation>运行页面后，模拟器会随 setData 显示 {path}。</translation>
    </message>
    <message>
        <source>The page data has no {path} (yet).</source>
        <translation>页面数据中（还）没有 {path}。</translation>
    </message>
    <message>
        <source>{name} (example)</source>
        <translation>{name}（示例）</translation>
    </message>
    <message>
        <source>Not saved to a file yet</source>
        <translation>尚未保存到文件</translation>
    </message>
    <message>
        <source>Modified</source>
        <translation>已修改</translation>
    </message>
    <message>
        <source>Open a page script</source>
        <translation>打开页面脚本</translation>
    </message>
    <message>
        <source>JavaScript (*.js *.mjs *.cjs);;All files (*)</source>
        <translation>JavaScript (*.js *.mjs *.cjs);;所有文件 (*)</translation>
    </message>
    <message>
        <source>Save the page script</source>
        <translation>保存页面脚本</translation>
    </message>
    <message>
        <source>JavaScript (*.js);;All files (*)</source>
        <translation>JavaScript (*.js);;所有文件 (*)</translation>
    </message>
    <message numerus="yes">
        <source>… %n line(s) not shown: the page prints faster than the console shows (RunResult.console and `mpsim run` have them all)</source>
        <translation>
            <numerusform>… %n 行未显示：页面输出比控制台显示得快（RunResult.console 和 `mpsim run` 有完整输出）</numerusform>
        </translation>
    </message>
    <message>
        <source>Cannot open {path}: {error}</source>
        <translation>无法打开 {path}：{error}</translation>
    </message>
    <message>
        <source>Open a mini-program project</source>
        <translation>打开小程序项目</translation>
    </message>
    <message>
        <source>Project {name}: pick the page and Run (Ctrl+R); the page&apos;s methods, storage and Map remote rules are in the tabs.</source>
        <translation>项目 {name}：选择页面后编译运行（Ctrl+R）；页面方法、存储和远程映射规则在各标签页中。</translation>
    </message>
    <message numerus="yes">
        <source>%n message(s)</source>
        <translation>
            <numerusform>%n 条消息</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n error(s)</source>
        <translation>
            <numerusform>%n 个错误</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n warning(s)</source>
        <translation>
            <numerusform>%n 个警告</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>StorageView</name>
    <message>
        <source>Key</source>
        <translation>键</translation>
    </message>
    <message>
        <source>Value</source>
        <translation>值</translation>
    </message>
    <message>
        <source>Size</source>
        <translation>大小</translation>
    </message>
    <message>
        <source>Add</source>
        <translation>添加</translation>
    </message>
    <message>
        <source>Delete</source>
        <translation>删除</translation>
    </message>
    <message>
        <source>Clear</source>
        <translation>清除</translation>
    </message>
</context>
<context>
    <name>StreamController</name>
    <message>
        <source>delivered</source>
        <extracomment>Minimum seconds between two refreshes of a view while streaming.</extracomment>
        <translation>交付</translation>
    </message>
    <message>
        <source>read</source>
        <translation>读取</translation>
    </message>
    <message>
        <source>wire</source>
        <translation>线路</translation>
    </message>
    <message>
        <source>all levels</source>
        <translation>所有层级</translation>
    </message>
    <message>
        <source>Decoded body</source>
        <translation>解码后的响应体</translation>
    </message>
    <message>
        <source>Events: append</source>
        <translation>事件：追加</translation>
    </message>
    <message>
        <source>Events: overwrite</source>
        <translation>事件：覆盖</translation>
    </message>
    <message>
        <source>The delivered bytes decoded with a streaming UTF-8 decoder</source>
        <translation>用流式 UTF-8 解码器解码交付的字节</translation>
    </message>
    <message>
        <source>Each SSE event adds its data (or OpenAI delta) to the answer</source>
        <translation>每个 SSE 事件把它的 data（或 OpenAI delta）追加到回答</translation>
    </message>
    <message>
        <source>Each SSE event carries the whole answer so far: show the latest</source>
        <translation>每个 SSE 事件都带着目前为止的完整回答：显示最新的</translation>
    </message>
    <message>
        <source>replay stopped</source>
        <translation>回放已停止</translation>
    </message>
    <message>
        <source>The stream ended with an error</source>
        <translation>数据流因错误结束</translation>
    </message>
    <message>
        <source>The request failed: {error}</source>
        <translation>请求失败：{error}</translation>
    </message>
    <message>
        <source>This recording was interrupted: {detail}</source>
        <translation>这份记录中途被打断：{detail}</translation>
    </message>
    <message>
        <source>The server answered {status} {reason}. wx.request still calls success (request:ok) for any HTTP status: check res.statusCode. The body is in the views.</source>
        <translation>服务器返回 {status} {reason}。无论 HTTP 状态码是什么，wx.request 都会调用 success（request:ok）：请检查 res.statusCode。响应体见各视图。</translation>
    </message>
    <message>
        <source>Showing the first {n:,} characters: File &gt; Export &gt; text has them all</source>
        <translation>只显示前 {n:,} 个字符：文件 &gt; 导出 &gt; 文本 可得到全部内容</translation>
    </message>
    <message>
        <source>Lines over {n:,} characters are shown broken</source>
        <translation>超过 {n:,} 个字符的行会折断显示</translation>
    </message>
    <message>
        <source>the request thread had not stopped after abort(); it finishes in the background</source>
        <translation>abort() 之后请求线程尚未停止，它会在后台结束</translation>
    </message>
    <message numerus="yes">
        <source>%n chunk(s)</source>
        <translation>
            <numerusform>%n 个分块</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n event(s)</source>
        <translation>
            <numerusform>%n 个事件</numerusform>
        </translation>
    </message>
    <message>
        <source>Idle</source>
        <translation>空闲</translation>
    </message>
    <message>
        <source>Connecting…</source>
        <translation>正在连接…</translation>
    </message>
    <message>
        <source>Streaming</source>
        <translation>正在接收</translation>
    </message>
    <message>
        <source>Aborting…</source>
        <translation>正在中断…</translation>
    </message>
    <message>
        <source>Replaying log</source>
        <translation>正在回放日志</translation>
    </message>
    <message>
        <source>HTTP {status} {reason}</source>
        <translation>HTTP {status} {reason}</translation>
    </message>
    <message>
        <source>delivered {d} · read {r} · wire {w} bytes</source>
        <translation>交付 {d} · 读取 {r} · 线路 {w} 字节</translation>
    </message>
    <message>
        <source>delivered {d} · read {r} · wire {w}</source>
        <translation>交付 {d} · 读取 {r} · 线路 {w}</translation>
    </message>
    <message>
        <source>{rate}/s</source>
        <translation>{rate}/秒</translation>
    </message>
    <message>
        <source>{s:.2f} s</source>
        <translation>{s:.2f} 秒</translation>
    </message>
    <message>
        <source>starts inside a character</source>
        <translation>开头在字符中间</translation>
    </message>
    <message>
        <source>ends inside a character</source>
        <translation>结尾在字符中间</translation>
    </message>
    <message numerus="yes">
        <source>%n invalid sequence(s)</source>
        <translation>
            <numerusform>%n 段无效字节</numerusform>
        </translation>
    </message>
    <message>
        <source>its bytes are not in the log any more</source>
        <translation>它的字节已不在日志中</translation>
    </message>
    <message>
        <source>first {n:,} bytes shown</source>
        <translation>显示前 {n:,} 字节</translation>
    </message>
    <message>
        <source>{level} #{seq} · {size} bytes · at {t:.1f} ms</source>
        <translation>{level} #{seq} · {size} 字节 · {t:.1f} ms 时</translation>
    </message>
    <message>
        <source>event #{i} · {type} · chunks {a}–{b} · at {t:.1f} ms</source>
        <translation>事件 #{i} · {type} · 分块 {a}–{b} · {t:.1f} ms 时</translation>
    </message>
</context>
<context>
    <name>StreamFind</name>
    <message>
        <source>Find: text or hex e4 bd a0 (Enter)</source>
        <translation>查找：文本或十六进制，如 e4 bd a0（回车）</translation>
    </message>
    <message>
        <source>Find in event data (Enter)</source>
        <translation>在事件数据中查找（回车）</translation>
    </message>
    <message>
        <source>Show only the chunks whose bytes hold the text</source>
        <translation>只显示字节中含有该文本的分块</translation>
    </message>
    <message>
        <source>Show only the events whose type or data holds the text</source>
        <translation>只显示类型或数据中含有该文本的事件</translation>
    </message>
    <message>
        <source>Filter</source>
        <translation>筛选</translation>
    </message>
</context>
<context>
    <name>TextPane</name>
    <message>
        <source>Merge OpenAI deltas</source>
        <translation>合并 OpenAI delta</translation>
    </message>
    <message>
        <source>Show choices[0].delta.content of each event instead of its data</source>
        <translation>显示每个事件的 choices[0].delta.content，而不是它的 data</translation>
    </message>
    <message>
        <source>JSON field</source>
        <translation>JSON 字段</translation>
    </message>
    <message>
        <source>Overwrite mode: when an event&apos;s data is JSON, show this field of it</source>
        <translation>覆盖模式：事件的 data 是 JSON 时，显示它的这个字段</translation>
    </message>
    <message>
        <source>The decoded text grows here as chunks arrive.</source>
        <translation>分块到达时，解码后的文本会在这里逐字增长。</translation>
    </message>
    <message>
        <source>Text</source>
        <translation>文本</translation>
    </message>
</context>
<context>
    <name>TimelineWidget</name>
    <message>
        <source>{level} chunk #{seq}
at {t:.1f} ms, {size} bytes
{total} received by then</source>
        <translation>{level} 分块 #{seq}
{t:.1f} ms 时，{size} 字节
此时共收到 {total}</translation>
    </message>
    <message>
        <source>{t:.0f} ms · {level}</source>
        <translation>{t:.0f} ms · {level}</translation>
    </message>
    <message>
        <source>Bytes and chunks over time appear here while a stream arrives.</source>
        <translation>数据流到达时，这里显示字节和分块随时间的变化。</translation>
    </message>
    <message>
        <source>first byte {t:.0f} ms</source>
        <translation>首字节 {t:.0f} ms</translation>
    </message>
    <message>
        <source>first event {t:.0f} ms</source>
        <translation>首个事件 {t:.0f} ms</translation>
    </message>
</context>
<context>
    <name>WxmlInspector</name>
    <message>
        <source>Name</source>
        <translation>名称</translation>
    </message>
    <message>
        <source>Value</source>
        <translation>值</translation>
    </message>
    <message>
        <source>Refresh</source>
        <translation>刷新</translation>
    </message>
    <message>
        <source>Read the element tree from the phone again</source>
        <translation>重新从模拟器读取元素树</translation>
    </message>
</context>
</TS>
