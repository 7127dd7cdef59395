namespace EsmCacheCluster.Transform;

/// <summary>What a transformer returned for one module: its code, or the error it reported.</summary>
internal readonly record struct StripOutcome(string? Code, TransformerError? Error)
{
    public static StripOutcome Success(string code) => new(code, null);

    public static StripOutcome Failure(TransformerError error) => new(null, error);

    /// <summary>A V8 engine's answer as TransformHost.js encodes it: <c>C</c> and the code, or a letter and the error.</summary>
    public static StripOutcome Parse(string encoded) =>
        encoded[0] == 'C' ? Success(encoded[1..]) : Failure(TransformerError.Parse(encoded.AsSpan(1)));
}
