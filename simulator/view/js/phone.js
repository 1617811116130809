// Starts the phone's page: the compiled program (window.__mpsimProgram) rendered by dom.js into
// #mpsim-page, and the API the Qt side calls (window.__mpsimView). Data arrives as setData changes;
// bursts of them (a streamed answer sends many a second) render once per display frame.
// What the page reports goes to window.__mpsimViewHost: event(delivery), rendered({components,
// removed, warnings}); docs/wxml.md describes both directions.
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
  let current = null; // the last render's component instances and warnings
  let told = new Map(); // what the host was told: instance id -> its JSON
  let toldWarnings = null;

  function renderNow() {
    scheduled = false;
    show(program.render());
  }

  function show(result) {
    phone.update(result);
    current = result;
    sendReport();
  }

  // The logic layer needs the component instances (to create, update, detach them) and the
  // warnings. Only what changed since the last report is sent — {components: new or changed,
  // removed: [ids], warnings} — so a streamed answer at the end of a long list sends one
  // instance's props per frame, not all of them (the window keeps the whole list).
  function sendReport() {
    if (!current || !host() || !host().rendered) return;
    const seen = new Map();
    const changed = [];
    for (const component of current.components) {
      const text = JSON.stringify(component);
      seen.set(component.id, text);
      if (told.get(component.id) !== text) changed.push(component);
    }
    const removed = Array.from(told.keys()).filter((id) => !seen.has(id));
    const warnings = JSON.stringify(current.warnings);
    if (!changed.length && !removed.length && warnings === toldWarnings) return;
    told = seen;
    toldWarnings = warnings;
    host().rendered({ components: changed, removed, warnings: current.warnings });
  }

  function schedule() {
    if (scheduled) return;
    scheduled = true;
    global.requestAnimationFrame(() => scheduled && renderNow());
  }

  // What the logic layer asks of the layout sees the data it set before asking, as on a device,
  // where setData and the query travel to the view in order: a render still waiting for its frame
  // is done first.
  function laidOut() {
    if (scheduled) renderNow();
    return phone;
  }

  global.__mpsimView = {
    // The whole data, drawn at once: the page's first frame shows it.
    load(data) {
      show(program.render(data));
    },
    setData(changes) {
      program.setData(changes);
      schedule();
    },
    setComponentData(id, changes) {
      program.setComponentData(id, changes);
      schedule();
    },
    // The host arrived (the window's channel starts after the page): what it missed is sent now.
    connected() {
      sendReport();
    },
    // The element tree for the WXML inspector (the vnode tree without empty fields).
    tree() {
      return global.MpsimView.compact(phone.tree || program.render());
    },
    // What a bindinput handler returned: the input that fired shows it (dom.js setInputValue).
    setInputValue(value) {
      return phone.setInputValue(value);
    },
    // What the page shows, for checks without comparing pixels: its text as laid out, and the box
    // (CSS px in the viewport) of the first element with each id.
    snapshot() {
      const boxes = {};
      for (const el of root.querySelectorAll("[id]")) {
        if (el.id in boxes) continue;
        const r = el.getBoundingClientRect();
        boxes[el.id] = { x: r.x, y: r.y, width: r.width, height: r.height };
      }
      return { text: root.innerText, boxes };
    },
    // A SelectorQuery's asks (docs/wxml.md, "Selector queries"): one result per ask, in order.
    select(asks) {
      const view = laidOut();
      return asks.map((ask) => view.select(ask));
    },
    // wx.pageScrollTo ({scrollTop} or {groups, offsetTop}, duration).
    pageScrollTo(options) {
      return laidOut().scrollPage(options);
    },
    // Outlines elements for the WXML inspector. Each path is child indexes from the page down the
    // tree() above; the DOM keeps the vnode children's order (an input's own control comes first).
    highlight(paths) {
      for (const old of doc.querySelectorAll(".mpsim-highlight")) old.remove();
      let shown = 0;
      for (const path of paths) {
        let el = root;
        for (const i of path) el = el && el.childNodes[i + (el.__control ? 1 : 0)];
        if (!el || !el.getBoundingClientRect) continue;
        const r = el.getBoundingClientRect();
        const box = doc.createElement("div");
        box.className = "mpsim-highlight";
        box.style.cssText = `position: fixed; left: ${r.left}px; top: ${r.top}px; width: ${r.width}px; `
          + `height: ${r.height}px; background: rgba(111, 168, 220, 0.45); outline: 1px solid #3c78d8; `
          + "pointer-events: none; z-index: 2147483647;";
        doc.body.appendChild(box);
        shown++;
      }
      return shown;
    },
  };
})(globalThis);
