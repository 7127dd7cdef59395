// esmcache's probe of a Node runtime (run as: node RuntimeProbe.js COMMONJS MODULE DIR). Enables the compile cache
// in DIR, loads COMMONJS and imports MODULE (each with a byte order mark, written by esmcache), and prints what it
// is; esmcache then reads the entries Node wrote, so the layout it writes for this runtime is the one this runtime
// wrote itself.
"use strict";
const module_ = require("node:module");
const [commonJs, esModule, dir] = process.argv.slice(2);
const info = { version: process.version, arch: process.arch, tag: require("node:v8").cachedDataVersionTag() >>> 0, folder: null, status: null };
if (typeof module_.enableCompileCache !== "function") {
  info.status = "unsupported";
} else {
  const result = module_.enableCompileCache(dir);
  info.status = result.status === module_.constants.compileCacheStatus.ENABLED ? "enabled" : String(result.message || result.status);
  require(commonJs);
}
const done = () => {
  if (typeof module_.flushCompileCache === "function") module_.flushCompileCache();
  process.stdout.write(JSON.stringify(info) + "\n");
};
if (info.status === "enabled") {
  import(require("node:url").pathToFileURL(esModule).href).then(done, (e) => { info.status = `the probe module failed: ${e.message}`; done(); });
} else {
  done();
}
