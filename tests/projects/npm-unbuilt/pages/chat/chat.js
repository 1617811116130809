const connect = require('chat-sse')
const uid = require('tiny-uid')
const { width } = require('@demo/emoji-width')

Page({
  data: {
    inputValue: '',
    answer: '',
    columns: 0,
    requestId: ''
  },

  onInput(e) {
    this.setData({ inputValue: e.detail.value })
  },

  sendMessage() {
    const requestId = uid('chat')
    this.setData({ answer: '', requestId })
    connect({
      url: 'https://api.example.com/v1/chat/completions',
      body: { stream: true, messages: [{ role: 'user', content: this.data.inputValue }] },
      onEvent: (data) => {
        if (data === '[DONE]') return
        const piece = JSON.parse(data).choices[0].delta.content || ''
        const answer = this.data.answer + piece
        this.setData({ answer, columns: width(answer) })
      }
    })
  }
})
