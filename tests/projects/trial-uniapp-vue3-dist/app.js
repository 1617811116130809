"use strict";
const common_vendor = require("./common/vendor.js");
const app = common_vendor.createApp({ globalData: { base: "https://llm.example.cn/v1" } });
wx.createApp(app);
