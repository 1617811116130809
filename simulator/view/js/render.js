// The view layer's runtime: the helpers a compiled WXML program (simulator/view/wxml_compiler.py)
// calls, and the program object that renders page data into the vnode tree of docs/wxml.md.
// Plain ES2020, no modules: it runs in V8 through mini-racer (simulator/view/render.py) and in the
// phone's web page alike. Only compiled templates and WXS run here; the page's own JS stays in the
// logic engine, as on a device
// (https://developers.weixin.qq.com/miniprogram/dev/framework/quickstart/framework.html).
(function (global) {
  "use strict";

  // What a binding can reach besides page data. WXML gives every other unknown name the value
  // undefined instead of throwing, and a property of nothing is nothing (wxml_compiler.expression_code),
  // so `{{missing}}` and `{{missing.length}}` are empty.
  const GLOBALS = new Set(["Math", "JSON", "Number", "String", "Boolean", "Array", "Object", "Date", "RegExp",
    "parseInt", "parseFloat", "isNaN", "isFinite", "undefined", "NaN", "Infinity", "encodeURIComponent",
    "decodeURIComponent",
    // the function's own parameter: reserved words used as names are read as __scope["class"]
    "__scope"]);
  // The last link of every scope's prototype chain: `with (scope)` asks it about names no scope
  // has, and it claims them all (value undefined) except the globals above.
  const MISSING = new Proxy(Object.create(null), {
    has(target, key) { return typeof key === "string" && !GLOBALS.has(key); },
    get() { return undefined; },
  });

  function toText(value) {
    return value === undefined || value === null ? "" : String(value);
  }

  // class="{{['bubble', mine && 'me']}}": an array's truthy items, as uni-app's Vue 3 build writes
  // classes for mp-weixin (a string as it is).
  function classText(value) {
    return Array.isArray(value) ? value.flat(Infinity).filter(Boolean).map(toText).join(" ") : toText(value);
  }

  // data-element-type -> elementType (the same rule as wxml_compiler.dataset_key)
  function datasetKey(name) {
    return name.slice(5).toLowerCase().replace(/-([a-z0-9])/g, (m, c) => c.toUpperCase());
  }

  function camel(name) {
    return name.replace(/-([a-z0-9])/g, (m, c) => c.toUpperCase());
  }

  function entriesOf(list) {
    if (Array.isArray(list) || typeof list === "string") return Array.from(list, (v, i) => [i, v]);
    if (typeof list === "number") return Array.from({ length: Math.max(0, Math.floor(list)) }, (v, i) => [i, i]);
    if (list && typeof list === "object") return Object.keys(list).map((k) => [k, list[k]]);
    return [];
  }

  // setData paths: "list[3].text", "a.b" (https://developers.weixin.qq.com/miniprogram/dev/reference/api/Page.html#Page-prototype-setData-Object-data-Function-callback)
  function pathKeys(path) {
    const keys = [];
    String(path).replace(/\[(\d+)\]|[^.[\]]+/g, (m, index) => {
      keys.push(index !== undefined ? Number(index) : m);
      return m;
    });
    return keys;
  }

  function setPath(target, path, value) {
    const keys = pathKeys(path);
    if (!keys.length) return;
    let node = target;
    for (let i = 0; i < keys.length - 1; i++) {
      const key = keys[i];
      if (node[key] === null || typeof node[key] !== "object") node[key] = typeof keys[i + 1] === "number" ? [] : {};
      node = node[key];
    }
    node[keys[keys.length - 1]] = value;
  }

  function getRegExp(pattern, flags) {
    return new RegExp(pattern, flags);
  }

  function getDate(...args) {
    return new Date(...args);
  }

  const MAX_COMPONENT_DEPTH = 64;
  // A template that calls itself with no end (or a data tree deeper than this) stops at this depth,
  // with a warning, instead of overflowing the stack and blanking the whole page.
  const MAX_TEMPLATE_DEPTH = 64;

  // One render of the page: the helpers the compiled code calls, and what the render collects.
  class Pass {
    constructor(program, componentData) {
      this.program = program;
      this.componentData = componentData || {};
      this.warnings = [];
      this.seen = new Set();
      this.components = [];
      this.owner = null;
      this.frame = null;
      this.loop = [];
      this.depth = 0;
      this.templateDepth = 0;
    }

    warn(message) {
      if (this.seen.has(message)) return;
      this.seen.add(message);
      this.warnings.push(message);
    }

    x(scope, index) {
      const fn = this.program.expression(index);
      if (!fn) return undefined;
      try {
        return fn(scope);
      } catch (error) {
        const [source, loc] = this.program.spec.exprs[index];
        // A newcomer's usual reason: a page method called from WXML, which only reaches WXS.
        const hint = error instanceof TypeError && / is not a function$/.test(error.message)
          ? " (WXML calls only functions of WXS modules, not the page's methods: " +
            "https://developers.weixin.qq.com/miniprogram/dev/reference/wxs/)" : "";
        this.warn(`${loc}: {{${source.trim()}}} failed: ${error && error.message}${hint}`);
        return undefined;
      }
    }

    cat(scope, parts) {
      let out = "";
      for (const part of parts) out += typeof part === "string" ? part : toText(this.x(scope, part));
      return out;
    }

    text(out, value) {
      out.push({ tag: "#text", text: toText(value) });
    }

    el(out, tag, loc) {
      const node = { tag, attrs: {}, classes: [], style: "", dataset: {}, id: "", events: {}, children: [], loc,
        owner: this.owner };
      if (this.frame && this.frame.unit.component.styleIsolation !== "shared") node.scope = this.frame.unit.component.scope;
      out.push(node);
      return node;
    }

    set(node, name, value) {
      if (name === "class") node.classes = classText(value).split(/\s+/).filter(Boolean);
      else if (name === "style") node.style = toText(value);
      else if (name === "id") node.id = toText(value);
      else if (name === "slot") node.slot = toText(value);
      else if (name.startsWith("data-")) node.dataset[datasetKey(name)] = value;
      else if (name.startsWith("mark:")) (node.mark || (node.mark = {}))[name.slice(5)] = value;
      else node.attrs[name] = value;
    }

    on(node, type, kind, handler) {
      if (typeof handler === "function") {
        this.warn(`${node.loc}: ${kind}:${type} names a WXS function; only page and component methods are called`);
        return;
      }
      const name = toText(handler);
      if (!name) return;
      const bindings = node.events[type] || (node.events[type] = []);
      bindings.push({ handler: name, catch: kind.endsWith("catch"), capture: kind.startsWith("capture"),
        mut: kind === "mut-bind" });
    }

    each(out, scope, list, itemName, indexName, key, body) {
      for (const [index, item] of entriesOf(list)) {
        const inner = Object.create(scope);
        inner[itemName] = item;
        inner[indexName] = index;
        const start = out.length;
        this.loop.push(index);
        body(inner);
        this.loop.pop();
        if (key === null) continue;
        const value = typeof key === "function" ? key(inner) : key === "*this" ? item : item && item[key];
        if (value === undefined || value === null) continue; // wx:key="index" and the like: no key
        const many = out.length - start > 1;
        for (let i = start; i < out.length; i++) out[i].key = many ? `${toText(value)}#${i - start}` : toText(value);
      }
    }

    tpl(out, file, name, data, loc) {
      const found = this.program.template(file, toText(name));
      if (!found) {
        this.warn(`${loc}: template "${toText(name)}" not found`);
        return;
      }
      if (this.templateDepth >= MAX_TEMPLATE_DEPTH) {
        this.warn(`${loc}: template "${toText(name)}" nests deeper than ${MAX_TEMPLATE_DEPTH} templates; stopped here`);
        return;
      }
      const [templateFile, render] = found;
      this.templateDepth++;
      try {
        render(this, this.program.scope(templateFile, data && typeof data === "object" ? data : {}, this), out);
      } finally {
        this.templateDepth--;
      }
    }

    slot(out, name) {
      if (!this.frame) return;
      for (const node of this.frame.slots[toText(name)] || []) out.push(node);
    }

    mount(node, path, fill) {
      // Slot content belongs to the parent: its scope, its handlers, its styles.
      const content = [];
      fill(content);
      const slots = {};
      for (const child of content) (slots[child.slot || ""] || (slots[child.slot || ""] = [])).push(child);
      const unit = this.program.spec.files[path];
      const where = node.loc.split(":").slice(-2).join(":");
      const id = `${this.owner ? this.owner + ">" : ""}${node.tag}@${where}${this.loop.length ? `[${this.loop.join(",")}]` : ""}`;
      const props = {};
      for (const name of Object.keys(node.attrs)) props[camel(name)] = node.attrs[name];
      node.componentId = id;
      node.component = unit.component.path;
      if (unit.component.styleIsolation !== "shared") node.hostScope = unit.component.scope;
      if (unit.component.virtualHost) node.virtualHost = true;
      this.components.push({ id, path: unit.component.path, props, owner: this.owner });
      if (this.depth >= MAX_COMPONENT_DEPTH) {
        this.warn(`${node.loc}: <${node.tag}> nests deeper than ${MAX_COMPONENT_DEPTH} components; stopped here`);
        return;
      }
      // Properties flow one way, parent to child: they win over the instance's own data.
      const data = Object.assign({}, this.componentData[id] || {}, props);
      const saved = [this.owner, this.frame, this.loop];
      this.owner = id;
      this.frame = { unit, slots };
      this.loop = [];
      this.depth++;
      try {
        unit.body(this, this.program.scope(path, data, this), node.children);
      } finally {
        [this.owner, this.frame, this.loop] = saved;
        this.depth--;
      }
    }
  }

  class Program {
    constructor(spec) {
      this.spec = spec;
      this.functions = new Array(spec.exprs.length);
      this.wxsExports = {};
      this.loadWarnings = [];
      this.data = {};
      this.componentData = {};
    }

    expression(index) {
      let fn = this.functions[index];
      if (fn === undefined) {
        // code, when given, is the source with reserved words read from the scope ({{class}})
        const [source, loc, kind, code = source] = this.spec.exprs[index];
        // kind 1: template data, the inside of an object literal ("{{...item, a: 1}}")
        const body = kind === 1 ? `({${code}\n})` : `(${code}\n)`;
        try {
          fn = new Function("__scope", `with (__scope) { return ${body}; }`);
        } catch (error) {
          fn = null;
          this.loadWarnings.push(`${loc}: cannot read {{${source.trim()}}}: ${error.message}`);
        }
        this.functions[index] = fn;
      }
      return fn;
    }

    template(file, name) {
      const unit = this.spec.files[file];
      if (!unit) return null;
      if (unit.templates[name]) return [file, unit.templates[name]];
      // Imported files lend their own templates, not what they import in turn
      // (https://developers.weixin.qq.com/miniprogram/dev/reference/wxml/import.html).
      for (let i = unit.imports.length - 1; i >= 0; i--) {
        const imported = this.spec.files[unit.imports[i]];
        if (imported && imported.templates[name]) return [unit.imports[i], imported.templates[name]];
      }
      return null;
    }

    scope(file, data, pass) {
      const scope = Object.create(MISSING);
      const unit = this.spec.files[file];
      for (const name of Object.keys(unit.wxs)) scope[name] = this.requireWxs(unit.wxs[name]);
      for (const key of Object.keys(data)) scope[key] = data[key];
      return scope;
    }

    // WXS modules are CommonJS-like and live once per page
    // (https://developers.weixin.qq.com/miniprogram/dev/reference/wxs/01wxs-module.html).
    requireWxs(id) {
      if (Object.prototype.hasOwnProperty.call(this.wxsExports, id)) return this.wxsExports[id];
      const spec = this.spec.wxs[id];
      const module = { exports: {} };
      this.wxsExports[id] = module.exports;
      if (!spec) {
        this.loadWarnings.push(`wxs module ${id} not found`);
        return module.exports;
      }
      const require = (ref) => {
        if (!spec.requires[ref]) throw new Error(`cannot find wxs module "${ref}"`);
        return this.requireWxs(spec.requires[ref]);
      };
      try {
        const factory = new Function("module", "exports", "require", "getRegExp", "getDate",
          `${spec.code}\n//# sourceURL=${id}`);
        factory(module, module.exports, require, getRegExp, getDate);
      } catch (error) {
        this.loadWarnings.push(`${spec.loc}: wxs module ${id} failed: ${error && error.message}`);
      }
      this.wxsExports[id] = module.exports;
      return module.exports;
    }

    // The view's copy of the page data, changed by setData paths as the logic layer sends them.
    setData(changes) {
      for (const path of Object.keys(changes || {})) setPath(this.data, path, changes[path]);
    }

    setComponentData(id, changes) {
      const data = this.componentData[id] || (this.componentData[id] = {});
      for (const path of Object.keys(changes || {})) setPath(data, path, changes[path]);
    }

    render(data) {
      if (data !== undefined) this.data = data;
      const pass = new Pass(this, this.componentData);
      const root = { tag: "page", attrs: {}, classes: [], style: "", dataset: {}, id: "", events: {}, children: [],
        loc: `${this.spec.entry}:1:1`, owner: null };
      try {
        this.spec.files[this.spec.entry].body(pass, this.scope(this.spec.entry, this.data, pass), root.children);
      } catch (error) {
        pass.warn(`${this.spec.entry}: rendering stopped: ${error && error.message}`);
      }
      const scopes = {};
      for (const path of Object.keys(this.spec.files)) {
        const component = this.spec.files[path].component;
        if (component) scopes[component.scope] = component.styleIsolation;
      }
      return { tree: root, warnings: this.loadWarnings.concat(pass.warnings), components: pass.components, scopes };
    }
  }

  // The tree without its empty fields, for the trip to Python (about half the JSON of a chat list).
  function compact(node) {
    if (node.tag === "#text") return node;
    const out = { tag: node.tag, loc: node.loc };
    for (const key of Object.keys(node)) {
      const value = node[key];
      if (key === "children") {
        if (value.length) out.children = value.map(compact);
      } else if (value !== "" && value !== null && value !== undefined
        && !(typeof value === "object" && !Array.isArray(value) && Object.keys(value).length === 0)
        && !(Array.isArray(value) && value.length === 0)) {
        out[key] = value;
      }
    }
    return out;
  }

  global.MpsimView = { define: (spec) => new Program(spec), compact, toText, datasetKey, pathKeys, setPath };
})(globalThis);
