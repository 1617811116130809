// mpsim runtime: wx APIs a device shows on screen (toast, loading, modal, action sheet, navigation
// bar, vibration, scrolling, node queries). Each one is a console line and a ['ui', kind, payload] op
// the window draws over the phone (host.py); scrolling and node queries also reach a view that lays
// the page out (the window's phone) as their own ops. Facts: docs/wx-api.md.
// Part of one script: simulator/runtime/bootstrap.py joins the files listed in ORDER into one
// function scope, so the parts share their top-level names (see bootstrap.py).

// ---- shown on the phone ---------------------------------------------------------------------------
function wxShow(kind, payload, line) {
  out.ops.push(['ui', kind, payload]);
  if (line) wxSay('info', line);
}

function wxText(v, fallback = '') { return v === undefined || v === null ? fallback : String(v); }

function wxUiApi() {
  return {
    showToast: wxAsync('showToast', (o) => {
      const p = { title: wxText(o.title), icon: wxText(o.icon, 'success'), image: wxText(o.image),
        duration: Number(o.duration ?? 1500), mask: Boolean(o.mask) };
      wxShow('toast', p, `[wx.showToast] ${p.title}`);
      return {};
    }),
    hideToast: wxAsync('hideToast', () => { wxShow('hideToast', {}); return {}; }),
    showLoading: wxAsync('showLoading', (o) => {
      const p = { title: wxText(o.title), mask: Boolean(o.mask) };
      wxShow('loading', p, `[wx.showLoading] ${p.title}`);
      return {};
    }),
    hideLoading: wxAsync('hideLoading', () => { wxShow('hideLoading', {}); return {}; }),
    // Nobody taps in a headless run: the modal is confirmed, as a user pressing the confirm button.
    showModal: wxAsync('showModal', (o) => {
      const p = { title: wxText(o.title), content: wxText(o.content), showCancel: o.showCancel !== false,
        cancelText: wxText(o.cancelText, '取消'), confirmText: wxText(o.confirmText, '确定'),
        editable: Boolean(o.editable), placeholderText: wxText(o.placeholderText) };
      wxShow('modal', p, `[wx.showModal] ${[p.title, p.content].filter(Boolean).join(' — ')} `
        + `(mpsim presses "${p.confirmText}")`);
      const res = { confirm: true, cancel: false };
      if (p.editable) res.content = '';
      return res;
    }),
    showActionSheet: wxAsync('showActionSheet', (o) => {
      if (!Array.isArray(o.itemList) || o.itemList.length === 0) {
        throw new WxFail(`parameter error: parameter.itemList should be Array instead of ${wxTypeName(o.itemList)};`);
      }
      const p = { itemList: o.itemList.map((x) => wxText(x)), alertText: wxText(o.alertText),
        itemColor: wxText(o.itemColor, '#000000') };
      wxShow('actionSheet', p, `[wx.showActionSheet] ${p.itemList.join(' | ')} (mpsim picks the first: ${p.itemList[0]})`);
      return { tapIndex: 0 };
    }),
    setNavigationBarTitle: wxAsync('setNavigationBarTitle', (o) => {
      wxShow('navigationBarTitle', { title: wxText(o.title) }, `[wx.setNavigationBarTitle] ${wxText(o.title)}`);
      return {};
    }),
    setNavigationBarColor: wxAsync('setNavigationBarColor', (o) => {
      wxShow('navigationBarColor', { frontColor: wxText(o.frontColor), backgroundColor: wxText(o.backgroundColor) });
      return {};
    }),
    showNavigationBarLoading: wxAsync('showNavigationBarLoading', () => ({})),
    hideNavigationBarLoading: wxAsync('hideNavigationBarLoading', () => ({})),
    vibrateShort: wxAsync('vibrateShort', (o) => {
      wxShow('vibrate', { length: 'short', type: wxText(o.type, 'medium') }, '[wx.vibrateShort]');
      return {};
    }),
    vibrateLong: wxAsync('vibrateLong', () => { wxShow('vibrate', { length: 'long' }, '[wx.vibrateLong]'); return {}; }),
    pageScrollTo: wxAsync('pageScrollTo', (o) => {
      const p = { scrollTop: o.scrollTop === undefined ? null : Number(o.scrollTop),
        selector: o.selector === undefined ? null : String(o.selector), duration: Number(o.duration ?? 300) };
      let groups = null;
      try { groups = p.selector === null ? null : parseWxSelector(p.selector); } catch (e) {
        throw new WxFail(`selector ${e.message}`);
      }
      wxShow('pageScrollTo', p);
      // The window's phone scrolls its page (offsetTop goes with selector, wx.pageScrollTo doc).
      if (config.layout) {
        out.ops.push(['pageScrollTo', { scrollTop: p.scrollTop, groups, offsetTop: Number(o.offsetTop) || 0,
          duration: p.duration }]);
      }
      return {};
    }),
    hideKeyboard: wxAsync('hideKeyboard', () => ({})),
    startPullDownRefresh: wxAsync('startPullDownRefresh', () => ({})),
    stopPullDownRefresh: wxAsync('stopPullDownRefresh', () => ({})),
    showShareMenu: wxAsync('showShareMenu', () => ({})),
    hideShareMenu: wxAsync('hideShareMenu', () => ({})),
    createSelectorQuery: () => wxSelectorQuery(),
    createIntersectionObserver: () => wxIntersectionObserver(),
  };
}

function wxIntersectionObserver() {
  wxSayOnce('createIntersectionObserver', 'info', '[wx.createIntersectionObserver] mpsim has no laid-out '
    + 'page here: the observer never fires');
  const observer = {
    relativeTo() { return observer; },
    relativeToViewport() { return observer; },
    observe() {},
    disconnect() {},
  };
  return observer;
}

// this.createSelectorQuery() and this.createIntersectionObserver() of a page or a component: the wx
// ones scoped to it, which a page with custom components should use ("在自定义组件或包含自定义组件的页面中，
// 应使用 this.createSelectorQuery() 来代替",
// https://developers.weixin.qq.com/miniprogram/dev/api/wxml/wx.createSelectorQuery.html); UI kits
// measure their own nodes this way.
const INSTANCE_QUERY_METHODS = ['createSelectorQuery', 'createIntersectionObserver'];
function addInstanceQueries(inst) {
  const methods = { createSelectorQuery: () => wxSelectorQuery(inst), createIntersectionObserver: wxIntersectionObserver };
  for (const name of INSTANCE_QUERY_METHODS) {
    Object.defineProperty(inst, name, { value: () => methods[name](), writable: true, configurable: true });
  }
}

// ---- wx.createSelectorQuery ----------------------------------------------------------------------
// With a view that lays the page out (the window's phone, config.layout), exec sends the asks to it
// as a ['selectorQuery', id, asks] op and the answer comes back as a host event of that name, which
// runs the callbacks as one task, as a device answers from its view thread. Without one (headless)
// every rect is empty, answered at once and said once. The asks are docs/wxml.md's "Selector queries".
const selectorQueries = new Map();  // query id -> { asks, cb }, waiting for the view's answer
let selectorQueryIds = 0;

// The selectors SelectorQuery.select reads: #id, .class (several: .a.b), descendant `.a .b`, child
// `.a>.b`, `>>>` into custom components, and `,` between alternatives
// (https://developers.weixin.qq.com/miniprogram/dev/api/wxml/SelectorQuery.select.html).
// Parsed here, so a selector that is none of those is said at the page's own line; the view only matches.
// Groups of compounds: [[{combinator, id, classes}]], the combinator being the one before the compound.
const WX_SELECTOR_TOKEN = /\s*(>>>|>|,)\s*|\s+|#([\w\u0080-\uffff-]+)|\.([\w\u0080-\uffff-]+)/y;
function parseWxSelector(text) {
  const source = String(text).trim();
  const groups = [[]];
  let combinator = ' ';
  let compound = null;
  WX_SELECTOR_TOKEN.lastIndex = 0;
  while (WX_SELECTOR_TOKEN.lastIndex < source.length) {
    const at = WX_SELECTOR_TOKEN.lastIndex;
    const m = WX_SELECTOR_TOKEN.exec(source);
    if (m === null) throw new Error(`cannot read ${JSON.stringify(source)} at column ${at + 1}`);
    if (m[2] === undefined && m[3] === undefined) {
      if (compound === null) throw new Error(`${JSON.stringify(source)}: nothing before "${m[1] || ' '}"`);
      if (m[1] === ',') { groups.push([]); combinator = ' '; } else combinator = m[1] || ' ';
      compound = null;
      continue;
    }
    if (compound === null) {
      compound = { combinator, id: null, classes: [] };
      groups[groups.length - 1].push(compound);
    }
    if (m[2] !== undefined) compound.id = m[2];
    else compound.classes.push(m[3]);
  }
  if (compound === null) throw new Error(source ? `${JSON.stringify(source)} ends without a node` : 'empty selector');
  return groups;
}

// Which fields each NodesRef method asks for (NodesRef.fields doc lists them).
const WX_FIELD_NAMES = ['id', 'dataset', 'mark', 'rect', 'size', 'scrollOffset', 'properties', 'computedStyle',
  'node', 'context'];
function wxFields(f) {
  const out = {};
  if (f === null || typeof f !== 'object') return out;
  for (const k of WX_FIELD_NAMES) {
    if (k === 'properties' || k === 'computedStyle') {
      if (Array.isArray(f[k])) out[k] = f[k].map(String);
    } else if (f[k]) out[k] = true;
  }
  return out;
}

// The owner the view knows a scope by: a component instance's view id, null for the page.
function wxQueryOwner(scope) {
  return scope !== null && typeof scope === 'object' && scope.__view !== undefined ? scope.__view.viewId : null;
}

function wxSelectorQuery(scope = null) {
  let owner = wxQueryOwner(scope);
  const asks = [];  // { selector, groups, all, viewport, owner, fields, cb }
  const query = {
    in(component) { owner = wxQueryOwner(component); return query; },
    select(selector) { return nodes(selector, false); },
    selectAll(selector) { return nodes(selector, true); },
    selectViewport() { return nodes(null, false); },
    exec(cb) {
      const taken = asks.splice(0);
      if (!config.layout) {
        wxSayOnce('createSelectorQuery', 'info', '[wx.createSelectorQuery] mpsim has no laid-out page here: '
          + 'every rect is empty (0×0)');
        wxLater('createSelectorQuery', () => wxAnswerQuery(taken, cb, taken.map(wxEmptyAnswer)));
        return query;
      }
      const id = ++selectorQueryIds;
      selectorQueries.set(id, { asks: taken, cb });
      out.ops.push(['selectorQuery', id, taken.map((a) => ({ selector: a.selector, groups: a.groups, all: a.all,
        viewport: a.viewport, owner: a.owner, fields: a.fields }))]);
      return query;
    },
  };
  function nodes(selector, all) {
    let groups = null;
    if (selector !== null) {
      try {
        groups = parseWxSelector(selector);
      } catch (e) {
        wxSay('warn', `[wx.createSelectorQuery] ${e.message}: WeChat reads #id, .class, "a b", "a>b", "a>>>b" `
          + 'and "," (SelectorQuery.select); this node answers ' + (all ? '[]' : 'null'));
      }
    }
    const ask = (fields) => (cb) => {
      asks.push({ selector: selector === null ? null : String(selector), groups, all, viewport: selector === null,
        owner, fields, cb, bad: selector !== null && groups === null });
      return query;
    };
    return {
      boundingClientRect: ask({ id: true, dataset: true, rect: true, size: true }),
      scrollOffset: ask({ id: true, dataset: true, scrollOffset: true }),
      fields: (fields, cb) => ask(wxFields(fields))(cb),
      node: ask({ node: true }),
      context: ask({ context: true }),
    };
  }
  return query;
}

// Headless: the shape of each field, every number 0; selectAll finds nothing.
function wxEmptyAnswer(a) {
  if (a.all) return [];
  if (a.bad) return null;
  const f = a.fields;
  const res = {};
  if (f.id) res.id = '';
  if (f.dataset) res.dataset = {};
  if (f.mark) res.mark = {};
  if (f.rect) Object.assign(res, { left: 0, right: 0, top: 0, bottom: 0 });
  if (f.size) Object.assign(res, { width: 0, height: 0 });
  if (f.scrollOffset) Object.assign(res, { scrollLeft: 0, scrollTop: 0, scrollWidth: 0, scrollHeight: 0 });
  for (const name of f.computedStyle || []) res[name] = '';
  if (f.node) res.node = null;
  if (f.context) res.context = null;
  return res;
}

// The view's answer to query `id` (a host event): each NodesRef callback, then exec's, with the results in order.
function answerSelectorQuery(id, results) {
  const q = selectorQueries.get(id);
  if (q === undefined) return;
  selectorQueries.delete(id);
  const list = Array.isArray(results) ? results : [];
  wxAnswerQuery(q.asks, q.cb, q.asks.map((a, i) => (list[i] === undefined ? wxEmptyAnswer(a) : list[i])));
}

function wxAnswerQuery(asks, cb, results) {
  asks.forEach((a, i) => {
    if (typeof a.cb === 'function') callUser(a.cb, undefined, [results[i]], 'SelectorQuery callback');
  });
  if (typeof cb === 'function') callUser(cb, undefined, [results], 'SelectorQuery.exec callback');
}
