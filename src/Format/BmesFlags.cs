namespace EsmCacheCluster.Format;

/// <summary>The u32 flags word of the BMES header; bits not listed here must be zero.</summary>
[Flags]
internal enum BmesFlags : uint
{
    None = 0,
    TopLevelAwait = 1,
    UsesImportMeta = 2,
    SyntaxError = 4,
    Bytecode = 8,
    EmittedCode = 16,
    CommonJs = 32,
    DeclaresGlobals = 64,
    All = TopLevelAwait | UsesImportMeta | SyntaxError | Bytecode | EmittedCode | CommonJs | DeclaresGlobals,
}
