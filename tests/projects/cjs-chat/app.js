// app.js
App({
  globalData: {
    token: '',
    apiHost: 'https://api.example.com',
    model: 'deepseek-chat'
  },
  onLaunch: function () {
    this.globalData.token = wx.getStorageSync('token') || 'demo-token'
  }
})
