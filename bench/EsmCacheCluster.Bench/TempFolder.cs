namespace EsmCacheCluster.Bench;

/// <summary>A scratch folder for one measurement (optionally under <paramref name="parent"/>), deleted afterwards.</summary>
internal sealed class TempFolder(string? parent = null) : IDisposable
{
    public string Path { get; } = parent is null
        ? Directory.CreateTempSubdirectory("esmcache-bench-").FullName
        : Directory.CreateDirectory(System.IO.Path.Combine(parent, "esmcache-bench-" + Guid.NewGuid().ToString("N"))).FullName;

    public void Dispose() => Directory.Delete(Path, recursive: true);
}
