Component({
  properties: {
    title: {
      type: String,
      value: 'untitled',
      observer(now, before) { console.log(`title observer: ${before} -> ${now}`) }
    },
    step: { type: Number, value: 1 }
  },
  data: { count: 0, label: '' },
  observers: {
    'title, count'(title, count) { this.setData({ label: `${title}#${count}` }) }
  },
  lifetimes: {
    created() { console.log('life card created') },
    attached() { console.log(`life card attached, step is a ${typeof this.data.step}: ${this.data.step}`) },
    ready() { console.log('life card ready') },
    detached() { console.log('life card detached') }
  },
  methods: {
    onAdd() {
      const count = this.data.count + this.data.step
      this.setData({ count })
      this.triggerEvent('changed', { count })
    }
  }
})
