using System.Diagnostics;

namespace EsmCacheCluster.Tests;

/// <summary>
/// A folder of the project with a package.json and lock that tests need installed (Azurite, real packages, the
/// bench corpus): <c>npm ci</c> runs once, when the marker file is missing; without npm the tests say so.
/// </summary>
internal static class NpmFolder
{
    private static readonly SemaphoreSlim Lock = new(1, 1);

    public static string EnsureInstalled(string relativeFolder, string marker)
    {
        string folder = Path.Combine(RepoPaths.Root, relativeFolder);
        Lock.Wait();
        try
        {
            if (File.Exists(Path.Combine(folder, marker)) || Directory.Exists(Path.Combine(folder, marker)))
            {
                return folder;
            }

            var info = new ProcessStartInfo("npm", "ci --ignore-scripts --no-audit --no-fund --loglevel=error")
            {
                WorkingDirectory = folder,
                RedirectStandardOutput = true,
                RedirectStandardError = true,
            };
            Process npm;
            try
            {
                npm = Process.Start(info)!;
            }
            catch (System.ComponentModel.Win32Exception e)
            {
                throw new InvalidOperationException($"These tests need Node.js and npm to install {folder}: npm could not be started ({e.Message}).", e);
            }

            using (npm)
            {
                var stdout = npm.StandardOutput.ReadToEndAsync();
                string errors = npm.StandardError.ReadToEnd();
                npm.WaitForExit();
                if (npm.ExitCode != 0)
                {
                    throw new InvalidOperationException($"npm ci in {folder} failed ({npm.ExitCode}): {errors}{stdout.Result}");
                }
            }

            return folder;
        }
        finally
        {
            Lock.Release();
        }
    }
}
