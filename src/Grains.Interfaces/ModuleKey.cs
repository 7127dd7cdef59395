using EsmCacheCluster.Format;

namespace EsmCacheCluster.Grains.Interfaces;

/// <summary>
/// Grain keys are canonical <see cref="CacheKey"/> text: the lowercase hex SHA-256 of the source, then for a
/// transformed module <c>.</c> and its variant (<c>….tsx+react-jsx+react</c>), so one source under one set of
/// options never has two grains.
/// </summary>
public static class ModuleKey
{
    public static bool TryParse(string? key, out CacheKey cacheKey) => CacheKey.TryParse(key, out cacheKey);

    public static string Of(CacheKey key) => key.ToString();
}
