import config from '@/config.json'
import { Utf8Stream, createSseParser, DONE } from '@/utils/index'

// Streams one answer; onDelta gets each piece of text as it arrives.
export default function streamChat(messages, { onDelta, onDone, onError }) {
  const decoder = new Utf8Stream()
  const feed = createSseParser((data) => {
    if (data === DONE) return
    const delta = JSON.parse(data).choices[0].delta
    if (delta && delta.content) onDelta(delta.content)
  })
  const task = wx.request({
    url: `${config.apiBase}/chat/completions`,
    method: 'POST',
    enableChunked: true,
    header: { 'content-type': 'application/json' },
    data: {
      model: config.model,
      stream: true,
      messages: [{ role: 'system', content: config.systemPrompt }, ...messages],
    },
    success: () => onDone(),
    fail: (err) => onError(err.errMsg),
  })
  task.onChunkReceived((res) => feed(decoder.push(res.data)))
  return task
}
