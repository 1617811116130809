var textStream = require('text-stream')

var app = getApp()

// POST a chat and call onText with every piece of the answer as it streams in.
function streamCompletion(messages, onText, onEnd) {
  var decoder = textStream.createDecoder()
  var lines = textStream.createLineSplitter()
  var task = wx.request({
    url: app.globalData.apiHost + '/v1/chat/completions',
    method: 'POST',
    enableChunked: true,
    header: {
      'Content-Type': 'application/json',
      Authorization: 'Bearer ' + app.globalData.token
    },
    data: { model: app.globalData.model, stream: true, messages: messages },
    complete: function (res) { onEnd(res.errMsg) }
  })
  task.onChunkReceived(function (res) {
    lines(decoder(res.data)).forEach(function (line) {
      if (line.indexOf('data:') !== 0) return
      var payload = line.slice(5).trim()
      if (!payload || payload === '[DONE]') return
      var choice = JSON.parse(payload).choices[0]
      if (choice.delta && choice.delta.content) onText(choice.delta.content)
    })
  })
  return task
}

module.exports = {
  streamCompletion: streamCompletion
}
