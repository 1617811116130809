import {
  createUtf8Decoder,
  createEventSplitter
} from '../utils/sse'

export function streamChat({
  url,
  model,
  messages,
  onDelta,
  onDone,
  onError
}) {
  const decode = createUtf8Decoder()
  const split = createEventSplitter()
  const task = wx.request({
    url: `${url}/chat/completions`,
    method: 'POST',
    header: { 'Content-Type': 'application/json' },
    data: { model, messages, stream: true },
    enableChunked: true,
    success: () => onDone(),
    fail: (err) => onError(err.errMsg)
  })
  task.onChunkReceived(({ data }) => {
    for (const payload of split(decode(data))) {
      if (payload === '[DONE]') continue
      const delta = JSON.parse(payload).choices[0]?.delta?.content
      if (delta) onDelta(delta)
    }
  })
  return task
}
