"use strict";
const common_vendor = require("../../common/vendor.js");
const _sfc_main = {
  data() {
    return { question: "", answer: "" };
  },
  methods: {
    e0(event) {
      this.setData({ question: event.detail.value });
    },
    e1() {
      let bytes = [];
      const task = common_vendor.request({
        url: getApp().globalData.base + "/chat/completions",
        method: "POST",
        data: { stream: true, messages: [{ role: "user", content: this.data.question }] },
        enableChunked: true,
        success: () => {
          let text = "";
          for (const line of decodeURIComponent(escape(String.fromCharCode(...bytes))).split("\n")) {
            if (!line.startsWith("data: ") || line === "data: [DONE]") continue;
            text += JSON.parse(line.slice(6)).choices[0].delta.content || "";
          }
          this.setData({ answer: text });
        }
      });
      task.onChunkReceived(({ data }) => {
        bytes = bytes.concat(Array.from(new Uint8Array(data)));
      });
    }
  }
};
wx.createPage(_sfc_main);
