// mpsim runtime: wx storage (setStorageSync ... getStorageInfo), kept per project by storage.py.
// Part of one script: simulator/runtime/bootstrap.py joins the files listed in ORDER into one
// function scope, so the parts share their top-level names (see bootstrap.py).
// Facts and sources: docs/wx-api.md, "Storage".

// ---- storage ---------------------------------------------------------------------------------
// "单个 key 允许存储的最大数据长度为 1MB，所有数据存储上限为 10MB" (wx.setStorage doc).
const WX_STORAGE_ITEM_MAX = 1024 * 1024;
const WX_STORAGE_LIMIT_KB = 10240;
// Values keep their type as on a device ("只支持原生类型、Date、及能够通过JSON.stringify序列化的对象"):
// a Date, or undefined, crosses to Python and the storage file as a tagged object.
const WX_TYPE_TAG = '__mpsim_type__';

const wxStore = new Map();  // key -> { text, size }: the JSON text of the value as Python keeps it
let wxStoreBytes = 0;
let wxStoreOps = null;      // the ops list that already carries this batch's snapshot

function wxUtf8Length(s) {
  if (!/[^\x00-\x7f]/.test(s)) return s.length;
  let n = 0;
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c < 0x80) n += 1;
    else if (c < 0x800) n += 2;
    else if (c >= 0xd800 && c <= 0xdbff) { n += 4; i++; }
    else n += 3;
  }
  return n;
}

function wxTypeName(v) {
  if (v === null) return 'Null';
  if (v === undefined) return 'Undefined';
  return toStr.call(v).slice(8, -1);
}

// The data as the storage keeps it: JSON text, with a top-level Date or undefined tagged.
function wxStorageText(data) {
  if (data instanceof Date) {
    return JSON.stringify({ [WX_TYPE_TAG]: 'Date', value: isNaN(data) ? null : data.toISOString() });
  }
  const text = data === undefined ? undefined : JSON.stringify(data);  // a cycle or a BigInt throws, as on a device
  return text === undefined ? JSON.stringify({ [WX_TYPE_TAG]: 'Undefined' }) : text;
}

// A fresh value each time: changing what getStorageSync returned does not change the storage.
function wxStorageValue(text) {
  const v = JSON.parse(text);
  if (v !== null && typeof v === 'object' && typeof v[WX_TYPE_TAG] === 'string') {
    if (v[WX_TYPE_TAG] === 'Date') return new Date(v.value === null ? NaN : v.value);
    if (v[WX_TYPE_TAG] === 'Undefined') return undefined;
  }
  return v;
}

const wxStorageSnapshot = {
  toJSON() {
    const o = {};
    for (const [k, item] of wxStore) o[k] = JSON.parse(item.text);
    return o;
  },
};

// One ['storage', snapshot] op per batch, serialized when the batch reports, so it holds the
// storage as the batch left it (host.py saves it and tells the window).
function wxStorageChanged() {
  if (wxStoreOps !== out.ops) {
    out.ops.push(['storage', wxStorageSnapshot]);
    wxStoreOps = out.ops;
  }
}

function wxStoragePut(key, text) {
  const size = wxUtf8Length(key) + wxUtf8Length(text);
  const old = wxStore.get(key);
  wxStoreBytes += size - (old === undefined ? 0 : old.size);
  wxStore.set(key, { text, size });
}

function wxStorageDrop(key) {
  const old = wxStore.get(key);
  if (old === undefined) return;
  wxStoreBytes -= old.size;
  wxStore.delete(key);
}

function wxStorageLoad(items) {
  wxStore.clear();
  wxStoreBytes = 0;
  if (items === null || typeof items !== 'object') return;
  for (const k of Object.keys(items)) wxStoragePut(k, JSON.stringify(items[k]));
}

function wxCheckKey(api, key) {
  if (typeof key !== 'string') {
    throw new WxFail(`parameter error: parameter.key should be String instead of ${wxTypeName(key)};`);
  }
}

function wxStorageSet(api, key, data) {
  wxCheckKey(api, key);
  let text;
  try {
    text = wxStorageText(data);
  } catch (e) {
    throw new WxFail(`data could not be stored: ${describeError(e).message}`);
  }
  const size = wxUtf8Length(text);
  // The doc gives the limits, not the wording of the failure: mpsim's words (docs/wx-api.md).
  if (size > WX_STORAGE_ITEM_MAX) throw new WxFail('exceed storage item max length');
  const old = wxStore.get(key);
  const after = wxStoreBytes - (old === undefined ? 0 : old.size) + wxUtf8Length(key) + size;
  if (after > WX_STORAGE_LIMIT_KB * 1024) throw new WxFail('exceed storage max size 10Mb');
  wxStoragePut(key, text);
  wxStorageChanged();
}

function wxStorageGet(api, key, missing) {
  wxCheckKey(api, key);
  const item = wxStore.get(key);
  if (item === undefined) return missing();
  return wxStorageValue(item.text);
}

function wxStorageInfo() {
  return { keys: Array.from(wxStore.keys()), currentSize: Math.ceil(wxStoreBytes / 1024), limitSize: WX_STORAGE_LIMIT_KB };
}

// Edits from the window's Storage view (program.set_storage/remove_storage/clear_storage), run as a
// task: {op: 'set', key, value} (value as the storage file keeps it), {op: 'remove', key}, {op: 'clear'}.
function applyStorageEdit(edit) {
  if (edit.op === 'set') wxStoragePut(String(edit.key), JSON.stringify(edit.value === undefined ? null : edit.value));
  else if (edit.op === 'remove') wxStorageDrop(String(edit.key));
  else if (edit.op === 'clear') wxStorageLoad({});
  else return;
  wxStorageChanged();
}

// A sync API throws what its async form would pass to fail: an Error whose message is the errMsg.
function wxSync(name, run) {
  return function (...args) {
    try {
      return run(...args);
    } catch (e) {
      if (e instanceof WxFail) throw new Error(`${name}:fail ${e.message}`);
      throw e;
    }
  };
}

function wxStorageApi() {
  const removeOne = (key) => { wxCheckKey('', key); wxStorageDrop(key); wxStorageChanged(); };
  const clearAll = () => { wxStorageLoad({}); wxStorageChanged(); };
  return {
    setStorageSync: wxSync('setStorageSync', (key, data) => { wxStorageSet('setStorageSync', key, data); }),
    // A missing key gives "" (wx.getStorageSync doc example: `if (value) { ... }`).
    getStorageSync: wxSync('getStorageSync', (key) => wxStorageGet('getStorageSync', key, () => '')),
    removeStorageSync: wxSync('removeStorageSync', removeOne),
    clearStorageSync: wxSync('clearStorageSync', clearAll),
    getStorageInfoSync: wxSync('getStorageInfoSync', wxStorageInfo),
    setStorage: wxAsync('setStorage', (o) => { wxStorageSet('setStorage', o.key, o.data); return {}; }),
    getStorage: wxAsync('getStorage', (o) => ({
      data: wxStorageGet('getStorage', o.key, () => { throw new WxFail('data not found'); }),
    })),
    removeStorage: wxAsync('removeStorage', (o) => { removeOne(o.key); return {}; }),
    clearStorage: wxAsync('clearStorage', () => { clearAll(); return {}; }),
    getStorageInfo: wxAsync('getStorageInfo', wxStorageInfo),
  };
}
