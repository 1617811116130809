"use strict";
require("../../common/vendor.js");
const _sfc_main = {
  props: { text: String },
  data() {
    return { chars: 0 };
  },
  watch: {
    text(value) {
      this.setData({ chars: value.length });
    }
  }
};
const Component = Object.assign({}, _sfc_main, { __scopeId: "data-v-answer" });
wx.createComponent(Component);
