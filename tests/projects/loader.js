// A small CommonJS loader for the tests: it follows docs/modules.md (the ModuleTable shape, the
// `__esm` helpers and WeChat's require resolution) so that the tests check that contract with
// real V8. The runtime ships its own loader; this one only has to be plain and correct.
var __table = { modules: {}, packages: {} };
var __alias = {};
var __cache = {};

var __esm = {
  importDefault: function (m) { return m && m.__esModule ? m.default : m; },
  importStar: function (m) {
    if (m && m.__esModule) return m;
    var ns = {};
    if (m != null) Object.keys(m).forEach(function (k) { ns[k] = m[k]; });
    ns.default = m;
    return ns;
  },
  exportStar: function (m, exports) {
    Object.keys(m).forEach(function (k) {
      if (k === 'default' || k === '__esModule' || Object.prototype.hasOwnProperty.call(exports, k)) return;
      Object.defineProperty(exports, k, { enumerable: true, configurable: true, get: function () { return m[k]; } });
    });
  },
  define: function (exports, getters) {
    Object.defineProperty(exports, '__esModule', { value: true, configurable: true });
    Object.keys(getters).forEach(function (k) {
      Object.defineProperty(exports, k, { enumerable: true, configurable: true, get: getters[k] });
    });
  },
  dynamicImport: function (require, specifier) {
    return new Promise(function (resolve) { resolve(__esm.importStar(require(specifier))); });
  },
};

function __normalize(path) {
  var out = [];
  path.split('/').forEach(function (p) {
    if (p === '..') out.pop(); else if (p && p !== '.') out.push(p);
  });
  return out.join('/');
}

function __dirname(key) {
  return key.split('/').slice(0, -1).join('/');
}

function __asFileOrFolder(path) {
  var m = __table.modules;
  if (m[path] && !m[path].wxs) return path;
  if (m[path + '.js']) return path + '.js';
  if (__table.packages[path] !== undefined) return path + '/' + __table.packages[path];
  if (m[path + '/index.js']) return path + '/index.js';
  return null;
}

function __fromPackages(from, request) {
  var parts = request.split('/');
  var size = request[0] === '@' ? 2 : 1;
  var name = parts.slice(0, size).join('/');
  var rest = parts.slice(size).join('/');
  var dir = __dirname(from);
  for (;;) {
    var folder = (dir ? dir + '/' : '') + 'miniprogram_npm/' + name;
    var found = rest ? __asFileOrFolder(folder + '/' + rest) : __asFileOrFolder(folder);
    if (found) return found;
    if (!dir) return null;
    dir = __dirname(dir);
  }
}

function __resolve(from, request) {
  var keys = Object.keys(__alias).sort(function (a, b) { return b.length - a.length; });
  for (var i = 0; i < keys.length; i++) {
    var prefix = keys[i].slice(0, -1);
    if (request.indexOf(prefix) === 0) {
      request = '/' + __alias[keys[i]].slice(0, -1).replace(/^\//, '') + request.slice(prefix.length);
      break;
    }
  }
  var found = null;
  if (request[0] === '/') found = __asFileOrFolder(__normalize(request));
  else if (request[0] === '.') found = __asFileOrFolder(__normalize(__dirname(from) + '/' + request));
  else found = __fromPackages(from, request) || __asFileOrFolder(__normalize(__dirname(from) + '/' + request));
  if (!found) throw new Error("Cannot find module '" + request + "' from '" + from + "'");
  return found;
}

function __require(key) {
  if (__cache[key]) return __cache[key].exports;
  var entry = __table.modules[key];
  var module = __cache[key] = { exports: {} };
  if (entry.error) throw new SyntaxError(entry.error);
  if (entry.json !== undefined) {
    module.exports = JSON.parse(entry.json);
    return module.exports;
  }
  var fn = (0, eval)('(function (exports, require, module, __esm) {' + entry.code + '\n})\n//# sourceURL=' + entry.file);
  fn.call(module.exports, module.exports, function (request) { return __require(__resolve(key, request)); }, module, __esm);
  return module.exports;
}

function __load(table) {
  __table = table;
  __alias = table.alias || {};
  __cache = {};
}
