namespace EsmCacheCluster.Format;

/// <summary>A blob is not valid BMES v1: <see cref="Reason"/> says what is wrong, <see cref="Offset"/> where.</summary>
public sealed class BmesFormatException(string reason, int offset)
    : Exception($"Invalid BMES blob: {reason} (at offset {offset}).")
{
    public string Reason { get; } = reason;

    public int Offset { get; } = offset;
}
