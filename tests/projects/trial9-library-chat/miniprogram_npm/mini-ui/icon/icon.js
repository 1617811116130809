Component({
  properties: { name: { type: String, value: '' } },
  data: { glyphs: { send: '➤' } },
})
