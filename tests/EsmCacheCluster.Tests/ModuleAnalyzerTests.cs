using EsmCacheCluster.Format;

namespace EsmCacheCluster.Tests;

/// <summary>The module record of ECMA-262 ParseModule, case by case.</summary>
public sealed class ModuleAnalyzerTests
{
    [Fact]
    public void Import_forms_give_the_spec_import_entries()
    {
        var r = Analyze.Valid("""
            import d from "a";
            import * as ns from "b";
            import { x, y as z, default as dd, "str name" as s } from "c";
            import d2, * as ns2 from "d";
            import d3, { w } from "e";
            import "f";
            """);
        Assert.Equal(["a", "b", "c", "d", "e", "f"], r.Requests());
        Assert.Equal(
            ["a|default|d", "b|<ns>|ns", "c|x|x", "c|y|z", "c|default|dd", "c|str name|s", "d|default|d2", "d|<ns>|ns2", "e|default|d3", "e|w|w"],
            r.Imports());
        Assert.Empty(r.Locals());
    }

    [Fact]
    public void Requests_are_deduplicated_in_first_occurrence_order_across_imports_and_exports()
    {
        var r = Analyze.Valid("""
            export { a } from "m1";
            import "m2";
            import x from "m1";
            export * from "m2";
            import "m3";
            export * as n from "m1";
            """);
        Assert.Equal(["m1", "m2", "m3"], r.Requests());
    }

    [Fact]
    public void Same_specifier_with_different_attributes_is_a_different_request()
    {
        var r = Analyze.Valid("""
            import a from "./x.json" with { type: "json" };
            import b from "./x.json";
            import c from "./x.json" with { type: "json" };
            """);
        Assert.Equal(["./x.json {type:json}", "./x.json"], r.Requests());
        Assert.Equal(["./x.json|default|a", "./x.json|default|b", "./x.json|default|c"], r.Imports());
        Assert.Equal([0, 1, 0], r.ImportEntries.Select(e => e.ModuleRequest));
    }

    [Fact]
    public void Attributes_are_sorted_by_key_in_utf16_order_and_keys_may_be_strings()
    {
        var r = Analyze.Valid("""import a from "m" with { "z": "1", type: "json", "B": "2", "\u{1F600}": "3", "\uFFFF": "4" };""");
        var keys = r.RequestedModules[0].Attributes.Select(a => a.Key).ToArray();
        // UTF-16 code unit order puts U+1F600 (surrogate pair D83D DE00) before U+FFFF; code point order would not.
        Assert.Equal(["B", "type", "z", "\U0001F600", "\uFFFF"], keys);
    }

    [Fact]
    public void Duplicate_attribute_keys_are_a_syntax_error()
    {
        Assert.NotNull(Analyze.Source("""import a from "m" with { type: "json", "type": "json" };""").SyntaxError);
    }

    [Fact]
    public void Local_exports_of_declarations_use_their_bound_names_in_source_order()
    {
        var r = Analyze.Valid("""
            export var a = 1, b;
            export let { c, d: [e, , f = 1, ...g], ...h } = {};
            export const [i, { j: { k } }] = [];
            export function fn() {}
            export async function afn() {}
            export function* gen() {}
            export class C {}
            """);
        Assert.Equal(
            ["a|a", "b|b", "c|c", "e|e", "f|f", "g|g", "h|h", "i|i", "k|k", "fn|fn", "afn|afn", "gen|gen", "C|C"],
            r.Locals());
    }

    [Theory]
    [InlineData("export default function () {}", "default|*default*")]
    [InlineData("export default function f() {}", "default|f")]
    [InlineData("export default async function () {}", "default|*default*")]
    [InlineData("export default function* g() {}", "default|g")]
    [InlineData("export default class {}", "default|*default*")]
    [InlineData("export default class K {}", "default|K")]
    [InlineData("export default (function f() {});", "default|*default*")]
    [InlineData("export default 1 + 2;", "default|*default*")]
    [InlineData("const x = 1; export { x as default };", "default|x")]
    public void Default_exports(string source, string expected)
    {
        Assert.Equal([expected], Analyze.Valid(source).Locals());
    }

    [Fact]
    public void Export_specifiers_without_from_are_local_unless_they_name_an_import()
    {
        var r = Analyze.Valid("""
            const local = 1;
            export { local, local as renamed, local as "string name" };
            export { imported, imported as again, ns, def };
            import { original as imported } from "m";
            import * as ns from "n";
            import def from "o";
            """);
        // A re-exported single import becomes indirect; a re-exported namespace import stays local (ParseModule step 10).
        Assert.Equal(["local|local", "renamed|local", "string name|local", "ns|ns"], r.Locals());
        Assert.Equal(["imported|m|original", "again|m|original", "def|o|default"], r.Indirects());
    }

    [Fact]
    public void Export_from_forms()
    {
        var r = Analyze.Valid("""
            export { a, b as c, default as d, "s" as "t" } from "m";
            export * from "star";
            export * as ns from "nsm";
            export * as "string ns" from "nsm";
            export * as default from "dm";
            """);
        Assert.Equal(["a|m|a", "c|m|b", "d|m|default", "t|m|s", "ns|nsm|<all>", "string ns|nsm|<all>", "default|dm|<all>"], r.Indirects());
        Assert.Equal(["star"], r.Stars());
        Assert.Empty(r.Locals());
        Assert.Empty(r.Imports());
    }

    [Theory]
    [InlineData("await 1;", true)]
    [InlineData("if (a) { await b; }", true)]
    [InlineData("for await (const x of y) {}", true)]
    [InlineData("const o = { [await k]: 1 };", true)]
    [InlineData("class C { [await k]() {} }", true)]
    [InlineData("class C { static [await k] = 1; }", true)]
    [InlineData("label: { await x; }", true)]
    [InlineData("try {} finally { await x; }", true)]
    [InlineData("await using r = x;", true)]
    [InlineData("const f = async () => await x;", false)]
    [InlineData("async function f() { await x; for await (const y of z) {} }", false)]
    [InlineData("class C { async m() { await x; } }", false)]
    [InlineData("const o = { async m() { await x; } };", false)]
    [InlineData("function f() { return async () => { await x; }; }", false)]
    [InlineData("const x = 1;", false)]
    public void Top_level_await_is_ModuleBody_Contains_await(string source, bool expected)
    {
        Assert.Equal(expected, Analyze.Valid(source).HasTopLevelAwait);
    }

    [Fact]
    public void Dynamic_imports_in_source_order_with_null_for_computed_specifiers()
    {
        var r = Analyze.Valid("""
            import("./a.js");
            function f(x) { return import(x); }
            const g = () => import(`./tpl.js`);
            import(`./${"x"}.js`);
            import(import("./inner.js"));
            import("./opts.js", { with: { type: "json" } });
            """);
        Assert.Equal(["./a.js", "<computed>", "./tpl.js", "<computed>", "<computed>", "./inner.js", "./opts.js"], r.Dynamic());
        Assert.Empty(r.Requests());
    }

    [Fact]
    public void Import_meta_is_detected_anywhere()
    {
        Assert.True(Analyze.Valid("function f() { return () => import.meta.url; }").UsesImportMeta);
        Assert.False(Analyze.Valid("const meta = { url: 1 }; meta.url;").UsesImportMeta);
    }

    [Fact]
    public void Syntax_errors_give_a_record_with_message_and_one_based_position()
    {
        var r = Analyze.Source("export const x = 1;\nexport let = ;\n");
        Assert.NotNull(r.SyntaxError);
        Assert.Equal(2, r.SyntaxError!.Line);
        Assert.True(r.SyntaxError.Column >= 1);
        Assert.False(string.IsNullOrWhiteSpace(r.SyntaxError.Message));
        Assert.Empty(r.RequestedModules);
        Assert.False(r.HasBytecode);
    }

    [Theory]
    [InlineData("export { x };")] // exporting an undeclared name
    [InlineData("export const a = 1; export { a };")] // duplicate export name
    [InlineData("<!-- html comment")] // HTML-like comments are script-only
    [InlineData("with (a) {}")] // modules are strict
    [InlineData("const await = 1;")]
    [InlineData("function f() { await x; }")]
    [InlineData("export { \"\\uD800\" as x } from \"m\";")] // export names must be well-formed
    public void Module_only_early_errors_are_rejected(string source)
    {
        Assert.NotNull(Analyze.Source(source).SyntaxError);
    }

    [Fact]
    public void Lone_surrogates_in_specifiers_survive_exactly()
    {
        var r = Analyze.Valid("import \"./\\uD800.js\"; export * from \"\\uDC00\";");
        Assert.Equal("./\uD800.js", r.RequestedModules[0].Specifier);
        Assert.Equal("\uDC00", r.RequestedModules[1].Specifier);
        var back = Bmes.Deserialize(Bmes.Serialize(r));
        Assert.Equal(r.Requests(), back.Requests());
    }

    [Fact]
    public void Modern_syntax_parses()
    {
        Analyze.Valid("""
            const re = /[\p{L}--[a-z]]/v;
            const mod = /(?i:a)b/;
            const dup = /(?<y>a)|(?<y>b)/;
            { using r = null; }
            const t = () => { throw `a
            b`; };
            class P { #x = 1; static { this.y = 2; } has(o) { return #x in o; } }
            a ??= b; c ||= d; e &&= f;
            """);
    }

    [Fact]
    public void A_UTF8_BOM_is_not_part_of_the_module()
    {
        var bytes = new byte[] { 0xEF, 0xBB, 0xBF }.Concat("export const a = 1;"u8.ToArray()).ToArray();
        var r = EsmCacheCluster.Generation.ModuleGenerator.Analyze(bytes);
        Assert.Null(r.SyntaxError);
        Assert.Equal(ContentHash.Compute(bytes), r.SourceHash);
        Assert.Equal(bytes.Length, r.SourceLength);
    }

    [Fact]
    public void Flat_chains_100000_deep_are_analysed_without_a_recursive_walk()
    {
        // Acornima builds these iteratively; any recursive walk over the tree would overflow the stack.
        string source = "export const x = " + string.Join("+", Enumerable.Repeat("1", 100_000)) + ";\nawait import('./a.js');";
        var r = Analyze.Valid(source);
        Assert.True(r.HasTopLevelAwait);
        Assert.Equal(["./a.js"], r.Dynamic());
    }

    [Fact]
    public void Deep_nesting_is_reported_not_a_crash()
    {
        string source = new string('(', 100_000) + "1" + new string(')', 100_000);
        var e = Record.Exception(() => Analyze.Source(source));
        // Either the parser copes or the analyser reports the nesting; the process must survive both ways.
        if (e is not null)
        {
            Assert.IsType<EsmCacheCluster.Analysis.ModuleAnalysisException>(e);
        }
    }
}
