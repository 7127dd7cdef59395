using System.Collections.Concurrent;
using EsmCacheCluster.Client;
using EsmCacheCluster.Format;
using MAB.DotIgnore;

namespace EsmCacheCluster.Graph.Scanning;

/// <summary>
/// Finds, reads and hashes the module files of a tree. Honours .gitignore files (each folder's rules apply to
/// what is below it), skips .git and, unless asked, node_modules, does not follow symlinked folders (cycles), and
/// reports what it cannot use (unreadable, binary, too large, broken links) instead of failing.
/// </summary>
public static class SourceTree
{
    /// <param name="progress">Called with (files read, files found) as files are read, from several threads.</param>
    /// <returns>The ES module files read, the CommonJS files listed (relative paths; not read), and the problems.</returns>
    public static (List<SourceFile> Files, List<string> CommonJs, List<SourceProblem> Problems) Read(string root, SourceTreeOptions options, Action<int, int>? progress = null)
    {
        root = Path.GetFullPath(root);
        var listed = new List<string>();
        var problems = new ConcurrentBag<SourceProblem>();
        Walk(root, options, listed, problems);
        listed.Sort(StringComparer.Ordinal);
        var paths = new List<string>(listed.Count);
        var commonJs = new List<string>();
        foreach (var path in listed)
        {
            if (path.EndsWith(".cjs", StringComparison.Ordinal) || path.EndsWith(".cts", StringComparison.Ordinal))
            {
                if (!TransformOptions.IsDeclarationFile(path))
                {
                    commonJs.Add(Relative(root, path));
                }
            }
            else if (TransformOptions.TryGetLanguage(path, out _))
            {
                paths.Add(path);
            }
        }

        var files = new SourceFile?[paths.Count];
        int done = 0;
        Parallel.For(0, paths.Count, i =>
        {
            string path = paths[i];
            string relative = Path.GetRelativePath(root, path).Replace('\\', '/');
            try
            {
                var info = new FileInfo(path);
                if (!info.Exists || (info.LinkTarget is not null && info.ResolveLinkTarget(returnFinalTarget: true) is not { Exists: true }))
                {
                    problems.Add(new SourceProblem(relative, "broken symbolic link"));
                }
                else
                {
                    byte[] bytes = SourceFileReader.ReadAllBytes(path, options.MaxFileBytes);
                    if (bytes.AsSpan().Contains((byte)0))
                    {
                        problems.Add(new SourceProblem(relative, "not a text file (contains NUL bytes)"));
                    }
                    else
                    {
                        var transform = options.Transform?.Invoke(path) ?? TransformOptions.ForFile(path);
                        files[i] = new SourceFile(relative, path, ModuleSource.Of(bytes, transform));
                    }
                }
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                problems.Add(new SourceProblem(relative, $"cannot read: {e.Message}"));
            }

            progress?.Invoke(Interlocked.Increment(ref done), paths.Count);
        });

        var found = new List<SourceFile>(files.Length);
        foreach (var file in files)
        {
            if (file is not null)
            {
                found.Add(file);
            }
        }

        var sortedProblems = problems.OrderBy(p => p.Path, StringComparer.Ordinal).ToList();
        return (found, commonJs, sortedProblems);
    }

    private static void Walk(string root, SourceTreeOptions options, List<string> paths, ConcurrentBag<SourceProblem> problems)
    {
        // An explicit stack: trees can be deep, and each level carries the ignore rules in force there.
        var stack = new Stack<(string Dir, IgnoreScope? Ignore)>();
        stack.Push((root, null));
        while (stack.Count > 0)
        {
            var (dir, inherited) = stack.Pop();
            var ignore = inherited;
            if (options.RespectGitignore)
            {
                string gitignore = Path.Combine(dir, ".gitignore");
                if (File.Exists(gitignore))
                {
                    try
                    {
                        ignore = new IgnoreScope(new IgnoreList(gitignore), dir, inherited);
                    }
                    catch (Exception e) when (e is IOException or UnauthorizedAccessException or ArgumentException)
                    {
                        problems.Add(new SourceProblem(Relative(root, gitignore), $"unreadable .gitignore: {e.Message}"));
                    }
                }
            }

            IEnumerable<FileSystemInfo> entries;
            try
            {
                entries = new DirectoryInfo(dir).EnumerateFileSystemInfos().ToList();
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                problems.Add(new SourceProblem(Relative(root, dir) + "/", $"cannot list: {e.Message}"));
                continue;
            }

            foreach (var entry in entries)
            {
                bool isLink = entry.LinkTarget is not null;
                if (entry is DirectoryInfo subdirectory)
                {
                    if (entry.Name == ".git" || (entry.Name == "node_modules" && !options.IncludeNodeModules) || isLink)
                    {
                        continue;
                    }

                    if (ignore?.IsIgnored(subdirectory.FullName, isDirectory: true) == true)
                    {
                        continue;
                    }

                    stack.Push((subdirectory.FullName, ignore));
                }
                else if (HasExtension(entry.Name, options.Extensions) && ignore?.IsIgnored(entry.FullName, isDirectory: false) != true)
                {
                    paths.Add(entry.FullName);
                }
            }
        }
    }

    private static bool HasExtension(string name, IReadOnlyList<string> extensions)
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

    private static string Relative(string root, string path) => Path.GetRelativePath(root, path).Replace('\\', '/');

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
