using System.Buffers.Binary;
using System.Diagnostics.CodeAnalysis;
namespace EsmCacheCluster.Format;

/// <summary>
/// BMES v3: a module record plus V8 bytecode in one checksummed blob (layout in docs/bmes-format.md).
/// The three operations are serialize (record to bytes), validate (bytes to valid or a reason) and
/// deserialize (bytes to a record whose bytecode is a slice of the input).
/// </summary>
public static class Bmes
{
    public const int Version = 3;

    /// <summary>Bytes before the recipe strings: magic, version, flags, total length, source hash, source length.</summary>
    public const int FixedHeaderSize = 56;

    /// <summary>The XxHash3 checksum trailer.</summary>
    public const int TrailerSize = 8;

    /// <summary>Smallest well-formed blob: header, four empty recipe strings, eight empty counts, trailer.</summary>
    public const int MinimumSize = FixedHeaderSize + 4 * 4 + 8 * 4 + TrailerSize;

    /// <summary>Blobs above this size are rejected before anything else is read.</summary>
    public const int MaxBlobSize = 256 * 1024 * 1024;

    public static ReadOnlySpan<byte> Magic => "BMES"u8;

    public static byte[] Serialize(ModuleRecord record) => BmesWriter.Write(record);

    /// <summary>
    /// The format version a blob claims (magic and version word only, nothing validated): lets a reader tell a blob
    /// of an earlier release, to regenerate, from a damaged one.
    /// </summary>
    public static bool TryReadVersion(ReadOnlySpan<byte> blob, out uint version)
    {
        version = 0;
        if (blob.Length < 8 || !blob[..4].SequenceEqual(Magic))
        {
            return false;
        }

        version = BinaryPrimitives.ReadUInt32LittleEndian(blob[4..]);
        return true;
    }

    /// <summary>Checks length, checksum and the whole structure without allocating the record.</summary>
    public static BmesValidationResult Validate(ReadOnlySpan<byte> blob)
    {
        try
        {
            BmesReader.Read(blob, default, materialize: false);
            return BmesValidationResult.Valid;
        }
        catch (BmesFormatException e)
        {
            return BmesValidationResult.Invalid(e);
        }
    }

    /// <summary>Validates and reads a blob; throws <see cref="BmesFormatException"/> naming what is wrong.</summary>
    public static ModuleRecord Deserialize(ReadOnlyMemory<byte> blob) =>
        BmesReader.Read(blob.Span, blob, materialize: true)!;

    public static bool TryDeserialize(ReadOnlyMemory<byte> blob, [NotNullWhen(true)] out ModuleRecord? record, out BmesValidationResult result)
    {
        try
        {
            record = Deserialize(blob);
            result = BmesValidationResult.Valid;
            return true;
        }
        catch (BmesFormatException e)
        {
            record = null;
            result = BmesValidationResult.Invalid(e);
            return false;
        }
    }
}
