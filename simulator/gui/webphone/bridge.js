// The window's end of the phone page (simulator/gui/webphone/_phone.py): Qt's QWebChannel (its
// qwebchannel.js runs just before this) hands the page the window's "host" object, which becomes
// window.__mpsimViewHost, the receiver phone.js and dom.js report to (docs/wxml.md). The host learns
// the page is ready only once the channel is up, so nothing the page reports is lost before that.
(function (global) {
  "use strict";

  new global.QWebChannel(global.qt.webChannelTransport, (channel) => {
    const host = channel.objects.host;
    // The Qt object's slots are deliver/report: a QObject slot named "event" would hide QObject::event.
    // JSON text crosses the channel as one string; Qt's conversion of a nested object (a long
    // list's component report) costs the window's thread far more.
    global.__mpsimViewHost = { event: (delivery) => host.deliver(JSON.stringify(delivery)),
      rendered: (report) => host.report(JSON.stringify(report)) };

    // Three display frames after a call: the render phone.js scheduled for the next frame has been
    // laid out and painted, so a grab() of the view shows it.
    global.__mpsimAfterPaint = (token) => {
      let frames = 3;
      const step = () => (--frames > 0 ? global.requestAnimationFrame(step) : host.painted(token));
      global.requestAnimationFrame(step);
    };
    global.__mpsimView.connected();
    host.ready();
  });
})(globalThis);
