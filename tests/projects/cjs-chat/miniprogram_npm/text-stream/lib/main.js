'use strict'
var decode = require('./decode')

function createLineSplitter() {
  var rest = ''
  return function (text) {
    var parts = (rest + text).split('\n')
    rest = parts.pop()
    return parts.map(function (p) { return p.replace(/\r$/, '') })
  }
}

module.exports = {
  createDecoder: decode.createDecoder,
  createLineSplitter: createLineSplitter
}
