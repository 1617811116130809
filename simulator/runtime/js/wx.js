// mpsim runtime: The wx object: what is emulated, and a warning for what is not.
// Part of one script: simulator/runtime/bootstrap.py joins the files listed in ORDER into one
// function scope, so the parts share their top-level names (see bootstrap.py).

// ---- wx ------------------------------------------------------------------------------------
function unsupported(name) {
  const stub = function () {
    runtimeError(`wx.${name} is not emulated by mpsim (it returns undefined here)`);
    return undefined;
  };
  Object.defineProperty(stub, 'name', { value: name });
  return stub;
}

function makeWx() {
  const impl = {
    request,
    arrayBufferToBase64,
    base64ToArrayBuffer,
    getSystemInfoSync: () => deepClone(config.systemInfo),
    getLaunchOptionsSync: () => deepClone(config.launchOptions),
    getEnterOptionsSync: () => deepClone(config.launchOptions),
    canIUse: (schema) => {
      const head = String(schema).split('.')[0];
      return Object.prototype.hasOwnProperty.call(impl, head);
    },
  };
  const stubs = new Map();
  return new Proxy(impl, {
    get(target, key) {
      if (typeof key === 'symbol' || key in target) return target[key];
      if (key === 'then') return undefined;  // so `await wx` and Promise.resolve(wx) stay harmless
      if (!stubs.has(key)) stubs.set(key, unsupported(key));
      return stubs.get(key);
    },
    has(target, key) { return key in target; },
  });
}
