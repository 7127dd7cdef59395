using EsmCacheCluster.Tests.Cluster;

namespace EsmCacheCluster.Tests.NodeCache;

/// <summary>One published silo for a test class, running Node 22, 24 and 26 (EsmCache:NodeRuntimes) over folder storage.</summary>
public sealed class NodeClusterSilo : IAsyncLifetime
{
    private readonly TempDirectory _storage = new();

    internal PublishedSilo Silo { get; private set; } = null!;

    public string StoragePath => _storage.Path;

    public string Gateway => $"127.0.0.1:{Silo.GatewayPort}";

    public async Task InitializeAsync()
    {
        var settings = new Dictionary<string, string> { ["EsmCache__StoragePath"] = _storage.Path };
        int index = 0;
        foreach (var major in (int[])[22, 24, 26])
        {
            settings[$"EsmCache__NodeRuntimes__{index++}"] = NodeRuntimes.Node(major);
        }

        Silo = PublishedSilo.Start(settings);
        await Silo.WaitUntilReadyAsync(TimeSpan.FromSeconds(90));
    }

    public Task DisposeAsync()
    {
        Silo?.Dispose();
        _storage.Dispose();
        return Task.CompletedTask;
    }
}
