// naive-decoder.js: the byte-to-string listener most mini-program streaming code copies, and why it
// garbles Chinese on a phone.
//
// Each chunk is turned into a string ON ITS OWN: String.fromCharCode.apply(null, new Uint8Array(res.data))
// makes one character per byte, then decodeURIComponent(escape(...)) reassembles those bytes as UTF-8.
// When a chunk boundary falls inside a character (a Chinese character is 3 bytes, an emoji 4), that
// throws URIError, and the usual fallback keeps the raw byte-string: mojibake such as "ä½ å¥½".
// The SSE lines themselves are buffered correctly here, so the ONLY bug is the per-chunk decoding.
//
// Try it:  mpsim run naive-decoder.js --profile passthrough   (usually fine: chunks hold whole events)
//          mpsim run naive-decoder.js --profile utf8-cut      (every character is cut: garbage)
// Compare with streaming-decoder.js, which survives every profile.
//
// 中文说明：大多数小程序流式代码照抄的“逐块转字符串”写法，以及它为什么在真机上把中文变成乱码。
// 每个分块被单独转成字符串：String.fromCharCode.apply(null, new Uint8Array(res.data)) 每个字节一个字符，
// 再用 decodeURIComponent(escape(...)) 按 UTF-8 拼回去。分块边界落在一个字符中间时（中文 3 字节，
// emoji 4 字节）会抛出 URIError，常见的兜底保留原始字节串，于是出现 "ä½ å¥½" 这样的乱码。
// 这里 SSE 的行缓冲是对的，唯一的错误就是逐块解码。
// 试一试：mpsim run naive-decoder.js --profile passthrough   （通常没问题：分块装的是完整事件）
//         mpsim run naive-decoder.js --profile utf8-cut      （每个字符都被切开：乱码）
// 对比 streaming-decoder.js，它在所有交付方式下都正确。

Page({
  data: { answer: '', status: 'idle', fallbacks: 0 },

  onLoad(options) {
    const base = options.base || 'http://127.0.0.1:8765';
    let lines = '';      // text not yet ended by a newline
    let answer = '';
    let fallbacks = 0;   // chunks whose decoding threw and fell back to the raw byte-string

    const task = wx.request({
      url: base + '/v1/chat/completions',
      method: 'POST',
      enableChunked: true,
      header: { 'content-type': 'application/json' },
      data: { model: 'mpsim-demo', stream: true, messages: [{ role: 'user', content: '你好，演示一下流式输出' }] },
      success: () => this.setData({ status: 'done' }),
      fail: (err) => this.setData({ status: err.errMsg }),
    });

    task.onChunkReceived((res) => {
      const raw = String.fromCharCode.apply(null, new Uint8Array(res.data));
      let text;
      try {
        text = decodeURIComponent(escape(raw));
      } catch (e) {
        text = raw;      // "just show what we got": this is where the garbage comes from
        fallbacks++;
      }
      lines += text;
      const parts = lines.split('\n');
      lines = parts.pop();
      for (const line of parts) {
        if (!line.startsWith('data: ') || line === 'data: [DONE]') continue;
        try {
          const delta = JSON.parse(line.slice(6)).choices[0].delta.content;
          if (delta) answer += delta;
        } catch (e) {
          console.warn('unparsable line:', line);
        }
      }
      this.setData({ answer, fallbacks });
    });
    this.setData({ status: 'streaming' });
  },
});
