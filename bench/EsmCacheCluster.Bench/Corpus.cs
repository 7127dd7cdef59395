namespace EsmCacheCluster.Bench;

/// <summary>The pinned corpus of real ES modules described by bench/corpus/corpus.txt, loaded into memory.</summary>
internal sealed class Corpus
{
    public required string Root { get; init; }

    public required IReadOnlyList<(string Path, byte[] Bytes)> Files { get; init; }

    public long TotalBytes { get; private init; }

    public static Corpus Load(string root)
    {
        string manifest = Path.Combine(root, "corpus.txt");
        if (!Directory.Exists(Path.Combine(root, "node_modules")))
        {
            throw new InvalidOperationException($"The corpus is not fetched: run bench/fetch-corpus.sh (expected {root}/node_modules).");
        }

        var files = new List<(string, byte[])>();
        foreach (var raw in File.ReadAllLines(manifest))
        {
            string line = raw.Trim();
            if (line.Length == 0 || line.StartsWith('#'))
            {
                continue;
            }

            var parts = line.Split((char[])[' ', '\t'], StringSplitOptions.RemoveEmptyEntries);
            string directory = Path.Combine(root, parts[0]);
            var found = Directory.EnumerateFiles(directory, "*", SearchOption.AllDirectories)
                .Where(f => parts.Skip(1).Any(suffix => f.EndsWith(suffix, StringComparison.Ordinal)))
                .Order(StringComparer.Ordinal);
            foreach (var file in found)
            {
                files.Add((Path.GetRelativePath(root, file), File.ReadAllBytes(file)));
            }
        }

        return new Corpus { Root = root, Files = files, TotalBytes = files.Sum(f => (long)f.Item2.Length) };
    }

    public static string DefaultRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "EsmCacheCluster.sln")))
            {
                return Path.Combine(dir.FullName, "bench", "corpus");
            }
        }

        throw new InvalidOperationException("Run the benchmark from inside the repository.");
    }
}
