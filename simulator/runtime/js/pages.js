// mpsim runtime: App, Page, setData and the page lifecycle.
// Part of one script: simulator/runtime/bootstrap.py joins the files listed in ORDER into one
// function scope, so the parts share their top-level names (see bootstrap.py).

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
