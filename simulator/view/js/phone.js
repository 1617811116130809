// Starts the phone's page: the compiled program (window.__mpsimProgram) rendered by dom.js into
// #mpsim-page, and the API the Qt side calls (window.__mpsimView). Data arrives as setData changes;
// bursts of them (a streamed answer sends many a second) render once per display frame.
// What the page reports goes to window.__mpsimViewHost: event(delivery), rendered({components,
// warnings}); docs/wxml.md describes both directions.
(function (global) {
  "use strict";

  const program = global.__mpsimProgram;
  const doc = global.document;
  const root = doc.getElementById("mpsim-page");
  const host = () => global.__mpsimViewHost || null;
  const phone = new global.MpsimDom.PhoneView(root, {
    document: doc,
    host: { event: (delivery) => host() && host().event(delivery) },
  });
  phone.listen();

  let scheduled = false;
  let reported = "";

  function renderNow() {
    scheduled = false;
    const result = program.render();
    phone.update(result);
    // The logic layer needs the component instances (to create, update, detach them) and the
    // warnings; sent only when they changed, so a streamed answer does not repeat them per frame.
    const report = JSON.stringify({ components: result.components, warnings: result.warnings });
    if (report !== reported && host() && host().rendered) {
      reported = report;
      host().rendered(JSON.parse(report));
    }
  }

  function schedule() {
    if (scheduled) return;
    scheduled = true;
    global.requestAnimationFrame(renderNow);
  }

  global.__mpsimView = {
    load(data) {
      program.render(data);
      schedule();
    },
    setData(changes) {
      program.setData(changes);
      schedule();
    },
    setComponentData(id, changes) {
      program.setComponentData(id, changes);
      schedule();
    },
    // The element tree for the WXML inspector (the vnode tree without empty fields).
    tree() {
      return global.MpsimView.compact(phone.tree || program.render());
    },
  };
})(globalThis);
