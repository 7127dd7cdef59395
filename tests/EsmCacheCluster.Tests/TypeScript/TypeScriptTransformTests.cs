using System.Text;
using EsmCacheCluster.Format;
using EsmCacheCluster.Generation;
using EsmCacheCluster.Transform;

namespace EsmCacheCluster.Tests.TypeScript;

/// <summary>TypeScript and JSX to JavaScript in process: semantics, positions, errors, options in keys and recipes.</summary>
public sealed class TypeScriptTransformTests
{
    private static readonly TransformOptions Ts = new(SourceLanguage.TypeScript);
    private static readonly TransformOptions TsxPreserve = new(SourceLanguage.Tsx);

    private static readonly Lazy<ModuleGenerator> Generator = new(() => new ModuleGenerator());

    private static ModuleRecord Record(string source, TransformOptions options, bool bytecode = false)
    {
        var bytes = Encoding.UTF8.GetBytes(source);
        return Generator.Value.Generate("file:///m" + Extension(options), bytes, new CacheKey(ContentHash.Compute(bytes), options), bytecode).Record;
    }

    private static string Extension(TransformOptions options) => options.Language switch
    {
        SourceLanguage.TypeScript => ".ts",
        SourceLanguage.Tsx => ".tsx",
        SourceLanguage.Jsx => ".jsx",
        _ => ".js",
    };

    private static string Transform(string source, TransformOptions options)
    {
        var result = TypeScriptTransformer.Shared.Transform(source, options, "/m" + Extension(options));
        Assert.Null(result.Error);
        return result.Emitted!;
    }

    [Fact]
    public void Types_are_erased_with_verbatim_module_syntax_and_every_position_kept()
    {
        const string source = """
            import { type A, B } from './b.js';
            import type C from './c.js';
            import { type D } from './d.js';
            import E from './e.js'; // used only as a type: still imported, as verbatimModuleSyntax says
            export type F = number;
            export interface G { x: E }
            export const h = (x: number): string => String(x) as string;
            let i!: A;
            export { B, type C };
            """;
        string emitted = Transform(source, Ts);
        Assert.Equal(source.Length, emitted.Length);
        Assert.Equal(source.Split('\n').Length, emitted.Split('\n').Length);
        Assert.Equal(source.IndexOf("String(x)", StringComparison.Ordinal), emitted.IndexOf("String(x)", StringComparison.Ordinal));

        var record = Record(source, Ts);
        Assert.Null(record.SyntaxError);
        Assert.Equal(["./b.js", "./d.js", "./e.js"], record.RequestedModules.Select(r => r.Specifier));
        Assert.Equal(["B", "E"], record.ImportEntries.Select(e => e.LocalName));
        Assert.Equal(["h"], record.LocalExportEntries.Select(e => e.ExportName));
        Assert.Equal(["B"], record.IndirectExportEntries.Select(e => e.ExportName));
        Assert.Equal(TypeScriptTransformer.RecipeFor(Ts), record.Transform);
        Assert.StartsWith("amaro/", record.Transform, StringComparison.Ordinal);
    }

    [Fact]
    public void Syntax_errors_point_at_the_ts_line_and_column_in_utf16_code_units()
    {
        var record = Record("const s = 'é𝒳';\nlet x: = 1;\n", Ts);
        Assert.Equal(new ModuleSyntaxError(record.SyntaxError!.Message, 2, 8), record.SyntaxError);

        // An ECMAScript early error found after stripping also keeps the source's position.
        var early = Record("let a: number = 1;\nlet value: string = 'x', a = 2;\n", Ts);
        Assert.Equal(2, early.SyntaxError!.Line);
        Assert.Equal(26, early.SyntaxError.Column);
    }

    [Fact]
    public void Enums_namespaces_and_parameter_properties_are_transformed_not_rejected()
    {
        var record = Record("""
            export enum Color { Red, Green }
            export namespace N { export const x = 1; }
            export class P { constructor(private readonly a: number) {} }
            export const y = <number>(1 as unknown);
            """, Ts);
        Assert.Null(record.SyntaxError);
        Assert.Equal(["Color", "N", "P", "y"], record.LocalExportEntries.Select(e => e.ExportName).Order());
    }

    [Theory]
    [InlineData("import fs = require('fs');\nexport const f = fs;\n", "fs")]
    [InlineData("import type { T } from './t';\nexport = { x: require('./x') } as T;\n", "./x")]
    public void CommonJs_syntax_of_typescript_becomes_require_calls(string source, string required)
    {
        var record = Record(source, Ts);
        Assert.Null(record.SyntaxError);
        Assert.Contains(new SourceImport(ImportKind.Require, required), record.SourceImports);
    }

    private const string Component = """
        import { useState } from 'react';
        export function App(props: { name: string }) {
          const [n] = useState<number>(0);
          return <>
            <div className="x" key="k">{props.name} {n}</div>
            <span />
          </>;
        }
        """;

    [Fact]
    public void Jsx_follows_the_mode_react_jsx_imports_the_runtime_of_the_import_source()
    {
        var preserve = Record(Component, TsxPreserve);
        Assert.Null(preserve.SyntaxError);
        Assert.Equal(["react"], preserve.RequestedModules.Select(r => r.Specifier));

        var automatic = Record(Component, new TransformOptions(SourceLanguage.Tsx, JsxMode.ReactJsx));
        Assert.Equal(["react/jsx-runtime", "react"], automatic.RequestedModules.Select(r => r.Specifier));
        Assert.Equal(["Fragment", "jsx", "jsxs", "useState"], automatic.ImportEntries.Select(e => e.ImportName).Order(StringComparer.Ordinal));

        var preact = Record(Component, new TransformOptions(SourceLanguage.Tsx, JsxMode.ReactJsxDev, "preact"));
        Assert.Equal(["preact/jsx-dev-runtime", "react"], preact.RequestedModules.Select(r => r.Specifier));

        var classic = Record(Component, new TransformOptions(SourceLanguage.Tsx, JsxMode.React));
        Assert.Equal(["react"], classic.RequestedModules.Select(r => r.Specifier));
        Assert.Contains("React.createElement", classic.EmittedCode, StringComparison.Ordinal);

        // Lines are kept by the JSX transform as well.
        Assert.Equal(Component.Split('\n').Length, automatic.EmittedCode!.Split('\n').Length);
    }

    [Fact]
    public void Preserved_jsx_gives_a_record_but_no_bytecode_and_says_why()
    {
        var record = Record(Component, TsxPreserve, bytecode: true);
        Assert.Null(record.SyntaxError);
        Assert.False(record.HasBytecode);
        Assert.Equal(ModuleGenerator.JsxPreservedNote, record.BytecodeNote);
        Assert.Contains("<div", record.EmittedCode, StringComparison.Ordinal);

        var runnable = Record(Component, new TransformOptions(SourceLanguage.Tsx, JsxMode.ReactJsx), bytecode: true);
        Assert.True(runnable.HasBytecode);
        Assert.DoesNotContain("<div", runnable.EmittedCode, StringComparison.Ordinal);
    }

    [Fact]
    public void Jsx_files_take_jsx_but_not_typescript()
    {
        var ok = Record("import x from './x.js';\nexport const a = <b>{x}</b>;\n", new TransformOptions(SourceLanguage.Jsx, JsxMode.ReactJsx));
        Assert.Null(ok.SyntaxError);
        Assert.Equal(["react/jsx-runtime", "./x.js"], ok.RequestedModules.Select(r => r.Specifier));

        var typed = Record("export const a: number = 1;\n", new TransformOptions(SourceLanguage.Jsx));
        Assert.Contains(".jsx", typed.SyntaxError!.Message, StringComparison.Ordinal);
        Assert.Equal((1, 15), (typed.SyntaxError.Line, typed.SyntaxError.Column));

        var mismatched = Record("export const a = <b>x</c>;\n", new TransformOptions(SourceLanguage.Jsx));
        Assert.NotNull(mismatched.SyntaxError);
    }

    [Fact]
    public void Options_are_normalised_and_round_trip_through_keys()
    {
        Assert.Equal(new TransformOptions(SourceLanguage.TypeScript), new TransformOptions(SourceLanguage.TypeScript, JsxMode.ReactJsx, "preact"));
        Assert.Equal(new TransformOptions(SourceLanguage.Tsx, JsxMode.React), new TransformOptions(SourceLanguage.Tsx, JsxMode.React, "preact"));
        Assert.Equal("react", new TransformOptions(SourceLanguage.Tsx, JsxMode.ReactJsx).JsxImportSource);

        var hash = ContentHash.Compute("x"u8);
        foreach (var options in (TransformOptions[])[
            TransformOptions.None, Ts, TsxPreserve, new(SourceLanguage.Jsx),
            new(SourceLanguage.Tsx, JsxMode.React), new(SourceLanguage.Tsx, JsxMode.ReactJsx, "@emotion/react"),
            new(SourceLanguage.Jsx, JsxMode.ReactJsxDev, "Ünïcode/x~y")])
        {
            var key = new CacheKey(hash, options);
            string text = key.ToString();
            Assert.True(CacheKey.TryParse(text, out var parsed), text);
            Assert.Equal(key, parsed);
            Assert.DoesNotContain('/', text);
            Assert.DoesNotContain(' ', text);
        }

        Assert.Throws<ArgumentException>(() => new TransformOptions(SourceLanguage.Tsx, JsxMode.ReactJsx, "a b"));
        Assert.Equal(hash.ToString(), new CacheKey(hash, TransformOptions.None).ToString());
        Assert.Equal($"{hash}.tsx+react-jsx+%40emotion%2Freact", new CacheKey(hash, new(SourceLanguage.Tsx, JsxMode.ReactJsx, "@emotion/react")).ToString());
        foreach (string bad in (string[])[$"{hash}.", $"{hash}.TS", $"{hash}.ts+react", $"{hash}.tsx+react-jsx", $"{hash}.tsx+react-jsx+%4", $"{hash}.tsx+react-jsx+%20", $"{hash}.tsx+react-jsx+%zz", $"{hash}.tsx+react-jsx+%2", $"{hash}.tsx+react-jsx+A", $"{hash.ToString().ToUpperInvariant()}.ts"])
        {
            Assert.False(CacheKey.TryParse(bad, out _), bad);
        }
    }

    [Fact]
    public void Same_bytes_under_other_options_give_other_records_and_recipes()
    {
        var a = Record(Component, new TransformOptions(SourceLanguage.Tsx, JsxMode.ReactJsx));
        var b = Record(Component, new TransformOptions(SourceLanguage.Tsx, JsxMode.ReactJsx, "preact"));
        Assert.NotEqual(a.Transform, b.Transform);
        Assert.NotEqual(a.RequestedModules[0].Specifier, b.RequestedModules[0].Specifier);
        Assert.Equal(a.SourceHash, b.SourceHash);
    }

    [Fact]
    public void Transformed_blobs_round_trip_and_metadata_drops_the_emitted_code()
    {
        var bytes = Encoding.UTF8.GetBytes(Component);
        var generated = Generator.Value.Generate("file:///c.tsx", bytes, new CacheKey(ContentHash.Compute(bytes), new TransformOptions(SourceLanguage.Tsx, JsxMode.ReactJsx)), includeBytecode: true);
        var read = Bmes.Deserialize(generated.Blob);
        RecordAssert.Equal(generated.Record, read);
        Assert.Equal(generated.Record.EmittedCode, read.EmittedCode);
        Assert.Equal(generated.Record.Transform, read.Transform);

        var metadata = Bmes.Deserialize(Bmes.Serialize(read.WithoutPayload()));
        Assert.Null(metadata.EmittedCode);
        Assert.False(metadata.HasBytecode);
        Assert.Equal(read.Transform, metadata.Transform);

        // Every truncation of a transformed blob is a clean rejection.
        for (int length = 0; length < generated.Blob.Length; length += 7)
        {
            Assert.False(Bmes.Validate(generated.Blob.AsSpan(0, length)).IsValid);
        }
    }

    [Fact]
    public void Options_come_from_the_extension_and_the_covering_tsconfig()
    {
        using var dir = new TempDirectory();
        dir.Write("base.json", "{ \"compilerOptions\": { \"jsx\": \"react-jsx\", \"jsxImportSource\": \"preact\" } }");
        dir.Write("web/tsconfig.json", "// extends a base\n{ \"extends\": \"../base.json\", \"compilerOptions\": { \"allowJs\": true, }, \"exclude\": [\"legacy\"] }");
        string js = dir.Write("web/a.js", "export const a = <b/>;");
        string mjs = dir.Write("web/legacy/old.js", "export const a = 1;");
        string tsx = dir.Write("web/c.tsx", "export const c = <b/>;");
        string mts = dir.Write("web/d.mts", "export const d: number = 1;");
        string dts = dir.Write("web/e.d.ts", "export declare const e: number;");
        string other = dir.Write("other/f.tsx", "export const f = <b/>;");
        var resolver = new EsmCacheCluster.Graph.Resolution.ModuleResolver(EsmCacheCluster.Graph.Resolution.ResolveMode.Auto);

        Assert.Equal(new TransformOptions(SourceLanguage.Jsx, JsxMode.ReactJsx, "preact"), resolver.TransformFor(js)); // allowJs + jsx: .js is JSX
        Assert.Equal(new TransformOptions(SourceLanguage.Ambiguous), resolver.TransformFor(mjs)); // excluded: no tsconfig covers it; no package.json type
        Assert.Equal(new TransformOptions(SourceLanguage.Tsx, JsxMode.ReactJsx, "preact"), resolver.TransformFor(tsx));
        Assert.Equal(new TransformOptions(SourceLanguage.TypeScript), resolver.TransformFor(mts));
        Assert.True(TransformOptions.TryGetLanguage(dts, out var declaration));
        Assert.Equal(SourceLanguage.Declaration, declaration);
        Assert.Equal(new TransformOptions(SourceLanguage.Declaration), resolver.TransformFor(dts));
        Assert.Equal(new TransformOptions(SourceLanguage.Tsx), resolver.TransformFor(other)); // no tsconfig: JSX preserved

        // Without allowJs a tsconfig does not take JavaScript: its imports keep Node's resolution.
        string plain = dir.Write("lib/tsconfig.json", "{ \"compilerOptions\": { \"jsx\": \"react-jsx\" } }");
        string libJs = dir.Write("lib/x.js", "export const x = 1;");
        string libTs = dir.Write("lib/y.ts", "export const y = 1;");
        Assert.Null(resolver.TypeScriptConfigFor(libJs));
        Assert.Equal(plain, resolver.TypeScriptConfigFor(libTs)!.FilePath);
        Assert.Equal(new TransformOptions(SourceLanguage.Ambiguous), resolver.TransformFor(libJs));

        var record = Record(File.ReadAllText(js), resolver.TransformFor(js));
        Assert.Equal(["preact/jsx-runtime"], record.RequestedModules.Select(r => r.Specifier));
        Assert.Null(Record(File.ReadAllText(mts), resolver.TransformFor(mts)).SyntaxError);
    }

    [Fact]
    public void Recipes_name_the_tools_and_options_and_parse_back()
    {
        foreach (var options in (TransformOptions[])[Ts, TsxPreserve, new(SourceLanguage.Tsx, JsxMode.ReactJsx, "@emotion/react")])
        {
            string recipe = TypeScriptTransformer.RecipeFor(options);
            Assert.True(TransformRecipe.TryParse(recipe, out string? tools, out var parsed), recipe);
            Assert.Equal(options, parsed);
            Assert.StartsWith($"amaro/{TypeScriptTransformer.AmaroVersion}", tools, StringComparison.Ordinal);
            Assert.Equal(options.AllowsJsx, tools.Contains("+sucrase/", StringComparison.Ordinal));
        }

        Assert.Equal("", TypeScriptTransformer.RecipeFor(TransformOptions.None));
        Assert.False(TransformRecipe.TryParse("", out _, out _));
        Assert.False(TransformRecipe.TryParse("amaro/1.0;TS", out _, out _));
    }

    [Fact]
    public void Analyze_json_names_the_transform()
    {
        using var dir = new TempDirectory();
        dir.Write("tsconfig.json", "{ \"compilerOptions\": { \"jsx\": \"react-jsx\", \"jsxImportSource\": \"preact\" } }");
        string file = dir.Write("app.tsx", "import type { T } from './t.js';\nexport const app = (t: T) => <b>{String(t)}</b>;\n");
        var stdout = new StringWriter();
        int exit = EsmCacheCluster.Cli.AnalyzeCommand.Run([file], Environment.CurrentDirectory, json: true, outputDirectory: dir.Path, includeBytecode: true, stdout, new StringWriter());
        Assert.Equal(0, exit);
        using var json = System.Text.Json.JsonDocument.Parse(stdout.ToString());
        var transform = json.RootElement.GetProperty("transform");
        Assert.StartsWith("amaro/", transform.GetProperty("name").GetString(), StringComparison.Ordinal);
        Assert.Equal("tsx", transform.GetProperty("language").GetString());
        Assert.Equal("react-jsx", transform.GetProperty("jsx").GetString());
        Assert.Equal("preact", transform.GetProperty("jsxImportSource").GetString());
        Assert.Equal("preact/jsx-runtime", json.RootElement.GetProperty("requestedModules")[0].GetProperty("specifier").GetString());
        Assert.StartsWith("v8/", json.RootElement.GetProperty("bytecode").GetProperty("producer").GetString(), StringComparison.Ordinal);
        string blob = Assert.Single(Directory.GetFiles(dir.Path, "*.bmes"));
        Assert.EndsWith(".tsx+react-jsx+preact.bmes", blob, StringComparison.Ordinal);

        // inspect of the blob prints the same record (file aside).
        var inspected = new StringWriter();
        Assert.Equal(0, EsmCacheCluster.Cli.InspectCommand.Run([blob], Environment.CurrentDirectory, json: true, inspected, new StringWriter()));
        Assert.Equal(stdout.ToString().Replace(file, blob, StringComparison.Ordinal), inspected.ToString());
    }
}
