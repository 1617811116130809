import { Role, StreamState, type ChatMessage } from '../../models/message'
import { openStream } from '../../utils/stream'
import { TextQueue } from '../../utils/queue'

const app = getApp<IAppOption>()

interface ChatData {
  inputValue: string
  messages: ChatMessage[]
  state: StreamState
}

Page<ChatData, WechatMiniprogram.IAnyObject>({
  data: {
    inputValue: '',
    messages: [],
    state: StreamState.Idle,
  },

  queue: new TextQueue(),

  handleInput(e: WechatMiniprogram.Input) {
    this.setData({ inputValue: e.detail.value })
  },

  sendMessage(): void {
    const content = this.data.inputValue.trim()
    if (!content) return
    const messages: ChatMessage[] = [
      ...this.data.messages,
      { role: Role.User, content },
      { role: Role.Assistant, content: '', pending: true },
    ]
    const index = messages.length - 1
    this.setData({ messages, inputValue: '', state: StreamState.Waiting })
    openStream(`${app.globalData.baseUrl}/chat/completions`, {
      model: 'qwen-plus',
      messages: messages.slice(0, index).map(({ role, content }) => ({ role, content })),
    }, (delta) => {
      if (!delta.content) return
      this.queue.push(delta.content)
      const current = this.data.messages[index]!
      this.setData({
        state: StreamState.Streaming,
        [`messages[${index}].content`]: current.content + this.queue.drain(),
      })
    })
  },
})
