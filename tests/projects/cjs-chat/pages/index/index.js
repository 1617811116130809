// pages/index/index.js
var request = require('../../utils/request.js')
var util = require('../../utils/util')
var typewriter = require('../../behaviors/typewriter')

Component({
  behaviors: [typewriter],

  data: {
    inputValue: '',
    messages: [],
    loading: false
  },

  lifetimes: {
    attached: function () {
      this.history = []
    }
  },

  pageLifetimes: {
    show: function () {
      wx.setNavigationBarTitle({ title: '与 AI 聊天' })
    }
  },

  methods: {
    onLoad: function (options) {
      if (options.q) this.setData({ inputValue: options.q })
    },

    bindInput: function (e) {
      this.setData({ inputValue: e.detail.value })
    },

    onSend: function () {
      var that = this
      var question = that.data.inputValue
      if (!question || that.data.loading) return
      that.history.push({ role: 'user', content: question })
      var id = util.uid()
      that.setData({
        inputValue: '',
        loading: true,
        shown: '',
        messages: that.data.messages.concat([{ id: id, role: 'user', content: question }])
      })
      wx.showLoading({ title: '思考中' })
      var answer = ''
      that.task = request.streamCompletion(that.history, function (text) {
        wx.hideLoading()
        answer += text
        that.typeIn(text)
      }, function (errMsg) {
        wx.hideLoading()
        that.history.push({ role: 'assistant', content: answer })
        that.setData({
          loading: false,
          messages: that.data.messages.concat([{ id: id + 'a', role: 'assistant', content: answer }]),
          status: errMsg
        })
      })
    },

    onStop: function () {
      if (this.task) this.task.abort()
    }
  }
})
