using EsmCacheCluster.Format;

namespace EsmCacheCluster.Transform;

/// <summary>
/// What a TypeScript or JSX module became: <see cref="Emitted"/>, the JavaScript that runs (JSX still in it when
/// its mode is preserve), and <see cref="ForAnalysis"/>, the same module without JSX for the analyser (the same
/// string unless JSX was preserved); or the <see cref="Error"/> that stopped it, at a 1-based position of the source.
/// </summary>
public sealed record TransformResult(string? Emitted, string? ForAnalysis, ModuleSyntaxError? Error)
{
    public static TransformResult Failed(string message, int line, int column) => new(null, null, new ModuleSyntaxError(message, line, column));
}
