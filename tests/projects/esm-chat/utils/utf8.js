// Devices have no TextDecoder: decode UTF-8 by hand, keeping the bytes of a character that a
// chunk boundary cut until the next chunk completes it.
export class Utf8Stream {
  constructor() {
    this.pending = []
  }

  push(buffer) {
    const bytes = this.pending.concat(Array.from(new Uint8Array(buffer)))
    let end = bytes.length
    // Walk back over an unfinished multi-byte character at the end.
    for (let back = 1; back <= 3 && back <= bytes.length; back++) {
      const b = bytes[bytes.length - back]
      if ((b & 0xc0) === 0x80) continue
      const need = b >= 0xf0 ? 4 : b >= 0xe0 ? 3 : b >= 0xc0 ? 2 : 1
      if (need > back) end = bytes.length - back
      break
    }
    this.pending = bytes.slice(end)
    let text = ''
    for (let i = 0; i < end;) {
      const b = bytes[i]
      let code = b
      let size = 1
      if (b >= 0xf0) { code = b & 0x07; size = 4 } else if (b >= 0xe0) { code = b & 0x0f; size = 3 } else if (b >= 0xc0) { code = b & 0x1f; size = 2 }
      for (let k = 1; k < size; k++) code = (code << 6) | (bytes[i + k] & 0x3f)
      text += String.fromCodePoint(code)
      i += size
    }
    return text
  }
}
