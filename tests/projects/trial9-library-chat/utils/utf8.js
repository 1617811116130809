// Bytes of a chunked response to text (a phone has no TextDecoder). A character whose bytes a
// chunk boundary cut waits in `rest` for the next chunk.
function sizeOf(lead) {
  if (lead < 0x80) return 1
  if (lead >= 0xf0) return 4
  if (lead >= 0xe0) return 3
  return 2
}

class Utf8Stream {
  constructor() {
    this.rest = new Uint8Array(0)
  }

  push(buffer) {
    const chunk = new Uint8Array(buffer)
    const bytes = new Uint8Array(this.rest.length + chunk.length)
    bytes.set(this.rest)
    bytes.set(chunk, this.rest.length)
    let whole = 0
    while (whole < bytes.length && whole + sizeOf(bytes[whole]) <= bytes.length) whole += sizeOf(bytes[whole])
    this.rest = bytes.slice(whole)
    let escaped = ''
    for (let i = 0; i < whole; i++) escaped += '%' + (bytes[i] < 16 ? '0' : '') + bytes[i].toString(16)
    return decodeURIComponent(escaped)
  }

  end() {
    const cut = this.rest.length > 0
    this.rest = new Uint8Array(0)
    return cut ? '\ufffd' : ''
  }
}

module.exports = { Utf8Stream }
