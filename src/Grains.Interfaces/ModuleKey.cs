using EsmCacheCluster.Format;

namespace EsmCacheCluster.Grains.Interfaces;

/// <summary>Grain keys are canonical: exactly the lowercase hex SHA-256, so one source never has two grains.</summary>
public static class ModuleKey
{
    public static bool TryParse(string? key, out ContentHash hash) =>
        ContentHash.TryParse(key, out hash) && string.Equals(hash.ToString(), key, StringComparison.Ordinal);

    public static string Of(ContentHash hash) => hash.ToString();
}
