using System.Text;
using EsmCacheCluster.Analysis;
using EsmCacheCluster.Bytecode;
using EsmCacheCluster.Format;
using EsmCacheCluster.Transform;

namespace EsmCacheCluster.Generation;

/// <summary>
/// The generate operation: source bytes to JavaScript (TypeScript and JSX transformed by amaro and sucrase), to
/// module record (Acornima), plus V8 code cache (ClearScript), to BMES. Thread-safe; analysers are per thread, V8
/// runtimes pooled, the transformer one engine per process, and no V8 starts until a module needs it.
/// </summary>
public sealed class ModuleGenerator : IModuleGenerator, IDisposable
{
    private readonly V8BytecodeProducer _bytecode = new();
    private readonly TypeScriptTransformer _transformer = new();

    /// <summary>The bytecode note of a record generated without bytecode: it can still be completed later.</summary>
    public const string NotRequestedNote = BytecodeNote.NotRequested;

    /// <summary>The bytecode note of a JSX module whose mode is preserve: there is nothing V8 could run.</summary>
    public const string JsxPreservedNote = "JSX preserved: a jsx setting in tsconfig.json (react-jsx, react-jsxdev or react) makes it runnable";

    /// <summary>The bytecode note of a CommonJS module: V8 here compiles ES modules only.</summary>
    public const string CommonJsNote = "a CommonJS module: compiled by Node, not as an ES module";

    /// <summary>The analyser version written into every record; a stored record with another is stale.</summary>
    public static string AnalyzerVersion => ModuleAnalyzer.Version;

    /// <summary>The fingerprint bytecode from this generator carries.</summary>
    public static string BytecodeProducer => V8BytecodeProducer.Fingerprint;

    string IModuleGenerator.AnalyzerVersion => AnalyzerVersion;

    string? IModuleGenerator.BytecodeProducer => BytecodeProducer;

    /// <summary>The transform recipe records for <paramref name="transform"/> carry ("" for plain JavaScript).</summary>
    public static string TransformRecipe(TransformOptions transform) => TypeScriptTransformer.RecipeFor(transform);

    string? IModuleGenerator.TransformRecipe(TransformOptions transform) => TransformRecipe(transform);

    /// <summary>
    /// Called on the first miss of a kind while the scan still reads the tree: the analyser's code is compiled (JIT)
    /// on another thread by analysing a small module, and TypeScript and JSX load the transformer (Wasmtime's amaro,
    /// V8 for JSX) and compile the source scan's TypeScript paths, so a one-file edit finds them ready instead of
    /// waiting for them.
    /// </summary>
    public void Prepare(TransformOptions transform)
    {
        if (Interlocked.Exchange(ref s_analyserPrepared, 1) == 0)
        {
            ThreadPool.UnsafeQueueUserWorkItem(static _ => PrepareAnalyser(), null);
        }

        TypeScriptTransformer.Prepare(transform);
        if (!transform.IsPlainJavaScript && !transform.IsDeclaration && Interlocked.Exchange(ref s_sourceScanPrepared, 1) == 0)
        {
            ThreadPool.UnsafeQueueUserWorkItem(static language => PrepareSourceScan(language), transform.Language, preferLocal: false);
        }
    }

    private static int s_analyserPrepared;
    private static int s_sourceScanPrepared;

    // Type-only imports and exports, a decorator, an enum and generics: the source scan's TypeScript paths.
    private const string SourceScanSample = """
        import type { A } from "./a";
        import { type B, c } from "./b";
        export type { C } from "./c";
        export interface I<T extends A = A> { b: B; f(x: T): void }
        export enum E { One = 1 }
        @c class K { m<T>(x: T): T { return x as T; } }
        export default K;
        """;

    private static void PrepareSourceScan(SourceLanguage language)
    {
        try
        {
            var scan = SourceScan.Of(SourceScanSample, language);
            byte[] stripped = Encoding.UTF8.GetBytes(scan.WithoutTypeOnlyExports(SourceScanSample));
            scan.Complete(new ModuleRecord { SourceHash = ContentHash.Compute(stripped), SourceLength = stripped.Length, AnalyzerVersion = AnalyzerVersion });
        }
        catch (Exception e) when (e is not OutOfMemoryException)
        {
            // Only a head start: the first real module compiles whatever this did not.
        }
    }

    // Imports, exports of each form, classes, closures, templates and await: the parser's and the record's common paths.
    private static ReadOnlySpan<byte> AnalyserSample => """
        import d, { a as b, c } from "./a.js";
        import * as ns from "./b.js";
        export * from "./c.js";
        export { x as y } from "./d.js";
        export const one = 1, two = [b, c, ...ns.list], three = { d, key: `t${one}`, f() { return this; } };
        export function f(p, { q = 2 } = {}) { return p?.q ?? q; }
        export default class K extends Object { #p = 1; static s() { return import("./e.js"); } }
        for (const item of two) { if (item instanceof K) { await f(item, { q: item }); } else { continue; } }
        export { one as uno };
        """u8;

    private static void PrepareAnalyser()
    {
        try
        {
            Bmes.Serialize(AnalysisGenerator.Analyze(AnalyserSample));
        }
        catch (Exception e) when (e is not OutOfMemoryException)
        {
            // Only a head start: the first real module compiles whatever this did not.
        }
    }

    /// <summary>Null when V8 works here; otherwise why records carry no bytecode.</summary>
    public string? BytecodeUnavailableReason => _bytecode.UnavailableReason;

    /// <summary>Generates the record and its blob. <paramref name="sourceUrl"/> only names the module in V8's diagnostics.</summary>
    public GeneratedModule Generate(string sourceUrl, ReadOnlySpan<byte> source, bool includeBytecode = true) =>
        Generate(sourceUrl, source, ContentHash.Compute(source), includeBytecode);

    /// <summary>
    /// As above, for callers that have just computed the hash of <paramref name="key"/> from these very bytes (the
    /// grain verifies every upload), so the source is not hashed twice.
    /// </summary>
    public GeneratedModule Generate(string sourceUrl, ReadOnlySpan<byte> source, CacheKey key, bool includeBytecode)
    {
        if (key.Transform.IsPlainJavaScript && !includeBytecode)
        {
            return AnalysisGenerator.Instance.Generate(sourceUrl, source, key, includeBytecode: false);
        }

        string text = SourceText.Decode(source);
        var record = Analyze(text, key, source.Length, sourceUrl);
        record = includeBytecode ? AddBytecode(record, key.Transform, sourceUrl, text) : NotRequested(record);
        return new GeneratedModule(record, Bmes.Serialize(record));
    }

    /// <summary>The record of JavaScript source bytes alone: parse and module analysis, no V8.</summary>
    public static ModuleRecord Analyze(ReadOnlySpan<byte> source) => AnalysisGenerator.Analyze(source);

    public ModuleRecord Analyze(ReadOnlySpan<byte> source, CacheKey key) =>
        key.Transform.IsPlainJavaScript
            ? AnalysisGenerator.Instance.Analyze(source, key)
            : Analyze(SourceText.Decode(source), key, source.Length, key.ToString());

    private ModuleRecord Analyze(string text, CacheKey key, long length, string sourceUrl)
    {
        if (key.Transform.IsPlainJavaScript)
        {
            return AnalysisGenerator.AnalyzePlain(text, key.Hash, length, key.Transform.Language);
        }

        if (key.Transform.IsDeclaration)
        {
            return AnalysisGenerator.AnalyzeDeclaration(text, key.Hash, length);
        }

        string recipe = TransformRecipe(key.Transform);
        // The references come from the source itself, so a module that cannot be emitted still has its edges.
        var scan = SourceScan.Of(text, key.Transform.Language);
        var result = _transformer.Transform(scan.WithoutTypeOnlyExports(text), key.Transform, sourceUrl, scan.HasDecorators);
        if (result.Error is { } error)
        {
            return scan.Complete(new ModuleRecord { SourceHash = key.Hash, SourceLength = length, AnalyzerVersion = AnalyzerVersion, Transform = recipe, SyntaxError = Explain(text, error) });
        }

        if (key.Transform.Language == SourceLanguage.CommonTs)
        {
            // A .cts module is CommonJS once its types are gone: analysed as such, its type-only imports from the source.
            return scan.Complete(AnalysisGenerator.AnalyzeCommonJs(result.ForAnalysis!, key.Hash, length)).WithTransform(recipe, result.Emitted);
        }

        var record = AnalysisGenerator.AnalyzeCode(result.ForAnalysis!, key.Hash, length);
        if (record.SyntaxError is { } analysisError && Explain(result.ForAnalysis!, analysisError) is var explained && explained != analysisError)
        {
            record = new ModuleRecord { SourceHash = key.Hash, SourceLength = length, AnalyzerVersion = AnalyzerVersion, SyntaxError = explained };
        }

        return scan.Complete(record.WithTransform(recipe, result.Emitted));
    }

    /// <summary>A parser's complaint about a decorator the scan did not see becomes what it is: syntax this product does not run.</summary>
    private static ModuleSyntaxError Explain(string code, ModuleSyntaxError error) =>
        IsDecorator(code, error)
            ? error with { Message = "Decorators are not supported: they need a compiler that lowers them (experimentalDecorators or TC39 decorators), and V8 does not run them" }
            : error;

    private static bool IsDecorator(string code, ModuleSyntaxError error) =>
        SourceText.Offset(code, error.Line, error.Column) is int at and >= 0 && code[at] == '@';

    private static ModuleRecord NotRequested(ModuleRecord record) =>
        record.SyntaxError is null && record.Transform != AnalysisGenerator.DeclarationRecipe ? record.WithBytecode(ReadOnlyMemory<byte>.Empty, "", BytecodeNote.NotRequested) : record;

    /// <summary>
    /// Completes a record with a V8 code cache. <paramref name="text"/> is the decoded source the record was made
    /// from; a transformed module's bytecode is made from its emitted code, which the record must then carry.
    /// Records with syntax errors get none, and so do JSX modules whose JSX was preserved.
    /// </summary>
    public ModuleRecord AddBytecode(ModuleRecord record, TransformOptions transform, string sourceUrl, string text)
    {
        if (record.SyntaxError is not null || transform.IsDeclaration)
        {
            return record;
        }

        if (record.IsCommonJs)
        {
            return record.WithBytecode(ReadOnlyMemory<byte>.Empty, "", CommonJsNote);
        }

        if (!transform.IsPlainJavaScript)
        {
            if (!record.HasEmittedCode)
            {
                throw new ArgumentException("A transformed record needs its emitted code to be compiled.", nameof(record));
            }

            if (!transform.Runnable)
            {
                return record.WithBytecode(ReadOnlyMemory<byte>.Empty, "", JsxPreservedNote);
            }

            text = record.EmittedCode!;
        }

        var result = _bytecode.Produce(sourceUrl, text);
        return record.WithBytecode(result.CodeCache, BytecodeProducer, result.Note);
    }

    public void Dispose()
    {
        _bytecode.Dispose();
        _transformer.Dispose();
    }
}
