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
  const d = def !== null && typeof def === 'object' ? def : {};
  // A component's module (loaded for the view's instances) or a page built with Component.
  if (openingComponent !== null) registerComponent(d);
  else registerPage('component', d, 'Component');
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
  inst.selectComponent = (selector) => selectComponents(inst, null, selector)[0] || null;
  inst.selectAllComponents = (selector) => selectComponents(inst, null, selector);
  addInstanceQueries(inst);
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

// ---- custom components the view renders (docs/wxml.md, "What the logic layer sends") ------------
// The view lists every component instance it rendered ({id, path, props, owner, host}); each gets a
// logic instance here, made from the Component() of the component's own module. Facts from
// https://developers.weixin.qq.com/miniprogram/dev/framework/custom-component/lifetimes.html and
// https://developers.weixin.qq.com/miniprogram/dev/framework/custom-component/events.html.
const componentDefs = new Map();    // component path ('/components/bubble/bubble') -> its definition
let openingComponent = null;        // the component path whose module runs now: Component() registers it
const instancesOf = new WeakMap();  // page instance -> Map(instance id -> component instance)

function registerComponent(def) {
  if (componentDefs.has(openingComponent)) {
    runtimeWarn(`Component() was already called for ${openingComponent}; this call is ignored`);
    return;
  }
  componentDefs.set(openingComponent, def);
}

function componentDef(path) {
  if (componentDefs.has(path)) return componentDefs.get(path);
  openingComponent = path;
  try {
    loadModule(resolveModule(path, ''));
  } catch (e) {
    reportError(e, `loading component ${path}`, false);
  } finally {
    openingComponent = null;
  }
  if (!componentDefs.has(path)) {
    runtimeError(`Component is not found in path "${path.replace(/^\//, '')}" (its module did not call Component())`, null);
    componentDefs.set(path, null);  // said once
  }
  return componentDefs.get(path);
}

function liveComponents(p) {
  let live = instancesOf.get(p);
  if (live === undefined) { live = new Map(); instancesOf.set(p, live); }
  return live;
}

// A WXML attribute is text: a Number or Boolean property gets it converted (a bound value keeps its type).
function propertyValue(value, type) {
  if (typeof value !== 'string') return value;
  if (type === Number) return value === '' ? 0 : Number(value);
  if (type === Boolean) return value !== '' && value !== 'false';
  return value;
}

function makeComponentInstance(def, item, p) {
  const c = mergeComponent(def);
  const inst = {};
  const data = {};
  for (const k of Object.keys(c.properties)) data[k] = deepClone(c.properties[k].value);
  mergeData(data, c.data);
  for (const k of Object.keys(c.methods)) inst[k] = c.methods[k];
  inst.is = item.path.replace(/^\//, '');
  inst.id = item.host ? item.host.id || '' : '';
  inst.dataset = item.host ? item.host.dataset || {} : {};
  inst.data = data;
  Object.defineProperty(inst, 'properties', { get() { return inst.data; }, enumerable: false, configurable: true });
  const hidden = { viewId: item.id, owner: item.owner, page: p, host: item.host || {}, props: {} };
  Object.defineProperty(inst, '__view', { value: hidden, enumerable: false });
  Object.defineProperty(inst, 'setData', { value: makeSetData(inst), enumerable: false, writable: true, configurable: true });
  inst.triggerEvent = (name, detail, options) => triggerComponentEvent(inst, name, detail, options);
  inst.selectComponent = (selector) => selectComponents(p, item.id, selector)[0] || null;
  inst.selectAllComponents = (selector) => selectComponents(p, item.id, selector);
  inst.getPageId = () => `pageId:${p.route}`;
  addInstanceQueries(inst);
  componentOf.set(inst, c);
  return inst;
}

// Properties flow from the parent's render; a changed one runs its observers (observers doc).
function applyProps(inst, props) {
  const c = componentOf.get(inst);
  const last = inst.__view.props;
  const keys = [];
  const old = {};
  for (const k of Object.keys(props || {})) {
    const spec = c.properties[k];
    if (spec === undefined) continue;  // an attribute that is no property of the component
    const v = propertyValue(props[k], spec.type);
    if (Object.prototype.hasOwnProperty.call(last, k) && JSON.stringify(last[k]) === JSON.stringify(v)) continue;
    last[k] = v;
    old[k] = inst.data[k];
    inst.data[k] = deepClone(v);
    keys.push(k);
  }
  if (keys.length) runObservers(inst, keys, old);
}

function detachComponents(p) {
  const live = instancesOf.get(p);
  if (live === undefined) return;
  for (const inst of live.values()) fireLifetime(inst, 'detached');
  live.clear();
}

function firePageLifetimeOfComponents(p, name) {
  const live = instancesOf.get(p);
  if (live !== undefined) for (const inst of live.values()) firePageLifetime(inst, name);
}

// The view's list after a render: new instances are created and attached, changed properties
// flow in, instances no longer rendered are detached.
function syncComponents(list) {
  const p = page;
  if (p === null) return [];
  const live = liveComponents(p);
  const made = [];
  const seen = new Set();
  for (const item of Array.isArray(list) ? list : []) {
    seen.add(item.id);
    const had = live.get(item.id);
    if (had !== undefined) {
      had.__view.host = item.host || {};
      applyProps(had, item.props);
      continue;
    }
    const def = componentDef(item.path);
    if (def === null) continue;
    const inst = makeComponentInstance(def, item, p);
    live.set(item.id, inst);
    fireLifetime(inst, 'created');
    applyProps(inst, item.props);
    made.push(inst);
  }
  for (const [id, inst] of Array.from(live)) {
    if (seen.has(id)) continue;
    live.delete(id);
    fireLifetime(inst, 'detached');
  }
  for (const inst of made) {
    fireLifetime(inst, 'attached');
    // The view starts from the instance's own data (properties included).
    viewChange(inst, null, inst.data);
  }
  return made;
}

function triggerComponentEvent(inst, name, detail, options) {
  const v = inst.__view;
  const live = instancesOf.get(v.page);
  if (live === undefined || live.get(v.viewId) !== inst) return;  // detached
  const parent = v.owner === null ? v.page : live.get(v.owner);
  if (parent === undefined) return;
  const bindings = (v.host.events || {})[String(name)] || [];
  const target = { id: v.host.id || '', dataset: v.host.dataset || {} };
  // The host's own bindings, capture ones first; catch stops the rest. Bubbling past the host
  // (options.bubbles) is not done.
  const ordered = bindings.filter((b) => b.capture).concat(bindings.filter((b) => !b.capture));
  for (const b of ordered) {
    const fn = parent[b.handler];
    if (typeof fn !== 'function') {
      consoleLine('warn', `Component "${parent.is || parent.route}" does not have a method "${b.handler}" ` +
        `to handle event "${name}".`, null);
    } else {
      const event = { type: String(name), timeStamp: Math.max(0, Date.now() - pageOpenedAt), target,
        currentTarget: target, mark: {}, detail: detail === undefined ? {} : detail, touches: [], changedTouches: [] };
      callUser(fn, parent, [event], `${b.handler} (event "${name}" of <${inst.is}>)`);
    }
    if (b.catch) break;
  }
}

// '#id', '.class' (or both, and several with ','), as selectComponent documents; only among the
// caller's own child components.
function selectComponents(p, ownerId, selector) {
  const live = instancesOf.get(p);
  if (live === undefined) return [];
  const groups = String(selector).split(',').map((s) => s.trim()).filter(Boolean);
  const matches = (host, sel) => {
    const m = /^([\w-]*)((?:[#.][\w-]+)*)$/.exec(sel);
    if (m === null) return false;
    for (const part of m[2].match(/[#.][\w-]+/g) || []) {
      if (part[0] === '#' && host.id !== part.slice(1)) return false;
      if (part[0] === '.' && !(host.classes || []).includes(part.slice(1))) return false;
    }
    return !m[1] || host.tag === m[1];
  };
  const found = [];
  for (const inst of live.values()) {
    if (inst.__view.owner !== ownerId) continue;
    if (groups.some((g) => matches(inst.__view.host, g))) found.push(inst);
  }
  return found;
}
