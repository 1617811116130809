// mpsim runtime: require() as the mini-program base library has it, over the module table Python hands over.
// Part of one script: simulator/runtime/bootstrap.py joins the files listed in ORDER into one
// function scope, so the parts share their top-level names (see bootstrap.py).
//
// The table comes from simulator/runtime/project.py (collect_modules): {path: {code, file} | {json} |
// {error, file, line, col}}, keyed by the path a require resolves to (a .ts file under its .js name),
// `file` being the original file for stacks. Resolution follows docs/modules.md; each module runs once,
// on its first require, and is cached; a cycle sees the partial exports, as in CommonJS.

// ---- the table ----------------------------------------------------------------------------------
let moduleTable = {};     // path -> entry
let npmEntries = {};      // package folder ('miniprogram_npm/dayjs') -> its entry file ('index.js')
let aliasRules = [];      // [prefix, suffixWanted, target] from app.json resolveAlias
const moduleCache = new Map();   // path -> module record
const moduleFiles = new Set();   // original files evaluated in a wrapper (their line 1 is shifted)
// The base library's `global`: one object shared by every module, not the engine's global object;
// it sees the standard globals through its prototype so `global.Object === Object` holds, as
// libraries that sniff their environment expect.
const appGlobal = Object.create(G);

// No `wx`, `App`, `Page`, `Component`, `Behavior`, `getApp`, `getCurrentPages` among them: as in the
// base library they are globals, so a module may declare its own (a uni-app Vue 3 build writes
// `const Component = …` in every component module; a parameter of that name would make that a
// SyntaxError) and `wx` is read live (its vendor.js makes its own object the global wx, then adds
// wx.createPage).
const MODULE_PARAMS = 'exports, require, module, __filename, __dirname, __esm, global, requirePlugin';
const WRAPPER_HEAD = `(function (${MODULE_PARAMS}) {`;

function defineModules(table) {
  const t = table !== null && typeof table === 'object' ? table : {};
  moduleTable = t.modules !== undefined ? t.modules : t;
  npmEntries = t.packages || {};
  aliasRules = Object.keys(t.alias || {}).map((from) => {
    const to = String(t.alias[from]);
    const star = from.endsWith('*');
    return [star ? from.slice(0, -1) : from, star, to.endsWith('*') ? to.slice(0, -1) : to];
  }).sort((a, b) => b[0].length - a[0].length);
}

// ---- paths ----------------------------------------------------------------------------------------
function dirOf(path) {
  const i = path.lastIndexOf('/');
  return i < 0 ? '' : path.slice(0, i);
}

// 'a/./b/../c' -> 'a/c'; null when it climbs above the miniprogram root.
function normalize(path) {
  const parts = [];
  for (const seg of path.split('/')) {
    if (seg === '' || seg === '.') continue;
    if (seg === '..') {
      if (!parts.length) return null;
      parts.pop();
    } else parts.push(seg);
  }
  return parts.join('/');
}

function joinPath(dir, rel) { return normalize(dir ? `${dir}/${rel}` : rel); }

// LOAD_AS_FILE then LOAD_AS_DIRECTORY (docs/modules.md): the path, with .js, as a folder's index.js.
function fileCandidates(path) {
  if (path === null) return [];
  const c = [path];
  if (!path.endsWith('.js') && !path.endsWith('.json')) c.push(`${path}.js`);
  c.push(`${path}/index.js`);
  return c;
}

function applyAlias(spec) {
  for (const [prefix, star, target] of aliasRules) {
    if (star ? spec.startsWith(prefix) : spec === prefix) return target + spec.slice(prefix.length);
  }
  return null;
}

// Where a require of `spec` from module `from` may land, in the order they are tried.
function candidatesFor(spec, from) {
  const aliased = applyAlias(spec);
  if (aliased !== null) return fileCandidates(normalize(aliased));
  if (spec.startsWith('/')) return fileCandidates(normalize(spec));
  if (spec.startsWith('./') || spec.startsWith('../') || spec === '.' || spec === '..') {
    return fileCandidates(joinPath(dirOf(from), spec));
  }
  // A bare name: miniprogram_npm from the requiring folder up to the root, then as a path relative to
  // the requiring file (base library behaviour for 'utils/util.js' written without './').
  const c = [];
  const slash = spec.startsWith('@') ? spec.indexOf('/', spec.indexOf('/') + 1) : spec.indexOf('/');
  const name = slash < 0 ? spec : spec.slice(0, slash);
  const sub = slash < 0 ? '' : spec.slice(slash + 1);
  let dir = dirOf(from);
  for (;;) {
    const base = joinPath(dir, `miniprogram_npm/${name}`);
    if (base !== null) {
      if (sub) c.push(...fileCandidates(`${base}/${sub}`));
      else {
        // The entry file package.json names, as it is (collect_modules added its .js), then index.js.
        const entry = npmEntries[base] ? normalize(`${base}/${npmEntries[base]}`) : null;
        if (entry !== null) c.push(entry);
        c.push(`${base}/index.js`);
      }
    }
    if (dir === '') break;
    dir = dirOf(dir);
  }
  c.push(...fileCandidates(joinPath(dirOf(from), spec)));
  return c;
}

function resolveModule(spec, from) {
  const tried = [];
  for (const path of candidatesFor(spec, from)) {
    if (tried.includes(path)) continue;
    if (Object.prototype.hasOwnProperty.call(moduleTable, path)) return path;
    tried.push(path);
  }
  const err = new Error(`Cannot find module '${spec}' from '${fileOf(from)}' (looked for: ${tried.join(', ')})`);
  err.code = 'MODULE_NOT_FOUND';
  throw err;
}

function fileOf(path) {
  const e = moduleTable[path];
  return e && e.file ? e.file : path;
}

// ---- evaluation ------------------------------------------------------------------------------------
class ModuleSyntaxError extends SyntaxError {}
const hostEval = eval;  // taken before configure() hides eval from the page (loop.js)

function compileModule(path, entry) {
  const file = entry.file || path;
  moduleFiles.add(file);
  const src = `${WRAPPER_HEAD}${entry.code}\n})\n//# sourceURL=${file}`;
  try {
    return (0, hostEval)(src);
  } catch (e) {
    // V8 keeps no position in a SyntaxError from eval; Python finds it (program.py, 'syntax' op).
    if (e instanceof SyntaxError) {
      e.mpsimLocation = { file, line: null, col: null };
      out.ops.push(['syntax', path, file, src, WRAPPER_HEAD.length]);
    }
    throw e;
  }
}

function requireFrom(from) {
  const req = function require(spec) {
    if (typeof spec !== 'string') throw new TypeError(`require: the module path must be a string, got ${inspect(spec, 1)}`);
    return loadModule(resolveModule(spec, from));
  };
  Object.defineProperty(req, 'name', { value: 'require' });
  return req;
}

function loadModule(path) {
  const cached = moduleCache.get(path);
  if (cached !== undefined) return cached.exports;
  const entry = moduleTable[path];
  if (entry.error !== undefined) {
    const where = entry.line ? `${entry.file || path}:${entry.line}:${entry.col || 1}` : (entry.file || path);
    const detail = String(entry.error).replace(/^.*?SyntaxError: /, '');
    const line = entry.source_line ? `: ${String(entry.source_line).trim()}` : '';
    const err = new ModuleSyntaxError(`${detail} at ${where}${line}`);
    err.name = 'SyntaxError';
    err.mpsimLocation = { file: entry.file || path, line: entry.line || null, col: entry.col || null };
    throw err;
  }
  const module = { id: path, filename: path, exports: {}, loaded: false };
  moduleCache.set(path, module);
  if (entry.json !== undefined) {
    try {
      module.exports = JSON.parse(entry.json);
    } catch (e) {
      moduleCache.delete(path);
      throw new SyntaxError(`${entry.file || path}: ${e.message}`);
    }
    module.loaded = true;
    return module.exports;
  }
  if (entry.code === undefined) {
    moduleCache.delete(path);
    throw new Error(`${entry.file || path} is not a JavaScript module (a .wxs file runs in the view, not in require)`);
  }
  let fn;
  try {
    fn = compileModule(path, entry);
  } catch (e) {
    moduleCache.delete(path);
    throw e;
  }
  const prevLoading = loadingModule;
  loadingModule = path;
  try {
    fn.call(module.exports, module.exports, requireFrom(path), module, path, dirOf(path), esm, appGlobal,
      requirePlugin);
  } catch (e) {
    // As in Node: a module that threw is not cached, a later require runs it again.
    moduleCache.delete(path);
    throw e;
  } finally {
    loadingModule = prevLoading;
  }
  module.loaded = true;
  return module.exports;
}
let loadingModule = null;  // the module whose top level runs now (Page/Component register against it)

function requirePlugin(name) {
  throw new Error(`requirePlugin('${name}'): mini-program plugins are not available in mpsim ` +
    '(plugin code is downloaded by WeChat at run time; it is not in the project folder)');
}

// ---- the ES module helpers the transformer's output calls (simulator/runtime/transform.py, "__esm") --
const starCache = new WeakMap();
function importStar(m) {
  if (m !== null && m !== undefined && m.__esModule) return m;
  const isObj = m !== null && (typeof m === 'object' || typeof m === 'function');
  if (isObj && starCache.has(m)) return starCache.get(m);
  const ns = {};
  if (isObj) for (const k of Object.keys(m)) if (k !== 'default') ns[k] = m[k];
  ns.default = m;
  if (isObj) starCache.set(m, ns);
  return ns;
}

const esm = Object.freeze({
  importDefault(m) { return m !== null && m !== undefined && m.__esModule ? m.default : m; },
  importStar,
  exportStar(m, exports) {
    if (m === null || m === undefined) return;
    for (const k of Object.keys(m)) {
      if (k === 'default' || k === '__esModule' || Object.prototype.hasOwnProperty.call(exports, k)) continue;
      Object.defineProperty(exports, k, { enumerable: true, configurable: true, get: () => m[k] });
    }
  },
  define(exports, getters) {
    Object.defineProperty(exports, '__esModule', { value: true, configurable: true, writable: true });
    for (const k of Object.keys(getters)) {
      Object.defineProperty(exports, k, { enumerable: true, configurable: true, get: getters[k] });
    }
  },
  dynamicImport(require, specifier) {
    try {
      return Promise.resolve(importStar(require(specifier)));
    } catch (e) {
      return Promise.reject(e);
    }
  },
});
