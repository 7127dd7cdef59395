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

    /// <summary>
    /// The transform that made the JavaScript this record describes, with its version and options
    /// (<c>amaro/1.2.1;tsx+react-jsx+react</c>); empty for JavaScript analysed as written.
    /// </summary>
    public string Transform { get; init; } = "";

    private string? _emittedCode;

    /// <summary>
    /// The JavaScript a transformed module became (what the bytecode was compiled from, and what a loader runs);
    /// null for JavaScript as written, and in records sent for metadata only.
    /// </summary>
    /// <remarks>
    /// A record read from a blob holds it as UTF-8, a slice of that blob, and decodes it on first use: a scan reads
    /// thousands of records and needs none of their code.
    /// </remarks>
    public string? EmittedCode
    {
        get => _emittedCode ??= EmittedCodeUtf8 is { } utf8 ? System.Text.Encoding.UTF8.GetString(utf8.Span) : null;
        init => _emittedCode = value;
    }

    /// <summary>The emitted code as the UTF-8 bytes of the blob it was read from, when it was.</summary>
    internal ReadOnlyMemory<byte>? EmittedCodeUtf8 { get; init; }

    public bool HasEmittedCode => _emittedCode is not null || EmittedCodeUtf8 is not null;

    /// <summary>The emitted code is held as a string (made, or decoded already), so writers take it from there.</summary>
    internal bool HasDecodedEmittedCode => _emittedCode is not null;

    // Copies the emitted code in whichever form it is held, without decoding it.
    private string? EmittedCodeText { get => _emittedCode; init => _emittedCode = value; }

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

    /// <summary>
    /// The source's references beyond the record (its requested modules and literal <c>import()</c> calls): type-only
    /// imports, <c>require</c> calls, <c>/// &lt;reference&gt;</c> comments. For a source that could not be emitted
    /// (a syntax-error record) every reference found in the source, so its edges survive. In source order,
    /// deduplicated by kind and specifier, except non-literal arguments (null specifiers), which are counted.
    /// </summary>
    public ImmutableArray<SourceImport> SourceImports { get; init; } = [];

    /// <summary>
    /// A CommonJS module: its requested modules are its <c>require</c> calls and its local exports the names Node's
    /// cjs-module-lexer finds (star exports its re-exports); nothing of it is linked as an ES module.
    /// </summary>
    public bool IsCommonJs { get; init; }

    /// <summary>
    /// The source declares globals for every file of its project: a declaration file that is a script (no top-level
    /// import or export) or holds <c>declare global</c>.
    /// </summary>
    public bool DeclaresGlobals { get; init; }

    public ReadOnlyMemory<byte> Bytecode { get; init; }

    public bool HasBytecode => !Bytecode.IsEmpty;

    /// <summary>The same record with other bytecode (or none); the analysis is shared, not copied.</summary>
    public ModuleRecord WithBytecode(ReadOnlyMemory<byte> bytecode, string producer, string note) =>
        With(Transform, _emittedCode, EmittedCodeUtf8, bytecode, bytecode.IsEmpty ? "" : producer, bytecode.IsEmpty ? note : "");

    /// <summary>The same record with the source's view beside it: references beyond the record, and whether it declares globals.</summary>
    public ModuleRecord WithSourceImports(ImmutableArray<SourceImport> sourceImports, bool declaresGlobals) =>
        With(Transform, _emittedCode, EmittedCodeUtf8, Bytecode, BytecodeProducer, BytecodeNote, sourceImports, declaresGlobals);

    /// <summary>
    /// The same analysis as the record of a transformed module: made by <paramref name="transform"/>, emitting
    /// <paramref name="emittedCode"/> (null for a syntax error, which emits nothing).
    /// </summary>
    public ModuleRecord WithTransform(string transform, string? emittedCode) =>
        With(transform, SyntaxError is null ? emittedCode : null, null, Bytecode, BytecodeProducer, BytecodeNote);

    /// <summary>
    /// The record for metadata calls: no bytecode and no emitted code (a scan needs neither), noted as not requested
    /// when there was bytecode. The analysis is shared, not copied.
    /// </summary>
    public ModuleRecord WithoutPayload() =>
        !HasBytecode && !HasEmittedCode
            ? this
            : With(Transform, null, null, ReadOnlyMemory<byte>.Empty, "", HasBytecode ? Format.BytecodeNote.NotRequested : BytecodeNote);

    // The one copy of the analysis with another recipe tail and payload; every With* method goes through it.
    private ModuleRecord With(
        string transform, string? emittedCode, ReadOnlyMemory<byte>? emittedUtf8, ReadOnlyMemory<byte> bytecode, string producer, string note,
        ImmutableArray<SourceImport>? sourceImports = null, bool? declaresGlobals = null) => new()
    {
        SourceHash = SourceHash,
        SourceLength = SourceLength,
        AnalyzerVersion = AnalyzerVersion,
        Transform = transform,
        EmittedCodeText = emittedCode,
        EmittedCodeUtf8 = emittedUtf8,
        BytecodeProducer = producer,
        BytecodeNote = note,
        RequestedModules = RequestedModules,
        ImportEntries = ImportEntries,
        LocalExportEntries = LocalExportEntries,
        IndirectExportEntries = IndirectExportEntries,
        StarExportEntries = StarExportEntries,
        HasTopLevelAwait = HasTopLevelAwait,
        UsesImportMeta = UsesImportMeta,
        DynamicImports = DynamicImports,
        SyntaxError = SyntaxError,
        SourceImports = sourceImports ?? SourceImports,
        IsCommonJs = IsCommonJs,
        DeclaresGlobals = declaresGlobals ?? DeclaresGlobals,
        Bytecode = bytecode,
    };
}
