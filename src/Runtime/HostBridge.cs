using Microsoft.ClearScript;

namespace EsmCacheCluster.Runtime;

/// <summary>
/// What the runner's JavaScript prelude calls into: output, exit, environment and the timer queue. Timers fire
/// on the engine's thread, from the runner's loop, never concurrently with script code.
/// </summary>
public sealed class HostBridge(TextWriter stdout, TextWriter stderr, string[] argv)
{
    private readonly PriorityQueue<Timer, (DateTime Due, long Id)> _timers = new();
    private readonly HashSet<long> _cancelled = [];
    private long _nextTimer;

    public int? ExitCode { get; private set; }

    public string[] Argv => argv;

    public void Out(string text) => stdout.WriteLine(text);

    public void Err(string text) => stderr.WriteLine(text);

    // Instance members: the prelude reaches them through the host object ClearScript exposes.
    [System.Diagnostics.CodeAnalysis.SuppressMessage("Performance", "CA1822", Justification = "Called from JavaScript on the host object.")]
    public string Cwd() => Environment.CurrentDirectory;

    [System.Diagnostics.CodeAnalysis.SuppressMessage("Performance", "CA1822", Justification = "Called from JavaScript on the host object.")]
    public string Env()
    {
        var env = new Dictionary<string, string>();
        foreach (System.Collections.DictionaryEntry entry in Environment.GetEnvironmentVariables())
        {
            env[(string)entry.Key] = (string?)entry.Value ?? "";
        }

        return System.Text.Json.JsonSerializer.Serialize(env);
    }

    /// <summary>process.exit: stops the script by throwing through it; the runner reports the code.</summary>
    public void Exit(int code)
    {
        ExitCode = code;
        throw new ProcessExitException(code);
    }

    public long SetTimer(ScriptObject callback, double delay, bool repeat)
    {
        long id = ++_nextTimer;
        var interval = TimeSpan.FromMilliseconds(Math.Max(0, double.IsFinite(delay) ? delay : 0));
        _timers.Enqueue(new Timer(id, callback, interval, repeat), (DateTime.UtcNow + interval, id));
        return id;
    }

    public void ClearTimer(long id) => _cancelled.Add(id);

    /// <summary>Runs the next due timer, waiting for it; false when none is left or the wait was cancelled.</summary>
    internal bool RunNextTimer(CancellationToken cancellationToken)
    {
        while (_timers.TryDequeue(out var timer, out var key))
        {
            if (_cancelled.Remove(timer.Id))
            {
                continue;
            }

            var wait = key.Due - DateTime.UtcNow;
            if (wait > TimeSpan.Zero && cancellationToken.WaitHandle.WaitOne(wait))
            {
                return false;
            }

            if (timer.Repeat)
            {
                _timers.Enqueue(timer, (DateTime.UtcNow + timer.Interval, timer.Id));
            }

            timer.Callback.InvokeAsFunction();
            return true;
        }

        return false;
    }

    private sealed record Timer(long Id, ScriptObject Callback, TimeSpan Interval, bool Repeat);
}

/// <summary>Thrown through script code by process.exit.</summary>
public sealed class ProcessExitException(int code) : Exception($"process.exit({code})")
{
    public int Code { get; } = code;
}
