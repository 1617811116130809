// mpsim runtime: The wx object: what is emulated, the promise form of async APIs, and a warning for
// what is not. Every API here is listed in docs/wx-api.md with its doc page and what mpsim does.
// Part of one script: simulator/runtime/bootstrap.py joins the files listed in ORDER into one
// function scope, so the parts share their top-level names (see bootstrap.py).

// ---- async APIs: callbacks or a promise ------------------------------------------------------
// Thrown by an API's body to fail: the message follows "<api>:fail ".
class WxFail {
  constructor(message, extra = {}) { this.message = message; this.extra = extra; }
}

// Runs `fn` as its own task after the current one: a device answers async APIs later, never inside
// the call.
function wxLater(name, fn) { addTimer(fn, 0, [], false, `wx.${name}`); }

// "当接口参数 Object 对象中不包含 success/fail/complete 时将默认返回 promise，否则仍按回调方式执行，
// 无返回值" (https://developers.weixin.qq.com/miniprogram/dev/framework/app-service/api.html,
// 异步 API 返回 Promise); a failure rejects the promise with the fail result.
function wxWantsPromise(opts) {
  return !['success', 'fail', 'complete'].some((k) => typeof opts[k] === 'function');
}

function wxSettle(name, opts, ok, res) {
  if (wxWantsPromise(opts)) {
    return new Promise((resolve, reject) => wxLater(name, () => {
      microPending = true;  // the continuations run before the next task (bootstrap.py)
      (ok ? resolve : reject)(res);
    }));
  }
  wxLater(name, () => {
    const cb = ok ? opts.success : opts.fail;
    if (typeof cb === 'function') callUser(cb, undefined, [res], `wx.${name} ${ok ? 'success' : 'fail'} callback`);
    if (typeof opts.complete === 'function') callUser(opts.complete, undefined, [res], `wx.${name} complete callback`);
  });
  return undefined;
}

// An async API whose body `run(opts)` returns the success fields or throws WxFail.
function wxAsync(name, run) {
  return function (options) {
    const opts = options !== null && typeof options === 'object' ? options : {};
    let ok = true;
    let res;
    try {
      res = { errMsg: `${name}:ok`, ...run(opts) };
    } catch (e) {
      if (!(e instanceof WxFail)) throw e;
      ok = false;
      res = { errMsg: `${name}:fail ${e.message}`, ...e.extra };
    }
    return wxSettle(name, opts, ok, res);
  };
}

// The navigation APIs come from pages.js in callback style; the promise form is added here.
function wxPromised(name, fn) {
  return function (options) {
    const opts = options !== null && typeof options === 'object' ? options : {};
    if (!wxWantsPromise(opts)) return fn.call(this, opts);
    return new Promise((resolve, reject) => {
      fn.call(this, {
        ...opts,
        success: (res) => { microPending = true; resolve(res); },
        fail: (res) => { microPending = true; reject(res); },
      });
    });
  };
}

// ---- console lines of the wx surface ------------------------------------------------------------
const wxSaidOnce = new Set();

// A console line at the user's code that called.
function wxSay(level, text) { consoleLine(level, text, callerLocation()); }

function wxSayOnce(key, level, text) {
  if (wxSaidOnce.has(key)) return;
  wxSaidOnce.add(key);
  wxSay(level, text);
}

function wxNotEmulated(name) {
  const stub = function () {
    if (!wxSaidOnce.has(name)) {
      const at = callerLocation();
      wxSayOnce(name, 'warn', `wx.${name} is not emulated by mpsim: the call returns undefined and the page `
        + `goes on${at ? ` (called at ${at.file}:${at.line})` : ''}`);
    }
    return undefined;
  };
  Object.defineProperty(stub, 'name', { value: name });
  return stub;
}

// ---- system info per platform -------------------------------------------------------------------
function wxSystemInfo() {
  const s = { ...(config.systemInfo || {}) };
  const w = s.windowWidth || s.screenWidth || 375;
  const h = s.windowHeight || s.screenHeight || 667;
  const top = s.statusBarHeight || 20;
  if (s.safeArea === undefined) {
    s.safeArea = { left: 0, right: w, top, bottom: h, width: w, height: h - top };
  }
  return s;
}

function wxPick(obj, keys) {
  const o = {};
  for (const k of keys) if (obj[k] !== undefined) o[k] = deepClone(obj[k]);
  return o;
}

function wxSystemApi() {
  const info = () => deepClone(wxSystemInfo());
  return {
    getSystemInfoSync: info,
    getSystemInfo: wxAsync('getSystemInfo', info),
    getSystemInfoAsync: wxAsync('getSystemInfoAsync', info),
    getWindowInfo: () => wxPick(wxSystemInfo(), ['pixelRatio', 'screenWidth', 'screenHeight', 'windowWidth',
      'windowHeight', 'statusBarHeight', 'safeArea', 'screenTop']),
    getDeviceInfo: () => wxPick(wxSystemInfo(), ['brand', 'model', 'system', 'platform', 'benchmarkLevel',
      'abi', 'memorySize']),
    getAppBaseInfo: () => ({
      enableDebug: false,
      ...wxPick(wxSystemInfo(), ['SDKVersion', 'host', 'language', 'version', 'theme', 'fontSizeSetting']),
    }),
    getSystemSetting: () => ({
      bluetoothEnabled: false, locationEnabled: false, wifiEnabled: true, deviceOrientation: 'portrait',
    }),
    // Nothing has been asked of the user in a simulator: every permission is "not determined".
    getAppAuthorizeSetting: () => {
      const o = {};
      for (const k of ['albumAuthorized', 'bluetoothAuthorized', 'cameraAuthorized', 'locationAuthorized',
        'microphoneAuthorized', 'notificationAuthorized', 'phoneCalendarAuthorized']) o[k] = 'not determined';
      o.locationReducedAccuracy = false;
      return o;
    },
    // The capsule (the "..." / close button) at the top right, where custom navigation bars avoid it.
    getMenuButtonBoundingClientRect: () => {
      const s = wxSystemInfo();
      const w = s.windowWidth || 375;
      const top = (s.statusBarHeight || 20) + 4;
      return { width: 87, height: 32, top, bottom: top + 32, left: w - 7 - 87, right: w - 7 };
    },
    getNetworkType: wxAsync('getNetworkType', () => ({ networkType: 'wifi', signalStrength: 0, hasSystemProxy: false })),
  };
}

// ---- app, account, events -------------------------------------------------------------------------
// Kept, never called: a run never goes to the background and its network never changes.
const wxAppListeners = { show: [], hide: [], networkStatusChange: [] };

function wxListenerPair(kind) {
  return [
    (fn) => { if (typeof fn === 'function') wxAppListeners[kind].push(fn); },
    (fn) => {  // no argument: all of them, as every off* API does
      const list = wxAppListeners[kind];
      if (fn === undefined) list.length = 0;
      else if (list.includes(fn)) list.splice(list.indexOf(fn), 1);
    },
  ];
}

let wxLoginCount = 0;

function wxAppApi() {
  const [onAppShow, offAppShow] = wxListenerPair('show');
  const [onAppHide, offAppHide] = wxListenerPair('hide');
  const [onNetworkStatusChange, offNetworkStatusChange] = wxListenerPair('networkStatusChange');
  return {
    getLaunchOptionsSync: () => deepClone(config.launchOptions),
    getEnterOptionsSync: () => deepClone(config.launchOptions),
    // `plugin` is there only when a plugin calls (wx.getAccountInfoSync doc).
    getAccountInfoSync: () => ({
      miniProgram: { appId: config.appid || 'touristappid', envVersion: 'develop', version: '' },
    }),
    onAppShow, offAppShow, onAppHide, offAppHide, onNetworkStatusChange, offNetworkStatusChange,
    login: wxAsync('login', () => {
      const code = `mpsim-login-${(++wxLoginCount).toString().padStart(4, '0')}`;
      wxSayOnce('login', 'info', `[wx.login] mpsim gives a made-up code (${code}): a real server cannot `
        + 'exchange it with code2Session');
      return { code };
    }),
    checkSession: wxAsync('checkSession', () => ({})),
    // No scope has been granted in a simulator.
    getSetting: wxAsync('getSetting', () => ({ authSetting: {} })),
    // A manager that never finds an update: the page's update handlers stay quiet.
    getUpdateManager: () => ({
      onCheckForUpdate(fn) {
        if (typeof fn === 'function') wxLater('getUpdateManager', () => callUser(fn, undefined, [{ hasUpdate: false }], 'UpdateManager.onCheckForUpdate listener'));
      },
      onUpdateReady() {},
      onUpdateFailed() {},
      applyUpdate() {},
    }),
    nextTick: (fn) => {
      if (typeof fn !== 'function') { runtimeError('wx.nextTick: the callback must be a function'); return; }
      addTimer(fn, 0, [], false, 'wx.nextTick');
    },
  };
}

// ---- clipboard: the system clipboard in the window, memory headless (host.py) -------------------
let wxClipboardText = '';

function wxClipboardApi() {
  return {
    setClipboardData: wxAsync('setClipboardData', (o) => {
      if (typeof o.data !== 'string') {
        throw new WxFail(`parameter error: parameter.data should be String instead of ${wxTypeName(o.data)};`);
      }
      wxClipboardText = o.data;
      out.ops.push(['clipboard', o.data]);
      // A device confirms with a toast "内容已复制" (wx.setClipboardData doc).
      wxShow('toast', { title: '内容已复制', icon: 'success', duration: 1500, mask: false },
        `[wx.setClipboardData] ${o.data.length} characters copied`);
      return {};
    }),
    getClipboardData: wxAsync('getClipboardData', () => ({ data: wxClipboardText })),
  };
}

// ---- wx -------------------------------------------------------------------------------------------
function makeWx() {
  wxStorageLoad(config.storage);
  wxClipboardText = typeof config.clipboard === 'string' ? config.clipboard : '';
  const nav = {};
  if (typeof navigationApi === 'function') {
    const api = navigationApi();
    for (const name of ['navigateTo', 'redirectTo', 'navigateBack', 'switchTab', 'reLaunch']) {
      if (typeof api[name] === 'function') nav[name] = wxPromised(name, api[name]);
    }
  }
  const impl = {
    request,
    arrayBufferToBase64,
    base64ToArrayBuffer,
    env: { USER_DATA_PATH: 'wxfile://usr' },
    ...wxStorageApi(),
    ...wxSystemApi(),
    ...wxAppApi(),
    ...wxClipboardApi(),
    ...wxUiApi(),
    ...nav,
    // True for what mpsim emulates ("api.method.param.option" schemas are judged by the API name).
    canIUse: (schema) => Object.prototype.hasOwnProperty.call(impl, String(schema).split('.')[0]),
  };
  const stubs = new Map();
  return new Proxy(impl, {
    get(target, key) {
      if (typeof key === 'symbol' || key in target) return target[key];
      // Not APIs: probes by `await wx`, JSON.stringify(wx), module interop (`wx.__esModule`).
      if (key === 'then' || key === 'toJSON' || key.startsWith('__')) return undefined;
      if (!stubs.has(key)) stubs.set(key, wxNotEmulated(key));
      return stubs.get(key);
    },
    has(target, key) { return key in target; },
  });
}
