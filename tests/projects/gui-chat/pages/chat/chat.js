var sse = require('../../utils/sse')

Page({
  data: { input: '', answer: '', signature: '', status: 'idle' },

  onLoad: function () {
    this.setData({ signature: wx.getStorageSync('signature') || '' })
  },

  onInput: function (e) {
    this.setData({ input: e.detail.value })
  },

  readSignature: function () {
    this.setData({ signature: wx.getStorageSync('signature') || '' })
  },

  send: function () {
    var page = this
    var decoder = { pending: [] }
    page.setData({ status: 'asking', answer: '' })
    wx.setStorageSync('lastQuestion', page.data.input)
    wx.showLoading({ title: 'Thinking' })
    var read = sse.lineReader(function (line) {
      if (line.indexOf('data:') !== 0) return
      var payload = line.slice(5).trim()
      if (!payload || payload === '[DONE]') return
      var delta = JSON.parse(payload).choices[0].delta
      if (delta && delta.content) page.setData({ answer: page.data.answer + delta.content })
    })
    var task = wx.request({
      url: getApp().globalData.api + '/v1/chat/completions',
      method: 'POST',
      enableChunked: true,
      data: { model: 'demo', stream: true, messages: [{ role: 'user', content: page.data.input }] },
      success: function () {
        wx.hideLoading()
        wx.showToast({ title: 'Answered', icon: 'success', duration: 60000 })
        page.setData({ status: 'done' })
      },
      fail: function (err) {
        wx.hideLoading()
        page.setData({ status: err.errMsg })
      }
    })
    task.onChunkReceived(function (res) {
      decoder.pending = decoder.pending.concat(Array.prototype.slice.call(new Uint8Array(res.data)))
      // Decode only whole UTF-8 characters: keep the bytes of a character cut by the chunk.
      var end = decoder.pending.length
      var back = 0
      while (back < 3 && end - back - 1 >= 0 && (decoder.pending[end - back - 1] & 0xc0) === 0x80) back++
      var lead = end - back - 1
      if (lead >= 0) {
        var b = decoder.pending[lead]
        var need = b >= 0xf0 ? 4 : b >= 0xe0 ? 3 : b >= 0xc0 ? 2 : 1
        if (need > back + 1) end = lead
      }
      var whole = decoder.pending.slice(0, end)
      decoder.pending = decoder.pending.slice(end)
      read(decodeURIComponent(whole.map(function (x) { return '%' + ('0' + x.toString(16)).slice(-2) }).join('')))
    })
  }
})
