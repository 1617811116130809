// Stand-ins for the base library, just enough to drive a fixture's chat page in the tests: App,
// Page, Component with behaviors, getApp, setData with paths, a wx.request whose chunks the test
// delivers, and timers the test runs to the end. The runtime has the real ones.
var __app = null;
var __page = null;
var __requests = [];
var __timers = [];
var __storage = {};

function App(options) { __app = options; }
function getApp() { return __app; }
function Behavior(options) { return options; }
function Page(options) { __page = { options: options, component: false }; }
function Component(options) { __page = { options: options, component: true }; }
function setTimeout(fn) { __timers.push(fn); return __timers.length; }

var wx = {
  request: function (options) {
    var task = { options: options, listeners: [], aborted: false };
    task.onChunkReceived = function (fn) { task.listeners.push(fn); };
    task.abort = function () { task.aborted = true; };
    __requests.push(task);
    return task;
  },
  getStorageSync: function (key) { return key in __storage ? __storage[key] : ''; },
  setStorageSync: function (key, value) { __storage[key] = value; },
  showLoading: function () {},
  hideLoading: function () {},
  showToast: function () {},
  setNavigationBarTitle: function () {},
};

function __copy(value) { return JSON.parse(JSON.stringify(value || {})); }

function __setPath(data, path, value) {
  var keys = path.replace(/\[(\d+)\]/g, '.$1').split('.');
  var target = data;
  for (var i = 0; i < keys.length - 1; i++) target = target[keys[i]];
  target[keys[keys.length - 1]] = value;
}

function __newPage(query) {
  var options = __page.options;
  var page = { data: {} };
  (options.behaviors || []).forEach(function (b) {
    Object.assign(page.data, __copy(b.data));
    Object.assign(page, b.methods || {});
  });
  Object.assign(page.data, __copy(typeof options.data === 'function' ? options.data() : options.data));
  if (__page.component) {
    Object.assign(page, options.methods || {});
  } else {
    Object.keys(options).forEach(function (k) { if (k !== 'data') page[k] = options[k]; });
  }
  page.setData = function (patch) {
    var self = this;
    Object.keys(patch).forEach(function (k) { __setPath(self.data, k, patch[k]); });
  };
  if (__page.component && options.lifetimes && options.lifetimes.attached) options.lifetimes.attached.call(page);
  if (page.onLoad) page.onLoad(query || {});
  return page;
}

function __bytes(latin1) {
  var bytes = new Uint8Array(latin1.length);
  for (var i = 0; i < latin1.length; i++) bytes[i] = latin1.charCodeAt(i);
  return bytes.buffer;
}

// Start the app and the page, type `text` through `inputMethod`, call `sendMethod`,
// deliver `chunks` (latin-1 strings, one per callback), finish the request, run the timers.
function __chat(appKey, pageKey, inputMethod, sendMethod, text, chunks) {
  if (appKey) {
    __require(appKey);
    if (__app && __app.onLaunch) __app.onLaunch({});
  }
  __require(pageKey);
  var page = __newPage({});
  page[inputMethod]({ type: 'input', detail: { value: text } });
  page[sendMethod]({ type: 'tap', detail: {} });
  var sent = JSON.stringify(page.data).indexOf(text) >= 0;
  var task = __requests[__requests.length - 1];
  chunks.forEach(function (chunk) {
    task.listeners.forEach(function (fn) { fn({ data: __bytes(chunk) }); });
  });
  var done = { statusCode: 200, data: '', errMsg: 'request:ok' };
  if (task.options.success) task.options.success(done);
  if (task.options.complete) task.options.complete(done);
  while (__timers.length) __timers.shift()();
  var o = task.options;
  return { data: page.data, url: o.url, enableChunked: o.enableChunked, sent: sent, body: o.data };
}
