// Server-sent events: split on blank lines, keep an unfinished event for the next chunk.
export function createSseParser(onData) {
  let buffer = ''
  return function feed(text) {
    buffer += text
    const events = buffer.split(/\r?\n\r?\n/)
    buffer = events.pop()
    for (const block of events) {
      const data = block
        .split(/\r?\n/)
        .filter((line) => line.startsWith('data:'))
        .map((line) => line.slice(5).trimStart())
        .join('\n')
      if (data) onData(data)
    }
  }
}

export const DONE = '[DONE]'
