using System.Globalization;

namespace EsmCacheCluster.Cli;

/// <summary>Sizes as users write them: <c>500000</c>, <c>800KB</c>, <c>1MB</c>, <c>2GiB</c> (KB, MB, GB are powers of 1000; KiB, MiB, GiB of 1024).</summary>
internal static class ByteSize
{
    private static readonly (string Suffix, long Factor)[] Units =
    [
        ("KiB", 1L << 10), ("MiB", 1L << 20), ("GiB", 1L << 30), ("TiB", 1L << 40),
        ("KB", 1_000), ("MB", 1_000_000), ("GB", 1_000_000_000), ("TB", 1_000_000_000_000),
        ("K", 1L << 10), ("M", 1L << 20), ("G", 1L << 30), ("B", 1),
    ];

    public static bool TryParse(string? text, out long bytes)
    {
        bytes = 0;
        if (string.IsNullOrWhiteSpace(text))
        {
            return false;
        }

        var span = text.AsSpan().Trim();
        long factor = 1;
        foreach (var (suffix, unit) in Units)
        {
            if (span.EndsWith(suffix, StringComparison.OrdinalIgnoreCase))
            {
                span = span[..^suffix.Length].TrimEnd();
                factor = unit;
                break;
            }
        }

        if (!decimal.TryParse(span, NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out decimal number) || number * factor > long.MaxValue)
        {
            return false;
        }

        bytes = (long)(number * factor);
        return true;
    }

    public static string Format(long bytes) => bytes switch
    {
        >= 1L << 30 => $"{bytes / (double)(1L << 30):N1} GiB",
        >= 1L << 20 => $"{bytes / (double)(1L << 20):N1} MiB",
        >= 1L << 10 => $"{bytes / 1024.0:N1} KiB",
        _ => $"{bytes} B",
    };
}
