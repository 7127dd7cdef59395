// esmcache's compile worker for Node's compile cache (run as: node --experimental-vm-modules CompileWorker.js).
// Requests arrive on stdin, one JSON object per line: {"id", "kind": "commonjs"|"module"|"auto"|"typescript", "file",
// "source" (base64 of the file's bytes)}. Answers go to stdout, one per line: {"id", "kind", "data" (base64 of V8's
// cached data, or for "typescript" of the UTF-8 text Node's strip mode makes)} or {"id", "error"}. TypeScript is
// stripped by node:module's stripTypeScriptTypes, Node's own stripping, without the sourceURL comment Node's loader
// appends (it names the file; esmcache adds it per path). Modules are compiled, never run: vm.compileFunction with the CommonJS wrapper's
// parameters and vm.SourceTextModule, each asked for its cached data, in a worker thread whose heap is bounded (a
// V8 flag, --max-old-space-size, would change Node 22's cache version tag). A request that takes too long or
// runs the worker out of memory ends that worker; the next request gets a new one.
"use strict";
const { Worker, isMainThread, parentPort, workerData } = require("node:worker_threads");

if (isMainThread) {
  const readline = require("node:readline");
  const limits = { maxOldGenerationSizeMb: Number(process.env.ESMCACHE_NODE_WORKER_HEAP_MB) || 512 };
  const timeoutMs = Number(process.env.ESMCACHE_NODE_WORKER_TIMEOUT_MS) || 30000;
  const queue = [];
  let worker = null;
  let busy = null;

  const write = (answer) => process.stdout.write(JSON.stringify(answer) + "\n");
  const start = () => {
    worker = new Worker(__filename, { resourceLimits: limits, stdout: true, stderr: true });
    worker.on("message", (answer) => finish(answer));
    worker.on("error", (e) => { if (busy) finish({ id: busy.id, error: `the compiler stopped: ${e.code || e.message}` }); worker = null; });
    worker.on("exit", () => { if (busy) finish({ id: busy.id, error: "the compiler stopped" }); worker = null; });
  };
  const next = () => {
    if (busy || queue.length === 0) return;
    busy = queue.shift();
    if (!worker) start();
    busy.timer = setTimeout(() => {
      const id = busy && busy.id;
      const w = worker;
      worker = null;
      if (busy) finish({ id, error: `compiling took longer than ${timeoutMs} ms` });
      if (w) w.terminate();
    }, timeoutMs);
    worker.postMessage(busy.request);
  };
  function finish(answer) {
    if (!busy || answer.id !== busy.id) return;
    clearTimeout(busy.timer);
    busy = null;
    write(answer);
    next();
  }

  write({ ready: true, tag: require("node:v8").cachedDataVersionTag() >>> 0, version: process.version, arch: process.arch });
  readline.createInterface({ input: process.stdin }).on("line", (line) => {
    let request;
    try {
      request = JSON.parse(line);
    } catch {
      write({ id: null, error: "not a JSON request" });
      return;
    }
    queue.push({ id: request.id, request });
    next();
  }).on("close", () => process.exit(0));
} else {
  const vm = require("node:vm");
  const wrapper = ["exports", "require", "module", "__filename", "__dirname"];
  const { pathToFileURL } = require("node:url");

  const commonJs = (source, file) => {
    const fn = vm.compileFunction(source, wrapper, { filename: file, produceCachedData: true });
    if (!fn.cachedDataProduced || !fn.cachedData) throw new Error("V8 produced no cached data");
    return fn.cachedData;
  };
  const esModule = (source, file) => new vm.SourceTextModule(source, { identifier: pathToFileURL(file).href }).createCachedData();

  parentPort.on("message", ({ id, kind, file, source }) => {
    // The source as each loader compiles it: CommonJS reads the file as a UTF-8 string (a byte order mark stays a
    // character), ES modules decode it with TextDecoder (which drops the mark).
    const bytes = Buffer.from(source, "base64");
    const commonJsText = () => bytes.toString("utf8");
    const moduleText = () => new TextDecoder().decode(bytes);
    try {
      let data;
      let compiledAs = kind;
      if (kind === "typescript") {
        const { stripTypeScriptTypes } = require("node:module");
        if (typeof stripTypeScriptTypes !== "function") throw new Error(`Node ${process.version} cannot strip types`);
        data = Buffer.from(stripTypeScriptTypes(commonJsText(), { mode: "strip" }), "utf8");
      } else if (kind === "module") {
        data = esModule(moduleText(), file);
      } else if (kind === "commonjs") {
        data = commonJs(commonJsText(), file);
      } else {
        // A .js file no package.json "type" claims: CommonJS unless only module syntax parses (Node's detection).
        try {
          data = commonJs(commonJsText(), file);
          compiledAs = "commonjs";
        } catch (e) {
          if (!(e instanceof SyntaxError)) throw e;
          data = esModule(moduleText(), file);
          compiledAs = "module";
        }
      }
      parentPort.postMessage({ id, kind: compiledAs, data: Buffer.from(data.buffer, data.byteOffset, data.byteLength).toString("base64") });
    } catch (e) {
      parentPort.postMessage({ id, error: `${e && e.name ? e.name + ": " : ""}${e && e.message ? e.message : String(e)}` });
    }
  });
}
