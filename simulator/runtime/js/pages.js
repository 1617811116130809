// mpsim runtime: App, Page, setData and the page lifecycle.
// Part of one script: simulator/runtime/bootstrap.py joins the files listed in ORDER into one
// function scope, so the parts share their top-level names (see bootstrap.py).

// ---- App / Page --------------------------------------------------------------------------
// Facts relied on here are in docs/pages.md, each with its WeChat doc.
let appDef = null;
const defaultApp = { globalData: {} };
const pageDefs = new Map();  // route -> {kind: 'page' | 'component', def}
const stack = [];            // getCurrentPages(): the first page opened first, the current page last
let page = null;             // the current page (stack top)
let openingRoute = null;     // the route whose module runs now: Page()/Component() register for it
const MAX_STACK = 10;        // "页面栈最多十层" (wx.navigateTo doc)

function App(def) {
  if (appDef !== null) { runtimeWarn('App() was already called; this call is ignored'); return; }
  appDef = def !== null && typeof def === 'object' ? def : {};
}

function Page(def) {
  registerPage('page', def !== null && typeof def === 'object' ? def : {}, 'Page');
}

function registerPage(kind, def, ctor) {
  const route = openingRoute !== null ? openingRoute : config.route;
  if (pageDefs.has(route)) {
    runtimeWarn(`${ctor}() was already called for ${route}; this call is ignored`);
    return;
  }
  pageDefs.set(route, { kind, def });
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

function makeSetData(inst) {
  return function setData(changes, callback) {
    if (changes === null || typeof changes !== 'object') {
      runtimeError('setData: the first argument must be an object of data keys or paths');
      return;
    }
    const keys = [];
    const old = {};
    // Serialised when setData is called, as a device does (setData doc), all before any is set: what
    // JSON cannot take (a throwing getter or toJSON, a hostile Proxy) throws here, in the page's own
    // call, and changes nothing.
    const given = [];
    for (const key of Object.keys(changes)) {
      const v = changes[key];
      if (v === undefined) { runtimeWarn(`Setting data field "${key}" to undefined is invalid.`); continue; }
      given.push([key, v, toPlain(v)]);
    }
    for (const [key, v, plain] of given) {
      old[key] = inst.data[key];
      setPath(inst.data, parsePath(key), v);
      keys.push(key);
      viewChange(inst, key, plain, true);
    }
    if (inst === page) dataDirty = true;
    if (keys.length) runObservers(inst, keys, old);
    // Called after the view updated, so after this task (setData doc: callback).
    if (typeof callback === 'function') addTimer(() => callback.call(inst), 0, [], false, 'setData');
  };
}

// The view's share of a setData (docs/wxml.md, "What the logic layer sends"): the changed paths,
// copied now as a device serialises them when setData is called. Consecutive changes of one page
// or component instance travel as one op; a key set again moves to the end, so applying the op in
// key order ends where the setData calls ended.
function viewChange(inst, key, value, plain = false) {
  if (!config.view) return;
  let target;
  if (inst === page) target = null;
  else if (inst.__view !== undefined && inst.__view.page === page) target = inst.__view.viewId;
  else return;  // a page not on screen: its view is rendered afresh when it shows again
  const last = out.ops[out.ops.length - 1];
  let changes;
  if (last !== undefined && last[0] === 'setData' && last[1] === target) changes = last[2];
  else {
    changes = {};
    out.ops.push(['setData', target, changes]);
  }
  const put = (k, v) => { delete changes[k]; changes[k] = plain ? v : toPlain(v); };
  if (key === null) for (const k of Object.keys(value)) put(k, value[k]);
  else put(key, value);
}

function makePage(route, query) {
  const entry = pageDefs.get(route);
  let p;
  if (entry.kind === 'component') {
    p = makeComponentPage(entry.def, route, query);
  } else {
    p = {};
    for (const k of Object.keys(entry.def)) if (k !== 'data') p[k] = entry.def[k];
    p.data = deepClone(entry.def.data !== null && typeof entry.def.data === 'object' ? entry.def.data : {});
    const select = (selector) => selectComponents(p, null, selector);
    Object.defineProperty(p, 'selectComponent', { value: (sel) => select(sel)[0] || null, writable: true, configurable: true });
    Object.defineProperty(p, 'selectAllComponents', { value: select, writable: true, configurable: true });
    addInstanceQueries(p);
  }
  p.route = route;
  p.__route__ = route;
  p.options = { ...query };
  Object.defineProperty(p, 'setData', { value: makeSetData(p), enumerable: false, writable: true, configurable: true });
  return p;
}

function callHook(obj, name, args, where) {
  if (obj !== null && typeof obj[name] === 'function') callUser(obj[name], obj, args, where);
}

// The page's own methods, as the window and --call list them (not the ones every page has).
const BUILT_IN_METHODS = new Set(['constructor', 'setData', 'triggerEvent', 'selectComponent', 'selectAllComponents',
  'createSelectorQuery', 'createIntersectionObserver']);
function pageMethods(p) {
  const names = new Set();
  for (let o = p; o !== null && o !== Object.prototype; o = Object.getPrototypeOf(o)) {
    for (const k of Object.getOwnPropertyNames(o)) {
      if (!BUILT_IN_METHODS.has(k) && typeof p[k] === 'function') names.add(k);
    }
  }
  return Array.from(names).sort();
}

// ---- loading a page: its module runs once, each visit gets a new instance --------------------
function loadPageModule(route) {
  if (pageDefs.has(route)) return true;
  if (!config.project) return false;
  openingRoute = route;
  try {
    loadModule(resolveModule(`/${route}`, ''));
  } catch (e) {
    reportError(e, `loading ${route}`, false);
    return false;
  } finally {
    openingRoute = null;
  }
  if (!pageDefs.has(route)) {
    // The device's message for a page module that never called Page() or Component().
    runtimeError(`Page[${route}] not found. May be caused by: 1. Forgot to add page route in app.json. ` +
      '2. Invoking Page() in async task.', null);
    return false;
  }
  return true;
}

function showPage(p) {
  callHook(p, 'onShow', [], 'Page.onShow');
  firePageLifetime(p, 'show');
  firePageLifetimeOfComponents(p, 'show');
}

function hidePage(p) {
  callHook(p, 'onHide', [], 'Page.onHide');
  firePageLifetime(p, 'hide');
  firePageLifetimeOfComponents(p, 'hide');
}

function unloadPage(p) {
  callHook(p, 'onUnload', [], 'Page.onUnload');
  detachComponents(p);
  fireLifetime(p, 'detached');
}

function setCurrent() {
  page = stack.length ? stack[stack.length - 1] : null;
  dataDirty = true;
  if (page !== null) out.ops.push(['page', page.route, pageMethods(page), pageData()]);
}

// Opens `route` on top of the stack: onLoad now, onShow and onReady as the tasks after it.
function openPage(route, query) {
  if (!loadPageModule(route)) return false;
  const p = makePage(route, query);
  fireLifetime(p, 'created');
  stack.push(p);
  setCurrent();
  fireLifetime(p, 'attached');
  if (config.view) {
    // With a view, its first render comes first: the page's components are created and attached
    // before onLoad, and are ready before onReady (component lifetimes doc, order on a page).
    awaitingView.set(p, query);
    return true;
  }
  loadPage(p, query, []);
  return true;
}

const awaitingView = new Map();  // page -> its query, until the view's first render reports its components

function loadPage(p, query, madeComponents) {
  callHook(p, 'onLoad', [{ ...query }], 'Page.onLoad');
  queueLife('page.show', p);
  if (madeComponents.length) queueLife('components.ready', madeComponents);
  queueLife('page.ready', p);
}

const readyPages = new WeakSet();  // pages whose onReady has run (calls wait for it)

function queueLife(step, arg) { queue.push(['life', step, arg, Date.now()]); }

function runLifecycle(step, arg) {
  switch (step) {
    case 'app.load':
      if (config.project && Object.prototype.hasOwnProperty.call(moduleTable, 'app.js')) {
        try { loadModule('app.js'); } catch (e) { reportError(e, 'loading app.js', false); }
      }
      break;
    case 'app.onLaunch': callHook(appDef, 'onLaunch', [deepClone(config.launchOptions)], 'App.onLaunch'); break;
    case 'app.onShow': callHook(appDef, 'onShow', [deepClone(config.launchOptions)], 'App.onShow'); break;
    case 'page.open': openPage(config.route, { ...config.query }); break;
    case 'page.show': if (stack.includes(arg)) showPage(arg); break;
    case 'page.ready':
      if (!stack.includes(arg)) break;
      fireLifetime(arg, 'ready');
      callHook(arg, 'onReady', [], 'Page.onReady');
      readyPages.add(arg);
      break;
    case 'nav': navigate(arg); break;
    case 'components': {  // the view rendered the current page: its component instances (docs/wxml.md)
      const made = syncComponents(arg);
      if (page !== null && awaitingView.has(page)) {
        const query = awaitingView.get(page);
        awaitingView.delete(page);
        loadPage(page, query, made);
      } else if (made.length) queueLife('components.ready', made);
      break;
    }
    case 'components.ready':
      for (const inst of arg) {
        const v = inst.__view;
        if (instancesOf.get(v.page)?.get(v.viewId) === inst) fireLifetime(inst, 'ready');
      }
      break;
    case 'callback': callUser(arg.fn, undefined, [arg.res], arg.where); break;
  }
}

// ---- navigation (wx.navigateTo and friends; wx.js adds the promise form and puts them on wx) ----
function splitUrl(url, from) {
  const s = String(url);
  const q = s.indexOf('?');
  const path = q < 0 ? s : s.slice(0, q);
  const query = {};
  if (q >= 0) {
    for (const pair of s.slice(q + 1).split('&')) {
      if (!pair) continue;
      const eq = pair.indexOf('=');
      query[eq < 0 ? pair : pair.slice(0, eq)] = eq < 0 ? '' : pair.slice(eq + 1);
    }
  }
  const route = path.startsWith('/') ? normalize(path) : joinPath(dirOf(from), path);
  return { route: route === null ? path : route, query };
}

function settle(api, opts, errMsg) {
  const ok = errMsg.endsWith(':ok');
  const res = { errMsg };
  for (const name of [ok ? 'success' : 'fail', 'complete']) {
    if (typeof opts[name] === 'function') queueLife('callback', { fn: opts[name], res, where: `wx.${api} ${name} callback` });
  }
}

function navigate({ api, route, query, opts, delta }) {
  if (api === 'navigateBack') {
    const n = Math.min(Math.max(1, delta), stack.length - 1);
    for (let i = 0; i < n; i++) unloadPage(stack.pop());
    setCurrent();
    if (page !== null) showPage(page);
    settle(api, opts, `${api}:ok`);
    return;
  }
  if (api === 'switchTab') {
    switchTab(route, opts);
    return;
  }
  if (api === 'navigateTo') {
    if (page !== null) hidePage(page);
  } else if (api === 'redirectTo') {
    if (page !== null) unloadPage(stack.pop());
  } else {  // reLaunch: every page closes, the tab pages kept aside too
    closeAll();
    for (const p of keptTabPages.values()) unloadPage(p);
    keptTabPages.clear();
  }
  if (openPage(route, query)) settle(api, opts, `${api}:ok`);
  else {
    setCurrent();
    settle(api, opts, `${api}:fail page "${route}" could not be loaded (see the error above)`);
  }
}

// A tab page stays alive when another tab is shown; other pages close (route doc, "Tab 切换" table).
const keptTabPages = new Map();  // route -> a tab page instance not on the stack now

function isTabPage(p) { return (config.tabBarPages || []).includes(p.route); }

// Pages under the top one are hidden already: only the visible one gets onHide.
function closePage(p, visible) {
  if (!isTabPage(p)) unloadPage(p);
  else {
    if (visible) hidePage(p);
    keptTabPages.set(p.route, p);
  }
}

function closeAll() {
  for (let first = true; stack.length; first = false) closePage(stack.pop(), first);
}

function switchTab(route, opts) {
  if (page !== null && page.route === route && stack.length === 1) {
    settle('switchTab', opts, 'switchTab:ok');  // "A -> A: nothing happens"
    return;
  }
  closeAll();
  const kept = keptTabPages.get(route);
  if (kept !== undefined) {
    keptTabPages.delete(route);
    stack.push(kept);
    setCurrent();
    showPage(kept);
    settle('switchTab', opts, 'switchTab:ok');
  } else if (openPage(route, {})) settle('switchTab', opts, 'switchTab:ok');
  else {
    setCurrent();
    settle('switchTab', opts, `switchTab:fail page "${route}" could not be loaded (see the error above)`);
  }
}

function navigationCall(api) {
  return function (options) {
    const opts = options !== null && typeof options === 'object' ? options : {};
    const from = page !== null ? page.route : config.route;
    const tabs = config.tabBarPages || [];
    if (api === 'navigateBack') {
      const delta = opts.delta === undefined ? 1 : Number(opts.delta);
      if (stack.length <= 1) { settle(api, opts, `${api}:fail cannot navigate back at first page.`); return; }
      queueLife('nav', { api, opts, delta: Number.isFinite(delta) ? delta : 1 });
      return;
    }
    if (typeof opts.url !== 'string') {
      const got = opts.url === undefined ? 'Undefined' : toStr.call(opts.url).slice(8, -1);
      settle(api, opts, `${api}:fail parameter error: parameter.url should be String instead of ${got};`);
      return;
    }
    const { route, query } = splitUrl(opts.url, from);
    const pages = config.pages || [config.route];
    if (!pages.includes(route)) { settle(api, opts, `${api}:fail page "${route}" is not found`); return; }
    const isTab = tabs.includes(route);
    if ((api === 'navigateTo' || api === 'redirectTo') && isTab) {
      settle(api, opts, `${api}:fail can not ${api} a tabbar page`);
      return;
    }
    if (api === 'switchTab' && !isTab) { settle(api, opts, `${api}:fail can not switch to no-tabBar page`); return; }
    if (api === 'navigateTo' && stack.length >= MAX_STACK) {
      settle(api, opts, `${api}:fail webview count limit exceed`);
      return;
    }
    queueLife('nav', { api, route, query: api === 'switchTab' ? {} : query, opts });
  };
}

function navigationApi() {
  const api = {};
  for (const name of ['navigateTo', 'redirectTo', 'navigateBack', 'switchTab', 'reLaunch']) api[name] = navigationCall(name);
  return api;
}
