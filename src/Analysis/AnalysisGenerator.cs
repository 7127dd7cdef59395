using EsmCacheCluster.Format;

namespace EsmCacheCluster.Analysis;

/// <summary>
/// Records of JavaScript by analysis alone (Acornima, managed code on every platform): the local fallback of
/// clients that scan JavaScript and do not run it. TypeScript and JSX need the transformer (V8); this generator
/// says it cannot make those. Its blobs carry no bytecode; a producer may complete them later. Thread-safe: each
/// thread has its own analyser.
/// </summary>
public sealed class AnalysisGenerator : IModuleGenerator
{
    [ThreadStatic]
    private static ModuleAnalyzer? s_analyzer;

    public static AnalysisGenerator Instance { get; } = new();

    public string AnalyzerVersion => ModuleAnalyzer.Version;

    public string? BytecodeProducer => null;

    public string? TransformRecipe(TransformOptions transform) => transform.IsNone ? "" : null;

    /// <summary>The record of <paramref name="text"/> (JavaScript) by this thread's analyser.</summary>
    public static ModuleRecord Analyze(string text, ContentHash hash, long length) =>
        (s_analyzer ??= new ModuleAnalyzer()).Analyze(text, hash, length);

    /// <summary>The record of JavaScript source bytes, hashed here.</summary>
    public static ModuleRecord Analyze(ReadOnlySpan<byte> source) =>
        Analyze(SourceText.Decode(source), ContentHash.Compute(source), source.Length);

    public ModuleRecord Analyze(ReadOnlySpan<byte> source, CacheKey key)
    {
        RequirePlain(key);
        return Analyze(SourceText.Decode(source), key.Hash, source.Length);
    }

    public GeneratedModule Generate(string sourceUrl, ReadOnlySpan<byte> source, CacheKey key, bool includeBytecode)
    {
        RequirePlain(key);
        var record = Analyze(SourceText.Decode(source), key.Hash, source.Length);
        if (record.SyntaxError is null)
        {
            record = record.WithBytecode(ReadOnlyMemory<byte>.Empty, "", BytecodeNote.NotRequested);
        }

        return new GeneratedModule(record, Bmes.Serialize(record));
    }

    private static void RequirePlain(CacheKey key)
    {
        if (!key.Transform.IsNone)
        {
            throw new NotSupportedException($"Module {key.Hash} is {key.Transform}: TypeScript and JSX need the transformer, which this generator does not have.");
        }
    }
}
