namespace EsmCacheCluster.Format;

/// <summary>
/// A reference the source makes that the module record does not hold: a type-only import, a <c>require</c>, a
/// <c>/// &lt;reference&gt;</c>, or, for a source that could not be emitted, any import. The specifier is null when
/// the argument is not a literal (<c>require(name)</c>): counted, never resolved.
/// </summary>
public readonly record struct SourceImport(ImportKind Kind, string? Specifier);
