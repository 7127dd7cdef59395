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

            (int ExitCode, string Output, string Errors) npm;
            try
            {
                npm = ChildProcess.Run("npm", ["ci", "--ignore-scripts", "--no-audit", "--no-fund", "--loglevel=error"], TimeSpan.FromMinutes(10), folder);
            }
            catch (System.ComponentModel.Win32Exception e)
            {
                throw new InvalidOperationException($"These tests need Node.js and npm to install {folder}: npm could not be started ({e.Message}).", e);
            }

            if (npm.ExitCode != 0)
            {
                throw new InvalidOperationException($"npm ci in {folder} failed ({npm.ExitCode}): {npm.Errors}{npm.Output}");
            }

            return folder;
        }
        finally
        {
            Lock.Release();
        }
    }
}
