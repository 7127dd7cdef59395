using System.Text.Json;

namespace EsmCacheCluster.Tests.Scanning;

/// <summary>
/// <c>esmcache scan</c> needs no V8: analysis is managed code, and only running modules or making bytecode loads
/// V8. The CLI as built, with V8's native library taken away (as on a machine V8's package does not serve), still
/// scans, warm, cold and without a cache; and analyze shows V8 is really missing there.
/// </summary>
public sealed class ScanWithoutV8Tests : IDisposable
{
    private readonly TempDirectory _cli = new();
    private readonly TempDirectory _tree = new();
    private readonly TempDirectory _cache = new();

    [Fact]
    public void Scan_analyses_when_V8_cannot_load()
    {
        string built = RepoPaths.CliFolder;
        Assert.True(File.Exists(Path.Combine(built, "esmcache.dll")), $"the CLI is not built at {built}");
        // Hard links are cheap; across file systems a plain copy does the same.
        if (ChildProcess.Run("cp", ["-al", built + "/.", _cli.Path], TimeSpan.FromSeconds(30)).ExitCode != 0)
        {
            Assert.Equal(0, ChildProcess.Run("cp", ["-a", built + "/.", _cli.Path], TimeSpan.FromSeconds(120)).ExitCode);
        }
        int removed = 0;
        foreach (var native in Directory.EnumerateFiles(_cli.Path, "ClearScriptV8*", SearchOption.AllDirectories))
        {
            File.Delete(native);
            removed++;
        }

        Assert.True(removed > 0, "no V8 native library found to remove");
        _tree.Write("main.js", "import { a } from './a.js';\nexport default a;\n");
        _tree.Write("a.js", "export const a = 1;\nawait import('./missing.js');\n");

        string analysed = Cli("analyze", Path.Combine(_tree.Path, "a.js")).Output;
        Assert.Contains("V8 unavailable", analysed);

        foreach (var mode in (string[][])[[], [], ["--no-cache"]]) // cold (generated here), warm (folder), no cache
        {
            var (exit, output, errors) = Cli(["scan", _tree.Path, "--json", "--cache-dir", _cache.Path, .. mode]);
            Assert.True(exit == 0, $"scan {string.Join(' ', mode)} exited {exit}: {errors}");
            using var json = JsonDocument.Parse(output);
            var summary = json.RootElement.GetProperty("summary");
            Assert.Equal(2, summary.GetProperty("files").GetInt32());
            Assert.Equal(0, summary.GetProperty("syntaxErrors").GetInt32());
            var main = json.RootElement.GetProperty("modules").EnumerateArray().Single(m => m.GetProperty("file").GetString() == "main.js");
            Assert.Equal("a.js", main.GetProperty("imports")[0].GetProperty("resolved").GetString());
        }
    }

    private (int ExitCode, string Output, string Errors) Cli(params string[] args) =>
        ChildProcess.Run("dotnet", [Path.Combine(_cli.Path, "esmcache.dll"), .. args], TimeSpan.FromMinutes(2));

    public void Dispose()
    {
        _cli.Dispose();
        _tree.Dispose();
        _cache.Dispose();
    }
}
