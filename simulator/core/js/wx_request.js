// A streaming wx.request as a mini-program writes it (copied by mpsim's "Copy as wx.request code").
// Phones have no TextDecoder and hand each chunk as an ArrayBuffer; a chunk can end inside a
// character (https://developers.weixin.qq.com/miniprogram/dev/api/network/request/RequestTask.onChunkReceived.html),
// so the decoder below keeps the bytes of a cut character until the next chunk completes it.
function utf8ChunkDecoder() {
  let rest = [];
  return function decode(chunk) {
    const bytes = rest.concat(Array.prototype.slice.call(new Uint8Array(chunk)));
    let end = bytes.length;
    let lead = end - 1;
    while (lead >= 0 && end - lead < 4 && (bytes[lead] & 0xc0) === 0x80) lead--;
    if (lead >= 0) {
      const b = bytes[lead];
      const need = b >= 0xf0 ? 4 : b >= 0xe0 ? 3 : b >= 0xc0 ? 2 : 1;
      if (end - lead < need) end = lead; // the last character is not complete yet
    }
    rest = bytes.slice(end);
    let text = '';
    for (let i = 0; i < end;) {
      const b = bytes[i];
      const n = b >= 0xf0 ? 4 : b >= 0xe0 ? 3 : b >= 0xc0 ? 2 : 1;
      let cp = n === 1 ? b : b & (0xff >> (n + 1));
      let ok = n === 1 ? b < 0x80 : i + n <= end;
      for (let k = 1; ok && k < n; k++) {
        const c = bytes[i + k];
        ok = (c & 0xc0) === 0x80;
        cp = (cp << 6) | (c & 0x3f);
      }
      text += ok ? String.fromCodePoint(cp) : '\ufffd';
      i += ok ? n : 1;
    }
    return text;
  };
}

const decodeChunk = utf8ChunkDecoder();
let received = '';
const task = wx.request({
  ...OPTIONS,
  enableChunked: true,
  success(res) {
    console.log('HTTP ' + res.statusCode, received);
  },
  fail(err) {
    console.error(err.errMsg);
  },
});
task.onHeadersReceived((res) => {
  console.log('headers', res.header);
});
task.onChunkReceived((res) => {
  received += decodeChunk(res.data);
  // e.g. this.setData({ answer: received }) in a page, or parse SSE lines from it
});
