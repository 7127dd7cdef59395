// The reference for TypeScript resolution: ts.resolveModuleName under each importing file's tsconfig, parsed by
// TypeScript itself (extends and all), with the resolution mode TypeScript's program would use for a static
// import (the file's implied format under node16/nodenext). Reads a JSON array of {file, specifier, tsconfig}
// from the file named by its argument; prints a JSON array of {resolved (real path or null), covered}.
import ts from "typescript";
import { readFileSync, realpathSync } from "node:fs";

const cases = JSON.parse(readFileSync(process.argv[2], "utf8"));
const parsed = new Map();
function config(path) {
  if (!parsed.has(path)) {
    const host = { ...ts.sys, onUnRecoverableConfigFileDiagnostic: (d) => { throw new Error(ts.flattenDiagnosticMessageText(d.messageText, "\n")); } };
    parsed.set(path, ts.getParsedCommandLineOfConfigFile(path, {}, host));
  }
  return parsed.get(path);
}
const out = cases.map(({ file, specifier, tsconfig }) => {
  const { options, fileNames } = config(tsconfig);
  const kind = ts.getEmitModuleResolutionKind(options);
  const mode = kind === ts.ModuleResolutionKind.Node16 || kind === ts.ModuleResolutionKind.NodeNext
    ? ts.getImpliedNodeFormatForFile(file, undefined, ts.sys, options)
    : kind === ts.ModuleResolutionKind.Bundler ? ts.ModuleKind.ESNext : undefined;
  const result = ts.resolveModuleName(specifier, file, options, ts.sys, undefined, undefined, mode);
  const resolved = result.resolvedModule?.resolvedFileName;
  return { resolved: resolved ? realpathSync(resolved) : null, covered: fileNames.includes(file) };
});
process.stdout.write(JSON.stringify(out));
