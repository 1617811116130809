// Bytes of a chunked answer to text: a character cut between two chunks waits for its other bytes.
function utf8Decoder() {
  var rest = []
  return function (buffer) {
    var bytes = rest.concat(Array.prototype.slice.call(new Uint8Array(buffer)))
    var end = bytes.length
    for (var i = Math.max(0, bytes.length - 3); i < bytes.length; i++) {
      var b = bytes[i]
      var size = b >= 0xf0 ? 4 : b >= 0xe0 ? 3 : b >= 0xc0 ? 2 : 1
      if (size > 1 && i + size > bytes.length) { end = i; break }
    }
    rest = bytes.slice(end)
    var escaped = ''
    for (var j = 0; j < end; j++) escaped += '%' + (bytes[j] < 16 ? '0' : '') + bytes[j].toString(16)
    return decodeURIComponent(escaped)
  }
}

// "data: ..." lines of a server-sent event stream; a line cut between chunks waits for its end.
function eventLines() {
  var pending = ''
  return function (text) {
    var lines = (pending + text).split('\n')
    pending = lines.pop()
    return lines.filter(function (line) { return line.indexOf('data:') === 0 })
      .map(function (line) { return line.slice(5).trim() })
  }
}

module.exports = { utf8Decoder: utf8Decoder, eventLines: eventLines }
