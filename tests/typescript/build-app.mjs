// The reference for running TypeScript: every .ts/.tsx/.mts file of a folder (argument 1) transpiled by
// TypeScript's transpileModule under that folder's tsconfig.json into another folder (argument 2), which node runs.
// Other files (package.json, .js, node_modules links) are copied or linked as they are.
import ts from "typescript";
import { cpSync, mkdirSync, readdirSync, readFileSync, writeFileSync, lstatSync, symlinkSync, readlinkSync } from "node:fs";
import { join, relative, dirname } from "node:path";

const [source, out] = process.argv.slice(2);
const { options } = ts.getParsedCommandLineOfConfigFile(join(source, "tsconfig.json"), {}, { ...ts.sys, onUnRecoverableConfigFileDiagnostic: () => {} });
function walk(dir) {
  for (const entry of readdirSync(dir)) {
    const from = join(dir, entry);
    const to = join(out, relative(source, from));
    const stat = lstatSync(from);
    if (stat.isSymbolicLink()) { mkdirSync(dirname(to), { recursive: true }); symlinkSync(readlinkSync(from), to); continue; }
    if (stat.isDirectory()) { walk(from); continue; }
    mkdirSync(dirname(to), { recursive: true });
    if (/\.(m?ts|tsx)$/.test(entry) && !/\.d\.m?ts$/.test(entry)) {
      const output = ts.transpileModule(readFileSync(from, "utf8"), { fileName: from, compilerOptions: { ...options, verbatimModuleSyntax: true, sourceMap: false, inlineSourceMap: false } });
      writeFileSync(to.replace(/\.ts$|\.tsx$/, ".js").replace(/\.mts$/, ".mjs"), output.outputText);
    } else {
      cpSync(from, to);
    }
  }
}
walk(source);
