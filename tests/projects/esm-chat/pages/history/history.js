import { loadHistory } from '@/services/history'

Page({
  data: { messages: [] },
  onShow() {
    this.setData({ messages: loadHistory() })
  },
})
