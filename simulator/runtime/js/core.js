// mpsim runtime: State shared by every part of the runtime, microtask tracking, errors and line numbers, callUser.
// Part of one script: simulator/runtime/bootstrap.py joins the files listed in ORDER into one
// function scope, so the parts share their top-level names (see bootstrap.py).

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
