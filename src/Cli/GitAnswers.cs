using System.Text;
using EsmCacheCluster.Graph.Indexing;
using EsmCacheCluster.Graph.Scanning;

namespace EsmCacheCluster.Cli;

/// <summary>
/// In the daemon: git's last answer for each root and revision, given again while nothing it depends on changed —
/// the same commits (HEAD and the revision, from one <c>git rev-parse</c>), the same git index, config and exclude
/// files, the same .gitignore files above the root, and no change under the root (its watch; see
/// <see cref="WatchedScans"/>). <c>git diff</c> against the working tree stats every tracked file and
/// <c>ls-files --others</c> walks every folder, which is most of a warm answer's time once the scan is watched.
/// </summary>
internal sealed class GitAnswers(WatchedScans watches)
{
    private readonly object _gate = new();
    private readonly Dictionary<(string Root, string Revision), Answer> _answers = [];

    /// <summary>How many answers were given again without asking git for the changes.</summary>
    public int Reused => Volatile.Read(ref _reused);

    private int _reused;

    /// <param name="context">The request's: git's user files are found under its HOME and XDG_CONFIG_HOME.</param>
    public async Task<GitChanges> SinceAsync(CommandContext context, string root, string revision, CancellationToken cancellationToken)
    {
        string fullRoot = Path.TrimEndingDirectorySeparator(Path.GetFullPath(root));
        if (revision.StartsWith('-') || watches.Generation(fullRoot) is not { } before)
        {
            return await GitChanges.SinceAsync(root, revision, cancellationToken).ConfigureAwait(false);
        }

        string[] parsed;
        try
        {
            parsed = (await GitChanges.RunAsync(root, ["rev-parse", "--absolute-git-dir", "--show-toplevel", "HEAD", revision + "^{commit}", "--"], cancellationToken)
                .ConfigureAwait(false)).Split('\n', StringSplitOptions.RemoveEmptyEntries);
        }
        catch (GitException)
        {
            // git diff says what is wrong in its own words, as without the daemon.
            return await GitChanges.SinceAsync(root, revision, cancellationToken).ConfigureAwait(false);
        }

        if (parsed is not [_, _, _, _, "--"]) // "--" (which keeps a file named like the revision out of it) is echoed
        {
            return await GitChanges.SinceAsync(root, revision, cancellationToken).ConfigureAwait(false);
        }

        long nowNs = (DateTimeOffset.UtcNow - DateTimeOffset.UnixEpoch).Ticks * 100;
        var (state, settled) = StateOf(context, fullRoot, gitDirectory: parsed[0], topLevel: parsed[1], commits: $"{parsed[2]} {parsed[3]}", nowNs);
        lock (_gate)
        {
            if (_answers.TryGetValue((fullRoot, revision), out var answer) && answer.State == state && answer.Generation == before
                && FileStat.Of(answer.ExcludesFile ?? "") == answer.ExcludesFileStat)
            {
                _reused++;
                return answer.Changes;
            }
        }

        var excludesFile = GitChanges.RunAsync(root, ["config", "--path", "--get", "core.excludesFile"], cancellationToken);
        var changes = await GitChanges.SinceAsync(root, revision, cancellationToken).ConfigureAwait(false);
        string? excludes = null;
        try
        {
            excludes = (await excludesFile.ConfigureAwait(false)).Trim();
        }
        catch (GitException)
        {
            // Not set (git config exits 1): the default file is part of the state already.
        }

        var excludesStat = FileStat.Of(excludes ?? "");
        if (settled && !excludesStat.IsRacyFor(nowNs))
        {
            lock (_gate)
            {
                _answers[(fullRoot, revision)] = new Answer(state, before, excludes, excludesStat, changes);
            }
        }

        return changes;
    }

    /// <summary>
    /// The stats of everything besides the tree that decides git's answer, as one string; not settled when one of them
    /// changed so recently (git's racy window) that a change within the same timestamp could go unseen.
    /// </summary>
    private static (string State, bool Settled) StateOf(CommandContext context, string root, string gitDirectory, string topLevel, string commits, long nowNs)
    {
        string home = context.Variable("HOME") ?? "";
        string config = context.Variable("XDG_CONFIG_HOME") ?? Path.Combine(home, ".config");
        var files = new List<string>
        {
            Path.Combine(gitDirectory, "index"), Path.Combine(gitDirectory, "info", "exclude"), Path.Combine(gitDirectory, "config"),
            Path.Combine(home, ".gitconfig"), Path.Combine(config, "git", "config"), Path.Combine(config, "git", "ignore"), "/etc/gitconfig",
        };
        // .gitignore files between the repository's top and the root: the watch covers only the root and below.
        topLevel = Path.TrimEndingDirectorySeparator(topLevel);
        for (string? folder = Path.GetDirectoryName(root); folder is not null && folder.Length >= topLevel.Length && folder.StartsWith(topLevel, StringComparison.Ordinal);
             folder = Path.GetDirectoryName(folder))
        {
            files.Add(Path.Combine(folder, ".gitignore"));
        }

        var state = new StringBuilder(commits);
        bool settled = true;
        foreach (var file in files)
        {
            var stat = FileStat.Of(file);
            settled &= !stat.Exists || !stat.IsRacyFor(nowNs);
            state.Append('|').Append(file).Append(':').Append(stat.ToString());
        }

        return (state.ToString(), settled);
    }

    private sealed record Answer(string State, long Generation, string? ExcludesFile, FileStat ExcludesFileStat, GitChanges Changes);
}
