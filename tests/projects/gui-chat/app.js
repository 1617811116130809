// The window test's project: one chat page that streams from a host the test maps to the demo server.
App({
  globalData: { api: 'https://api.gui-chat.example' }
})
