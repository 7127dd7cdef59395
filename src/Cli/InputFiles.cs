namespace EsmCacheCluster.Cli;

/// <summary>Expands command-line paths: files stay as given, directories become their matching files, sorted.</summary>
internal static class InputFiles
{
    private static readonly EnumerationOptions Walk = new()
    {
        RecurseSubdirectories = true,
        IgnoreInaccessible = true,
        // Symbolic links are not followed: linked folders can form cycles.
        AttributesToSkip = FileAttributes.ReparsePoint,
        MatchType = MatchType.Simple,
    };

    /// <summary>
    /// Files to process in order, named as the user named them (a folder's files under the folder as given); paths
    /// that do not exist are reported to <paramref name="error"/>. Relative paths are relative to
    /// <paramref name="workingDirectory"/>: open them with <see cref="Path.GetFullPath(string, string)"/>.
    /// </summary>
    public static List<string> Expand(IEnumerable<string> paths, string[] extensions, string workingDirectory, TextWriter error, out bool missing)
    {
        var files = new List<string>();
        missing = false;
        foreach (var path in paths)
        {
            string fullPath = Path.GetFullPath(path, workingDirectory);
            if (File.Exists(fullPath))
            {
                files.Add(path);
            }
            else if (Directory.Exists(fullPath))
            {
                var found = new List<string>();
                foreach (var file in Directory.EnumerateFiles(fullPath, "*", Walk))
                {
                    if (HasExtension(file, extensions))
                    {
                        found.Add(Path.Join(path, Path.GetRelativePath(fullPath, file)));
                    }
                }

                found.Sort(StringComparer.Ordinal);
                files.AddRange(found);
            }
            else
            {
                error.WriteLine($"esmcache: {path}: no such file or directory");
                missing = true;
            }
        }

        return files;
    }

    private static bool HasExtension(string file, string[] extensions)
    {
        foreach (var extension in extensions)
        {
            if (file.EndsWith(extension, StringComparison.OrdinalIgnoreCase))
            {
                return true;
            }
        }

        return false;
    }
}
