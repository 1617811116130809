"use strict";
// A stand-in for a uni-app Vue 3 runtime: it copies the wx API onto an object of its own, makes that
// the global wx, and hangs its page and app factories on it.
function initWx() {
  const copy = {};
  for (const key in wx) {
    if (typeof wx[key] === "function") copy[key] = wx[key];
  }
  globalThis.wx = copy;
  return copy;
}
const wx$1 = initWx();

function createApp(options) {
  return options;
}

function createPage(options) {
  const data = options.data();
  const methods = {};
  for (const name of Object.keys(options.methods)) {
    methods[name] = function (event) {
      return options.methods[name].call(this, event);
    };
  }
  return Page(Object.assign({ data }, methods));
}

function createComponent(options) {
  const observers = {};
  for (const name of Object.keys(options.watch || {})) observers[name] = options.watch[name];
  const properties = {};
  for (const name of Object.keys(options.props || {})) properties[name] = { type: options.props[name], value: "" };
  return Component({ properties, data: options.data(), observers });
}

wx.createApp = (options) => App(options);
wx.createPage = createPage;
wx.createComponent = createComponent;

function request(options) {
  return wx$1.request(options);
}

exports.createApp = createApp;
exports.request = request;
