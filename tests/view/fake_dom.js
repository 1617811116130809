// A tiny stand-in for the browser DOM, enough for dom.js's PhoneView: nodes, attributes, style,
// listeners. Tests check dom.js in V8 with it; the real page runs in QtWebEngine.
class FakeNode {
  constructor(nodeType, tagName) {
    this.nodeType = nodeType;
    this.tagName = tagName;
    this.childNodes = [];
    this.parentNode = null;
    this.attributes = {};
    this.listeners = {};
    this.style = { setProperty(k, v) { this[k] = v; } };
  }
  get firstChild() { return this.childNodes[0] || null; }
  appendChild(node) { return this.insertBefore(node, null); }
  insertBefore(node, ref) {
    if (node.parentNode) node.parentNode.removeChild(node);
    const at = ref ? this.childNodes.indexOf(ref) : this.childNodes.length;
    this.childNodes.splice(at, 0, node);
    node.parentNode = this;
    return node;
  }
  removeChild(node) {
    this.childNodes.splice(this.childNodes.indexOf(node), 1);
    node.parentNode = null;
    return node;
  }
  setAttribute(k, v) { this.attributes[k] = String(v); }
  getAttribute(k) { return k in this.attributes ? this.attributes[k] : null; }
  removeAttribute(k) { delete this.attributes[k]; }
  addEventListener(type, fn) { (this.listeners[type] = this.listeners[type] || []).push(fn); }
  get textContent() {
    return this.nodeType === 3 ? this.nodeValue : this.childNodes.map((c) => c.textContent).join("");
  }
}

const fakeDocument = {
  createElement: (name) => new FakeNode(1, name),
  createTextNode: (text) => Object.assign(new FakeNode(3, "#text"), { nodeValue: text }),
};

// "<wx-view class=a>text</wx-view>": tags, the attributes asked for, and text.
function outline(node, attrs) {
  if (node.nodeType === 3) return node.nodeValue;
  const shown = (attrs || ["class"]).filter((a) => node.getAttribute(a) !== null)
    .map((a) => (node.getAttribute(a) === "" ? ` ${a}` : ` ${a}=${node.getAttribute(a)}`)).join("");
  return `<${node.tagName}${shown}>${node.childNodes.map((c) => outline(c, attrs)).join("")}</${node.tagName}>`;
}

function fire(root, type, target, props) {
  const event = Object.assign({ type, target }, props || {});
  for (const fn of root.listeners[type] || []) fn(event);
}

globalThis.fakeDocument = fakeDocument;
globalThis.outline = outline;
globalThis.fire = fire;
