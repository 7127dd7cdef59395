// Builds the transformers the product embeds (src/Transform/Vendor) from the pinned packages of this folder:
//   npm ci && node build.mjs
// amaro.wasm    swc's TypeScript stripper, taken out of amaro's base64 text
// amaro.js      amaro's wasm-bindgen glue as one script (globalThis.amaro), fed the bytes by the host
// sucrase.js    sucrase as one script (globalThis.sucrase), used for its JSX transform only
// typescript.js.br  TypeScript's compiler (globalThis.ts), Brotli-compressed: it lowers decorators, as only it does
import { build } from "esbuild";
import { mkdirSync, readFileSync, writeFileSync, copyFileSync } from "node:fs";
import { brotliCompressSync, constants } from "node:zlib";
import { createHash } from "node:crypto";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

const here = dirname(fileURLToPath(import.meta.url));
const out = join(here, "../../src/Transform/Vendor");
mkdirSync(out, { recursive: true });

const amaroDir = join(here, "node_modules/amaro");
const internalPath = join(amaroDir, "dist/internal.js");
const internal = readFileSync(internalPath, "utf8");
const base64 = /Buffer2\.from\("([A-Za-z0-9+/=]+)", "base64"\)/;
const match = internal.match(base64);
if (!match) throw new Error("amaro's embedded WebAssembly was not found: its glue changed");
const amaroWasm = Buffer.from(match[1], "base64");
writeFileSync(join(out, "amaro.wasm"), amaroWasm);
const glue = internal.replace(base64, "Buffer2.from()");

const shims = {
  name: "shims",
  setup(b) {
    b.onResolve({ filter: /^(node:)?util$/ }, () => ({ path: join(here, "shims/util.js") }));
    b.onResolve({ filter: /^(node:)?buffer$/ }, () => ({ path: join(here, "shims/buffer.js") }));
  },
};

const banner = (name) => `/* ${name}: built by tools/transformers/build.mjs; see LICENSE-${name.split("@")[0]} */`;
const amaroVersion = JSON.parse(readFileSync(join(amaroDir, "package.json"), "utf8")).version;
const sucraseVersion = JSON.parse(readFileSync(join(here, "node_modules/sucrase/package.json"), "utf8")).version;

await build({
  stdin: { contents: glue, resolveDir: dirname(internalPath), sourcefile: "amaro-internal.js", loader: "js" },
  bundle: true, format: "iife", globalName: "amaro", platform: "neutral", target: "es2022",
  plugins: [shims], outfile: join(out, "amaro.js"), banner: { js: banner(`amaro@${amaroVersion}`) }, logLevel: "warning",
});
await build({
  stdin: { contents: "export { transform } from 'sucrase';", resolveDir: here, loader: "js" },
  bundle: true, format: "iife", globalName: "sucrase", platform: "neutral", target: "es2022", minify: true,
  mainFields: ["module", "main"], plugins: [shims], outfile: join(out, "sucrase.js"),
  banner: { js: banner(`sucrase@${sucraseVersion}`) }, logLevel: "warning",
});
copyFileSync(join(amaroDir, "LICENSE.md"), join(out, "LICENSE-amaro"));
copyFileSync(join(amaroDir, "dist/LICENSE"), join(out, "LICENSE-swc"));
copyFileSync(join(here, "node_modules/sucrase/LICENSE"), join(out, "LICENSE-sucrase"));
const typescriptDir = join(here, "node_modules/typescript");
const typescriptVersion = JSON.parse(readFileSync(join(typescriptDir, "package.json"), "utf8")).version;
// typescript.js is a script that defines globalThis.ts when there is no CommonJS module around it, as in the host.
const typescript = readFileSync(join(typescriptDir, "lib/typescript.js"));
writeFileSync(join(out, "typescript.js.br"), brotliCompressSync(typescript, {
  params: { [constants.BROTLI_PARAM_QUALITY]: 11, [constants.BROTLI_PARAM_SIZE_HINT]: typescript.length, [constants.BROTLI_PARAM_LGWIN]: 24 },
}));
copyFileSync(join(typescriptDir, "LICENSE.txt"), join(out, "LICENSE-typescript"));
// The wasm's SHA-256 names its compiled module in the tool cache without reading the 2.8 MB on every start.
const amaroWasmSha256 = createHash("sha256").update(amaroWasm).digest("hex");
writeFileSync(join(out, "versions.txt"), `amaro ${amaroVersion}\nsucrase ${sucraseVersion}\ntypescript ${typescriptVersion}\namaro.wasm ${amaroWasmSha256}\n`);
console.log(`built ${out}: amaro ${amaroVersion}, sucrase ${sucraseVersion}, typescript ${typescriptVersion}`);
