// mpsim runtime: State shared by every part of the runtime, microtask tracking, errors and line numbers, callUser.
// Part of one script: simulator/runtime/bootstrap.py joins the files listed in ORDER into one
// function scope, so the parts share their top-level names (see bootstrap.py).

const G = globalThis;
const origThen = Promise.prototype.then;
const toStr = Object.prototype.toString;

// ---- state returned to Python by report() ----------------------------------------------------
let out = { console: [], ops: [], errors: [] };
let config = null;
let current = null;        // the task running now; left set when V8 terminates it
let microPending = false;  // the task may have queued microtasks
let dataDirty = false;

// ---- microtask tracking (see the module docstring) -------------------------------------------
Object.defineProperty(Promise.prototype, 'then', {
  value: function then(onFulfilled, onRejected) {
    microPending = true;
    // A promise that got a then/catch (or an await) is handled: its rejection travels on.
    handledPromises.add(this);
    unhandledRejections.delete(this);
    if (config !== null && config.platform.quirks && config.platform.quirks.includes('promise_macrotask')) {
      // iOS 15 and below: Promise is a setTimeout polyfill, so .then callbacks run as macrotasks
      // (official "JavaScript 支持情况" doc; docs/device.md). await keeps V8's own microtasks.
      return origThen.call(this, asMacrotask(onFulfilled), asMacrotask(onRejected));
    }
    return origThen.call(this, onFulfilled, onRejected);
  },
  writable: true, configurable: true,
});

function asMacrotask(fn) {
  if (typeof fn !== 'function') return fn;
  return (v) => {
    const later = new OrigPromise((resolve, reject) => {
      addTimer(() => { try { resolve(fn(v)); } catch (e) { reject(e); } }, 0, [], false, 'Promise.then');
    });
    // The promise then() made adopts this one through its `then`: the plain one, or adopting it
    // would defer again, without end.
    Object.defineProperty(later, 'then', { value: origThen });
    return later;
  };
}
const settled = Promise.resolve();

// ---- unhandled rejections, reported as a device logs them: "Uncaught (in promise) ..." -----------
// V8 under mini-racer has no host rejection tracker, so the page's `Promise` is this subclass: every
// promise made with `new Promise`, `Promise.reject/resolve/all...` and every promise derived from one
// by then/catch (V8 builds those through the subclass, ECMAScript 27.2.5.4 step 3) records its
// rejection; one still without a handler when the microtasks of its task have run is reported, once.
// Not seen: the promise of an async function whose caller drops it without awaiting it.
const OrigPromise = Promise;
const unhandledRejections = new Map();  // promise -> reason
const handledPromises = new WeakSet();
class PagePromise extends OrigPromise {
  constructor(executor) {
    let self = null;
    let early = null;
    const track = (reason) => {
      if (self === null) early = { reason };
      else if (!handledPromises.has(self)) unhandledRejections.set(self, reason);
    };
    super((resolve, reject) => {
      const rejectTracked = (reason) => { track(reason); reject(reason); };
      try {
        executor(resolve, rejectTracked);
      } catch (e) {
        rejectTracked(e);
      }
    });
    self = this;
    if (early !== null && !handledPromises.has(this)) unhandledRejections.set(this, early.reason);
  }

  static [Symbol.hasInstance](v) { return v instanceof OrigPromise; }
}
Object.defineProperty(PagePromise, 'name', { value: 'Promise' });

function reportUnhandledRejections() {
  if (unhandledRejections.size === 0) return;
  const found = Array.from(unhandledRejections.values());
  unhandledRejections.clear();
  for (const reason of found) reportError(reason, 'promise', true);
}

function isThenable(v) {
  return v !== null && (typeof v === 'object' || typeof v === 'function') && typeof v.then === 'function';
}

// ---- errors and where they happened --------------------------------------------------------
// A V8 stack frame: "    at fn (file:line:col)" or "    at file:line:col".
const FRAME_RE = /^\s+at (?:.*? \()?([^()]+?):(\d+):(\d+)\)?$/;
const userFiles = new Set();  // the plain script's name; modules add theirs as they load (modules.js)

// The first frame in the user's own files: {file, line, col}, or null.
function userLocation(stack) {
  if (typeof stack !== 'string') return null;
  for (const l of stack.split('\n')) {
    const m = FRAME_RE.exec(l);
    if (m === null) continue;
    const file = m[1];
    if (!userFiles.has(file) && !moduleFiles.has(file)) continue;
    const line = Number(m[2]);
    let col = Number(m[3]);
    // A module's first line starts after the wrapper's parameter list (modules.js, WRAPPER_HEAD).
    if (line === 1 && moduleFiles.has(file)) col = Math.max(1, col - WRAPPER_HEAD.length);
    return { file, line, col };
  }
  return null;
}

function callerLocation() {
  const holder = {};
  Error.captureStackTrace(holder);
  return userLocation(holder.stack);
}

// The line alone, for parts written before files had names.
function callerLine() {
  const at = callerLocation();
  return at === null ? null : at.line;
}

function userFrames(stack) {
  if (typeof stack !== 'string') return '';
  // Not the runtime's frames, nor the host's call into it ("<anonymous>:1:9").
  return stack.split('\n').filter((l) => /^\s+at /.test(l) && !l.includes('mpsim-runtime.js') &&
    !/\(?<anonymous>:\d+:\d+\)?$/.test(l)).join('\n');
}

function describeError(e) {
  if (e instanceof Error || (e !== null && typeof e === 'object' && 'message' in e && 'stack' in e)) {
    const name = e.name || 'Error';
    const message = e.message ? `${name}: ${e.message}` : name;
    const at = e.mpsimLocation || userLocation(e.stack);
    return { message, stack: typeof e.stack === 'string' ? e.stack : '', at };
  }
  return { message: inspect(e, 1), stack: '', at: null };
}

// A console line as Python reads it: [level, text, line, file, col].
// A parser loop that never advances and logs as it spins would fill V8's memory and the console
// (hundreds of MB before the script timeout stops it): past this many lines in one turn of the
// event loop (between two reports to Python), the rest of the turn's lines are dropped, said once.
const CONSOLE_LINES_PER_TURN = 1000;

function consoleLine(level, text, at) {
  const lines = out.console;
  if (lines.length >= CONSOLE_LINES_PER_TURN) {
    if (lines.length === CONSOLE_LINES_PER_TURN) {
      lines.push(['warn', `mpsim: more than ${CONSOLE_LINES_PER_TURN} console lines in one callback (a loop ` +
        'that logs?): the rest of its lines are dropped', at ? at.line : null, at ? at.file : null, at ? at.col : null]);
    }
    return;
  }
  pushLine(level, text, at);
}

function pushLine(level, text, at) {
  out.console.push(at ? [level, text, at.line, at.file, at.col] : [level, text, null, null, null]);
}

function reportError(e, where, inPromise) {
  const d = describeError(e);
  const frames = userFrames(d.stack);
  const text = `Uncaught ${inPromise ? '(in promise) ' : ''}${d.message} [${where}]` + (frames ? '\n' + frames : '');
  pushLine('error', text, d.at);  // an uncaught error is shown even past the console's cap
  out.errors.push({ message: d.message, line: d.at ? d.at.line : null, file: d.at ? d.at.file : null,
    col: d.at ? d.at.col : null, stack: d.stack, where });
}

function runtimeError(text, at) {
  consoleLine('error', text, at === undefined ? callerLocation() : at);
}

function runtimeWarn(text) {
  consoleLine('warn', text, callerLocation());
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
    if (ret instanceof OrigPromise) { handledPromises.add(ret); unhandledRejections.delete(ret); }
    // V8 without a host drops unhandled rejections silently; report those of promises we see.
    try {
      origThen.call(Promise.resolve(ret), undefined, (e) => reportError(e, where, true));
    } catch (e) { /* a hostile thenable: nothing to report */ }
  }
  return ret;
}
