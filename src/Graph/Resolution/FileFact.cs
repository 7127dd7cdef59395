using EsmCacheCluster.Graph.Indexing;

namespace EsmCacheCluster.Graph.Resolution;

/// <summary>What the resolver asked about a path.</summary>
public enum FactKind : byte
{
    /// <summary>What the path is, following links (exists? a file? a folder?): only the kind matters.</summary>
    Probe,

    /// <summary>Whether the path itself is a symbolic link, and its target (real paths).</summary>
    Link,

    /// <summary>The file's bytes were read (package.json, tsconfig.json): its whole stat identity matters.</summary>
    Content,
}

/// <summary>One observed fact about the file system, with what was seen, so a later scan can check it still holds.</summary>
public sealed record FileFact(int Id, FactKind Kind, string Path, FileStat Stat, string? LinkTarget)
{
    /// <summary>False where stat cannot identify files (off Linux): such facts are used but never trusted later.</summary>
    public bool Trustworthy { get; init; } = true;

    public static FileFact Observe(int id, FactKind kind, string path)
    {
        if (!FileStat.IsSupported)
        {
            var info = new FileInfo(path);
            var fallbackKind = Directory.Exists(path) ? FileKind.Directory : info.Exists ? FileKind.File : FileKind.Missing;
            string? target = kind == FactKind.Link && (info.Exists || Directory.Exists(path)) ? info.LinkTarget : null;
            return new FileFact(id, kind, path, default(FileStat) with { Kind = fallbackKind }, target) { Trustworthy = false };
        }

        var stat = FileStat.Of(path, followLinks: kind != FactKind.Link);
        string? linkTarget = kind == FactKind.Link && stat.Kind == FileKind.SymbolicLink ? ReadLink(path) : null;
        return new FileFact(id, kind, path, stat, linkTarget);
    }

    /// <summary>
    /// Whether a fresh look sees the same: the same kind for a probe, the same link (or none) for a link, and the same
    /// size, times, inode and device for content, which must also not have been racy for the scan that recorded it
    /// (started at <paramref name="scanStartedNs"/>; see <see cref="FileStat.IsRacyFor"/>).
    /// </summary>
    public bool StillHolds(long scanStartedNs)
    {
        if (!Trustworthy || !FileStat.IsSupported)
        {
            return false;
        }

        switch (Kind)
        {
            case FactKind.Probe:
                return FileStat.Of(Path).Kind == Stat.Kind;
            case FactKind.Link:
                var now = FileStat.Of(Path, followLinks: false);
                return now.Kind == Stat.Kind && (now.Kind != FileKind.SymbolicLink || ReadLink(Path) == LinkTarget);
            default:
                return !Stat.IsRacyFor(scanStartedNs) && FileStat.Of(Path) == Stat;
        }
    }

    private static string? ReadLink(string path)
    {
        try
        {
            return new FileInfo(path).LinkTarget;
        }
        catch (IOException)
        {
            return null;
        }
    }
}
