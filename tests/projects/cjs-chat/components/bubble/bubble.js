Component({
  properties: {
    role: { type: String, value: 'assistant' },
    content: { type: String, value: '' }
  }
})
