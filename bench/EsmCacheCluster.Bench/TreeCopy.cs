namespace EsmCacheCluster.Bench;

/// <summary>Copies of the corpus trees, so a benchmark that edits or commits never touches the fetched corpus.</summary>
internal static class TreeCopy
{
    /// <summary>Copies every file under <paramref name="from"/> that <paramref name="keep"/> accepts to the same place under <paramref name="to"/>.</summary>
    public static void Copy(string from, string to, Func<string, bool>? keep = null)
    {
        foreach (var file in Directory.EnumerateFiles(from, "*", SearchOption.AllDirectories))
        {
            if (keep?.Invoke(file) == false)
            {
                continue;
            }

            string target = Path.Combine(to, Path.GetRelativePath(from, file));
            Directory.CreateDirectory(Path.GetDirectoryName(target)!);
            File.Copy(file, target);
        }
    }

    /// <summary>
    /// A copy of <paramref name="from"/> whose every module (JavaScript and TypeScript, declarations included) ends
    /// with a comment naming <paramref name="marker"/>: the same code, new to every cache.
    /// </summary>
    public static void CopyDistinct(string from, string to, string marker)
    {
        byte[] comment = System.Text.Encoding.UTF8.GetBytes($"\n// {marker}\n");
        foreach (var file in Directory.EnumerateFiles(from, "*", SearchOption.AllDirectories))
        {
            string target = Path.Combine(to, Path.GetRelativePath(from, file));
            Directory.CreateDirectory(Path.GetDirectoryName(target)!);
            if (Path.GetExtension(file) is ".js" or ".mjs" or ".cjs" or ".jsx" or ".ts" or ".mts" or ".cts" or ".tsx")
            {
                File.WriteAllBytes(target, [.. File.ReadAllBytes(file), .. comment]);
            }
            else
            {
                File.Copy(file, target);
            }
        }
    }

    /// <summary>
    /// The file a one-file edit changes: <paramref name="preferred"/> (a module others import) when the tree has it,
    /// else the first JavaScript file in ordinal order.
    /// </summary>
    public static string EditTarget(string tree, string preferred)
    {
        string path = Path.Combine(tree, preferred);
        return File.Exists(path)
            ? path
            : Directory.EnumerateFiles(tree, "*.js", SearchOption.AllDirectories).Order(StringComparer.Ordinal).First(f => !f.Contains("/.git/", StringComparison.Ordinal));
    }
}
