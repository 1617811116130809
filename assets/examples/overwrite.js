// overwrite.js: the "overwrite" stream style, where every event carries the whole answer so far.
//
// Demonstrates: GET /sse/overwrite sends events whose data is JSON {"text": <answer so far>}, so the
// page simply replaces `answer` with the latest text instead of appending pieces (compare
// streaming-decoder.js, which appends OpenAI deltas). Decoding still needs a streaming UTF-8
// decoder and a line-based SSE parser: a chunk can end inside a character or inside the JSON.
//
// 中文说明：“覆盖”式的流，每个事件都带着到目前为止的完整回答。
// GET /sse/overwrite 发送的事件 data 为 JSON {"text": <到目前为止的回答>}，页面只需用最新的文本替换
// answer，而不是追加片段（对比追加 OpenAI delta 的 streaming-decoder.js）。解码仍然需要流式 UTF-8
// 解码器和按行的 SSE 解析器：一个分块可能结束在字符中间，也可能结束在 JSON 中间。

function toBytes(data) {
  const tag = Object.prototype.toString.call(data);
  return tag === '[object Uint8Array]' ? data : new Uint8Array(data);
}

class Utf8StreamDecoder {
  #pending = new Uint8Array(0);

  decode(chunk, { stream = true } = {}) {
    const bytes = new Uint8Array(this.#pending.length + chunk.length);
    bytes.set(this.#pending);
    bytes.set(chunk, this.#pending.length);
    let end = bytes.length;
    if (stream) {
      for (let back = 1; back <= Math.min(3, bytes.length); back++) {
        const b = bytes[bytes.length - back];
        if ((b & 0xc0) === 0x80) continue;
        const length = b >= 0xf0 ? 4 : b >= 0xe0 ? 3 : b >= 0xc0 ? 2 : 1;
        if (length > back) end = bytes.length - back;
        break;
      }
    }
    this.#pending = bytes.slice(end);
    return decodeUtf8(bytes.subarray(0, end));
  }
}

function decodeUtf8(bytes) {
  let out = '';
  let i = 0;
  while (i < bytes.length) {
    const b = bytes[i];
    if (b < 0x80) { out += String.fromCharCode(b); i++; continue; }
    let need, cp, lower = 0x80, upper = 0xbf;
    if (b >= 0xc2 && b <= 0xdf) { need = 1; cp = b & 0x1f; }
    else if (b >= 0xe0 && b <= 0xef) { need = 2; cp = b & 0x0f; if (b === 0xe0) lower = 0xa0; if (b === 0xed) upper = 0x9f; }
    else if (b >= 0xf0 && b <= 0xf4) { need = 3; cp = b & 0x07; if (b === 0xf0) lower = 0x90; if (b === 0xf4) upper = 0x8f; }
    else { out += '\uFFFD'; i++; continue; }
    let k = 1;
    for (; k <= need; k++) {
      const c = bytes[i + k];
      if (c === undefined || c < lower || c > upper) break;
      cp = (cp << 6) | (c & 0x3f);
      lower = 0x80; upper = 0xbf;
    }
    if (k <= need) { out += '\uFFFD'; i += k; continue; }
    out += String.fromCodePoint(cp);
    i += need + 1;
  }
  return out;
}

// Just enough SSE for this stream: "event:" and "data:" lines, a blank line ends an event.
function sseEvents() {
  let rest = '';
  let type = '';
  let data = [];
  return (text) => {
    const lines = (rest + text).split(/\r\n|\r|\n/);
    rest = lines.pop();
    const events = [];
    for (const line of lines) {
      if (line === '') {
        if (data.length) events.push({ type: type || 'message', data: data.join('\n') });
        type = '';
        data = [];
      } else if (line.startsWith('data:')) data.push(line.slice(5).replace(/^ /, ''));
      else if (line.startsWith('event:')) type = line.slice(6).trim();
    }
    return events;
  };
}

Page({
  data: { answer: '', updates: 0, status: 'idle' },

  onLoad(options) {
    const base = options.base || 'http://127.0.0.1:8765';
    const decoder = new Utf8StreamDecoder();
    const parse = sseEvents();
    let updates = 0;

    const task = wx.request({
      url: `${base}/sse/overwrite`,
      enableChunked: true,
      success: () => this.setData({ status: 'done' }),
      fail: (err) => this.setData({ status: err.errMsg }),
    });
    task.onChunkReceived((res) => {
      for (const event of parse(decoder.decode(toBytes(res.data)))) {
        if (event.type !== 'message') continue;   // "event: done" carries [DONE]
        const { text } = JSON.parse(event.data);
        updates++;
        this.setData({ answer: text, updates });   // overwrite, never append
      }
    });
    this.setData({ status: 'streaming' });
  },
});
