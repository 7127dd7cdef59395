namespace EsmCacheCluster.Format;

/// <summary>One <c>with { key: "value" }</c> pair of a module request (ECMA-262 ImportAttribute Record).</summary>
[System.Diagnostics.CodeAnalysis.SuppressMessage("Naming", "CA1711", Justification = "ECMA-262's name for it; not a .NET attribute.")]
public readonly record struct ImportAttribute(string Key, string Value);
