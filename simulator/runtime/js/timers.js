// mpsim runtime: setTimeout/setInterval on the runtime's own event loop (a heap by due time).
// Part of one script: simulator/runtime/bootstrap.py joins the files listed in ORDER into one
// function scope, so the parts share their top-level names (see bootstrap.py).

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
