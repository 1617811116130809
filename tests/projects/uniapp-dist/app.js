"use strict";
Object.defineProperty(exports, Symbol.toStringTag, { value: "Module" });
const common_vendor = require("./common/vendor.js");
const _sfc_main = {
  globalData: { apiBase: "https://api.example.com/v1" },
  onLaunch: function() {
    console.log("App Launch");
  }
};
common_vendor.createApp(_sfc_main);
