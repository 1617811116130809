// streaming-decoder.js: the correct way to turn onChunkReceived bytes into an answer on a device.
//
// Demonstrates two streaming stages that keep what a chunk left unfinished until the next chunk:
// - Utf8StreamDecoder keeps the bytes of a character cut by a chunk boundary (byte carry-over) and
//   decodes complete characters as the WHATWG Encoding Standard does, one U+FFFD per broken
//   sequence. No TextDecoder: devices have none (only DevTools does).
// - SseParser keeps a partial line until its newline arrives and builds events line by line
//   (WHATWG HTML, 9.2.6 "Interpreting an event stream"), so an event cut in two, or two events in
//   one chunk, come out the same.
// OpenAI-style choices[0].delta.content pieces are merged into `answer`. The result is the same
// under every delivery profile (passthrough, wire, fixed:N, random, utf8-cut) and on every platform
// (res.data is an ArrayBuffer on devices, a Uint8Array in DevTools).
//
// 中文说明：在真机上把 onChunkReceived 的字节变成回答的正确做法。
// 两个流式阶段都会把分块没处理完的部分留到下一个分块：
// - Utf8StreamDecoder 保留被分块边界切开的字符的字节（字节续接），按 WHATWG Encoding 标准解码完整字符，
//   每个损坏的序列一个 U+FFFD。不用 TextDecoder：真机上没有（只有开发者工具有）。
// - SseParser 保留不完整的行直到换行到来，逐行构造事件（WHATWG HTML 9.2.6“Interpreting an event
//   stream”），所以被切成两半的事件和同一分块里的两个事件结果一样。
// OpenAI 风格的 choices[0].delta.content 片段合并进 answer。在所有交付方式（passthrough、wire、fixed:N、
// random、utf8-cut）和所有平台上结果都相同（真机上 res.data 是 ArrayBuffer，开发者工具里是 Uint8Array）。

function toBytes(data) {
  // instanceof is unreliable across DevTools/device; the tag is not (reference 4.2).
  const tag = Object.prototype.toString.call(data);
  if (tag === '[object ArrayBuffer]') return new Uint8Array(data);
  if (tag === '[object Uint8Array]') return data;
  throw new TypeError('unexpected chunk type ' + tag);
}

class Utf8StreamDecoder {
  #pending = new Uint8Array(0);   // the start of a character whose other bytes have not arrived yet

  decode(chunk, { stream = true } = {}) {
    const bytes = new Uint8Array(this.#pending.length + chunk.length);
    bytes.set(this.#pending);
    bytes.set(chunk, this.#pending.length);
    let end = bytes.length;
    if (stream) {
      // Look back at most 3 bytes for the lead byte of an unfinished character.
      for (let back = 1; back <= Math.min(3, bytes.length); back++) {
        const b = bytes[bytes.length - back];
        if ((b & 0xc0) === 0x80) continue;   // a continuation byte: look further back
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
    if (k <= need) { out += '\uFFFD'; i += k; continue; }   // one U+FFFD per broken sequence
    out += String.fromCodePoint(cp);
    i += need + 1;
  }
  return out;
}

class SseParser {
  #line = '';          // the unfinished last line
  #afterCR = false;    // the last chunk ended with \r: a \n starting the next one belongs to it
  #data = [];
  #event = '';
  #lastId = '';

  *feed(text) {
    if (this.#afterCR && text.startsWith('\n')) text = text.slice(1);
    this.#afterCR = text.endsWith('\r');
    const lines = (this.#line + text).split(/\r\n|\r|\n/);
    this.#line = lines.pop();
    for (const line of lines) {
      const event = this.#take(line);
      if (event) yield event;
    }
  }

  #take(line) {
    if (line === '') {   // a blank line dispatches the event
      if (this.#data.length === 0) { this.#event = ''; return null; }
      const event = { type: this.#event || 'message', data: this.#data.join('\n'), id: this.#lastId };
      this.#data = [];
      this.#event = '';
      return event;
    }
    if (line.startsWith(':')) return null;   // a comment
    const colon = line.indexOf(':');
    const field = colon < 0 ? line : line.slice(0, colon);
    let value = colon < 0 ? '' : line.slice(colon + 1);
    if (value.startsWith(' ')) value = value.slice(1);
    if (field === 'data') this.#data.push(value);
    else if (field === 'event') this.#event = value;
    else if (field === 'id' && !value.includes('\0')) this.#lastId = value;
    return null;
  }
}

Page({
  data: { answer: '', events: 0, status: 'idle', error: '' },

  onLoad(options) {
    const base = options.base || 'http://127.0.0.1:8765';
    const decoder = new Utf8StreamDecoder();
    const parser = new SseParser();
    let answer = '';
    let events = 0;

    const handle = (text) => {
      for (const event of parser.feed(text)) {
        events++;
        if (event.data === '[DONE]') continue;
        const delta = JSON.parse(event.data).choices?.[0]?.delta?.content;
        if (delta) answer += delta;
      }
      this.setData({ answer, events });
    };

    this.task = wx.request({
      url: `${base}/v1/chat/completions`,
      method: 'POST',
      enableChunked: true,
      header: { 'content-type': 'application/json', accept: 'text/event-stream' },
      data: { model: 'mpsim-demo', stream: true, messages: [{ role: 'user', content: '你好，演示一下流式输出' }] },
      success: (res) => {
        handle(decoder.decode(new Uint8Array(0), { stream: false }));   // flush what is left
        this.setData({ status: `done (HTTP ${res.statusCode})` });
      },
      fail: (err) => this.setData({ status: 'failed', error: err.errMsg }),
    });
    this.task.onChunkReceived((res) => handle(decoder.decode(toBytes(res.data))));
    this.setData({ status: 'streaming' });
  },

  onUnload() {
    this.task?.abort();
  },
});
