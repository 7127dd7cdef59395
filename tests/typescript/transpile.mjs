// The reference for records of TypeScript: TypeScript's own transpileModule with verbatimModuleSyntax, JSX
// preserved. Reads a JSON array of {file, out} from the file named by its argument; writes each file's JavaScript to `out`, and prints
// one JSON line per file: {file, diagnostics: [messages of syntax errors]}.
// The preserved output is then transpiled once more as .jsx with the classic factory, which replaces JSX by calls
// and touches no import or export, so the analyser (which has no JSX) can read it.
// A job may name the JSX mode of that second pass ("jsx": react-jsx, react-jsxdev, react; "jsxImportSource").
// A job with "decorators" (standard, legacy, legacy-metadata) is emitted as esmcache emits decorated classes: ES2022,
// experimentalDecorators and emitDecoratorMetadata as its tsconfig sets them.
import ts from "typescript";
import { readFileSync, writeFileSync } from "node:fs";

const jobs = JSON.parse(readFileSync(process.argv[2], "utf8"));
const base = {
  module: ts.ModuleKind.ESNext,
  target: ts.ScriptTarget.ESNext,
  verbatimModuleSyntax: true,
  isolatedModules: true,
};
const jsxModes = { "react-jsx": ts.JsxEmit.ReactJSX, "react-jsxdev": ts.JsxEmit.ReactJSXDev, react: ts.JsxEmit.React };
for (const { file, out, decorators, jsx, jsxImportSource } of jobs) {
  const source = readFileSync(file, "utf8");
  const decorated = decorators === undefined ? {} : {
    target: ts.ScriptTarget.ES2022,
    experimentalDecorators: decorators !== "standard",
    emitDecoratorMetadata: decorators === "legacy-metadata",
  };
  const first = ts.transpileModule(source, {
    fileName: file,
    reportDiagnostics: true,
    compilerOptions: { ...base, ...decorated, jsx: ts.JsxEmit.Preserve },
  });
  let code = first.outputText;
  if (/\.[jt]sx$/.test(file)) {
    code = ts.transpileModule(code, {
      fileName: file.replace(/\.tsx$/, ".jsx"),
      compilerOptions: { ...base, jsx: jsxModes[jsx] ?? ts.JsxEmit.React, jsxImportSource, allowJs: true },
    }).outputText;
  }
  writeFileSync(out, code);
  const diagnostics = (first.diagnostics ?? [])
    .filter((d) => d.category === ts.DiagnosticCategory.Error)
    .map((d) => ts.flattenDiagnosticMessageText(d.messageText, "\n"));
  process.stdout.write(JSON.stringify({ file, diagnostics }) + "\n");
}
