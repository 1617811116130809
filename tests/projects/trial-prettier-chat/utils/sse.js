// A streaming UTF-8 decoder (a phone has no TextDecoder) and an SSE event splitter.

export function createUtf8Decoder() {
  let pending = []

  return function decode(buffer) {
    const bytes = pending.concat(Array.from(new Uint8Array(buffer)))
    let end = bytes.length
    // Hold back a character whose bytes have not all arrived yet.
    for (let back = 1; back <= 3 && back <= bytes.length; back++) {
      const byte = bytes[bytes.length - back]
      if ((byte & 0xc0) === 0x80) continue
      const size = byte >= 0xf0 ? 4 : byte >= 0xe0 ? 3 : byte >= 0xc0 ? 2 : 1
      if (size > back) end = bytes.length - back
      break
    }
    pending = bytes.slice(end)
    let binary = ''
    for (let i = 0; i < end; i++) binary += String.fromCharCode(bytes[i])
    return decodeURIComponent(escape(binary))
  }
}

export function createEventSplitter() {
  let rest = ''

  return function split(text) {
    rest += text
    const blocks = rest.split('\n\n')
    rest = blocks.pop()
    return blocks
      .map((block) =>
        block
          .split('\n')
          .filter((line) => line.startsWith('data:'))
          .map((line) => line.slice(5).trim())
          .join('\n')
      )
      .filter((data) => data !== '')
  }
}
