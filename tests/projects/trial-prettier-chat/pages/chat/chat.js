import {
  streamChat
} from '../../services/stream'

const app = getApp()

Page({
  data: {
    draft: '',
    sending: false,
    messages: []
  },

  onDraft(e) {
    this.setData({ draft: e.detail.value })
  },

  send() {
    const question = this.data.draft.trim()
    if (!question || this.data.sending) return
    const messages = this.data.messages.concat(
      { id: this.data.messages.length, role: 'user', content: question },
      { id: this.data.messages.length + 1, role: 'assistant', content: '' }
    )
    this.setData({ draft: '', sending: true, messages })
    this.ask(messages.slice(0, -1))
  },

  regenerate() {
    const last = this.data.messages[this.data.messages.length - 1]
    last.content = ''
    this.setData({ messages: this.data.messages })
    this.ask(this.data.messages.slice(0, -1))
  },

  measureList() {
    this.createSelectorQuery()
      .select('.list')
      .boundingClientRect()
      .exec(([rect]) => this.setData({ listHeight: rect.height }))
  },

  ask(history) {
    const at = `messages[${this.data.messages.length - 1}].content`
    let answer = ''
    streamChat({
      url: app.globalData.apiBase,
      model: app.globalData.model,
      messages: history.map(({ role, content }) => ({ role, content })),
      onDelta: (delta) => {
        answer += delta
        this.setData({ [at]: answer })
      },
      onDone: () => {
        this.setData({ sending: false })
        this.measureList()
      },
      onError: (message) => {
        this.setData({ sending: false })
        wx.showToast({ title: message, icon: 'none' })
      }
    })
  }
})
