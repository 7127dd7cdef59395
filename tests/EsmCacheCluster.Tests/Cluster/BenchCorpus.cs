using System.Diagnostics;

namespace EsmCacheCluster.Tests.Cluster;

/// <summary>The benchmark corpus (bench/corpus, pinned with a lock), installed with npm ci on first use.</summary>
internal static class BenchCorpus
{
    private static readonly Lazy<string> Installed = new(() =>
    {
        string folder = Path.Combine(RepoPaths.Root, "bench", "corpus");
        if (!Directory.Exists(Path.Combine(folder, "node_modules", "three")))
        {
            var info = new ProcessStartInfo("npm", "ci --ignore-scripts --no-audit --no-fund --loglevel=error")
            {
                WorkingDirectory = folder,
                RedirectStandardError = true,
                RedirectStandardOutput = true,
            };
            using var npm = Process.Start(info)!;
            string errors = npm.StandardError.ReadToEnd();
            npm.WaitForExit();
            if (npm.ExitCode != 0)
            {
                throw new InvalidOperationException($"npm ci in {folder} failed: {errors}");
            }
        }

        return folder;
    });

    public static string Folder => Installed.Value;
}
