// The phone's page: builds and patches real DOM from the vnode tree render.js makes, and turns DOM
// events into WeChat event objects handed to window.__mpsimViewHost.event(delivery) (the contract
// is in docs/wxml.md). Plain ES2020 for a browser page; the pure parts at the top (no DOM) are
// exported on MpsimDom so they can be checked in V8 too.
//
// Every built-in component becomes an element named wx-<tag>, as DevTools renders them, so WXSS tag
// selectors work after simulator/view/wxss.py renames them; inputs, images and the like hold a real
// <input>/<textarea>/<img> inside. Component behaviour follows
// https://developers.weixin.qq.com/miniprogram/dev/component/ (one page per component).
(function (global) {
  "use strict";

  // ----- pure parts ---------------------------------------------------------------------------
  const BUBBLING = new Set(["touchstart", "touchmove", "touchcancel", "touchend", "tap", "longpress", "longtap",
    "transitionend", "animationstart", "animationiteration", "animationend", "touchforcechange"]);

  // <text decode>: these entities only (https://developers.weixin.qq.com/miniprogram/dev/component/text.html)
  const ENTITIES = { "&nbsp;": "\u00a0", "&lt;": "<", "&gt;": ">", "&amp;": "&", "&apos;": "'", "&ensp;": "\u2002",
    "&emsp;": "\u2003" };
  const SPACES = { ensp: "\u2002", emsp: "\u2003", nbsp: "\u00a0" };

  function decodeText(text, decode, space) {
    let out = decode ? text.replace(/&(nbsp|lt|gt|amp|apos|ensp|emsp);/g, (m) => ENTITIES[m]) : text;
    if (space && SPACES[space]) out = out.replace(/ /g, SPACES[space]);
    return out;
  }

  // A component's own elements carry <scope>--<class>; with apply-shared they keep the plain class
  // too, so page styles reach them (simulator/view/wxss.py).
  function domClasses(node, scopes) {
    if (!node.scope) return node.classes.slice();
    const scoped = node.classes.map((c) => `${node.scope}--${c}`);
    return scopes && scopes[node.scope] === "apply-shared" ? node.classes.concat(scoped) : scoped;
  }

  const IMAGE_FIT = { scaleToFill: "fill", aspectFit: "contain", aspectFill: "cover", widthFix: "fill",
    heightFix: "fill", center: "none" };

  function imageFit(mode) {
    return IMAGE_FIT[mode] || "fill";
  }

  function retarget(chain, target, current) {
    // Outside a custom component the target is its host (the deepest node owned like current).
    let i = chain.indexOf(target);
    while (i < chain.length && chain[i].owner !== current.owner) i++;
    return chain[i] || target;
  }

  function eventObject(type, chain, current, detail, timeStamp, touches) {
    const target = retarget(chain, chain[0], current);
    const mark = {};
    for (const node of chain) {
      for (const k of Object.keys(node.mark || {})) if (!(k in mark)) mark[k] = node.mark[k];
      if (node === current) break;
    }
    return { type, timeStamp, target: { id: target.id, dataset: Object.assign({}, target.dataset) },
      currentTarget: { id: current.id, dataset: Object.assign({}, current.dataset) }, mark, detail,
      touches: touches || [], changedTouches: touches || [] };
  }

  // The handlers an event reaches, in order: capture from the top, then the target and (for
  // bubbling events) its ancestors; catch stops, mut-bind handlers exclude each other
  // (https://developers.weixin.qq.com/miniprogram/dev/framework/view/wxml/event.html).
  // `chain` is the target's vnode and its ancestors, target first.
  function dispatchPath(chain, type) {
    const reached = [];
    let mutTaken = false;
    const phases = [[chain.slice().reverse(), true], [BUBBLING.has(type) ? chain : chain.slice(0, 1), false]];
    for (const [nodes, capture] of phases) {
      for (const node of nodes) {
        let stop = false;
        for (const binding of (node.events || {})[type] || []) {
          if (binding.capture !== capture) continue;
          if (binding.mut) {
            if (mutTaken) continue;
            mutTaken = true;
          }
          reached.push({ node, binding });
          stop = stop || binding.catch;
        }
        if (stop) return reached;
      }
    }
    return reached;
  }

  // What the host receives for each handler call.
  function deliveries(chain, type, detail, timeStamp, touches) {
    return dispatchPath(chain, type).map(({ node, binding }) => ({ handler: binding.handler, owner: node.owner,
      event: eventObject(type, chain, node, detail, timeStamp, touches) }));
  }

  // Two renders of the same data give equal trees; a subtree equal to the one on screen needs no
  // DOM work at all, which is what keeps a streamed answer at the end of a long list cheap.
  function sameValue(a, b) {
    if (a === b) return true;
    if (typeof a !== "object" || typeof b !== "object" || a === null || b === null) return false;
    if (Array.isArray(a) !== Array.isArray(b)) return false;
    const keys = Object.keys(a);
    if (keys.length !== Object.keys(b).length) return false;
    for (const k of keys) if (!sameValue(a[k], b[k])) return false;
    return true;
  }

  // <form bindsubmit>: detail.value maps each named field to its value
  // (https://developers.weixin.qq.com/miniprogram/dev/component/form.html).
  function formValue(fields) {
    const value = {};
    for (const field of fields) if (field.name) value[field.name] = field.value;
    return value;
  }

  // SelectorQuery's selectors, parsed by the logic layer (wx_ui.js parseWxSelector) into groups of
  // compounds {combinator, id, classes}. They match in one scope's tree, as WeChat's do
  // (https://developers.weixin.qq.com/miniprogram/dev/api/wxml/SelectorQuery.select.html): the page's
  // own nodes (owner null) or one component instance's; " " and ">" stay in the tree of the node on
  // their right (a slot's content belongs to the page that wrote it), ">>>" crosses into components.
  // `up(node)` is the node's nearest ancestor with a vnode, null above the page.
  function compoundMatches(vnode, compound) {
    return (compound.id === null || vnode.id === compound.id)
      && compound.classes.every((c) => (vnode.classes || []).includes(c));
  }

  function ownerOf(node) {
    return node.__vnode.owner === undefined ? null : node.__vnode.owner;
  }

  function matchFrom(node, chain, i, scope, up) {
    if (!compoundMatches(node.__vnode, chain[i])) return false;
    if (i === 0) return ownerOf(node) === scope;
    const combinator = chain[i].combinator;
    for (let a = up(node); a; a = up(a)) {
      if (combinator === ">>>") {
        if (matchFrom(a, chain, i - 1, scope, up)) return true;
        continue;
      }
      if (ownerOf(a) !== ownerOf(node)) continue; // not in this node's tree
      if (matchFrom(a, chain, i - 1, scope, up)) return true;
      if (combinator === ">") return false;
    }
    return false;
  }

  function selectorMatches(node, groups, scope, up) {
    return groups.some((chain) => chain.length > 0 && matchFrom(node, chain, chain.length - 1, scope, up));
  }

  // ----- the DOM ------------------------------------------------------------------------------
  const CONTROL = { input: "input", textarea: "textarea", image: "img", checkbox: "input", radio: "input",
    switch: "input" };

  function domName(tag) {
    return "wx-" + tag;
  }

  // <textarea auto-height> grows with its text, one line at least.
  function fitHeight(textarea) {
    if (typeof textarea.scrollHeight !== "number") return;
    textarea.rows = 1; // a browser's textarea starts at two rows
    textarea.style.height = "auto";
    // A new element has no layout yet: it is measured in the next frame, once it is on the page.
    if (!textarea.isConnected) global.requestAnimationFrame(() => textarea.isConnected && fitHeight(textarea));
    else textarea.style.height = `${textarea.scrollHeight}px`;
  }

  function boolAttr(value) {
    return value !== undefined && value !== null && value !== false && value !== "false";
  }

  class PhoneView {
    constructor(root, options) {
      this.root = root;
      this.document = (options && options.document) || global.document;
      this.host = (options && options.host) || null;
      this.scopes = {};
      this.tree = null;
      this.now = (options && options.now) || (() => Date.now());
      this.lastKeyCode = 0;
      this.lastInput = null;
      this.reuse = true;
    }

    update(result) {
      const scopes = result.scopes || {};
      // Another scope table changes classes everywhere: then nothing counts as unchanged.
      this.reuse = sameValue(scopes, this.scopes);
      this.scopes = scopes;
      const old = this.tree;
      this.tree = result.tree;
      this.patchChildren(this.root, old ? old.children : [], result.tree.children);
      this.root.__vnode = result.tree;
    }

    create(vnode) {
      const doc = this.document;
      if (vnode.tag === "#text") {
        const text = doc.createTextNode(vnode.text);
        text.__vnode = vnode;
        return text;
      }
      const el = doc.createElement(domName(vnode.tag));
      const control = CONTROL[vnode.tag];
      if (control) {
        el.__control = doc.createElement(control);
        if (vnode.tag === "checkbox" || vnode.tag === "radio" || vnode.tag === "switch") el.__control.setAttribute("type",
          vnode.tag === "radio" ? "radio" : "checkbox");
        el.appendChild(el.__control);
      }
      this.apply(el, null, vnode);
      return el;
    }

    apply(el, old, vnode) {
      el.__vnode = vnode;
      const classes = domClasses(vnode, this.scopes).join(" ");
      if (classes && el.getAttribute("class") !== classes) el.setAttribute("class", classes);
      else if (!classes && el.getAttribute("class") !== null) el.removeAttribute("class");
      const hidden = boolAttr(vnode.attrs.hidden) ? "display: none !important;" : "";
      const style = hidden + (vnode.style || "");
      if (style && el.getAttribute("style") !== style) el.setAttribute("style", style);
      else if (!style && el.getAttribute("style") !== null) el.removeAttribute("style");
      if (vnode.id) el.setAttribute("id", vnode.id);
      else if (old && old.id) el.removeAttribute("id");
      if (vnode.hostScope) el.setAttribute("wx-host", vnode.hostScope);
      if (vnode.virtualHost) el.setAttribute("wx-virtual-host", "");
      for (const name of ["type", "size", "plain", "disabled", "loading", "mode", "form-type"]) {
        const value = vnode.attrs[name];
        if (boolAttr(value)) el.setAttribute(name, value === true ? "" : String(value));
        else if (old && boolAttr(old.attrs[name])) el.removeAttribute(name);
      }
      const control = el.__control;
      const a = vnode.attrs;
      const was = old ? old.attrs : {};
      if (vnode.tag === "input" || vnode.tag === "textarea") {
        // Only a value the logic layer changed is written back, so typing is not undone mid-word;
        // writing the value the input already holds would move a browser's caret to the end.
        const value = a.value === undefined || a.value === null ? "" : String(a.value);
        if ((!old || a.value !== was.value) && control.value !== value) control.value = value;
        control.placeholder = a.placeholder === undefined ? "" : String(a.placeholder);
        control.disabled = boolAttr(a.disabled);
        if (vnode.tag === "input") control.type = boolAttr(a.password) ? "password" : a.type === "number" || a.type === "digit" ? "number" : "text";
        if (a["confirm-type"]) control.enterKeyHint = String(a["confirm-type"]);
        if (a.maxlength !== undefined && Number(a.maxlength) >= 0) control.maxLength = Number(a.maxlength);
        if (boolAttr(a.focus) && (!old || !boolAttr(was.focus)) && control.focus) control.focus();
        if (vnode.tag === "textarea" && boolAttr(a["auto-height"])) {
          el.style.height = "auto"; // "style.height has no effect with auto-height" (textarea's doc page)
          fitHeight(control);
        }
      } else if (vnode.tag === "image") {
        if (!old || a.src !== was.src) control.src = a.src ? String(a.src) : "";
        control.style.objectFit = imageFit(a.mode);
        control.style.height = a.mode === "widthFix" ? "auto" : "100%";
        control.style.width = a.mode === "heightFix" ? "auto" : "100%";
      } else if (control) {
        control.checked = boolAttr(a.checked);
        control.disabled = boolAttr(a.disabled);
      } else if (vnode.tag === "progress") {
        el.setAttribute("percent", String(Math.max(0, Math.min(100, Number(a.percent) || 0))));
        el.style.setProperty("--percent", `${Math.max(0, Math.min(100, Number(a.percent) || 0))}%`);
      } else if (vnode.tag === "rich-text") {
        this.richText(el, a.nodes);
        return;
      }
      if (control && vnode.tag !== "checkbox" && vnode.tag !== "radio") return; // those two hold a label
      const children = vnode.tag === "text" ? this.textChildren(vnode) : vnode.children;
      this.patchChildren(el, old ? (old.tag === "text" ? this.textChildren(old) : old.children) : [], children);
      if (vnode.tag === "scroll-view") this.scroll(el, old, vnode);
    }

    textChildren(vnode) {
      const a = vnode.attrs;
      return vnode.children.map((c) => (c.tag === "#text"
        ? Object.assign({}, c, { text: decodeText(c.text, boolAttr(a.decode), a.space) }) : c));
    }

    scroll(el, old, vnode) {
      const a = vnode.attrs;
      el.style.overflowY = boolAttr(a["scroll-y"]) ? "auto" : "hidden";
      el.style.overflowX = boolAttr(a["scroll-x"]) ? "auto" : "hidden";
      el.style.scrollBehavior = boolAttr(a["scroll-with-animation"]) ? "smooth" : "auto";
      const was = old ? old.attrs : {};
      if (a["scroll-top"] !== undefined && (!old || a["scroll-top"] !== was["scroll-top"])) {
        el.scrollTop = Number(String(a["scroll-top"]).replace("px", "")) || 0;
      }
      if (a["scroll-into-view"] && (!old || a["scroll-into-view"] !== was["scroll-into-view"])) {
        const target = this.document.getElementById && this.document.getElementById(String(a["scroll-into-view"]));
        if (target && el.getBoundingClientRect && el.contains(target)) {
          // Only this scroll-view moves, its element to the top, as on a phone; scrollIntoView would
          // scroll the page around it too.
          el.scrollTop += target.getBoundingClientRect().top - el.getBoundingClientRect().top;
        } else if (target && target.scrollIntoView) {
          target.scrollIntoView({ block: "start" });
        }
      }
    }

    richText(el, nodes) {
      while (el.firstChild) el.removeChild(el.firstChild);
      if (typeof nodes === "string") {
        // A string is HTML; DOMParser builds it inert, then the trusted-tag filter below copies it.
        const parsed = new global.DOMParser().parseFromString(nodes, "text/html");
        for (const child of Array.from(parsed.body.childNodes)) this.copyRich(el, child);
      } else if (Array.isArray(nodes)) {
        for (const node of nodes) this.buildRich(el, node);
      }
    }

    copyRich(parent, source) {
      if (source.nodeType === 3) {
        parent.appendChild(this.document.createTextNode(source.nodeValue));
        return;
      }
      if (source.nodeType !== 1 || /^(script|style|iframe|object)$/i.test(source.tagName)) return;
      const el = this.document.createElement(source.tagName.toLowerCase());
      for (const attr of Array.from(source.attributes)) if (!/^on/i.test(attr.name)) el.setAttribute(attr.name, attr.value);
      for (const child of Array.from(source.childNodes)) this.copyRich(el, child);
      parent.appendChild(el);
    }

    buildRich(parent, node) {
      if (!node) return;
      if (node.type === "text") {
        parent.appendChild(this.document.createTextNode(decodeText(String(node.text || ""), true)));
        return;
      }
      if (!node.name || /^(script|style|iframe|object)$/i.test(node.name)) return;
      const el = this.document.createElement(String(node.name));
      for (const [k, v] of Object.entries(node.attrs || {})) if (!/^on/i.test(k)) el.setAttribute(k, String(v));
      for (const child of node.children || []) this.buildRich(el, child);
      parent.appendChild(el);
    }

    // Keyed children (wx:key) keep their DOM nodes across reorders; unkeyed ones match by position.
    patchChildren(parent, oldChildren, newChildren) {
      const existing = Array.from(parent.childNodes).filter((n) => n.__vnode);
      const byKey = new Map();
      const free = [];
      for (const node of existing) {
        const key = node.__vnode.key;
        // A repeated key cannot say which node is which: those match by position instead.
        if (key !== undefined && key !== null && !byKey.has(key)) byKey.set(key, node);
        else free.push(node);
      }
      let freeIndex = 0;
      const placed = [];
      for (const vnode of newChildren) {
        let node = null;
        if (vnode.key !== undefined && vnode.key !== null) {
          node = byKey.get(vnode.key) || null;
          if (node) byKey.delete(vnode.key);
        } else if (freeIndex < free.length) {
          node = free[freeIndex++];
        }
        if (node && this.reuse && sameValue(node.__vnode, vnode)) {
          // unchanged: the DOM node and the vnode it was built from stay as they are
        } else if (node && node.__vnode.tag === vnode.tag) {
          if (vnode.tag === "#text") {
            if (node.nodeValue !== vnode.text) node.nodeValue = vnode.text;
            node.__vnode = vnode;
          } else {
            this.apply(node, node.__vnode, vnode);
          }
        } else {
          node = this.create(vnode);
        }
        placed.push(node);
      }
      const keep = new Set(placed);
      for (const node of existing) if (!keep.has(node)) parent.removeChild(node);
      for (let i = 0; i < placed.length; i++) {
        const at = parent.childNodes[i + (parent.__control ? 1 : 0)] || null;
        if (at !== placed[i]) parent.insertBefore(placed[i], at);
      }
    }

    // ----- layout: what SelectorQuery and wx.pageScrollTo ask of the page ------------------------------
    up(node) {
      for (let a = node.parentNode; a && a !== this.root; a = a.parentNode) if (a.__vnode) return a;
      return null;
    }

    // The page's nodes a parsed selector picks in scope `owner`, in document order.
    find(groups, owner) {
      const found = [];
      if (!groups) return found;
      for (const el of Array.from(this.root.querySelectorAll("*"))) {
        if (el.__vnode && el.__vnode.tag !== "#text" && selectorMatches(el, groups, owner, (n) => this.up(n))) found.push(el);
      }
      return found;
    }

    // One ask of a SelectorQuery ({groups, all, viewport, owner, fields}, docs/wxml.md): the fields
    // NodesRef.fields names, read off the laid-out page in CSS px of the viewport
    // (https://developers.weixin.qq.com/miniprogram/dev/api/wxml/NodesRef.fields.html).
    select(ask) {
      if (ask.viewport) return this.measure(null, ask.fields || {});
      const found = this.find(ask.groups, ask.owner === undefined ? null : ask.owner);
      if (ask.all) return found.map((el) => this.measure(el, ask.fields || {}));
      return found.length ? this.measure(found[0], ask.fields || {}) : null;
    }

    measure(el, fields) {
      const win = this.document.defaultView || global;
      const vnode = el ? el.__vnode : { id: "", dataset: {}, mark: {}, attrs: {} };
      const res = {};
      if (fields.id) res.id = vnode.id || "";
      if (fields.dataset) res.dataset = Object.assign({}, vnode.dataset || {});
      if (fields.mark) res.mark = Object.assign({}, vnode.mark || {});
      if (fields.rect || fields.size) {
        const r = el ? el.getBoundingClientRect()
          : { left: 0, top: 0, right: win.innerWidth, bottom: win.innerHeight, width: win.innerWidth, height: win.innerHeight };
        if (fields.rect) Object.assign(res, { left: r.left, right: r.right, top: r.top, bottom: r.bottom });
        if (fields.size) Object.assign(res, { width: r.width, height: r.height });
      }
      if (fields.scrollOffset) {
        const s = el || this.document.scrollingElement;
        Object.assign(res, { scrollLeft: s.scrollLeft, scrollTop: s.scrollTop, scrollWidth: s.scrollWidth,
          scrollHeight: s.scrollHeight });
      }
      // Properties by their camelCase names ("scrollX" is the attribute scroll-x), as the doc's example asks.
      const kebab = (name) => name.replace(/[A-Z]/g, (c) => "-" + c.toLowerCase());
      for (const name of fields.properties || []) {
        const attrs = vnode.attrs || {};
        const value = name in attrs ? attrs[name] : attrs[kebab(name)];
        if (value !== undefined) res[name] = value;
      }
      if (fields.computedStyle && fields.computedStyle.length) {
        const style = win.getComputedStyle(el || this.document.documentElement);
        for (const name of fields.computedStyle) res[name] = style.getPropertyValue(kebab(name));
      }
      if (fields.node) res.node = null; // no node object crosses to the logic layer
      if (fields.context) res.context = null;
      return res;
    }

    // wx.pageScrollTo: to scrollTop, or to the first node the selector picks (plus offsetTop).
    scrollPage(options) {
      const win = this.document.defaultView || global;
      let top = Number(options.scrollTop) || 0;
      if (options.groups) {
        const el = this.find(options.groups, null)[0];
        if (!el) return false;
        top = el.getBoundingClientRect().top + win.scrollY + (Number(options.offsetTop) || 0);
      }
      win.scrollTo({ top: Math.max(0, top), behavior: Number(options.duration) > 0 ? "smooth" : "auto" });
      return true;
    }

    // ----- events: DOM -> WeChat ------------------------------------------------------------------
    chainFrom(el) {
      const chain = [];
      for (let node = el; node && node !== this.root; node = node.parentNode) {
        if (node.__vnode && node.__vnode.tag !== "#text") chain.push(node.__vnode);
      }
      return chain;
    }

    send(el, type, detail, touches) {
      const chain = this.chainFrom(el);
      if (!chain.length || !this.host) return [];
      const calls = deliveries(chain, type, detail, this.now(), touches);
      for (const call of calls) this.host.event(call);
      return calls;
    }

    listen() {
      const root = this.root;
      const owning = (target) => {
        let node = target;
        while (node && !node.__vnode) node = node.parentNode;
        return node;
      };
      root.addEventListener("click", (e) => {
        const el = owning(e.target);
        if (!el) return;
        const touch = { identifier: 0, pageX: e.pageX, pageY: e.pageY, clientX: e.clientX, clientY: e.clientY };
        this.send(el, "tap", { x: e.pageX, y: e.pageY }, [touch]);
        this.formAction(el);
        this.toggleBox(el, e.target);
      });
      root.addEventListener("keydown", (e) => {
        this.lastKeyCode = e.keyCode;
        const el = owning(e.target);
        if (e.key === "Enter" && el && el.__vnode.tag === "input") this.send(el, "confirm", { value: e.target.value });
      });
      root.addEventListener("input", (e) => {
        const el = owning(e.target);
        if (!el || (el.__vnode.tag !== "input" && el.__vnode.tag !== "textarea")) return;
        this.lastInput = e.target;
        if (el.__vnode.tag === "textarea" && boolAttr(el.__vnode.attrs["auto-height"])) fitHeight(e.target);
        this.send(el, "input", { value: e.target.value, cursor: e.target.selectionStart, keyCode: this.lastKeyCode });
      });
      root.addEventListener("change", (e) => {
        const el = owning(e.target);
        if (el && el.__vnode.tag === "switch") this.send(el, "change", { value: e.target.checked });
        if (el && (el.__vnode.tag === "checkbox" || el.__vnode.tag === "radio")) this.groupChange(el);
      });
      for (const [dom, type] of [["focusin", "focus"], ["focusout", "blur"]]) {
        root.addEventListener(dom, (e) => {
          const el = owning(e.target);
          if (el && (el.__vnode.tag === "input" || el.__vnode.tag === "textarea")) this.send(el, type, { value: e.target.value });
        });
      }
      root.addEventListener("scroll", (e) => {
        const el = owning(e.target);
        if (!el || el.__vnode.tag !== "scroll-view") return;
        const t = e.target;
        this.send(el, "scroll", { scrollTop: t.scrollTop, scrollLeft: t.scrollLeft, scrollHeight: t.scrollHeight,
          scrollWidth: t.scrollWidth });
        const threshold = Number(el.__vnode.attrs["lower-threshold"]) || 50;
        if (t.scrollHeight - t.scrollTop - t.clientHeight <= threshold) this.send(el, "scrolltolower", { direction: "bottom" });
      }, true);
    }

    // A bindinput handler may return a string, which "replaces the input's content"
    // (https://developers.weixin.qq.com/miniprogram/dev/component/input.html): the logic layer
    // answers after the keystroke, so it goes to the input that fired last, caret at its end.
    setInputValue(value) {
      const input = this.lastInput;
      if (!input || !input.isConnected) return false;
      input.value = String(value);
      if (input.setSelectionRange && input.type !== "number") input.setSelectionRange(input.value.length, input.value.length);
      return true;
    }

    // A tap anywhere on a <checkbox>/<radio> (its label too) toggles it, as on a phone.
    toggleBox(el, target) {
      let box = el;
      while (box && box !== this.root && !(box.__vnode && (box.__vnode.tag === "checkbox" || box.__vnode.tag === "radio"))) {
        box = box.parentNode;
      }
      if (!box || box === this.root || target === box.__control || box.__control.disabled) return;
      box.__control.checked = box.__vnode.tag === "radio" ? true : !box.__control.checked;
      this.groupChange(box);
    }

    // checkbox-group: detail.value lists the checked boxes' values; radio-group: the one checked
    // (https://developers.weixin.qq.com/miniprogram/dev/component/checkbox-group.html, radio-group.html).
    groupChange(box) {
      const tag = box.__vnode.tag;
      let group = box.parentNode;
      while (group && !(group.__vnode && group.__vnode.tag === `${tag}-group`)) group = group.parentNode;
      if (!group) return;
      const boxes = Array.from(group.querySelectorAll(domName(tag)));
      if (tag === "radio" && box.__control.checked) for (const other of boxes) if (other !== box) other.__control.checked = false;
      const values = boxes.filter((b) => b.__control.checked).map((b) => String(b.__vnode.attrs.value ?? ""));
      this.send(group, "change", { value: tag === "radio" ? (values[0] ?? "") : values });
    }

    formAction(el) {
      let button = el;
      while (button && !(button.__vnode && button.__vnode.tag === "button")) button = button.parentNode;
      if (!button) return;
      const action = button.__vnode.attrs["form-type"];
      if (action !== "submit" && action !== "reset") return;
      let form = button.parentNode;
      while (form && !(form.__vnode && form.__vnode.tag === "form")) form = form.parentNode;
      if (!form) return;
      const fields = [];
      const walk = (node) => {
        for (const child of Array.from(node.childNodes || [])) {
          const v = child.__vnode;
          if (v && v.attrs && v.attrs.name !== undefined && child.__control) {
            fields.push({ name: String(v.attrs.name),
              value: v.tag === "switch" || v.tag === "checkbox" ? child.__control.checked : child.__control.value });
          }
          walk(child);
        }
      };
      walk(form);
      if (action === "submit") this.send(form, "submit", { value: formValue(fields) });
      else this.send(form, "reset", {});
    }
  }

  global.MpsimDom = { PhoneView, decodeText, domClasses, imageFit, eventObject, dispatchPath, deliveries, formValue,
    sameValue, selectorMatches };
})(globalThis);
