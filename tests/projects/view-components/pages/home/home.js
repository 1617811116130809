Page({
  data: { title: 'first', showCard: true, taps: [], changed: null, name: '', plain: '', typed: '' },
  onLoad() { console.log('life page onLoad') },
  onShow() { console.log('life page onShow') },
  onReady() {
    console.log('life page onReady')
    const card = this.selectComponent('#card')
    console.log(`selectComponent #card: ${card ? card.data.title : null}`)
  },
  onOuterTap(e) { this.setData({ taps: this.data.taps.concat([`outer<-${e.target.id}`]) }) },
  onInnerTap(e) { this.setData({ taps: this.data.taps.concat([`inner:${e.currentTarget.dataset.where}`]) }) },
  onStopperTap() { this.setData({ taps: this.data.taps.concat(['stopper']) }) },
  onChanged(e) {
    this.setData({ changed: { count: e.detail.count, from: e.currentTarget.id, slot: e.currentTarget.dataset.slot } })
  },
  onName(e) {
    this.setData({ typed: e.detail.value })
    return e.detail.value.toUpperCase()
  },
  onPlain(e) { this.setData({ typed: `${e.detail.value}|${e.detail.cursor}` }) },
  rename(e) { this.setData({ title: e.detail.title }) },
  hideCard() { this.setData({ showCard: false }) }
})
