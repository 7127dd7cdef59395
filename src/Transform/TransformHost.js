// The host side of the transformers inside one V8 engine. Results cross to .NET as one string: a prefix letter,
// then either the code or "code|line|column|message" of an error, because reading a JS object's properties one by
// one through ClearScript costs more than the transform of a small file.
(function () {
  const fail = (kind, e) => `${kind}${e.code ?? ""}|${e.startLine ?? e.loc?.line ?? 0}|${e.startColumn ?? e.loc?.column ?? 0}|${e.message ?? e}`;
  globalThis.__esmcacheStrip = function (code, tsx, transform) {
    try {
      return "C" + amaro.transformSync(code, { mode: transform ? "transform" : "strip-only", parser: { syntax: "typescript", tsx } }).code;
    } catch (e) {
      return fail("A", e);
    }
  };
  // TypeScript's own emit, for what only it lowers (decorators): imports kept as written (verbatimModuleSyntax, as the
  // stripper keeps them), JSX preserved for the JSX stage, ES2022 so that every class feature runs in V8 as written.
  globalThis.__esmcacheTranspile = function (code, tsx, decorators) {
    try {
      const compilerOptions = {
        module: ts.ModuleKind.ESNext,
        target: ts.ScriptTarget.ES2022,
        verbatimModuleSyntax: true,
        isolatedModules: true,
        experimentalDecorators: decorators !== "standard",
        emitDecoratorMetadata: decorators === "legacy-metadata",
      };
      if (tsx) compilerOptions.jsx = ts.JsxEmit.Preserve;
      // The name only tells TypeScript the language: TSX parses JSX, TS parses <T>x as an assertion.
      const out = ts.transpileModule(code, { fileName: tsx ? "module.tsx" : "module.ts", reportDiagnostics: true, compilerOptions });
      const error = (out.diagnostics ?? []).find((d) => d.category === ts.DiagnosticCategory.Error);
      if (error) {
        const at = error.file && error.start !== undefined ? error.file.getLineAndCharacterOfPosition(error.start) : { line: 0, character: 0 };
        return `T${"TS" + error.code}|${at.line + 1}|${at.character}|${ts.flattenDiagnosticMessageText(error.messageText, " ")}`;
      }
      return "C" + out.outputText;
    } catch (e) {
      return fail("T", e);
    }
  };
  globalThis.__esmcacheJsx = function (code, runtime, importSource, development, filePath) {
    try {
      const options = { transforms: ["jsx"], jsxRuntime: runtime, production: !development, filePath };
      if (importSource) options.jsxImportSource = importSource;
      return "C" + sucrase.transform(code, options).code;
    } catch (e) {
      return fail("S", e);
    }
  };
})();
