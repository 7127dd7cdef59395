// esmcache's probe of a Node runtime (run as: node RuntimeProbe.js COMMONJS MODULE TYPESCRIPT DIR). Enables the
// compile cache in DIR, loads COMMONJS and imports MODULE (each with a byte order mark, written by esmcache) and
// then TYPESCRIPT (a .mts file), and prints what it is; esmcache then reads the entries Node wrote, so the layout it
// writes for this runtime is the one this runtime wrote itself. A runtime that cannot load TypeScript says why in
// "typescript" and is probed all the same.
"use strict";
const module_ = require("node:module");
const { pathToFileURL } = require("node:url");
const [commonJs, esModule, typeScript, dir] = process.argv.slice(2);
const info = { version: process.version, arch: process.arch, tag: require("node:v8").cachedDataVersionTag() >>> 0, folder: null, status: null, typescript: null };
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
  import(pathToFileURL(esModule).href)
    .then(
      () => import(pathToFileURL(typeScript).href).then(
        () => { info.typescript = "loaded"; },
        (e) => { info.typescript = String((e && (e.code || e.message)) || e); }),
      (e) => { info.status = `the probe module failed: ${e.message}`; })
    .then(done);
} else {
  done();
}
