import { format } from '../../utils/format'

Page({
  data: { inputValue: '', answer: '' },
  sendMessage() {
    this.setData({ answer: format(this.data.inputValue) })
  },
})
