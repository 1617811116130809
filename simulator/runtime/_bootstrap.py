"""The JS half of the runtime: event loop, timers, console, ``wx``, ``Page``/``App``, installed into the
engine before the user's script runs (kept as a Python string so it ships inside the package).

The event loop lives in JS because every Python -> JS call costs a thread hop (``engine.py``).
Python hands over a batch of host events (headers, chunks, success/fail/complete) in one call to
``__mpsim.pump(batch, budgetMs, wantData)``; JS runs them one task at a time, in arrival order,
interleaved with due timers, and returns what it wants done (requests to start or abort), the console
lines and errors of the batch, and what is still pending.

A task is one listener dispatch, one timer callback, one lifecycle call. Between two tasks a device
drains the microtask queue (promise callbacks, ``await`` continuations). V8 under mini-racer drains it
only when a whole call returns, so the pump ends the batch right after any task that may have queued
microtasks (it returned a promise, or called ``then`` / ``queueMicrotask``) and Python calls again at
once; sync listeners keep batching. Not seen: an ``await`` inside an async helper that a sync
listener calls without returning its promise; that continuation runs after the batch instead.
"""

BOOTSTRAP_FILENAME = "mpsim-runtime.js"

BOOTSTRAP_JS = r"""
'use strict';
(() => {
const G = globalThis;
const origThen = Promise.prototype.then;
const toStr = Object.prototype.toString;

// ---- state returned to Python by report() ----------------------------------------------------
let out = { console: [], ops: [], errors: [] };
let config = null;
let fileRe = null;
let current = null;        // the task running now; left set when V8 terminates it
let microPending = false;  // the task may have queued microtasks
let dataDirty = false;

// ---- microtask tracking (see the module docstring) -------------------------------------------
Object.defineProperty(Promise.prototype, 'then', {
  value: function then(onFulfilled, onRejected) {
    microPending = true;
    return origThen.call(this, onFulfilled, onRejected);
  },
  writable: true, configurable: true,
});
const settled = Promise.resolve();

function isThenable(v) {
  return v !== null && (typeof v === 'object' || typeof v === 'function') && typeof v.then === 'function';
}

// ---- errors and line numbers ----------------------------------------------------------------
function escapeRe(s) { return s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&'); }

function lineFromStack(stack) {
  if (typeof stack !== 'string' || fileRe === null) return null;
  const m = fileRe.exec(stack);
  return m ? Number(m[1]) : null;
}

function callerLine() {
  const holder = {};
  Error.captureStackTrace(holder);
  return lineFromStack(holder.stack);
}

function userFrames(stack) {
  if (typeof stack !== 'string') return '';
  return stack.split('\n').filter((l) => /^\s+at /.test(l) && !l.includes('mpsim-runtime.js')).join('\n');
}

function describeError(e) {
  if (e instanceof Error || (e !== null && typeof e === 'object' && 'message' in e && 'stack' in e)) {
    const name = e.name || 'Error';
    const message = e.message ? `${name}: ${e.message}` : name;
    return { message, stack: typeof e.stack === 'string' ? e.stack : '', line: lineFromStack(e.stack) };
  }
  return { message: inspect(e, 1), stack: '', line: null };
}

function reportError(e, where, inPromise) {
  const d = describeError(e);
  const frames = userFrames(d.stack);
  const text = `Uncaught ${inPromise ? '(in promise) ' : ''}${d.message} [${where}]` + (frames ? '\n' + frames : '');
  out.console.push(['error', text, d.line]);
  out.errors.push({ message: d.message, line: d.line, stack: d.stack, where });
}

function runtimeError(text, line) {
  out.console.push(['error', text, line === undefined ? callerLine() : line]);
}

function runtimeWarn(text) {
  out.console.push(['warn', text, callerLine()]);
}

// Calls user code as (part of) one task; an exception is reported, never propagated.
function callUser(fn, self, args, where) {
  current = where;
  let ret;
  try {
    ret = fn.apply(self, args);
  } catch (e) {
    current = null;
    reportError(e, where, false);
    return undefined;
  }
  current = null;
  if (isThenable(ret)) {
    microPending = true;
    // V8 without a host drops unhandled rejections silently; report those of promises we see.
    try {
      origThen.call(Promise.resolve(ret), undefined, (e) => reportError(e, where, true));
    } catch (e) { /* a hostile thenable: nothing to report */ }
  }
  return ret;
}

// ---- console -------------------------------------------------------------------------------
function quote(s) {
  return "'" + s.replace(/\\/g, '\\\\').replace(/'/g, "\\'").replace(/\n/g, '\\n') + "'";
}

function inspect(v, depth = 0, seen = []) {
  switch (typeof v) {
    case 'string': return depth === 0 ? v : quote(v);
    case 'number': return Object.is(v, -0) ? '-0' : String(v);
    case 'bigint': return `${v}n`;
    case 'boolean': case 'undefined': return String(v);
    case 'symbol': return v.toString();
    case 'function': {
      const src = Function.prototype.toString.call(v);
      return src.startsWith('class') ? `[class ${v.name || '(anonymous)'}]` : `[Function: ${v.name || '(anonymous)'}]`;
    }
  }
  if (v === null) return 'null';
  if (seen.includes(v)) return '[Circular]';
  const tag = toStr.call(v).slice(8, -1);
  if (v instanceof Error) return depth === 0 && v.stack ? String(v.stack) : `${v.name}: ${v.message}`;
  if (tag === 'ArrayBuffer' || tag === 'SharedArrayBuffer') return `${tag} { byteLength: ${v.byteLength} }`;
  if (ArrayBuffer.isView(v) && tag !== 'DataView') {
    const items = Array.from(v.subarray(0, 64), (x) => String(x));
    if (v.length > 64) items.push(`... ${v.length - 64} more items`);
    return `${tag}(${v.length}) [${items.length ? ' ' + items.join(', ') + ' ' : ''}]`;
  }
  if (tag === 'Date') return isNaN(v) ? 'Invalid Date' : v.toISOString();
  if (tag === 'RegExp') return String(v);
  if (tag === 'Promise') return 'Promise {}';
  if (depth > 2) return Array.isArray(v) ? '[Array]' : '[Object]';
  seen.push(v);
  try {
    if (Array.isArray(v)) {
      const items = v.slice(0, 100).map((x) => inspect(x, depth + 1, seen));
      if (v.length > 100) items.push(`... ${v.length - 100} more items`);
      return items.length ? `[ ${items.join(', ')} ]` : '[]';
    }
    if (tag === 'Map') {
      const items = Array.from(v, ([k, x]) => `${inspect(k, depth + 1, seen)} => ${inspect(x, depth + 1, seen)}`);
      return `Map(${v.size}) {${items.length ? ' ' + items.join(', ') + ' ' : ''}}`;
    }
    if (tag === 'Set') {
      const items = Array.from(v, (x) => inspect(x, depth + 1, seen));
      return `Set(${v.size}) {${items.length ? ' ' + items.join(', ') + ' ' : ''}}`;
    }
    const keys = Object.keys(v);
    const items = keys.slice(0, 100).map((k) =>
      `${/^[A-Za-z_$][\w$]*$/.test(k) ? k : quote(k)}: ${inspect(v[k], depth + 1, seen)}`);
    if (keys.length > 100) items.push(`... ${keys.length - 100} more keys`);
    const name = v.constructor && v.constructor !== Object && typeof v.constructor.name === 'string'
      ? v.constructor.name + ' ' : '';
    return `${name}{${items.length ? ' ' + items.join(', ') + ' ' : ''}}`;
  } catch (e) {
    return '[object]';
  } finally {
    seen.pop();
  }
}

// console.log('%s has %d', a, b) as in DevTools: %s %d %i %f %o %O %j %c %%.
function formatArgs(args) {
  const parts = [];
  let i = 0;
  if (typeof args[0] === 'string' && args[0].includes('%') && args.length > 1) {
    i = 1;
    parts.push(args[0].replace(/%([sdifoOjc%])/g, (m, c) => {
      if (c === '%') return '%';
      if (i >= args.length) return m;
      const a = args[i++];
      switch (c) {
        case 's': return typeof a === 'string' ? a : inspect(a, 1);
        case 'd': case 'i':  // an integer, as in Chromium
          return typeof a === 'symbol' ? 'NaN' : String(Math.trunc(Number(a)));
        case 'f': return String(parseFloat(a));
        case 'c': return '';
        default: return inspect(a, 1);
      }
    }));
  }
  for (; i < args.length; i++) parts.push(inspect(args[i], 0));
  return parts.join(' ');
}

function makeConsole() {
  const c = {};
  for (const level of ['log', 'info', 'warn', 'error', 'debug']) {
    c[level] = function (...args) {
      let text;
      try { text = formatArgs(args); } catch (e) { text = '[unprintable value]'; }
      out.console.push([level, text, callerLine()]);
    };
  }
  c.trace = c.debug;
  c.table = c.log;
  c.dir = c.log;
  c.group = c.log;
  c.groupEnd = () => {};
  c.time = () => {};
  c.timeEnd = () => {};
  c.assert = function (cond, ...args) {
    if (cond) return;
    out.console.push(['error', 'Assertion failed' + (args.length ? ': ' + formatArgs(args) : ''), callerLine()]);
  };
  return c;
}

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

// ---- TextDecoder / TextEncoder: DevTools only (reference 4.2: "TextDecoder is not defined" on device)
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

// ---- timers --------------------------------------------------------------------------------
const timers = new Map();  // id -> timer, live ones only
const heap = [];           // by (due, seq); cleared timers are dropped lazily
let timerSeq = 0;
let lastTimerId = 0;

function before(a, b) { return a.due < b.due || (a.due === b.due && a.seq < b.seq); }
function heapPush(t) {
  heap.push(t);
  let i = heap.length - 1;
  while (i > 0) {
    const p = (i - 1) >> 1;
    if (!before(heap[i], heap[p])) break;
    [heap[i], heap[p]] = [heap[p], heap[i]];
    i = p;
  }
}
function heapPop() {
  const top = heap[0];
  const last = heap.pop();
  if (heap.length) {
    heap[0] = last;
    let i = 0;
    for (;;) {
      const l = 2 * i + 1, r = l + 1;
      let m = i;
      if (l < heap.length && before(heap[l], heap[m])) m = l;
      if (r < heap.length && before(heap[r], heap[m])) m = r;
      if (m === i) break;
      [heap[i], heap[m]] = [heap[m], heap[i]];
      i = m;
    }
  }
  return top;
}
function peekTimer() {
  while (heap.length && !heap[0].live) heapPop();
  return heap.length ? heap[0] : null;
}

function addTimer(fn, delay, args, repeat, kind) {
  if (typeof fn !== 'function') {
    runtimeError(`${kind}: the callback must be a function (code strings are not run: mini-programs have no eval)`);
    return 0;
  }
  let ms = Number(delay);
  if (!(ms >= 0)) ms = 0;
  if (repeat && ms < 1) ms = 1;  // a 0 ms interval would spin the loop forever
  const t = { id: ++lastTimerId, fn, args, delay: ms, repeat, kind, due: Date.now() + ms, seq: ++timerSeq, live: true };
  timers.set(t.id, t);
  heapPush(t);
  return t.id;
}

function clearTimer(id) {
  const t = timers.get(id);
  if (t !== undefined) { t.live = false; timers.delete(id); }
}

function runTimer(t) {
  if (!t.repeat) { t.live = false; timers.delete(t.id); }
  current = null;
  interruptedTimer = t.repeat ? t.id : 0;
  callUser(t.fn, undefined, t.args, `${t.kind} callback`);
  interruptedTimer = 0;
  // Rescheduled only when the callback returned or threw: an interval V8 had to terminate stops.
  if (t.repeat && t.live) { t.due = Date.now() + t.delay; t.seq = ++timerSeq; heapPush(t); }
}
let interruptedTimer = 0;

// ---- host events: [kind, id, payload, arrivalMs] ---------------------------------------------
const queue = [];
let qHead = 0;

const tasks = new Map();  // request id -> record
let lastRequestId = 0;
let openRequests = 0;    // wx.request calls whose complete has not run yet

function addListener(list, fn, method) {
  if (typeof fn !== 'function') { runtimeError(`RequestTask.${method}: the listener must be a function`); return; }
  list.push(fn);
}

function removeListener(list, fn) {
  // "不传此参数则移除所有监听函数"; otherwise "需传入与监听时同一个的函数对象" (reference 3)
  if (fn === undefined || fn === null) { list.length = 0; return; }
  const i = list.indexOf(fn);
  if (i >= 0) list.splice(i, 1);
}

class RequestTask {
  #rec;
  constructor(rec) { this.#rec = rec; }
  abort() {
    const rec = this.#rec;
    if (rec.done || rec.aborted) return;
    rec.aborted = true;
    out.ops.push(['abort', rec.id]);
  }
  onHeadersReceived(listener) { addListener(this.#rec.headers, listener, 'onHeadersReceived'); }
  offHeadersReceived(listener) { removeListener(this.#rec.headers, listener); }
  onChunkReceived(listener) { addListener(this.#rec.chunks, listener, 'onChunkReceived'); }
  offChunkReceived(listener) { removeListener(this.#rec.chunks, listener); }
}

function encodeBody(v) {
  if (v instanceof ArrayBuffer || ArrayBuffer.isView(v)) {
    return { __mpsim_bytes__: bytesToLatin1(toBytes(v, 'wx.request data')) };
  }
  return toPlain(v);
}

function request(options) {
  const opts = options !== null && typeof options === 'object' ? options : {};
  const rec = { id: ++lastRequestId, opts, headers: [], chunks: [], aborted: false, done: false };
  const wire = {};
  for (const k of Object.keys(opts)) {
    const v = opts[k];
    if (k === 'success' || k === 'fail' || k === 'complete' || typeof v === 'function' || v === undefined) continue;
    wire[k] = k === 'data' ? encodeBody(v) : toPlain(v);
  }
  tasks.set(rec.id, rec);
  openRequests++;
  out.ops.push(['request', rec.id, wire]);
  return new RequestTask(rec);
}

function fromHost(v) {
  if (v !== null && typeof v === 'object' && typeof v.__mpsim_bytes__ === 'string') {
    return latin1ToBytes(v.__mpsim_bytes__).buffer;
  }
  return v;
}

function dispatchTo(list, res, where) {
  for (const fn of list.slice()) {
    if (!list.includes(fn)) continue;  // removed by an earlier listener of this same event
    callUser(fn, undefined, [res], where);
  }
}

function runEvent(ev) {
  const kind = ev[0];
  if (kind === 'life') { runLifecycle(ev[1], ev[2]); return; }
  const rec = tasks.get(ev[1]);
  if (rec === undefined) return;
  // "After abort() no listener is called again" unless the device quirk is on (reference 4.5).
  const closed = rec.aborted && !config.platform.chunksAfterAbort;
  switch (kind) {
    case 'headers':
      if (!closed) dispatchTo(rec.headers, ev[2], 'onHeadersReceived listener');
      break;
    case 'chunk':
      if (!closed && rec.chunks.length) {
        const bytes = latin1ToBytes(ev[2]);
        const data = config.platform.chunkType === 'Uint8Array' ? bytes : bytes.buffer;
        dispatchTo(rec.chunks, { data }, 'onChunkReceived listener');
      }
      break;
    case 'success': case 'fail': {
      const res = ev[2];
      if ('data' in res) res.data = fromHost(res.data);
      const fn = rec.opts[kind];
      if (typeof fn === 'function') callUser(fn, undefined, [res], `wx.request ${kind} callback`);
      break;
    }
    case 'complete':
      // The record stays: with the chunks-after-abort quirk, chunks still come after complete.
      rec.done = true;
      openRequests--;
      const fn = rec.opts.complete;
      if (typeof fn === 'function') callUser(fn, undefined, [ev[2]], 'wx.request complete callback');
      break;
  }
}

// ---- App / Page --------------------------------------------------------------------------
let appDef = null;
let pageDef = null;
let page = null;
const defaultApp = { globalData: {} };

function App(def) {
  if (appDef !== null) { runtimeWarn('App() was already called; this call is ignored'); return; }
  appDef = def !== null && typeof def === 'object' ? def : {};
}

function Page(def) {
  if (pageDef !== null) { runtimeWarn('Page() was already called; mpsim runs one page, this call is ignored'); return; }
  pageDef = def !== null && typeof def === 'object' ? def : {};
}

// 'list[0].text', 'a.b', 'a[1][2].c' as setData keys (WeChat "setData" doc: data paths).
function parsePath(key) {
  const parts = [];
  let i = 0, name = '';
  while (i < key.length) {
    const c = key[i];
    if (c === '.') {
      if (name) { parts.push(name); name = ''; }
      i++;
    } else if (c === '[') {
      if (name) { parts.push(name); name = ''; }
      const end = key.indexOf(']', i);
      const idx = key.slice(i + 1, end);
      if (end < 0 || !/^\d+$/.test(idx)) return [key];  // not a path: a plain key
      parts.push(Number(idx));
      i = end + 1;
    } else {
      name += c;
      i++;
    }
  }
  if (name) parts.push(name);
  return parts.length ? parts : [key];
}

function setPath(root, parts, value) {
  let obj = root;
  for (let i = 0; i < parts.length - 1; i++) {
    const k = parts[i];
    if (obj[k] === null || typeof obj[k] !== 'object') obj[k] = typeof parts[i + 1] === 'number' ? [] : {};
    obj = obj[k];
  }
  obj[parts[parts.length - 1]] = value;
}

function makePage(def) {
  const p = {};
  for (const k of Object.keys(def)) if (k !== 'data') p[k] = def[k];
  p.data = deepClone(def.data !== null && typeof def.data === 'object' ? def.data : {});
  p.route = config.route;
  p.options = { ...config.query };
  Object.defineProperty(p, 'setData', {
    value: function setData(changes, callback) {
      if (changes === null || typeof changes !== 'object') {
        runtimeError('setData: the first argument must be an object of data keys or paths');
        return;
      }
      for (const key of Object.keys(changes)) {
        const v = changes[key];
        if (v === undefined) { runtimeWarn(`Setting data field "${key}" to undefined is invalid.`); continue; }
        setPath(p.data, parsePath(key), v);
      }
      dataDirty = true;
      // Called after the view updated, so after this task (setData doc: callback).
      if (typeof callback === 'function') addTimer(() => callback.call(p), 0, [], false, 'setData');
    },
    enumerable: false, writable: true, configurable: true,
  });
  return p;
}

function callHook(obj, name, args, where) {
  if (obj !== null && typeof obj[name] === 'function') callUser(obj[name], obj, args, where);
}

function runLifecycle(step) {
  switch (step) {
    case 'app.onLaunch': callHook(appDef, 'onLaunch', [deepClone(config.launchOptions)], 'App.onLaunch'); break;
    case 'app.onShow': callHook(appDef, 'onShow', [deepClone(config.launchOptions)], 'App.onShow'); break;
    case 'page.onLoad':
      page = makePage(pageDef);
      dataDirty = true;
      callHook(page, 'onLoad', [{ ...config.query }], 'Page.onLoad');
      break;
    case 'page.onShow': callHook(page, 'onShow', [], 'Page.onShow'); break;
    case 'page.onReady': callHook(page, 'onReady', [], 'Page.onReady'); break;
    case 'page.onUnload': callHook(page, 'onUnload', [], 'Page.onUnload'); break;
  }
}

// ---- wx ------------------------------------------------------------------------------------
function unsupported(name) {
  const stub = function () {
    runtimeError(`wx.${name} is not emulated by mpsim (it returns undefined here)`);
    return undefined;
  };
  Object.defineProperty(stub, 'name', { value: name });
  return stub;
}

function makeWx() {
  const impl = {
    request,
    arrayBufferToBase64,
    base64ToArrayBuffer,
    getSystemInfoSync: () => deepClone(config.systemInfo),
    getLaunchOptionsSync: () => deepClone(config.launchOptions),
    getEnterOptionsSync: () => deepClone(config.launchOptions),
    canIUse: (schema) => {
      const head = String(schema).split('.')[0];
      return Object.prototype.hasOwnProperty.call(impl, head);
    },
  };
  const stubs = new Map();
  return new Proxy(impl, {
    get(target, key) {
      if (typeof key === 'symbol' || key in target) return target[key];
      if (key === 'then') return undefined;  // so `await wx` and Promise.resolve(wx) stay harmless
      if (!stubs.has(key)) stubs.set(key, unsupported(key));
      return stubs.get(key);
    },
    has(target, key) { return key in target; },
  });
}

// ---- the loop Python drives ---------------------------------------------------------------
function report(ran, yielded, wantData) {
  const t = peekTimer();
  const r = {
    ran, yielded,
    console: out.console, ops: out.ops, errors: out.errors,
    pendingEvents: queue.length - qHead,
    timers: timers.size,
    nextDue: t === null ? null : t.due,
    requests: openRequests,
  };
  if (dataDirty && wantData) r.data = pageData();
  dataDirty = false;
  out = { console: [], ops: [], errors: [] };
  return JSON.stringify(r);
}

function pageData() {
  if (page === null) return {};
  try {
    const d = toPlain(page.data);
    return d !== null && typeof d === 'object' && !Array.isArray(d) ? d : {};
  } catch (e) {
    runtimeError(`page data could not be read: ${describeError(e).message}`, null);
    return {};
  }
}

function pump(batch, budgetMs, wantData) {
  for (let i = 0; i < batch.length; i++) queue.push(batch[i]);
  const start = Date.now();
  let ran = 0;
  let yielded = false;
  for (;;) {
    const t = peekTimer();
    const ev = qHead < queue.length ? queue[qHead] : null;
    // A due timer runs before events that arrived after it fell due, as on a device's task queue.
    const timerFirst = t !== null && t.due <= Date.now() && (ev === null || t.due <= ev[3]);
    if (!timerFirst && ev === null) break;
    microPending = false;
    if (timerFirst) {
      heapPop();
      runTimer(t);
    } else {
      queue[qHead++] = undefined;
      runEvent(ev);
    }
    ran++;
    // Let V8 drain the microtasks of this task before the next task (module docstring).
    if (microPending || Date.now() - start >= budgetMs) { yielded = true; break; }
  }
  if (qHead > 4096 && qHead * 2 > queue.length) { queue.splice(0, qHead); qHead = 0; }
  return report(ran, yielded, wantData);
}

function start() {
  const now = Date.now();
  const steps = [];
  if (appDef !== null) steps.push('app.onLaunch', 'app.onShow');
  if (pageDef !== null) steps.push('page.onLoad', 'page.onShow', 'page.onReady');
  for (const step of steps) queue.push(['life', step, null, now]);
}

// The page closes: pending work is dropped and onUnload runs as the last task.
function unload(wantData) {
  queue.length = 0; qHead = 0;
  for (const id of Array.from(timers.keys())) clearTimer(id);
  if (page !== null) runLifecycle('page.onUnload');
  return report(1, false, wantData);
}

// After V8 terminated a task: which one it was (and stop it if it was an interval).
function takeInterrupted() {
  const where = current;
  current = null;
  if (interruptedTimer) { clearTimer(interruptedTimer); interruptedTimer = 0; }
  return where === null ? '' : where;
}

function configure(cfg) {
  config = cfg;
  fileRe = new RegExp(escapeRe(cfg.filename) + ':(\\d+):\\d+');
  const plat = cfg.platform;
  const define = (name, value) => {
    const d = Object.getOwnPropertyDescriptor(G, name);
    if (d === undefined || d.configurable) {
      Object.defineProperty(G, name, { value, writable: true, configurable: true, enumerable: false });
    } else {
      G[name] = value;  // a `var` of the engine's own prelude: not configurable, still writable
    }
  };
  define('console', makeConsole());
  define('wx', makeWx());
  define('App', App);
  define('Page', Page);
  define('getApp', () => (appDef !== null ? appDef : defaultApp));
  define('getCurrentPages', () => (page !== null ? [page] : []));
  define('setTimeout', (fn, delay, ...args) => addTimer(fn, delay, args, false, 'setTimeout'));
  define('setInterval', (fn, delay, ...args) => addTimer(fn, delay, args, true, 'setInterval'));
  define('clearTimeout', (id) => clearTimer(id));
  define('clearInterval', (id) => clearTimer(id));
  define('queueMicrotask', (fn) => {
    if (typeof fn !== 'function') {
      throw new TypeError("Failed to execute 'queueMicrotask': parameter 1 is not a function");
    }
    microPending = true;
    origThen.call(settled, () => { try { fn(); } catch (e) { reportError(e, 'queueMicrotask callback', false); } });
  });
  if (plat.hasTextDecoder) {
    define('TextDecoder', TextDecoder);
    define('TextEncoder', TextEncoder);
  } else {
    delete G.TextDecoder;
    delete G.TextEncoder;
  }
}

Object.defineProperty(G, '__mpsim', {
  value: Object.freeze({ configure, start, pump, unload, takeInterrupted, pageData: () => JSON.stringify(pageData()) }),
  writable: false, configurable: false, enumerable: false,
});
})();
//# sourceURL=mpsim-runtime.js
"""
