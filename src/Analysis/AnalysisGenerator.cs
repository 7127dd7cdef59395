using EsmCacheCluster.Format;

namespace EsmCacheCluster.Analysis;

/// <summary>
/// Records by analysis alone (Acornima, managed code on every platform): the local fallback of clients that scan
/// and do not run modules. Its blobs carry no bytecode; a producer may complete them later. Thread-safe: each
/// thread has its own analyser.
/// </summary>
public sealed class AnalysisGenerator : IModuleGenerator
{
    [ThreadStatic]
    private static ModuleAnalyzer? s_analyzer;

    public static AnalysisGenerator Instance { get; } = new();

    public string AnalyzerVersion => ModuleAnalyzer.Version;

    public string? BytecodeProducer => null;

    /// <summary>The record of <paramref name="source"/> by this thread's analyser.</summary>
    public static ModuleRecord Analyze(string text, ContentHash hash, long length) =>
        (s_analyzer ??= new ModuleAnalyzer()).Analyze(text, hash, length);

    /// <summary>The record of source bytes, hashed here.</summary>
    public static ModuleRecord Analyze(ReadOnlySpan<byte> source) =>
        Analyze(SourceText.Decode(source), ContentHash.Compute(source), source.Length);

    ModuleRecord IModuleGenerator.Analyze(ReadOnlySpan<byte> source, ContentHash hash) =>
        Analyze(SourceText.Decode(source), hash, source.Length);

    public GeneratedModule Generate(string sourceUrl, ReadOnlySpan<byte> source, ContentHash hash, bool includeBytecode)
    {
        var record = Analyze(SourceText.Decode(source), hash, source.Length);
        if (record.SyntaxError is null)
        {
            record = record.WithBytecode(ReadOnlyMemory<byte>.Empty, "", BytecodeNote.NotRequested);
        }

        return new GeneratedModule(record, Bmes.Serialize(record));
    }
}
