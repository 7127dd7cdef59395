namespace EsmCacheCluster.Tests.TypeScript;

/// <summary>tests/typescript: TypeScript 5.9 (the oracle) and pinned packages that ship their TypeScript sources.</summary>
internal static class TypeScriptFolder
{
    public static string Path => NpmFolder.EnsureInstalled(System.IO.Path.Combine("tests", "typescript"), System.IO.Path.Combine("node_modules", "typescript", "package.json"));

    /// <summary>The corpus packages: every dependency but typescript itself.</summary>
    public static readonly string[] CorpusPackages =
    [
        "@kobalte/core", "@tanstack/query-core", "@tanstack/query-devtools", "@tanstack/react-query", "@tanstack/react-router",
        "@tanstack/router-core", "@tanstack/solid-query", "@trpc/server", "effect", "rxjs", "zod",
    ];

    /// <summary>Every .ts/.tsx/.mts/.jsx source file of the corpus packages (declaration files, CommonJS and nested node_modules left out), sorted.</summary>
    public static List<string> CorpusFiles()
    {
        var files = new List<string>();
        foreach (var package in CorpusPackages)
        {
            string root = System.IO.Path.Combine(Path, "node_modules", package);
            foreach (var file in Directory.EnumerateFiles(root, "*", SearchOption.AllDirectories))
            {
                string relative = System.IO.Path.GetRelativePath(root, file);
                if (relative.Split(System.IO.Path.DirectorySeparatorChar).Contains("node_modules"))
                {
                    continue;
                }

                if (EsmCacheCluster.Format.TransformOptions.TryGetLanguage(file, out var language) && language is EsmCacheCluster.Format.SourceLanguage.TypeScript or EsmCacheCluster.Format.SourceLanguage.Tsx or EsmCacheCluster.Format.SourceLanguage.Jsx)
                {
                    files.Add(file);
                }
            }
        }

        files.Sort(StringComparer.Ordinal);
        return files;
    }
}
