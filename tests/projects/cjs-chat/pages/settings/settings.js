var app = getApp()

Page({
  data: { model: '' },
  onShow: function () {
    this.setData({ model: app.globalData.model })
  }
})
