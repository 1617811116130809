const KEY = 'chat-history'

export function loadHistory() {
  return wx.getStorageSync(KEY) || []
}

export function saveHistory(messages) {
  wx.setStorageSync(KEY, messages.slice(-50))
}
