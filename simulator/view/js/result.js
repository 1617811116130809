// A render's result as JSON for Python (simulator/view/render.py): the compact tree, and each
// component instance's host element (what the logic layer needs for triggerEvent and
// selectComponent, docs/wxml.md). Evaluated after render.js and the page program, in the
// renderer's own V8 isolate only.
var __hosts = function (node, found) {
  if (node.componentId) found[node.componentId] = {tag: node.tag, id: node.id, classes: node.classes,
    dataset: node.dataset, events: node.events};
  if (node.children) for (var i = 0; i < node.children.length; i++) __hosts(node.children[i], found);
  return found;
};
var __json = function (r) {
  var hosts = __hosts(r.tree, {});
  for (var i = 0; i < r.components.length; i++) r.components[i].host = hosts[r.components[i].id] || {};
  return JSON.stringify(Object.assign(r, {tree: MpsimView.compact(r.tree)}));
};
