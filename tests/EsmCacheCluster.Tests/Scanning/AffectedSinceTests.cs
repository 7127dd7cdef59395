using EsmCacheCluster.Cli;
using EsmCacheCluster.Graph.Scanning;

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
    public async Task The_daemons_kept_git_answers_equal_gits_own_after_every_kind_of_change()
    {
        using var watches = new WatchedScans();
        var answers = new GitAnswers(watches);
        string root = Path.Combine(_repo.Path, "src"); // below the repository's top: the .gitignore above it is not watched
        watches.TryReuse(root, "tests", out _); // a scan of the root starts its watch

        async Task SameAsGit(string step)
        {
            Thread.Sleep(250); // past git's racy window for the files just written, so the answer is kept
            int reused = answers.Reused;
            for (int ask = 0; ask < 2; ask++)
            {
                var kept = await answers.SinceAsync(CommandContext.OfThisProcess(), root, "HEAD~1", CancellationToken.None);
                var fresh = await GitChanges.SinceAsync(root, "HEAD~1", CancellationToken.None);
                Assert.True(Describe(fresh) == Describe(kept), $"{step}: git says {Describe(fresh)}, the daemon {Describe(kept)}");
            }

            Assert.True(answers.Reused > reused, $"{step}: the second answer was not the kept one");
        }

        await SameAsGit("as set up");
        _repo.Write("src/e.js", "export const e = 3;\n");
        await SameAsGit("unstaged edit");
        _repo.Write("src/k.js", "export const k = 1;\n");
        await SameAsGit("new untracked file");
        _repo.Write(".gitignore", "ignored.js\nsrc/k.js\n");
        await SameAsGit("ignored by the .gitignore above the root");
        Git("add", "src/e.js");
        await SameAsGit("staged");
        Git("rm", "-q", "--cached", "src/c.js");
        await SameAsGit("removed from the index only");
        Commit("more");
        await SameAsGit("committed: HEAD moved");

        static string Describe(GitChanges changes) =>
            $"changed [{string.Join(' ', changes.Changed.Order(StringComparer.Ordinal))}] deleted [{string.Join(' ', changes.Deleted.Order(StringComparer.Ordinal))}]";
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
