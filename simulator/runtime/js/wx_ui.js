// mpsim runtime: wx APIs a device shows on screen (toast, loading, modal, action sheet, navigation
// bar, vibration, scrolling, node queries): shown, not real. Each one is a console line and a
// ['ui', kind, payload] op the window draws over the phone (host.py). Facts: docs/wx-api.md.
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
      wxShow('pageScrollTo', p);
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
// measure their own nodes this way. With no layout here the scope changes nothing.
const INSTANCE_QUERY_METHODS = ['createSelectorQuery', 'createIntersectionObserver'];
function addInstanceQueries(inst) {
  const methods = { createSelectorQuery: wxSelectorQuery, createIntersectionObserver: wxIntersectionObserver };
  for (const name of INSTANCE_QUERY_METHODS) {
    Object.defineProperty(inst, name, { value: () => methods[name](), writable: true, configurable: true });
  }
}

// ---- wx.createSelectorQuery: chainable, every rect empty until a page is laid out -----------------
const WX_EMPTY_RECT = { id: '', dataset: {}, left: 0, right: 0, top: 0, bottom: 0, width: 0, height: 0 };
const WX_EMPTY_SCROLL = { id: '', dataset: {}, scrollLeft: 0, scrollTop: 0, scrollWidth: 0, scrollHeight: 0 };

function wxSelectorQuery() {
  wxSayOnce('createSelectorQuery', 'info', '[wx.createSelectorQuery] mpsim has no laid-out page here: '
    + 'every rect is empty (0×0)');
  const asks = [];  // { all, value, cb }
  const query = {
    in() { return query; },
    select(selector) { return nodes(selector, false); },
    selectAll(selector) { return nodes(selector, true); },
    selectViewport() { return nodes('viewport', false); },
    exec(cb) {
      wxLater('createSelectorQuery', () => {
        const results = asks.map((a) => (a.all ? [] : deepClone(a.value)));
        asks.forEach((a, i) => {
          if (typeof a.cb === 'function') callUser(a.cb, undefined, [results[i]], 'SelectorQuery callback');
        });
        if (typeof cb === 'function') callUser(cb, undefined, [results], 'SelectorQuery.exec callback');
      });
      return query;
    },
  };
  function nodes(selector, all) {
    const ask = (value) => (cb) => { asks.push({ all, value, cb }); return query; };
    return {
      boundingClientRect: ask(WX_EMPTY_RECT),
      scrollOffset: ask(WX_EMPTY_SCROLL),
      fields: (fields, cb) => ask({ id: '', dataset: {} })(cb),
      node: ask({ node: null }),
      context: ask({ context: null }),
    };
  }
  return query;
}
