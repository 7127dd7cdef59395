namespace EsmCacheCluster.Format;

/// <summary>Outcome of validating a blob: valid, or the reason it is not and the byte offset of the problem.</summary>
public readonly record struct BmesValidationResult(bool IsValid, string? Reason, int Offset)
{
    public static BmesValidationResult Valid => new(true, null, 0);

    public static BmesValidationResult Invalid(BmesFormatException error) => new(false, error.Reason, error.Offset);

    public override string ToString() => IsValid ? "valid" : $"{Reason} (at offset {Offset})";
}
