namespace EsmCacheCluster.Format;

/// <summary>What <see cref="ModuleRecord.BytecodeNote"/> says when a record has no bytecode for a known reason.</summary>
public static class BytecodeNote
{
    /// <summary>Generated without bytecode on purpose: a producer may complete it later.</summary>
    public const string NotRequested = "not requested";
}
