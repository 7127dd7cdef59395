using EsmCacheCluster.Analysis;
using EsmCacheCluster.Format;

namespace EsmCacheCluster.Tests;

/// <summary>
/// The reference scan of sources: what it finds and what it must not be fooled by (strings, comments, regular
/// expressions, templates, JSX text), the kinds it gives against the record, JSX in .js, type-only exports, and the
/// CommonJS exports of cjs-module-lexer's README examples.
/// </summary>
public sealed class ReferenceScannerTests
{
    private static readonly ContentHash Hash = ContentHash.Compute([1]);

    private static List<(ImportKind Kind, string? Specifier)> Js(string source) =>
        [.. AnalysisGenerator.Analyze(source, Hash, source.Length).SourceImports.Select(s => (s.Kind, s.Specifier))];

    private static SourceReferences Scan(string source, bool jsx = false) => new ReferenceScanner().Scan(source, jsx);

    [Fact]
    public void Requires_are_found_in_code_and_nowhere_else()
    {
        var found = Js("""
            const a = require('./a');
            const b = require("./b"), c = require(`./c`);
            // require('./comment')
            /* require('./block') */
            const s = "require('./string')", t = `require('./template') ${require('./inside')}`;
            const r = /require\('.\/regex'\)/g, q = x / require('./divided') / 2;
            if (ok) /require('.\/after-if')/.test(s);
            obj.require('./method'); require.resolve('./resolved'); require(name); require('./two', 'args');
            function f(require) { return require; }
            """);
        Assert.Equal(
            [(ImportKind.Require, "./a"), (ImportKind.Require, "./b"), (ImportKind.Require, "./c"), (ImportKind.Require, "./inside"),
             (ImportKind.Require, "./divided"), (ImportKind.Require, "./resolved"), (ImportKind.Require, null), (ImportKind.Require, null)],
            found);
    }

    [Fact]
    public void CreateRequire_functions_are_requires()
    {
        var found = Js("""
            import { createRequire } from 'node:module';
            import module from 'node:module';
            const req = createRequire(import.meta.url);
            const other = module.createRequire(import.meta.url);
            req('./x.cjs'); req.resolve('./y'); other('./z.json');
            createRequire(import.meta.url)('./direct');
            notReq('./no');
            """);
        Assert.Equal([(ImportKind.Require, "./direct"), (ImportKind.Require, "./x.cjs"), (ImportKind.Require, "./y"), (ImportKind.Require, "./z.json")],
            found.OrderBy(f => f.Specifier, StringComparer.Ordinal));
    }

    [Fact]
    public void Jsx_text_and_attributes_do_not_fool_the_scan_and_jsx_in_js_is_read()
    {
        string source = """
            import React from 'react';
            export const App = ({ user }) => <main className="it's">
              Don't "quote" me; require('./text') and import('./text') are text here
              {user ? <b title='a "b"'>{require('./in-jsx')}</b> : <></>}
              <Lazy load={() => import('./lazy')} {...rest} />
            </main>;
            const back = require('./after');
            """;
        var record = AnalysisGenerator.Analyze(source, Hash, source.Length);
        Assert.Null(record.SyntaxError);
        Assert.Equal(["react"], record.RequestedModules.Select(r => r.Specifier));
        Assert.Equal(["./lazy"], record.DynamicImports.Select(d => d.Specifier));
        Assert.Equal([(ImportKind.Require, "./in-jsx"), (ImportKind.Require, "./after")], record.SourceImports.Select(s => (s.Kind, s.Specifier)));
        Assert.Equal(["App"], record.LocalExportEntries.Select(e => e.ExportName));
    }

    [Fact]
    public void Jsx_erased_keeps_every_position()
    {
        var lexer = new SourceLexer();
        const string source = "x = <A b={c} {...d}>{e}<B/>t</A>;\ny = <>{f}</>;";
        lexer.Tokenize(source, jsx: true);
        string erased = lexer.JsxErased!;
        Assert.Equal(source.Length, erased.Length);
        Assert.Equal(source.Split('\n').Select(l => l.Length), erased.Split('\n').Select(l => l.Length));
        Assert.Equal("x=[,c,...d,e,[]];y=[,f];", string.Concat(erased.Where(c => !char.IsWhiteSpace(c))));
    }

    [Fact]
    public void Generic_arrows_and_comparisons_in_tsx_are_not_jsx()
    {
        var found = Scan("""
            const id = <T,>(x: T) => x;
            const constrained = <T extends object>(x: T) => x;
            type F = <T>(x: T) => T;
            if (a < b && c > d) { require('./still-code'); }
            const el = <div>{`x`}</div>;
            import('./after');
            """, jsx: true);
        Assert.Equal([(ReferenceSyntax.Require, "./still-code"), (ReferenceSyntax.ImportCall, "./after")], found.Items.Select(i => (i.Syntax, i.Specifier)));
    }

    [Fact]
    public void TypeScript_references_are_classified_by_syntax()
    {
        var found = Scan("""
            /// <reference path="./globals.d.ts" />
            /// <reference types="node" />
            /// <reference lib="es2022" />
            import type { A } from './a';
            import type B, { C } from './b';
            import type from './default-named-type';
            import { type D, e } from './d';
            import * as ns from './ns';
            import './side';
            export type { F } from './f';
            export type * from './star';
            export * as all from './all';
            export { g } from './g';
            import h = require('./h');
            import type i = require('./i');
            export import j = require('./j');
            let k: import('./k').K;
            let l: typeof import('./l');
            declare module './augmented' { interface X {} }
            declare global { interface Window { x: 1 } }
            @decorated class Z {}
            """);
        Assert.Equal(
            [(ReferenceSyntax.ReferencePath, "./globals.d.ts"), (ReferenceSyntax.ReferenceTypes, "node"),
             (ReferenceSyntax.TypeImportDeclaration, "./a"), (ReferenceSyntax.TypeImportDeclaration, "./b"), (ReferenceSyntax.ImportDeclaration, "./default-named-type"),
             (ReferenceSyntax.ImportDeclaration, "./d"), (ReferenceSyntax.ImportDeclaration, "./ns"), (ReferenceSyntax.ImportDeclaration, "./side"),
             (ReferenceSyntax.TypeExportFrom, "./f"), (ReferenceSyntax.TypeExportFrom, "./star"), (ReferenceSyntax.ExportFrom, "./all"), (ReferenceSyntax.ExportFrom, "./g"),
             (ReferenceSyntax.ImportEquals, "./h"), (ReferenceSyntax.TypeImportEquals, "./i"), (ReferenceSyntax.ImportEquals, "./j"),
             (ReferenceSyntax.ImportCall, "./k"), (ReferenceSyntax.TypeofImportCall, "./l"), (ReferenceSyntax.ModuleAugmentation, "./augmented")],
            found.Items.Select(i => (i.Syntax, i.Specifier)));
        Assert.True(found.IsModule);
        Assert.True(found.DeclaresGlobal);
        Assert.True(found.HasDecorators);
    }

    [Fact]
    public void A_declaration_script_declares_globals_and_all_its_references_are_types()
    {
        const string source = "/// <reference types=\"vite/client\" />\ninterface Window { app: import('./app').App }\ndeclare module 'virtual:x' { export const x: 1 }\n";
        var record = AnalysisGenerator.AnalyzeDeclaration(source, Hash, source.Length);
        Assert.True(record.DeclaresGlobals);
        Assert.Equal([(ImportKind.ReferenceTypes, "vite/client"), (ImportKind.Type, "./app")], record.SourceImports.Select(s => (s.Kind, s.Specifier)));
        const string module = "import type { A } from './a';\nexport declare const a: A;\n";
        Assert.False(AnalysisGenerator.AnalyzeDeclaration(module, Hash, module.Length).DeclaresGlobals);
    }

    [Fact]
    public void Type_only_export_specifiers_are_found_and_values_kept()
    {
        const string source = "import type { T } from './t';\nimport { v } from './v';\ninterface I {}\ntype U = 1;\nconst U = 2;\nexport { T, v as w, I, U };\n";
        var scan = SourceScan.Of(source, SourceLanguage.TypeScript);
        Assert.Equal("import type { T } from './t';\nimport { v } from './v';\ninterface I {}\ntype U = 1;\nconst U = 2;\nexport {    v as w,    U };\n",
            scan.WithoutTypeOnlyExports(source));
    }

    [Fact]
    public void Hostile_input_ends_in_linear_time_without_throwing()
    {
        string[] inputs =
        [
            new string('{', 100_000), new string('}', 100_000), new string('`', 10_001), "`${".PadRight(30_000, '{'), new string('<', 50_000),
            "<a " + new string('{', 50_000), "/" + new string('[', 50_000), "\\", "#", "'unterminated\nrequire('./x')", "x = <div>" + new string('<', 20_000),
        ];
        foreach (var input in inputs)
        {
            Scan(input, jsx: true);
            Scan(input, jsx: false);
            new SourceLexer().Tokenize(input, jsx: true);
        }
    }

    // cjs-module-lexer 2.1's README examples, with what it detects.
    [Theory]
    [InlineData("(function (exports) {\n  exports.a = 'a';\n  exports['b'] = 'b';\n})(exports);", "a,b", "")]
    [InlineData("(function (exports, Object) {\n  exports.a = 'a';\n  exports['b'] = 'b';\n  if (false)\n    exports.c = 'c';\n})(NOT_EXPORTS, NOT_OBJECT);", "a,b,c", "")]
    [InlineData("(function (e) {\n  e.a = 'a';\n  e['b'] = 'b';\n})(exports);", "", "")]
    [InlineData("Object.defineProperty(exports, 'a', {\n  enumerable: true,\n  get: function () {\n    return q.p;\n  }\n});\nObject.defineProperty(exports, 'b', {\n  enumerable: true,\n  get: function () {\n    return q['p'];\n  }\n});\nObject.defineProperty(exports, 'c', {\n  enumerable: true,\n  get () {\n    return b;\n  }\n});\nObject.defineProperty(exports, 'd', { value: 'd' });\nObject.defineProperty(exports, '__esModule', { value: true });", "a,b,c,d,__esModule", "")]
    [InlineData("Object.defineProperty(exports, 'a', {\n  get () {\n    return 'nope';\n  }\n});\nif (false) {\n  Object.defineProperty(module.exports, 'a', {\n    get () {\n      return dynamic();\n    }\n  })\n}", "", "")]
    [InlineData("Object.defineProperty(exports, 'a', { enumerable: false, get () { return p; } });\nObject.defineProperty(exports, 'c', { get: () => p });\nObject.defineProperty(exports, 'e', { enumerable: true, get () { return 'str'; } });", "", "")]
    [InlineData("module.exports = {\n  a,\n  'b': b,\n  c: c,\n  ...d\n};", "a,b,c", "")]
    [InlineData("module.exports = {\n  a,\n  ...d,\n  b: require('c'),\n  c: \"not detected since require('c') above bails the object detection\"\n}", "a,b", "")]
    [InlineData("module.exports = require('a');\n(module => module.exports = require('b'))(NOT_MODULE);\nif (false) module.exports = require('c');", "", "c")]
    [InlineData("module.exports = require('ignored');\nmodule.exports = {\n  ...require('a'),\n  ...require('b')\n};", "", "a,b")]
    [InlineData("\"use strict\";\nObject.defineProperty(exports, \"__esModule\", { value: true });\nvar _x = require(\"x\");\nObject.keys(_x).forEach(function (key) {\n  if (key === \"default\" || key === \"__esModule\") return;\n  if (key in exports && exports[key] === _x[key]) return;\n  Object.defineProperty(exports, key, {\n    enumerable: true,\n    get: function () {\n      return _x[key];\n    }\n  });\n});", "__esModule", "x")]
    [InlineData("__exportStar(require(\"./a\"), exports);\ntslib_1.__exportStar(require(\"./b\"), exports);\n__export(require('./c'));\nif (x) { __exportStar(require('./nested'), exports); }", "", "./a,./b,./c")]
    public void CommonJs_exports_follow_cjs_module_lexer(string source, string exports, string reexports)
    {
        var record = AnalysisGenerator.AnalyzeCommonJs(source, Hash, source.Length);
        Assert.True(record.IsCommonJs);
        Assert.Null(record.SyntaxError);
        Assert.Equal(exports, string.Join(',', record.LocalExportEntries.Select(e => e.ExportName)));
        Assert.Equal(reexports, string.Join(',', record.StarExportEntries.Select(s => record.RequestedModules[s.ModuleRequest].Specifier)));
    }

    [Theory]
    [InlineData("const x = require('./x');\nmodule.exports = x;\n", true)]
    [InlineData("console.log(1);\n", true)]
    [InlineData("import x from './x';\nconsole.log(x);\n", false)]
    [InlineData("export {};\n", false)]
    [InlineData("console.log(import.meta.url);\n", false)]
    [InlineData("await Promise.resolve();\n", false)]
    [InlineData("const require = 1;\n", false)]
    [InlineData("const x = import('./lazy');\nmodule.exports = x;\n", true)]
    [InlineData("with (o) { x = 1; }\n", true)]
    public void Ambiguous_javascript_follows_nodes_module_syntax_detection(string source, bool commonJs)
    {
        var record = AnalysisGenerator.AnalyzeAmbiguous(source, Hash, source.Length);
        Assert.Null(record.SyntaxError);
        Assert.Equal(commonJs, record.IsCommonJs);
    }
}
