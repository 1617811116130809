import { loadHistory } from '@/services/history'

App({
  globalData: {
    history: [],
  },
  onLaunch() {
    this.globalData.history = loadHistory()
  },
})
