using EsmCacheCluster.Analysis;
using EsmCacheCluster.Bytecode;
using EsmCacheCluster.Format;

namespace EsmCacheCluster.Generation;

/// <summary>
/// The generate operation: source bytes to module record (Acornima) plus V8 code cache (ClearScript) to BMES.
/// Thread-safe; analysers are per thread and V8 runtimes pooled.
/// </summary>
public sealed class ModuleGenerator : IModuleGenerator, IDisposable
{
    private readonly V8BytecodeProducer _bytecode = new();

    /// <summary>The bytecode note of a record generated without bytecode: it can still be completed later.</summary>
    public const string NotRequestedNote = BytecodeNote.NotRequested;

    /// <summary>The analyser version written into every record; a stored record with another is stale.</summary>
    public static string AnalyzerVersion => ModuleAnalyzer.Version;

    /// <summary>The fingerprint bytecode from this generator carries.</summary>
    public static string BytecodeProducer => V8BytecodeProducer.Fingerprint;

    string IModuleGenerator.AnalyzerVersion => AnalyzerVersion;

    string? IModuleGenerator.BytecodeProducer => BytecodeProducer;

    /// <summary>Null when V8 works here; otherwise why records carry no bytecode.</summary>
    public string? BytecodeUnavailableReason => _bytecode.UnavailableReason;

    /// <summary>Generates the record and its blob. <paramref name="sourceUrl"/> only names the module in V8's diagnostics.</summary>
    public GeneratedModule Generate(string sourceUrl, ReadOnlySpan<byte> source, bool includeBytecode = true) =>
        Generate(sourceUrl, source, ContentHash.Compute(source), includeBytecode);

    /// <summary>
    /// As above, for callers that have just computed <paramref name="hash"/> from these very bytes (the
    /// grain verifies every upload), so the source is not hashed twice.
    /// </summary>
    public GeneratedModule Generate(string sourceUrl, ReadOnlySpan<byte> source, ContentHash hash, bool includeBytecode)
    {
        if (!includeBytecode)
        {
            return AnalysisGenerator.Instance.Generate(sourceUrl, source, hash, includeBytecode: false);
        }

        string text = SourceText.Decode(source);
        var record = AddBytecode(AnalysisGenerator.Analyze(text, hash, source.Length), sourceUrl, text);
        return new GeneratedModule(record, Bmes.Serialize(record));
    }

    /// <summary>The record alone: parse and module analysis, no V8.</summary>
    public static ModuleRecord Analyze(ReadOnlySpan<byte> source) => AnalysisGenerator.Analyze(source);

    ModuleRecord IModuleGenerator.Analyze(ReadOnlySpan<byte> source, ContentHash hash) =>
        ((IModuleGenerator)AnalysisGenerator.Instance).Analyze(source, hash);

    /// <summary>
    /// Completes a record with a V8 code cache for <paramref name="text"/>, which must be the decoded source the
    /// record was made from. Records with syntax errors get none.
    /// </summary>
    public ModuleRecord AddBytecode(ModuleRecord record, string sourceUrl, string text)
    {
        if (record.SyntaxError is not null)
        {
            return record;
        }

        var result = _bytecode.Produce(sourceUrl, text);
        return record.WithBytecode(result.CodeCache, BytecodeProducer, result.Note);
    }

    public void Dispose() => _bytecode.Dispose();
}
