using System.Diagnostics;

namespace EsmCacheCluster.Tests.Resolution;

/// <summary>Real npm packages (tests/resolver-packages, pinned with a lock) installed by npm ci on first use.</summary>
internal static class ResolverPackages
{
    private static readonly Lazy<string> Installed = new(Install);

    public static string Folder => Installed.Value;

    private static string Install()
    {
        string folder = Path.Combine(RepoPaths.Root, "tests", "resolver-packages");
        if (Directory.Exists(Path.Combine(folder, "node_modules", "preact")))
        {
            return folder;
        }

        var info = new ProcessStartInfo("npm", "ci --ignore-scripts --no-audit --no-fund --loglevel=error")
        {
            WorkingDirectory = folder,
            RedirectStandardError = true,
            RedirectStandardOutput = true,
        };
        using var npm = Process.Start(info) ?? throw new InvalidOperationException("npm did not start");
        string errors = npm.StandardError.ReadToEnd();
        npm.WaitForExit();
        if (npm.ExitCode != 0)
        {
            throw new InvalidOperationException($"npm ci in {folder} failed: {errors}");
        }

        return folder;
    }
}
