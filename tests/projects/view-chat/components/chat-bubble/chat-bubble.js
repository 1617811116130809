Component({
  properties: {
    role: { type: String, value: 'user' },
    text: { type: String, value: '' }
  },

  data: {
    chars: 0
  },

  observers: {
    text(text) {
      this.setData({ chars: Array.from(text).length })
    }
  },

  methods: {
    onTapBubble() {
      this.triggerEvent('copy', { text: this.data.text })
    }
  }
})
