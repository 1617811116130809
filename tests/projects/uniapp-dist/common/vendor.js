"use strict";
/* a build tool's runtime, shaped like uni-app's common/vendor.js: one CommonJS bundle the pages share */
const isFunction = (v) => typeof v === "function";
const extend = Object.assign;
function normalizeData(options) {
  return isFunction(options.data) ? options.data() : extend({}, options.data);
}
function toPageOptions(options) {
  const page = extend({}, options.methods || {});
  page.data = normalizeData(options);
  ["onLoad", "onShow", "onReady", "onHide", "onUnload"].forEach((hook) => {
    if (options[hook]) page[hook] = options[hook];
  });
  return page;
}
function createPage(options) {
  return Page(toPageOptions(options));
}
function createApp(options) {
  return App(extend({ globalData: {} }, options));
}
function utf8Decoder() {
  let rest = [];
  return (buffer) => {
    const bytes = rest.concat(Array.from(new Uint8Array(buffer)));
    let end = bytes.length;
    let i = end - 1;
    while (i > 0 && end - i < 4 && (bytes[i] & 192) === 128) i--;
    const lead = bytes[i];
    const need = lead >= 240 ? 4 : lead >= 224 ? 3 : lead >= 192 ? 2 : 1;
    if (end - i < need) end = i;
    rest = bytes.slice(end);
    return decodeURIComponent(bytes.slice(0, end).map((b) => "%" + (b < 16 ? "0" : "") + b.toString(16)).join(""));
  };
}
const index = {
  request: (options) => wx.request(options),
  showToast: (options) => wx.showToast(options),
  getStorageSync: (key) => wx.getStorageSync(key)
};
exports.createApp = createApp;
exports.createPage = createPage;
exports.index = index;
exports.utf8Decoder = utf8Decoder;
