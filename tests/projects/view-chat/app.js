App({
  globalData: {
    apiHost: 'https://api.example.com',
    model: 'demo-chat'
  }
})
