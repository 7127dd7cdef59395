namespace EsmCacheCluster.Bytecode;

/// <summary>A V8 code cache, or the reason there is none (engine unavailable, module rejected by V8).</summary>
public readonly record struct BytecodeResult(byte[]? CodeCache, string Note)
{
    public static BytecodeResult Missing(string note) => new(null, note);
}
