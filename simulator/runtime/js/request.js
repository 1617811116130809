// mpsim runtime: wx.request and RequestTask: requests go to Python as ops, host events come back through pump().
// Part of one script: simulator/runtime/bootstrap.py joins the files listed in ORDER into one
// function scope, so the parts share their top-level names (see bootstrap.py).

// ---- host events: [kind, id, payload, arrivalMs] ---------------------------------------------
const queue = [];
let qHead = 0;

const tasks = new Map();  // request id -> record
let lastRequestId = 0;
let openRequests = 0;    // wx.request calls whose complete has not run yet
// "wx.request、wx.uploadFile、wx.downloadFile 的最大并发限制是 10 个" (network doc); since base library
// 1.4.0 the ones over the limit wait in a queue and go in order as earlier ones end (docs/device.md).
const MAX_CONCURRENT = 10;
let sending = 0;          // requests handed to the host and not yet complete
const waiting = [];       // records over the limit, in call order
let queueSaid = false;
let lastChunked = null;   // the last-started enableChunked request (the iOS WeChat 8.0.54 quirk)

function addListener(list, fn, method) {
  if (typeof fn !== 'function') { runtimeError(`RequestTask.${method}: the listener must be a function`); return; }
  list.push(fn);
}

function removeListener(list, fn) {
  // "不传此参数则移除所有监听函数"; otherwise "需传入与监听时同一个的函数对象" (docs/wechat-request-api.md §3)
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
    const i = waiting.indexOf(rec);
    if (i < 0) { out.ops.push(['abort', rec.id]); return; }
    waiting.splice(i, 1);  // never sent: it ends here, as a sent one would
    const res = { errMsg: 'request:fail abort' };
    addTimer(() => { runEvent(['fail', rec.id, { ...res }]); runEvent(['complete', rec.id, res]); }, 0, [], false, 'wx.request');
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
  rec.wire = wire;
  tasks.set(rec.id, rec);
  openRequests++;
  if (sending < MAX_CONCURRENT) {
    send(rec);
  } else {
    waiting.push(rec);
    out.ops.push(['queued', rec.id, String(opts.url)]);  // the window shows why it waits
    if (!queueSaid) {
      queueSaid = true;
      runtimeWarn(`wx.request: ${MAX_CONCURRENT} requests are already running; this one waits for one of them ` +
        'to end, as on a device (at most 10 at a time, the rest queued: docs/device.md)');
    }
  }
  return new RequestTask(rec);
}

function send(rec) {
  sending++;
  rec.sent = true;
  if (rec.opts.enableChunked) lastChunked = rec;
  out.ops.push(['request', rec.id, rec.wire]);
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
  if (kind === 'call') { callPageMethod(ev[2], ev[3]); return; }
  // Edits from the window's Storage view (program.set_storage ...), applied by the wx part.
  if (kind === 'storageEdit') { if (typeof applyStorageEdit === 'function') applyStorageEdit(ev[2]); return; }
  // The view's answer to a createSelectorQuery exec (wx_ui.js).
  if (kind === 'selectorQuery') { answerSelectorQuery(ev[1], ev[2]); return; }
  const rec = tasks.get(ev[1]);
  if (rec === undefined) return;
  // "After abort() no listener is called again" unless the device quirk is on (docs/wechat-request-api.md §4.5).
  const closed = rec.aborted && !config.platform.chunksAfterAbort;
  switch (kind) {
    case 'headers':
      if (!closed) dispatchTo(rec.headers, ev[2], 'onHeadersReceived listener');
      break;
    case 'chunk':
      // iOS WeChat 8.0.54: with two chunked requests open only the last-started one hears chunks.
      if (lastChunked !== rec && config.platform.quirks && config.platform.quirks.includes('last_chunked_only')) break;
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
      if (rec.sent) {
        sending--;
        if (waiting.length) send(waiting.shift());
      }
      const fn = rec.opts.complete;
      if (typeof fn === 'function') callUser(fn, undefined, [ev[2]], 'wx.request complete callback');
      break;
  }
}
