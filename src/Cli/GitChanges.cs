using System.Diagnostics;

namespace EsmCacheCluster.Cli;

/// <summary>
/// The files of a tree that differ from a git revision: committed since it, staged, unstaged and untracked (not
/// ignored), as paths relative to the tree. A rename is the deletion of the old path and the addition of the new.
/// </summary>
internal sealed record GitChanges(IReadOnlyList<string> Changed, IReadOnlyList<string> Deleted)
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(60);

    /// <summary>Asks git (two commands, run at once) about <paramref name="root"/>; throws <see cref="GitException"/> saying what went wrong.</summary>
    public static async Task<GitChanges> SinceAsync(string root, string revision, CancellationToken cancellationToken)
    {
        if (revision.StartsWith('-'))
        {
            throw new GitException($"'{revision}' is not a revision");
        }

        // --relative: paths relative to the tree, only inside it. --no-renames: a rename is a deletion and an addition.
        var diff = RunAsync(root, ["diff", "--name-status", "-z", "--no-renames", "--relative", revision, "--"], cancellationToken);
        var untracked = RunAsync(root, ["ls-files", "--others", "--exclude-standard", "-z"], cancellationToken);
        var changed = new List<string>();
        var deleted = new List<string>();
        var fields = (await diff.ConfigureAwait(false)).Split('\0', StringSplitOptions.RemoveEmptyEntries);
        for (int i = 0; i + 1 < fields.Length; i += 2)
        {
            (fields[i] == "D" ? deleted : changed).Add(fields[i + 1]);
        }

        changed.AddRange((await untracked.ConfigureAwait(false)).Split('\0', StringSplitOptions.RemoveEmptyEntries));
        return new GitChanges(changed, deleted);
    }

    /// <summary>git's output; throws <see cref="GitException"/> with git's first line of error when it fails.</summary>
    internal static async Task<string> RunAsync(string directory, string[] arguments, CancellationToken cancellationToken)
    {
        var start = new ProcessStartInfo("git") { RedirectStandardOutput = true, RedirectStandardError = true, WorkingDirectory = directory };
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        // A query must not take the index lock a concurrent git command (or another agent's query) may need.
        start.Environment["GIT_OPTIONAL_LOCKS"] = "0";
        Process process;
        try
        {
            process = Process.Start(start) ?? throw new GitException("git did not start");
        }
        catch (System.ComponentModel.Win32Exception e)
        {
            throw new GitException($"git is not available ({e.Message})");
        }

        using (process)
        {
            using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            timeout.CancelAfter(Timeout);
            var stdout = process.StandardOutput.ReadToEndAsync(timeout.Token);
            var stderr = process.StandardError.ReadToEndAsync(timeout.Token);
            try
            {
                await process.WaitForExitAsync(timeout.Token).ConfigureAwait(false);
            }
            catch (OperationCanceledException)
            {
                process.Kill(entireProcessTree: true);
                if (cancellationToken.IsCancellationRequested)
                {
                    throw;
                }

                throw new GitException($"git {arguments[0]} did not finish within {Timeout.TotalSeconds:N0} s");
            }

            if (process.ExitCode != 0)
            {
                // The first line says it ("fatal: bad revision", "Not a git repository"); usage text may follow.
                string error = (await stderr.ConfigureAwait(false)).Trim().Split('\n')[0].Trim();
                throw new GitException($"git {arguments[0]} failed: {(error.Length > 0 ? error : $"exit code {process.ExitCode}")}");
            }

            return await stdout.ConfigureAwait(false);
        }
    }
}

/// <summary>git could not say what changed (not a repository, an unknown revision, git missing).</summary>
internal sealed class GitException(string message) : Exception(message);
