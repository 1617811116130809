// mpsim runtime: Component() and Behavior(), for pages built with Component (docs/pages.md).
// Part of one script: simulator/runtime/bootstrap.py joins the files listed in ORDER into one
// function scope, so the parts share their top-level names (see bootstrap.py).

const LIFETIMES = ['created', 'attached', 'ready', 'moved', 'detached', 'error'];
const PAGE_LIFETIMES = ['show', 'hide', 'resize'];
const behaviors = new WeakSet();
const componentOf = new WeakMap();  // page instance -> its merged component definition

function Behavior(def) {
  const b = { def: def !== null && typeof def === 'object' ? def : {} };
  behaviors.add(b);
  return b;
}

function Component(def) {
  registerPage('component', def !== null && typeof def === 'object' ? def : {}, 'Component');
}

// The definitions in the order they apply: each behavior after the behaviors it uses, the component
// last; a behavior used twice counts once (behaviors doc: "不会重复执行").
function flattenBehaviors(def, seen = new Set(), order = []) {
  for (const b of Array.isArray(def.behaviors) ? def.behaviors : []) {
    if (!behaviors.has(b) || seen.has(b)) continue;  // built-ins such as 'wx://form-field' have no code here
    seen.add(b);
    flattenBehaviors(b.def, seen, order);
    order.push(b.def);
  }
  return order;
}

function isPlainObject(v) {
  return v !== null && typeof v === 'object' && !Array.isArray(v) &&
    (Object.getPrototypeOf(v) === Object.prototype || Object.getPrototypeOf(v) === null);
}

// Same-named object fields merge, anything else is overwritten by the later definition (behaviors doc).
function mergeData(into, from) {
  for (const k of Object.keys(from)) {
    if (isPlainObject(into[k]) && isPlainObject(from[k])) mergeData(into[k], from[k]);
    else into[k] = deepClone(from[k]);
  }
  return into;
}

const TYPE_DEFAULTS = new Map([[String, ''], [Number, 0], [Boolean, false], [Object, null], [Array, []]]);

function propertySpec(spec) {
  if (typeof spec === 'function' || spec === null) return { type: spec, value: TYPE_DEFAULTS.get(spec) ?? null };
  const type = spec.type === undefined ? null : spec.type;
  return { type, value: 'value' in spec ? spec.value : (TYPE_DEFAULTS.get(type) ?? null), observer: spec.observer };
}

function mergeComponent(def) {
  const defs = flattenBehaviors(def);
  defs.push(def);
  const merged = { data: {}, properties: {}, methods: {}, observers: [], lifetimes: {}, pageLifetimes: {} };
  for (const name of LIFETIMES) merged.lifetimes[name] = [];
  for (const name of PAGE_LIFETIMES) merged.pageLifetimes[name] = [];
  for (const d of defs) {
    if (isPlainObject(d.properties)) {
      for (const k of Object.keys(d.properties)) merged.properties[k] = propertySpec(d.properties[k]);
    }
    if (d.data !== null && typeof d.data === 'object') mergeData(merged.data, d.data);
    if (d.methods !== null && typeof d.methods === 'object') Object.assign(merged.methods, d.methods);
    for (const name of LIFETIMES) {
      // "lifetimes" wins over the old top-level form in the same definition (Component doc).
      const fn = (d.lifetimes && d.lifetimes[name]) || d[name];
      if (typeof fn === 'function') merged.lifetimes[name].push(fn);
    }
    for (const name of PAGE_LIFETIMES) {
      const fn = d.pageLifetimes && d.pageLifetimes[name];
      if (typeof fn === 'function') merged.pageLifetimes[name].push(fn);
    }
    if (d.observers !== null && typeof d.observers === 'object') {
      for (const key of Object.keys(d.observers)) {
        if (typeof d.observers[key] === 'function') merged.observers.push([key, d.observers[key]]);
      }
    }
  }
  return merged;
}

// A page query value for a typed property (page parameters reach properties, Component doc).
function fromQuery(value, type) {
  if (type === Number) return Number(value);
  if (type === Boolean) return value !== '' && value !== 'false' && value !== '0';
  return value;
}

function makeComponentPage(def, route, query) {
  const c = mergeComponent(def);
  const inst = {};
  const data = {};
  for (const k of Object.keys(c.properties)) {
    const spec = c.properties[k];
    data[k] = Object.prototype.hasOwnProperty.call(query, k) ? fromQuery(query[k], spec.type) : deepClone(spec.value);
  }
  mergeData(data, c.data);
  for (const k of Object.keys(c.methods)) inst[k] = c.methods[k];
  inst.is = route;
  inst.id = '';
  inst.dataset = {};
  inst.data = data;
  // this.data and this.properties are one object (Component doc, "properties").
  Object.defineProperty(inst, 'properties', { get() { return inst.data; }, enumerable: false, configurable: true });
  inst.triggerEvent = () => {};  // a page has no parent to hear it
  inst.selectComponent = () => null;
  inst.selectAllComponents = () => [];
  componentOf.set(inst, c);
  return inst;
}

function fireLifetime(inst, name, args) {
  const c = componentOf.get(inst);
  if (c === undefined) return;
  for (const fn of c.lifetimes[name] || c.pageLifetimes[name] || []) callUser(fn, inst, args || [], `Component ${name}`);
}

function firePageLifetime(inst, name) {
  const c = componentOf.get(inst);
  if (c === undefined) return;
  for (const fn of c.pageLifetimes[name]) callUser(fn, inst, [], `Component pageLifetimes.${name}`);
}

// After setData: observers whose fields the change touched, and property observers (observers doc).
let observerDepth = 0;
function runObservers(inst, changedKeys, oldValues) {
  const c = componentOf.get(inst);
  if (c === undefined) return;
  if (observerDepth > 32) {
    runtimeError('setData inside an observer kept triggering observers (more than 32 levels); stopped');
    return;
  }
  observerDepth++;
  try {
    const changed = changedKeys.map(parsePath);
    for (const key of changedKeys) {
      const spec = c.properties[parsePath(key)[0]];
      if (spec && spec.observer !== undefined && parsePath(key).length === 1) {
        const fn = typeof spec.observer === 'function' ? spec.observer : inst[spec.observer];
        if (typeof fn === 'function') callUser(fn, inst, [inst.data[key], oldValues[key]], `observer of property ${key}`);
      }
    }
    for (const [key, fn] of c.observers) {
      const fields = key.split(',').map((f) => f.trim());
      if (!fields.some((f) => changed.some((path) => observerHears(f, path)))) continue;
      callUser(fn, inst, fields.map((f) => valueAt(inst.data, f)), `observer '${key}'`);
    }
  } finally {
    observerDepth--;
  }
}

// 'a.b' hears setData of 'a.b' and of 'a'; 'a.**' also hears 'a.b.c'; '**' hears everything.
function observerHears(field, changedPath) {
  const wild = field === '**' || field.endsWith('.**');
  const f = field === '**' ? [] : parsePath(wild ? field.slice(0, -3) : field);
  const n = Math.min(f.length, changedPath.length);
  for (let i = 0; i < n; i++) if (f[i] !== changedPath[i]) return false;
  return wild || changedPath.length <= f.length;
}

function valueAt(data, field) {
  if (field === '**') return data;
  let v = data;
  for (const k of parsePath(field.endsWith('.**') ? field.slice(0, -3) : field)) {
    if (v === null || v === undefined) return undefined;
    v = v[k];
  }
  return v;
}
