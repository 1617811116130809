// abort-button.js: a "Stop" button that calls RequestTask.abort() in the middle of a stream.
//
// Demonstrates: the page method onStop() (what a Stop button's bindtap would call) aborts the task
// after a few chunks, from a setTimeout as a tap would arrive; fail then receives
// errMsg "request:fail abort", complete runs once, and no chunk listener runs after abort()
// (chunksAfterStop stays 0), unless the platform has the "chunks after abort" quirk some devices
// show (reference 4.5). The stream is /fault/never-ending, so only abort() can end it.
//
// 中文说明：一个“停止”按钮，在流式接收中途调用 RequestTask.abort()。
// 页面方法 onStop()（相当于停止按钮的 bindtap）在收到几个分块后由 setTimeout 调用，就像用户点击一样；
// 之后 fail 收到 errMsg "request:fail abort"，complete 只执行一次，abort() 之后不再调用分块监听
// （chunksAfterStop 保持为 0），除非平台开启了部分真机才有的“abort 之后仍有分块”特性（参考资料 4.5）。
// 接口是 /fault/never-ending，只有 abort() 能结束它。

Page({
  data: { status: 'idle', chunks: 0, chunksAfterStop: 0, errMsg: '', completeCalls: 0 },

  onLoad(options) {
    const base = options.base || 'http://127.0.0.1:8765';
    const stopAfter = Number(options.stopAfter || 3);
    this.stopped = false;

    this.task = wx.request({
      url: `${base}/fault/never-ending`,
      enableChunked: true,
      success: () => this.setData({ status: 'finished (abort did not stop it)' }),
      fail: (err) => this.setData({ status: 'aborted', errMsg: err.errMsg }),
      complete: () => this.setData({ completeCalls: this.data.completeCalls + 1 }),
    });
    this.task.onChunkReceived(() => {
      if (this.stopped) {
        this.setData({ chunksAfterStop: this.data.chunksAfterStop + 1 });
        return;
      }
      this.setData({ chunks: this.data.chunks + 1 });
      if (this.data.chunks === stopAfter) setTimeout(() => this.onStop(), 0);   // the user taps Stop
    });
    this.setData({ status: 'streaming' });
  },

  onStop() {
    this.stopped = true;
    this.setData({ status: 'stopping' });
    this.task.abort();
  },
});
