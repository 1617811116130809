Page({
  data: { text: 'About this chat' }
})
