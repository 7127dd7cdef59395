using System.Buffers.Binary;
using System.IO.Hashing;
using CsCheck;
using EsmCacheCluster.Format;
using EsmCacheCluster.Generation;

namespace EsmCacheCluster.Tests;

/// <summary>
/// No malformed blob gets past the validator or the reader as anything but a <see cref="BmesFormatException"/>
/// (a clear reason and offset): every truncation, every byte corrupted, with and without a recomputed checksum.
/// </summary>
public sealed class BmesValidatorTests
{
    private static readonly Lazy<byte[][]> RealBlobs = new(() =>
    {
        using var generator = new ModuleGenerator();
        var blobs = new List<byte[]>();
        foreach (var file in RealModules.Files.Take(3))
        {
            blobs.Add(generator.Generate(file, File.ReadAllBytes(file)).Blob);
        }

        // One record rich in every section, with bytecode, lone surrogates and attributes.
        blobs.Add(generator.Generate("rich.mjs", """
            import d, * as ns from "./a.js";
            import { x as y } from "./b.json" with { type: "json" };
            import "./\uD800.js";
            export { y as z, ns };
            export * from "./c.js";
            export * as all from "./d.js";
            export default class {}
            await import("./e.js");
            import(foo);
            import.meta.url;
            """u8).Blob);
        blobs.Add(generator.Generate("broken.mjs", "export let = ;"u8).Blob);
        return [.. blobs];
    });

    public static IEnumerable<object[]> BlobIndices() => Enumerable.Range(0, 5).Select(i => new object[] { i });

    [Theory]
    [MemberData(nameof(BlobIndices))]
    public void Real_blobs_are_valid(int index)
    {
        var blob = RealBlobs.Value[index];
        Assert.True(Bmes.Validate(blob).IsValid, Bmes.Validate(blob).ToString());
        Bmes.Deserialize(blob);
    }

    [Theory]
    [MemberData(nameof(BlobIndices))]
    public void Every_truncation_is_rejected(int index)
    {
        var blob = RealBlobs.Value[index];
        for (int length = 0; length < blob.Length; length++)
        {
            AssertRejected(blob.AsMemory(0, length), $"truncated to {length}");
        }
    }

    [Theory]
    [MemberData(nameof(BlobIndices))]
    public void Every_single_byte_corruption_is_rejected(int index)
    {
        var blob = RealBlobs.Value[index];
        var copy = blob.ToArray();
        for (int i = 0; i < copy.Length; i++)
        {
            foreach (byte mask in (byte[])[0x01, 0x80, 0xFF])
            {
                copy[i] ^= mask;
                AssertRejected(copy, $"byte {i} ^ 0x{mask:x2}");
                copy[i] ^= mask;
            }
        }
    }

    /// <summary>
    /// The checksum catches the flips above; here the checksum is recomputed after each flip, so the structural
    /// checks alone must hold: a flip may yield another valid blob, but never an exception or a hang.
    /// </summary>
    [Theory]
    [MemberData(nameof(BlobIndices))]
    public void Every_corruption_with_a_recomputed_checksum_is_rejected_or_reads_cleanly(int index)
    {
        var blob = RealBlobs.Value[index];
        var copy = blob.ToArray();
        int structural = 0;
        for (int i = 0; i < copy.Length - Bmes.TrailerSize; i++)
        {
            foreach (byte mask in (byte[])[0x01, 0x10, 0x80, 0xFF])
            {
                copy[i] ^= mask;
                Reseal(copy);
                if (!ValidatesOrThrowsCleanly(copy))
                {
                    structural++;
                }

                copy[i] ^= mask;
            }
        }

        Reseal(copy);
        Assert.True(structural > 0);
    }

    [Fact]
    public void Random_bytes_are_rejected()
    {
        Gen.Byte.Array[0, 4096].Sample(bytes => AssertRejected(bytes, "random bytes"), iter: 20_000);
        int structural = 0, samples = 0;
        Gen.Byte.Array[0, 512].Sample(bytes =>
        {
            // Random bodies behind a correct magic, version, length and checksum reach the structural checks.
            var blob = new byte[Bmes.MinimumSize + bytes.Length];
            "BMES"u8.CopyTo(blob);
            BinaryPrimitives.WriteUInt32LittleEndian(blob.AsSpan(4), Bmes.Version);
            BinaryPrimitives.WriteUInt32LittleEndian(blob.AsSpan(12), (uint)blob.Length);
            bytes.CopyTo(blob.AsSpan(16));
            Reseal(blob);
            bool valid = ValidatesOrThrowsCleanly(blob);
            Interlocked.Increment(ref samples); // CsCheck samples on several threads
            if (!valid && Bmes.Validate(blob).Offset >= 16)
            {
                Interlocked.Increment(ref structural); // rejected by a check past the header the sample got right
            }
        }, iter: 20_000);

        // The second half exercised the body's checks, not just the header's: nearly every sample fails there.
        Assert.InRange(structural, samples * 9 / 10, samples);
    }

    [Fact]
    public void Huge_counts_and_lengths_are_rejected_before_allocation()
    {
        var record = new ModuleRecord { SourceHash = default, SourceLength = 0, AnalyzerVersion = "v" };
        var blob = Bmes.Serialize(record);
        int requestsCountAt = Bmes.FixedHeaderSize + 4 + 1 + 4 + 4 + 4; // after "v", "", "", ""
        BinaryPrimitives.WriteUInt32LittleEndian(blob.AsSpan(requestsCountAt), uint.MaxValue);
        Reseal(blob);
        var result = Bmes.Validate(blob);
        Assert.False(result.IsValid);
        Assert.Contains("requested modules count", result.Reason);
        Assert.Equal(requestsCountAt, result.Offset);

        var longString = Bmes.Serialize(record);
        BinaryPrimitives.WriteUInt32LittleEndian(longString.AsSpan(Bmes.FixedHeaderSize), 0x7FFF_FFF0);
        Reseal(longString);
        Assert.Contains("analyzer version", Bmes.Validate(longString).Reason);
    }

    [Theory]
    [InlineData(0, "magic")]
    [InlineData(4, "version")]
    [InlineData(8, "flag")]
    [InlineData(12, "bytes")]
    public void Header_problems_are_named(int offset, string expected)
    {
        var blob = Bmes.Serialize(new ModuleRecord { SourceHash = default, SourceLength = 0, AnalyzerVersion = "v" });
        blob[offset + 3] ^= 0x40;
        var result = Bmes.Validate(blob);
        Assert.False(result.IsValid);
        Assert.Contains(expected, result.Reason);
    }

    [Fact]
    public void A_checksum_mismatch_is_named_with_both_values()
    {
        var blob = Bmes.Serialize(new ModuleRecord { SourceHash = default, SourceLength = 0, AnalyzerVersion = "v" });
        blob[Bmes.FixedHeaderSize + 4] ^= 1;
        var result = Bmes.Validate(blob);
        Assert.Contains("checksum mismatch", result.Reason);
        Assert.Equal(blob.Length - Bmes.TrailerSize, result.Offset);
    }

    private static void Reseal(byte[] blob)
    {
        if (blob.Length < Bmes.TrailerSize)
        {
            return;
        }

        int end = blob.Length - Bmes.TrailerSize;
        BinaryPrimitives.WriteUInt64LittleEndian(blob.AsSpan(end), XxHash3.HashToUInt64(blob.AsSpan(0, end)));
    }

    private static void AssertRejected(ReadOnlyMemory<byte> blob, string what)
    {
        var result = Bmes.Validate(blob.Span);
        Assert.False(result.IsValid, $"{what}: accepted");
        Assert.False(string.IsNullOrEmpty(result.Reason));
        Assert.InRange(result.Offset, 0, Math.Max(blob.Length, 0));
        var e = Assert.Throws<BmesFormatException>(() => Bmes.Deserialize(blob));
        Assert.Equal(result.Reason, e.Reason);
    }

    /// <summary>True when valid (and then it must read), false when rejected; anything else fails the test.</summary>
    private static bool ValidatesOrThrowsCleanly(byte[] blob)
    {
        var result = Bmes.Validate(blob);
        if (result.IsValid)
        {
            Bmes.Deserialize(blob);
            return true;
        }

        Assert.False(string.IsNullOrEmpty(result.Reason));
        Assert.Throws<BmesFormatException>(() => Bmes.Deserialize(blob));
        return false;
    }
}
