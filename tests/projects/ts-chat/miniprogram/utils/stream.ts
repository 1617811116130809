import type { Delta } from '../models/message'

type Listener = (delta: Delta) => void

function decodeUtf8(bytes: Uint8Array, state: { carry: number[] }): string {
  const all = state.carry.concat(Array.from(bytes))
  let end = all.length
  for (let i = all.length - 1; i >= Math.max(0, all.length - 3); i--) {
    const b = all[i]!
    if ((b & 0xc0) === 0x80) continue
    const width = b >= 0xf0 ? 4 : b >= 0xe0 ? 3 : b >= 0xc0 ? 2 : 1
    if (all.length - i < width) end = i
    break
  }
  state.carry = all.slice(end)
  let out = ''
  let i = 0
  while (i < end) {
    const b = all[i] as number
    const width = b >= 0xf0 ? 4 : b >= 0xe0 ? 3 : b >= 0xc0 ? 2 : 1
    let cp = width === 1 ? b : b & (0xff >> (width + 1))
    for (let k = 1; k < width; k++) cp = (cp << 6) | (all[i + k]! & 0x3f)
    out += String.fromCodePoint(cp)
    i += width
  }
  return out
}

export function openStream<Body extends object>(url: string, body: Body, onDelta: Listener): WechatMiniprogram.RequestTask {
  const state = { carry: [] as number[] }
  let text = ''
  const task = wx.request<string>({
    url,
    method: 'POST',
    data: { ...body, stream: true },
    enableChunked: true,
    header: { 'content-type': 'application/json' },
  })
  task.onChunkReceived((res: { data: ArrayBuffer }) => {
    text += decodeUtf8(new Uint8Array(res.data), state)
    let newline = text.indexOf('\n')
    while (newline >= 0) {
      const line = text.slice(0, newline).trim()
      text = text.slice(newline + 1)
      newline = text.indexOf('\n')
      if (!line.startsWith('data:') || line.endsWith('[DONE]')) continue
      const parsed = JSON.parse(line.slice(5)) as { choices: { delta: Delta }[] }
      onDelta(parsed.choices[0]!.delta)
    }
  })
  return task
}
