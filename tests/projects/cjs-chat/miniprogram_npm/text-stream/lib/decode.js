'use strict'
// UTF-8 without TextDecoder: percent-encode the complete bytes and let decodeURIComponent do it.
exports.createDecoder = function () {
  var carry = []
  return function (arrayBuffer) {
    var bytes = carry.concat(Array.prototype.slice.call(new Uint8Array(arrayBuffer)))
    var cut = bytes.length
    var i = bytes.length - 1
    while (i >= 0 && i > bytes.length - 4 && (bytes[i] & 0xc0) === 0x80) i--
    if (i >= 0 && bytes[i] >= 0xc0) {
      var size = bytes[i] >= 0xf0 ? 4 : bytes[i] >= 0xe0 ? 3 : 2
      if (bytes.length - i < size) cut = i
    }
    carry = bytes.slice(cut)
    var encoded = ''
    for (var k = 0; k < cut; k++) encoded += '%' + (bytes[k] < 16 ? '0' : '') + bytes[k].toString(16)
    return decodeURIComponent(encoded)
  }
}
