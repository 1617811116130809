Component({
  properties: { icon: { type: String, value: '' }, disabled: { type: Boolean, value: false } },
})
