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
