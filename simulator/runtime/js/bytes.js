// mpsim runtime: Bytes, base64, TextDecoder/TextEncoder (DevTools only), plain-data cloning for setData and Python.
// Part of one script: simulator/runtime/bootstrap.py joins the files listed in ORDER into one
// function scope, so the parts share their top-level names (see bootstrap.py).

// ---- bytes -----------------------------------------------------------------------------------
function toBytes(input, what) {
  if (input instanceof ArrayBuffer) return new Uint8Array(input);
  if (ArrayBuffer.isView(input)) return new Uint8Array(input.buffer, input.byteOffset, input.byteLength);
  throw new TypeError(`${what}: expected an ArrayBuffer or a typed array, got ${inspect(input, 1)}`);
}

function latin1ToBytes(s) {
  const n = s.length;
  const u8 = new Uint8Array(n);
  for (let i = 0; i < n; i++) u8[i] = s.charCodeAt(i);
  return u8;
}

function bytesToLatin1(u8) {
  let s = '';
  for (let i = 0; i < u8.length; i += 8192) s += String.fromCharCode.apply(null, u8.subarray(i, i + 8192));
  return s;
}

const B64 = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/';
const B64_INDEX = new Int16Array(128).fill(-1);
for (let i = 0; i < 64; i++) B64_INDEX[B64.charCodeAt(i)] = i;
B64_INDEX['-'.charCodeAt(0)] = 62;  // also accept the URL-safe alphabet
B64_INDEX['_'.charCodeAt(0)] = 63;

function arrayBufferToBase64(buffer) {
  const u8 = toBytes(buffer, 'wx.arrayBufferToBase64');
  let s = '';
  let i = 0;
  for (; i + 2 < u8.length; i += 3) {
    const n = (u8[i] << 16) | (u8[i + 1] << 8) | u8[i + 2];
    s += B64[n >> 18] + B64[(n >> 12) & 63] + B64[(n >> 6) & 63] + B64[n & 63];
  }
  if (i < u8.length) {
    const n = (u8[i] << 16) | ((i + 1 < u8.length ? u8[i + 1] : 0) << 8);
    s += B64[n >> 18] + B64[(n >> 12) & 63] + (i + 1 < u8.length ? B64[(n >> 6) & 63] : '=') + '=';
  }
  return s;
}

function base64ToArrayBuffer(text) {
  const s = String(text);
  const bytes = [];
  let acc = 0, bits = 0;
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    const v = c < 128 ? B64_INDEX[c] : -1;
    if (v < 0) continue;  // '=' padding, whitespace and stray characters are skipped
    acc = (acc << 6) | v;
    bits += 6;
    if (bits >= 8) { bits -= 8; bytes.push((acc >> bits) & 0xff); }
  }
  return new Uint8Array(bytes).buffer;
}

// ---- TextDecoder / TextEncoder: DevTools only (docs/wechat-request-api.md §4.2: "TextDecoder is not defined" on device)
// UTF-8 per the WHATWG Encoding Standard, section 9.1.1 (UTF-8 decoder), including streaming.
class TextDecoder {
  #fatal; #ignoreBOM; #bomDone = false;
  #need = 0; #seen = 0; #cp = 0; #lower = 0x80; #upper = 0xbf;
  constructor(label = 'utf-8', options = {}) {
    const l = String(label).trim().toLowerCase();
    if (!['utf-8', 'utf8', 'unicode-1-1-utf-8'].includes(l)) {
      throw new RangeError(`Failed to construct 'TextDecoder': The encoding label provided ('${label}') is invalid.`);
    }
    this.#fatal = Boolean(options?.fatal);
    this.#ignoreBOM = Boolean(options?.ignoreBOM);
  }
  get encoding() { return 'utf-8'; }
  get fatal() { return this.#fatal; }
  get ignoreBOM() { return this.#ignoreBOM; }
  decode(input, options = {}) {
    const bytes = input === undefined ? new Uint8Array(0) : toBytes(input, "TextDecoder.decode");
    const stream = Boolean(options?.stream);
    const units = [];
    const error = () => {
      if (this.#fatal) {
        this.#need = this.#seen = this.#cp = 0; this.#lower = 0x80; this.#upper = 0xbf;
        throw new TypeError("Failed to execute 'decode' on 'TextDecoder': The encoded data was not valid.");
      }
      units.push(0xfffd);
    };
    for (let i = 0; i < bytes.length; i++) {
      const b = bytes[i];
      if (this.#need === 0) {
        if (b <= 0x7f) units.push(b);
        else if (b >= 0xc2 && b <= 0xdf) { this.#need = 1; this.#cp = b & 0x1f; }
        else if (b >= 0xe0 && b <= 0xef) {
          if (b === 0xe0) this.#lower = 0xa0;
          if (b === 0xed) this.#upper = 0x9f;
          this.#need = 2; this.#cp = b & 0x0f;
        } else if (b >= 0xf0 && b <= 0xf4) {
          if (b === 0xf0) this.#lower = 0x90;
          if (b === 0xf4) this.#upper = 0x8f;
          this.#need = 3; this.#cp = b & 0x07;
        } else error();
        continue;
      }
      if (b < this.#lower || b > this.#upper) {
        this.#need = this.#seen = this.#cp = 0; this.#lower = 0x80; this.#upper = 0xbf;
        error();
        i--;  // the byte starts over ("prepend byte to stream")
        continue;
      }
      this.#lower = 0x80; this.#upper = 0xbf;
      this.#cp = (this.#cp << 6) | (b & 0x3f);
      if (++this.#seen === this.#need) {
        const cp = this.#cp;
        this.#need = this.#seen = this.#cp = 0;
        if (cp > 0xffff) units.push(0xd800 + ((cp - 0x10000) >> 10), 0xdc00 + ((cp - 0x10000) & 0x3ff));
        else units.push(cp);
      }
    }
    if (!stream && this.#need) {
      this.#need = this.#seen = this.#cp = 0; this.#lower = 0x80; this.#upper = 0xbf;
      error();
    }
    let start = 0;
    if (!this.#bomDone && units.length) {
      if (!this.#ignoreBOM && units[0] === 0xfeff) start = 1;
      this.#bomDone = true;
    }
    if (!stream) this.#bomDone = false;
    let s = '';
    for (let i = start; i < units.length; i += 8192) {
      s += String.fromCharCode.apply(null, units.slice(i, Math.min(i + 8192, units.length)));
    }
    return s;
  }
}

class TextEncoder {
  get encoding() { return 'utf-8'; }
  encode(input = '') {
    const s = String(input);
    const bytes = [];
    for (let i = 0; i < s.length; i++) {
      let cp = s.charCodeAt(i);
      if (cp >= 0xd800 && cp <= 0xdbff && i + 1 < s.length) {
        const lo = s.charCodeAt(i + 1);
        if (lo >= 0xdc00 && lo <= 0xdfff) { cp = 0x10000 + ((cp - 0xd800) << 10) + (lo - 0xdc00); i++; }
      }
      if (cp >= 0xd800 && cp <= 0xdfff) cp = 0xfffd;  // a lone surrogate
      if (cp < 0x80) bytes.push(cp);
      else if (cp < 0x800) bytes.push(0xc0 | (cp >> 6), 0x80 | (cp & 63));
      else if (cp < 0x10000) bytes.push(0xe0 | (cp >> 12), 0x80 | ((cp >> 6) & 63), 0x80 | (cp & 63));
      else bytes.push(0xf0 | (cp >> 18), 0x80 | ((cp >> 12) & 63), 0x80 | ((cp >> 6) & 63), 0x80 | (cp & 63));
    }
    return new Uint8Array(bytes);
  }
}

// ---- plain data: what setData keeps and what Python receives ---------------------------------
function deepClone(v, seen = new Map()) {
  if (v === null || typeof v !== 'object') return v;
  if (seen.has(v)) return seen.get(v);
  if (Array.isArray(v)) {
    const a = [];
    seen.set(v, a);
    for (const x of v) a.push(deepClone(x, seen));
    return a;
  }
  if (Object.getPrototypeOf(v) !== Object.prototype && Object.getPrototypeOf(v) !== null) return v;
  const o = {};
  seen.set(v, o);
  for (const k of Object.keys(v)) o[k] = deepClone(v[k], seen);
  return o;
}

// JSON semantics (what WeChat sends to the view), plus "[Circular]" instead of a TypeError.
function toPlain(v, ancestors = []) {
  if (typeof v === 'bigint') return String(v);
  if (typeof v === 'number') return Number.isFinite(v) ? v : null;
  if (v === null || typeof v !== 'object') return v;
  if (ancestors.includes(v)) return '[Circular]';
  if (typeof v.toJSON === 'function') return toPlain(v.toJSON(), ancestors);
  ancestors.push(v);
  try {
    const keep = (x) => x !== undefined && typeof x !== 'function' && typeof x !== 'symbol';
    if (Array.isArray(v)) return v.map((x) => { const p = toPlain(x, ancestors); return keep(p) ? p : null; });
    const o = {};
    for (const k of Object.keys(v)) { const p = toPlain(v[k], ancestors); if (keep(p)) o[k] = p; }
    return o;
  } finally {
    ancestors.pop();
  }
}
