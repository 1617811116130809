const stream = require('../../utils/stream')

const app = getApp()

Page({
  data: {
    question: '',
    messages: [],
    answer: '',
    sending: false,
    status: '',
    lastId: '',
    copied: ''
  },

  onInput(e) {
    this.setData({ question: e.detail.value })
  },

  onSend() {
    const question = this.data.question.trim()
    if (!question || this.data.sending) return
    const n = this.data.messages.length
    const answerPath = `messages[${n + 1}].text`
    this.setData({
      question: '',
      sending: true,
      answer: '',
      status: '',
      messages: this.data.messages.concat([
        { id: `m${n}`, role: 'user', text: question },
        { id: `m${n + 1}`, role: 'assistant', text: '' }
      ]),
      lastId: `m${n + 1}`
    })
    const decode = stream.utf8Decoder()
    const lines = stream.eventLines()
    let answer = ''
    const task = wx.request({
      url: `${app.globalData.apiHost}/v1/chat/completions`,
      method: 'POST',
      enableChunked: true,
      header: { 'Content-Type': 'application/json' },
      data: { model: app.globalData.model, stream: true, messages: [{ role: 'user', content: question }] },
      complete: (res) => {
        this.setData({ sending: false, status: res.errMsg })
      }
    })
    task.onChunkReceived((res) => {
      for (const payload of lines(decode(res.data))) {
        if (payload === '[DONE]') continue
        const delta = JSON.parse(payload).choices[0].delta
        if (!delta || !delta.content) continue
        answer += delta.content
        this.setData({ answer, [answerPath]: answer })
      }
    })
  },

  onCopy(e) {
    this.setData({ copied: `${e.currentTarget.dataset.index}:${e.detail.text}` })
  }
})
