// Shows text one character per tick, the way chat apps reveal an answer.
module.exports = Behavior({
  data: {
    shown: '',
    queue: ''
  },
  methods: {
    typeIn: function (text) {
      this.data.queue += text
      if (!this.ticking) this.tick()
    },
    tick: function () {
      var self = this
      if (!self.data.queue) {
        self.ticking = false
        return
      }
      self.ticking = true
      var next = Array.from(self.data.queue)
      self.setData({ shown: self.data.shown + next[0], queue: next.slice(1).join('') })
      setTimeout(function () { self.tick() }, 16)
    }
  }
})
