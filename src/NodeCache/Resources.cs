namespace EsmCacheCluster.NodeCache;

/// <summary>The scripts this library hands to Node, embedded in the assembly.</summary>
internal static class Resources
{
    public static byte[] Bytes(string name)
    {
        using var stream = typeof(Resources).Assembly.GetManifestResourceStream(name)
            ?? throw new InvalidOperationException($"{name} is missing from {typeof(Resources).Assembly.GetName().Name}");
        var bytes = new byte[stream.Length];
        stream.ReadExactly(bytes);
        return bytes;
    }
}
