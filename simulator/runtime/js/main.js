// mpsim runtime: The one global the runtime leaves behind: __mpsim, the entry points program.py calls.
// Part of one script: simulator/runtime/bootstrap.py joins the files listed in ORDER into one
// function scope, so the parts share their top-level names (see bootstrap.py).

Object.defineProperty(G, '__mpsim', {
  value: Object.freeze({
    configure, defineModules, start, pump, unload, takeInterrupted,
    report: () => report(0, true, true), pageData: () => jsonText(pageData()),
  }),
  writable: false, configurable: false, enumerable: false,
});
