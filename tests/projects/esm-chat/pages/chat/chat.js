import streamChat from '../../services/chat'
import * as history from '@/services/history'
import { time } from '@/utils/index'

const app = getApp()

Page({
  data: {
    inputValue: '',
    messages: [],
    streaming: false,
  },

  onLoad() {
    this.setData({ messages: app.globalData.history })
  },

  onInput(e) {
    this.setData({ inputValue: e.detail.value })
  },

  sendMessage() {
    const text = this.data.inputValue.trim()
    if (!text || this.data.streaming) return
    const messages = this.data.messages.concat(
      { role: 'user', content: text, time: time(new Date()) },
      { role: 'assistant', content: '', time: time(new Date()) },
    )
    const last = messages.length - 1
    this.setData({ messages, inputValue: '', streaming: true })
    this.task = streamChat(messages.slice(0, last).map(({ role, content }) => ({ role, content })), {
      onDelta: (piece) => {
        this.setData({ [`messages[${last}].content`]: this.data.messages[last].content + piece })
      },
      onDone: () => {
        this.setData({ streaming: false })
        history.saveHistory(this.data.messages)
      },
      onError: (msg) => this.setData({ streaming: false, [`messages[${last}].content`]: '出错了：' + msg }),
    })
  },

  onUnload() {
    if (this.task) this.task.abort()
  },
})
