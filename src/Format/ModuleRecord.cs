using System.Collections.Immutable;

namespace EsmCacheCluster.Format;

/// <summary>
/// Everything BMES holds about one module source: the ECMA-262 module record fields, the extras a loader or a
/// graph tool needs, the recipe that produced it, and (optionally) V8 bytecode.
/// </summary>
/// <remarks>
/// Export entries are already split into local / indirect / star lists as ParseModule does, so a loader can link
/// without re-deriving them. Entries refer to module requests by index into <see cref="RequestedModules"/>.
/// A record read from a blob holds <see cref="Bytecode"/> as a slice of that blob, not a copy.
/// </remarks>
public sealed class ModuleRecord
{
    public required ContentHash SourceHash { get; init; }

    public required long SourceLength { get; init; }

    /// <summary>Parser package and our analysis version; a different value means the record is stale.</summary>
    public required string AnalyzerVersion { get; init; }

    /// <summary>Engine fingerprint the bytecode was made by; empty when there is no bytecode.</summary>
    public string BytecodeProducer { get; init; } = "";

    /// <summary>Why there is no bytecode (V8 unavailable, V8 rejected the module, not requested); empty otherwise.</summary>
    public string BytecodeNote { get; init; } = "";

    public ImmutableArray<ModuleRequest> RequestedModules { get; init; } = [];

    public ImmutableArray<ImportEntry> ImportEntries { get; init; } = [];

    public ImmutableArray<LocalExportEntry> LocalExportEntries { get; init; } = [];

    public ImmutableArray<IndirectExportEntry> IndirectExportEntries { get; init; } = [];

    public ImmutableArray<StarExportEntry> StarExportEntries { get; init; } = [];

    public bool HasTopLevelAwait { get; init; }

    public bool UsesImportMeta { get; init; }

    public ImmutableArray<DynamicImport> DynamicImports { get; init; } = [];

    /// <summary>Set when the module failed to parse; such a record has no entries and no bytecode.</summary>
    public ModuleSyntaxError? SyntaxError { get; init; }

    public ReadOnlyMemory<byte> Bytecode { get; init; }

    public bool HasBytecode => !Bytecode.IsEmpty;

    /// <summary>The same record with other bytecode (or none); the analysis is shared, not copied.</summary>
    public ModuleRecord WithBytecode(ReadOnlyMemory<byte> bytecode, string producer, string note) => new()
    {
        SourceHash = SourceHash,
        SourceLength = SourceLength,
        AnalyzerVersion = AnalyzerVersion,
        BytecodeProducer = bytecode.IsEmpty ? "" : producer,
        BytecodeNote = bytecode.IsEmpty ? note : "",
        RequestedModules = RequestedModules,
        ImportEntries = ImportEntries,
        LocalExportEntries = LocalExportEntries,
        IndirectExportEntries = IndirectExportEntries,
        StarExportEntries = StarExportEntries,
        HasTopLevelAwait = HasTopLevelAwait,
        UsesImportMeta = UsesImportMeta,
        DynamicImports = DynamicImports,
        SyntaxError = SyntaxError,
        Bytecode = bytecode,
    };
}
