// abort-button.js: a "Stop" button that calls RequestTask.abort() in the middle of a stream.
//
// Demonstrates: the page method onStop() (what a Stop button's bindtap would call) aborts the task
// after a few chunks, from a setTimeout as a tap would arrive; fail then receives
// errMsg "request:fail abort", complete runs once, and no chunk listener runs after abort()
// (chunksAfterStop stays 0), unless the platform has the "chunks after abort" quirk some devices
// show (reference 4.5). The stream is /fault/never-ending, so only abort() can end it.

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
