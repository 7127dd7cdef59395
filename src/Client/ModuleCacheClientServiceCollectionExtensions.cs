using EsmCacheCluster.Records;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace EsmCacheCluster.Client;

/// <summary>Registers a <see cref="ModuleCacheClient"/> in a .NET host, its options checked when the host starts.</summary>
public static class ModuleCacheClientServiceCollectionExtensions
{
    /// <summary>
    /// Adds the client as a singleton over the host's <see cref="IClusterClient"/>. Bad options stop the host at
    /// start (<c>ValidateOnStart</c>) with every problem named, not at the first request.
    /// </summary>
    public static OptionsBuilder<ModuleCacheClientOptions> AddModuleCacheClient(this IServiceCollection services)
    {
        services.AddSingleton<IValidateOptions<ModuleCacheClientOptions>, ModuleCacheClientOptionsValidator>();
        services.AddSingleton(provider => new ModuleCacheClient(
            provider.GetRequiredService<IClusterClient>(),
            provider.GetRequiredService<IOptions<ModuleCacheClientOptions>>().Value,
            provider.GetService<Microsoft.Extensions.Logging.ILogger<ModuleCacheClient>>()));
        return services.AddOptions<ModuleCacheClientOptions>().ValidateOnStart();
    }
}
