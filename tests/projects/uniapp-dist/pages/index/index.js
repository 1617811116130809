"use strict";
const common_vendor = require("../../common/vendor.js");
const _sfc_main = {
  data() {
    return {
      inputValue: "",
      messages: [],
      reply: ""
    };
  },
  methods: {
    onInput(e) {
      this.setData({ inputValue: e.detail.value });
    },
    onSend() {
      const content = this.data.inputValue;
      const decode = common_vendor.utf8Decoder();
      let buffer = "";
      this.setData({ messages: this.data.messages.concat([{ role: "user", content }]), reply: "" });
      const task = common_vendor.index.request({
        url: getApp().globalData.apiBase + "/chat/completions",
        method: "POST",
        enableChunked: true,
        data: { stream: true, messages: [{ role: "user", content }] },
        fail: () => common_vendor.index.showToast({ title: "网络错误", icon: "none" })
      });
      task.onChunkReceived((res) => {
        buffer += decode(res.data);
        const lines = buffer.split("\n");
        buffer = lines.pop();
        for (const line of lines) {
          if (!line.startsWith("data: ") || line === "data: [DONE]") continue;
          const delta = JSON.parse(line.slice(6)).choices[0].delta;
          if (delta.content) this.setData({ reply: this.data.reply + delta.content });
        }
      });
    }
  }
};
common_vendor.createPage(_sfc_main);
