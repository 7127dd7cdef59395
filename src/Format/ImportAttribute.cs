namespace EsmCacheCluster.Format;

/// <summary>One <c>with { key: "value" }</c> pair of a module request (ECMA-262 ImportAttribute Record).</summary>
public readonly record struct ImportAttribute(string Key, string Value);
