using EsmCacheCluster.Format;
using System.IO.Enumeration;
using EsmCacheCluster.Graph.Indexing;
using MAB.DotIgnore;

namespace EsmCacheCluster.Graph.Scanning;

/// <summary>
/// Finds and reads the module files of a tree. Honours .gitignore files (each folder's rules apply to
/// what is below it), skips .git and, unless asked, node_modules, does not follow symlinked folders (cycles), and
/// reports what it cannot use (unreadable, binary, too large, broken links) instead of failing.
/// </summary>
public static class SourceTree
{
    /// <summary>Lists the tree: the module files (absolute paths, sorted) and what could not be listed.</summary>
    /// <param name="listings">
    /// Folder listings by path relative to the root (<c>.</c> for the root): those of an earlier walk are offered
    /// here, and the walk leaves here what it used, reused or read, for the next one. Null lists every folder.
    /// </param>
    /// <param name="reusable">Whether an earlier walk's listing of a folder, whose stat is given now, still holds.</param>
    public static (List<string> Modules, List<SourceProblem> Problems) List(
        string root, SourceTreeOptions options, Dictionary<string, DirectoryListing>? listings = null, Func<DirectoryListing, FileStat, bool>? reusable = null)
    {
        root = Path.GetFullPath(root);
        var listed = new List<string>();
        var problems = new List<SourceProblem>();
        Walk(root, options, listed, problems, listings, reusable);
        listed.Sort(StringComparer.Ordinal);
        var modules = new List<string>(listed.Count);
        foreach (var path in listed)
        {
            if (TransformOptions.TryGetLanguage(path, out _))
            {
                modules.Add(path);
            }
        }

        return (modules, problems);
    }

    /// <summary>Reads one module file: its bytes, or why it cannot be used (a broken link, unreadable, binary, too large).</summary>
    public static byte[]? ReadModule(string path, string relativePath, SourceTreeOptions options, out SourceProblem? problem)
    {
        problem = null;
        try
        {
            var info = new FileInfo(path);
            if (!info.Exists || (info.LinkTarget is not null && info.ResolveLinkTarget(returnFinalTarget: true) is not { Exists: true }))
            {
                problem = new SourceProblem(relativePath, "broken symbolic link");
                return null;
            }

            byte[] bytes = SourceFileReader.ReadAllBytes(path, options.MaxFileBytes);
            if (bytes.AsSpan().Contains((byte)0))
            {
                problem = new SourceProblem(relativePath, "not a text file (contains NUL bytes)", Lasting: true);
                return null;
            }

            return bytes;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            problem = new SourceProblem(relativePath, $"cannot read: {e.Message}");
            return null;
        }
    }

    public static string Relative(string root, string path) =>
        path.Length > root.Length + 1 && path.StartsWith(root, StringComparison.Ordinal) && path[root.Length] == '/'
            ? path[(root.Length + 1)..]
            : Path.GetRelativePath(root, path).Replace('\\', '/');

    private static void Walk(string root, SourceTreeOptions options, List<string> paths, List<SourceProblem> problems,
        Dictionary<string, DirectoryListing>? listings, Func<DirectoryListing, FileStat, bool>? reusable)
    {
        // Entries come straight from readdir (name, type, link or not): no stat or readlink per entry, and a string
        // only for what is kept. Hidden entries are listed too, as git lists them.
        var enumeration = new EnumerationOptions { AttributesToSkip = 0, IgnoreInaccessible = false, RecurseSubdirectories = false };
        var extensions = options.Extensions;
        var previous = listings is null ? null : new Dictionary<string, DirectoryListing>(listings, StringComparer.Ordinal);
        listings?.Clear();
        // An explicit stack: trees can be deep, and each level carries the ignore rules in force there.
        var stack = new Stack<(string Dir, IgnoreScope? Ignore)>();
        stack.Push((root, null));
        while (stack.Count > 0)
        {
            var (dir, inherited) = stack.Pop();
            string relative = dir.Length == root.Length ? "." : dir[(root.Length + 1)..];
            DirectoryListing listing;
            var stat = listings is null ? FileStat.Missing : FileStat.Of(dir, followLinks: false);
            if (previous is not null && previous.TryGetValue(relative, out var known) && reusable!(known, stat))
            {
                listing = known;
            }
            else
            {
                try
                {
                    listing = Read(dir, stat, options, extensions, enumeration);
                }
                catch (Exception e) when (e is IOException or UnauthorizedAccessException)
                {
                    problems.Add(new SourceProblem(Relative(root, dir) + "/", $"cannot list: {e.Message}"));
                    continue;
                }
            }

            listings?.Add(relative, listing);
            var ignore = inherited;
            if (options.RespectGitignore && listing.HasGitignore)
            {
                string gitignore = Path.Combine(dir, ".gitignore");
                try
                {
                    ignore = new IgnoreScope(new IgnoreList(gitignore), dir, inherited);
                }
                catch (Exception e) when (e is IOException or UnauthorizedAccessException or ArgumentException)
                {
                    problems.Add(new SourceProblem(Relative(root, gitignore), $"unreadable .gitignore: {e.Message}"));
                }
            }

            foreach (var name in listing.Directories)
            {
                string path = Path.Join(dir, name);
                if (ignore?.IsIgnored(path, isDirectory: true) != true)
                {
                    stack.Push((path, ignore));
                }
            }

            foreach (var name in listing.Files)
            {
                string path = Path.Join(dir, name);
                if (ignore?.IsIgnored(path, isDirectory: false) != true)
                {
                    paths.Add(path);
                }
            }
        }
    }

    private static DirectoryListing Read(string dir, FileStat stat, SourceTreeOptions options, IReadOnlyList<string> extensions, EnumerationOptions enumeration)
    {
        var directories = new List<string>();
        var files = new List<string>();
        bool hasGitignore = false;
        var entries = new FileSystemEnumerable<(string Name, bool IsDirectory)>(dir, (ref FileSystemEntry entry) => (entry.FileName.ToString(), entry.IsDirectory), enumeration)
        {
            // Symlinked folders are not followed (cycles); symlinked files are read through.
            ShouldIncludePredicate = (ref FileSystemEntry entry) => entry.IsDirectory
                ? (entry.Attributes & FileAttributes.ReparsePoint) == 0
                    && !entry.FileName.SequenceEqual(".git") && (options.IncludeNodeModules || !entry.FileName.SequenceEqual("node_modules"))
                : HasExtension(entry.FileName, extensions) || entry.FileName.SequenceEqual(".gitignore"),
        };
        foreach (var (name, isDirectory) in entries)
        {
            if (isDirectory)
            {
                directories.Add(name);
            }
            else if (name == ".gitignore")
            {
                hasGitignore = true;
            }
            else
            {
                files.Add(name);
            }
        }

        return new DirectoryListing(stat, [.. directories], [.. files], hasGitignore);
    }

    private static bool HasExtension(ReadOnlySpan<char> name, IReadOnlyList<string> extensions)
    {
        foreach (var extension in extensions)
        {
            if (name.EndsWith(extension, StringComparison.Ordinal))
            {
                return true;
            }
        }

        return false;
    }


    /// <summary>The rules of one .gitignore, applied to paths relative to its folder, then the outer ones'.</summary>
    private sealed class IgnoreScope(IgnoreList rules, string directory, IgnoreScope? outer)
    {
        public bool IsIgnored(string fullPath, bool isDirectory)
        {
            for (var scope = this; scope is not null; scope = scope.Outer)
            {
                string relative = Path.GetRelativePath(scope.Directory, fullPath).Replace('\\', '/');
                if (scope.Rules.IsIgnored(relative, isDirectory))
                {
                    return true;
                }
            }

            return false;
        }

        private IgnoreList Rules { get; } = rules;

        private string Directory { get; } = directory;

        private IgnoreScope? Outer { get; } = outer;
    }
}
