App({
  globalData: {
    apiBase: 'https://llm.example.cn/compatible-mode/v1',
    model: 'qwen-turbo'
  }
})
