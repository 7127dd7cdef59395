using EsmCacheCluster.Cli;

namespace EsmCacheCluster.Tests.Scanning;

/// <summary>
/// <c>affected --since REV</c>: what git says changed (committed since REV, staged, unstaged, untracked, deleted,
/// renamed), and, through the built CLI, what that affects, deleted files counting for their former importers.
/// </summary>
public sealed class AffectedSinceTests : IDisposable
{
    private readonly TempDirectory _repo = new();
    private readonly TempDirectory _cache = new();

    public AffectedSinceTests()
    {
        _repo.Write("src/main.js", "import { a } from './a.js';\nexport default a;\n");
        _repo.Write("src/a.js", "import { b } from './b.js';\nexport const a = b;\n");
        _repo.Write("src/b.js", "export const b = 1;\n");
        _repo.Write("src/c.js", "import { d } from './d.js';\nexport const c = d;\n");
        _repo.Write("src/d.js", "export const d = 1;\n");
        _repo.Write("src/e.js", "export const e = 1;\n");
        _repo.Write("src/f.js", "import { g } from './g.js';\nexport const f = g;\n");
        _repo.Write("src/g.js", "export const g = 1;\n");
        _repo.Write("src/old-name.js", "export const r = 1;\n");
        _repo.Write("src/uses-renamed.js", "import { r } from './old-name.js';\nexport default r;\n");
        _repo.Write("src/quiet.js", "export const q = 1;\n");
        _repo.Write(".gitignore", "ignored.js\n");
        Git("init", "-q");
        Git("add", "-A");
        Commit("base");
        _repo.Write("src/b.js", "export const b = 2;\n"); // committed since the base
        Git("add", "src/b.js");
        Commit("change b");
        _repo.Write("src/d.js", "export const d = 2;\n"); // staged
        Git("add", "src/d.js");
        _repo.Write("src/e.js", "export const e = 2;\n"); // unstaged
        _repo.Write("src/h.js", "export const h = 1;\n"); // untracked
        _repo.Write("ignored.js", "export const i = 1;\n"); // untracked but ignored
        Git("rm", "-q", "src/g.js"); // deleted
        Git("mv", "src/old-name.js", "src/new-name.js"); // renamed
    }

    [Fact]
    public async Task Git_reports_committed_staged_unstaged_untracked_deleted_and_renamed_files()
    {
        var changes = await GitChanges.SinceAsync(_repo.Path, "HEAD~1", CancellationToken.None);
        Assert.Equal(["src/b.js", "src/d.js", "src/e.js", "src/h.js", "src/new-name.js"], changes.Changed.Order(StringComparer.Ordinal));
        Assert.Equal(["src/g.js", "src/old-name.js"], changes.Deleted.Order(StringComparer.Ordinal));

        var sub = await GitChanges.SinceAsync(Path.Combine(_repo.Path, "src"), "HEAD~1", CancellationToken.None);
        Assert.Contains("b.js", sub.Changed); // relative to the tree asked about

        await Assert.ThrowsAsync<GitException>(() => GitChanges.SinceAsync(_repo.Path, "no-such-revision", CancellationToken.None));
        await Assert.ThrowsAsync<GitException>(() => GitChanges.SinceAsync(_repo.Path, "--output=/tmp/x", CancellationToken.None));
    }

    [Fact]
    [Trait("Category", "Integration")]
    public void Affected_since_lists_what_the_changes_reach_including_former_importers_of_deleted_files()
    {
        string cli = RepoPaths.Cli;
        var run = ChildProcess.Run("env", ["ESMCACHE_DAEMON=off", "dotnet", cli, "affected", "--since", "HEAD~1", "--root", _repo.Path, "--cache-dir", _cache.Path],
            TimeSpan.FromMinutes(2));
        Assert.True(run.ExitCode == 0, run.Errors);
        var affected = run.Output.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        Assert.Equal(
            ["src/a.js", "src/b.js", "src/c.js", "src/d.js", "src/e.js", "src/f.js", "src/h.js", "src/main.js", "src/new-name.js", "src/uses-renamed.js"],
            affected.Order(StringComparer.Ordinal));

        var outside = ChildProcess.Run("env", ["ESMCACHE_DAEMON=off", "dotnet", cli, "affected", "--since", "HEAD~1", "--root", _cache.Path, "--cache-dir", _cache.Path], TimeSpan.FromMinutes(2));
        Assert.Equal(2, outside.ExitCode);
        Assert.Contains("git", outside.Errors);
    }

    public void Dispose()
    {
        _repo.Dispose();
        _cache.Dispose();
    }

    private void Commit(string message) => Git("-c", "user.name=test", "-c", "user.email=test@localhost", "commit", "-qm", message);

    private void Git(params string[] args)
    {
        var run = ChildProcess.Run("git", args, TimeSpan.FromSeconds(60), _repo.Path);
        Assert.True(run.ExitCode == 0, $"git {string.Join(' ', args)}: {run.Errors}");
    }
}
