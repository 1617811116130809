// mpsim runtime: console.* as DevTools formats it (inspect, %s %d %o ...).
// Part of one script: simulator/runtime/bootstrap.py joins the files listed in ORDER into one
// function scope, so the parts share their top-level names (see bootstrap.py).

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
      consoleLine(level, text, callerLocation());
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
    consoleLine('error', 'Assertion failed' + (args.length ? ': ' + formatArgs(args) : ''), callerLocation());
  };
  return c;
}
