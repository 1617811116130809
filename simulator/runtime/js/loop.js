// mpsim runtime: The loop Python drives: pump(), report(), start(), unload(), configure().
// Part of one script: simulator/runtime/bootstrap.py joins the files listed in ORDER into one
// function scope, so the parts share their top-level names (see bootstrap.py).

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
    queries: selectorQueries.size,  // createSelectorQuery execs the view has still to answer
    oneShotTimers: countOneShotTimers(),
    ready: page !== null && readyPages.has(page),
  };
  if (dataDirty && wantData) r.data = pageData();
  dataDirty = false;
  out = { console: [], ops: [], errors: [] };
  return jsonText(r);
}

function countOneShotTimers() {
  let n = 0;
  for (const t of timers.values()) if (!t.repeat) n++;
  return n;
}

function pageData() {
  if (page === null) return {};
  try {
    const d = toPlain(page.data);
    return d !== null && typeof d === 'object' && !Array.isArray(d) ? d : {};
  } catch (e) {
    // Keep every field that can be read; say once which could not.
    const d = {};
    for (const k of Object.keys(page.data)) {
      try { d[k] = toPlain(page.data[k]); } catch (err) {
        const text = `page data field "${k}" could not be read: ${describeError(err).message}`;
        if (!unreadableSaid.has(text)) { unreadableSaid.add(text); runtimeError(text, null); }
      }
    }
    return d;
  }
}
const unreadableSaid = new Set();
// The runtime's own JSON for its reports to Python: a page that replaces JSON.stringify (a polyfill)
// or gives every object or array a toJSON (Object.prototype.toJSON = ...) does not change them.
const nativeStringify = JSON.stringify;
function jsonText(v) {
  const hidden = [];
  for (const proto of [Object.prototype, Array.prototype]) {
    const d = Object.getOwnPropertyDescriptor(proto, 'toJSON');
    if (d !== undefined && d.configurable) { hidden.push([proto, d]); delete proto.toJSON; }
  }
  try {
    return nativeStringify(v);
  } finally {
    for (const [proto, d] of hidden) Object.defineProperty(proto, 'toJSON', d);
  }
}

function pump(batch, budgetMs, wantData) {
  reportUnhandledRejections();  // the microtasks of the last call have run by now
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
    try {
      if (timerFirst) {
        heapPop();
        runTimer(t);
      } else {
        queue[qHead++] = undefined;
        runEvent(ev);
      }
    } catch (e) {
      // The runtime reads the page's own objects outside callUser too (copying Page data, a getter,
      // a Proxy): what they throw is the page's error, reported as such, and the next task runs.
      current = null;
      reportError(e, timerFirst ? 'a timer' : taskName(ev), false);
    }
    ran++;
    // Let V8 drain the microtasks of this task before the next task (module docstring).
    if (microPending || Date.now() - start >= budgetMs) { yielded = true; break; }
  }
  if (qHead > 4096 && qHead * 2 > queue.length) { queue.splice(0, qHead); qHead = 0; }
  return report(ran, yielded, wantData);
}

const NO_CODE_STRINGS = '(a phone runs no code from strings: ' +
  'https://developers.weixin.qq.com/miniprogram/dev/framework/runtime/js-support.html)';

function functionFromString(args) {
  const body = args.length ? String(args[args.length - 1]) : '';
  if (args.length <= 1 && /^\s*return\s+this\s*;?\s*$/.test(body)) return () => G;
  throw new EvalError(`new Function is not supported in mini-programs ${NO_CODE_STRINGS}`);
}

function taskName(ev) {
  if (ev[0] === 'life') return { 'page.open': 'opening the page', 'app.load': 'loading app.js' }[ev[1]] || ev[1];
  return ev[0] === 'call' ? `calling ${ev[2].name}` : `${ev[0]} event`;
}

function start() {
  const now = Date.now();
  const steps = [];
  if (config.project) steps.push('app.load');
  steps.push('app.onLaunch', 'app.onShow');
  if (config.project || pageDefs.size) steps.push('page.open');
  for (const step of steps) queue.push(['life', step, null, now]);
}

// The run ends: pending work is dropped and every open page unloads, the current one first.
function unload(wantData) {
  reportUnhandledRejections();
  queue.length = 0; qHead = 0;
  for (const id of Array.from(timers.keys())) clearTimer(id);
  const last = page;
  while (stack.length) unloadPage(stack.pop());
  for (const p of keptTabPages.values()) unloadPage(p);
  keptTabPages.clear();
  page = last;  // its data stays readable for the run's result
  return report(1, false, wantData);
}

// A page method called from outside (--call, the window): a task with a device-like event.
function callPageMethod(call, arrival) {
  if (page === null) { runtimeError(`cannot call ${call.name}: no page is open`, null); return; }
  if (call.view !== undefined) { deliverViewEvent(call); return; }
  const fn = page[call.name];
  if (typeof fn !== 'function') {
    const methods = pageMethods(page);
    out.ops.push(['notAMethod', call.name, methods, Boolean(call.queued)]);
    runtimeError(`${page.route} has no method ${call.name}; its methods: ${methods.join(', ') || '(none)'}`, null);
    return;
  }
  const target = { id: '', dataset: {} };
  const event = { type: 'tap', timeStamp: Math.max(0, Math.round(arrival - pageOpenedAt)), target,
    currentTarget: target, mark: {}, detail: {}, touches: [], changedTouches: [] };
  Object.assign(event, call.event !== null && typeof call.event === 'object' ? call.event : {});
  callUser(fn, page, [event], `Page.${call.name}`);
}
const pageOpenedAt = Date.now();

// One handler call of an event in the view (docs/wxml.md, "What the view sends back"): `owner` null
// is the page, else a component instance. A missing method is the device's warning, not an error.
function deliverViewEvent(d) {
  const self = d.owner === null || d.owner === undefined ? page : liveComponents(page).get(d.owner);
  if (self === undefined) return;  // its component is no longer rendered
  const event = d.event;
  const fn = self[d.name];
  if (typeof fn !== 'function') {
    consoleLine('warn', `Component "${self.is || self.route}" does not have a method "${d.name}" ` +
      `to handle event "${event.type}".`, null);
    return;
  }
  const ret = callUser(fn, self, [event], `${d.name} (${event.type} event)`);
  // "处理函数可以直接 return 一个字符串，将替换输入框的内容"
  // (https://developers.weixin.qq.com/miniprogram/dev/component/input.html, bindinput)
  if (event.type === 'input' && (typeof ret === 'string' || typeof ret === 'number')) {
    out.ops.push(['inputValue', d.view, String(ret)]);
  }
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
  if (cfg.filename) userFiles.add(cfg.filename);
  if (cfg.modules) defineModules(cfg.modules);
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
  define('Component', Component);
  define('Behavior', Behavior);
  define('getApp', () => (appDef !== null ? appDef : defaultApp));
  define('getCurrentPages', () => stack.slice());
  define('setTimeout', (fn, delay, ...args) => addTimer(fn, delay, args, false, 'setTimeout'));
  define('setInterval', (fn, delay, ...args) => addTimer(fn, delay, args, true, 'setInterval'));
  define('clearTimeout', (id) => clearTimer(id));
  define('clearInterval', (id) => clearTimer(id));
  define('Promise', PagePromise);
  // No code from strings on a phone: "不支持使用 eval 执行 JS 代码，不支持使用 new Function 创建函数"
  // except new Function('return this') (https://developers.weixin.qq.com/miniprogram/dev/framework/runtime/js-support.html).
  define('eval', () => { throw new EvalError(`eval is not supported in mini-programs ${NO_CODE_STRINGS}`); });
  // Nor through a function's constructor: (async () => {}).constructor('code').
  for (const fn of [function () {}, async function () {}, function* () {}, async function* () {}]) {
    const proto = Object.getPrototypeOf(fn);
    const guarded = new Proxy(proto.constructor, {
      apply: (target, self, args) => functionFromString(args), construct: (target, args) => functionFromString(args),
    });
    Object.defineProperty(proto, 'constructor', { value: guarded, writable: true, configurable: true });
    if (proto === Function.prototype) define('Function', guarded);
  }
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
