using EsmCacheCluster.Format;

namespace EsmCacheCluster.Analysis;

/// <summary>
/// Records of JavaScript and of declaration files by analysis alone (Acornima and the reference scan, managed code on
/// every platform): the local fallback of clients that scan JavaScript and do not run it. TypeScript and JSX need the
/// transformer (V8); this generator says it cannot make those. Its blobs carry no bytecode; a producer may complete
/// them later. Thread-safe: each thread has its own analyser.
/// </summary>
public sealed class AnalysisGenerator : IModuleGenerator
{
    [ThreadStatic]
    private static ModuleAnalyzer? s_analyzer;

    public static AnalysisGenerator Instance { get; } = new();

    public string AnalyzerVersion => ModuleAnalyzer.Version;

    public string? BytecodeProducer => null;

    public string? TransformRecipe(TransformOptions transform) =>
        transform.IsPlainJavaScript ? "" : transform.IsDeclaration ? DeclarationRecipe : null;

    /// <summary>The recipe of declaration files' records: nothing transforms them.</summary>
    public static string DeclarationRecipe { get; } = Format.TransformRecipe.Of(Format.TransformRecipe.DeclarationTools, new TransformOptions(SourceLanguage.Declaration));

    /// <summary>
    /// The record of <paramref name="text"/> (JavaScript as written) by this thread's analyser, with the references
    /// of its source beside it (<c>require</c>, <c>/// &lt;reference&gt;</c>). JSX in it is read as JSX.
    /// </summary>
    public static ModuleRecord Analyze(string text, ContentHash hash, long length)
    {
        var analyzer = s_analyzer ??= new ModuleAnalyzer();
        var record = analyzer.Analyze(text, hash, length);
        var scan = SourceScan.Of(text, SourceLanguage.JavaScript);
        if (record.SyntaxError is not null && scan.WithoutJsx is { } withoutJsx && analyzer.Analyze(withoutJsx, hash, length) is { SyntaxError: null } jsx)
        {
            // JSX in a .js file: the same imports, exports and positions as the text with each element as an array.
            record = jsx;
        }

        return scan.Complete(record);
    }

    /// <summary>The record of <paramref name="text"/> as a CommonJS module (a <c>.cjs</c> file, or <c>.js</c> under <c>"type": "commonjs"</c>).</summary>
    public static ModuleRecord AnalyzeCommonJs(string text, ContentHash hash, long length) =>
        SourceScan.Of(text, SourceLanguage.CommonJs).CommonJsRecord(hash, length, ModuleAnalyzer.Version, (s_analyzer ??= new ModuleAnalyzer()).CheckCommonJs(text));

    /// <summary>
    /// The record of a <c>.js</c> file whose package names no type, as Node 22 loads it: an ES module when its syntax
    /// says so (see <see cref="SourceScan.HasModuleSyntax"/>), otherwise CommonJS.
    /// </summary>
    public static ModuleRecord AnalyzeAmbiguous(string text, ContentHash hash, long length)
    {
        var analyzer = s_analyzer ??= new ModuleAnalyzer();
        var record = analyzer.Analyze(text, hash, length);
        var scan = SourceScan.Of(text, SourceLanguage.Ambiguous);
        if (scan.HasModuleSyntax(record))
        {
            if (record.SyntaxError is not null && scan.WithoutJsx is { } withoutJsx && analyzer.Analyze(withoutJsx, hash, length) is { SyntaxError: null } jsx)
            {
                record = jsx;
            }

            return scan.Complete(record);
        }

        var error = analyzer.CheckCommonJs(text);
        if (error is not null && scan.WithoutJsx is { } erased && analyzer.CheckCommonJs(erased) is null)
        {
            error = null;
        }

        return scan.CommonJsRecord(hash, length, ModuleAnalyzer.Version, error);
    }

    /// <summary>The record of JavaScript as written, by its format: ES module, CommonJS, or detected.</summary>
    public static ModuleRecord AnalyzePlain(string text, ContentHash hash, long length, SourceLanguage language) => language switch
    {
        SourceLanguage.CommonJs => AnalyzeCommonJs(text, hash, length),
        SourceLanguage.Ambiguous => AnalyzeAmbiguous(text, hash, length),
        _ => Analyze(text, hash, length),
    };

    /// <summary>The ECMA-262 record of <paramref name="code"/> alone (the JavaScript a transform emitted), no source view.</summary>
    public static ModuleRecord AnalyzeCode(string code, ContentHash hash, long length) =>
        (s_analyzer ??= new ModuleAnalyzer()).Analyze(code, hash, length);

    /// <summary>
    /// The record of a declaration file: no code, so no module record entries; every reference it makes is to types,
    /// and it declares globals when it is a script or holds <c>declare global</c>.
    /// </summary>
    public static ModuleRecord AnalyzeDeclaration(string text, ContentHash hash, long length) =>
        SourceScan.Of(text, SourceLanguage.Declaration).Complete(new ModuleRecord
        {
            SourceHash = hash,
            SourceLength = length,
            AnalyzerVersion = ModuleAnalyzer.Version,
            Transform = DeclarationRecipe,
            BytecodeNote = DeclarationNote,
        });

    /// <summary>The bytecode note of declaration files' records.</summary>
    public const string DeclarationNote = "a declaration file: no code to run";

    /// <summary>The record of JavaScript source bytes, hashed here.</summary>
    public static ModuleRecord Analyze(ReadOnlySpan<byte> source) =>
        Analyze(SourceText.Decode(source), ContentHash.Compute(source), source.Length);

    public ModuleRecord Analyze(ReadOnlySpan<byte> source, CacheKey key)
    {
        RequirePlain(key);
        return key.Transform.IsDeclaration
            ? AnalyzeDeclaration(SourceText.Decode(source), key.Hash, source.Length)
            : AnalyzePlain(SourceText.Decode(source), key.Hash, source.Length, key.Transform.Language);
    }

    public GeneratedModule Generate(string sourceUrl, ReadOnlySpan<byte> source, CacheKey key, bool includeBytecode)
    {
        var record = Analyze(source, key);
        if (record.SyntaxError is null && !key.Transform.IsDeclaration)
        {
            record = record.WithBytecode(ReadOnlyMemory<byte>.Empty, "", BytecodeNote.NotRequested);
        }

        return new GeneratedModule(record, Bmes.Serialize(record));
    }

    private static void RequirePlain(CacheKey key)
    {
        if (!key.Transform.IsPlainJavaScript && !key.Transform.IsDeclaration)
        {
            throw new NotSupportedException($"Module {key.Hash} is {key.Transform}: TypeScript and JSX need the transformer, which this generator does not have.");
        }
    }
}
