const { Utf8Stream } = require('../../utils/utf8')

const POLL_MS = 100
const POLL_TRIES = 15

Page({
  data: { question: '', turns: [], typed: '', busy: false, bottom: '', listHeight: 0, pollsAtSend: -1 },

  onReady() {
    this.polls = 0
    this.measure()
  },

  // Polls until the list has a height, as pages that size a virtual list do; headless there is
  // no layout, so this keeps a setTimeout pending for POLL_TRIES * POLL_MS.
  measure() {
    wx.createSelectorQuery().select('.list').boundingClientRect((rect) => {
      this.polls += 1
      if (rect && rect.height) {
        this.setData({ listHeight: rect.height })
      } else if (this.polls < POLL_TRIES) {
        setTimeout(() => this.measure(), POLL_MS)
      }
    }).exec()
  },

  onInput(e) {
    this.setData({ question: e.detail.value })
  },

  onSend() {
    const question = this.data.question.trim()
    if (!question || this.data.busy) return
    const turns = this.data.turns.concat({ id: 'q' + this.data.turns.length, role: 'user', text: question })
    this.setData({ turns, question: '', busy: true, typed: '', pollsAtSend: this.polls })
    this.answer = ''
    this.shown = 0
    const stream = new Utf8Stream()
    const task = wx.request({
      url: getApp().globalData.api + '/text',
      enableChunked: true,
      success: () => { this.answer += stream.end(); this.done = true; this.type() },
      fail: (err) => this.setData({ busy: false, typed: '出错了：' + err.errMsg }),
    })
    this.done = false
    task.onChunkReceived((res) => {
      this.answer += stream.push(res.data)
      this.type()
    })
  },

  // One UTF-16 unit per tick, as a typewriter that indexes the string does (an emoji shows in two
  // steps, the first one half of it).
  type() {
    if (this.typing) return
    this.typing = true
    const tick = () => {
      if (this.shown < this.answer.length) {
        this.shown += 1
        this.setData({ typed: this.answer.slice(0, this.shown), bottom: 'end' })
        setTimeout(tick, 1)
        return
      }
      this.typing = false
      if (this.done) {
        const turns = this.data.turns.concat({ id: 'a' + this.data.turns.length, role: 'assistant', text: this.answer })
        this.setData({ turns, typed: '', busy: false })
      }
    }
    tick()
  },
})
