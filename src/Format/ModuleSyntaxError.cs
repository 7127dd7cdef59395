namespace EsmCacheCluster.Format;

/// <summary>Why a module failed to parse; <see cref="Line"/> and <see cref="Column"/> are 1-based.</summary>
public sealed record ModuleSyntaxError(string Message, int Line, int Column);
