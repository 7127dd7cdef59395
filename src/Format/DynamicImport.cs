namespace EsmCacheCluster.Format;

/// <summary>An <c>import(...)</c> call anywhere in the module; the specifier is null unless it is a string literal.</summary>
public readonly record struct DynamicImport(string? Specifier);
