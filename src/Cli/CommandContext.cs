using System.Collections;
using Spectre.Console;

namespace EsmCacheCluster.Cli;

/// <summary>
/// What one command runs in, given to it as a value: its working folder, the environment it reads settings from, where
/// its output and errors go, and what a daemon keeps between requests. Commands read nothing of the process (its
/// current folder, its environment, <see cref="Console"/>), so the daemon can run requests from different folders and
/// with different settings side by side.
/// </summary>
internal sealed class CommandContext
{
    private readonly Stream _standardOutput;

    public CommandContext(string workingDirectory, IReadOnlyDictionary<string, string> environment, Stream standardOutput, TextWriter output, TextWriter error)
    {
        WorkingDirectory = Path.GetFullPath(workingDirectory);
        Environment = environment;
        _standardOutput = standardOutput;
        Out = output;
        Error = error;
    }

    public string WorkingDirectory { get; }

    /// <summary>The variables this command sees: in the daemon, the client's ESMCACHE_* over the daemon's others.</summary>
    public IReadOnlyDictionary<string, string> Environment { get; }

    /// <summary>Text output. Bytes go through <see cref="OpenStandardOutput"/>; the two are flushed in the order written.</summary>
    public TextWriter Out { get; }

    public TextWriter Error { get; }

    /// <summary>Whether errors go to a terminal a person watches, where progress may be drawn; never in the daemon.</summary>
    public bool ErrorIsTerminal { get; init; }

    /// <summary>What the daemon keeps between requests (watched roots, parsed indexes, git's answers); null in a one-off process.</summary>
    public DaemonState? Daemon { get; init; }

    /// <summary>A variable's value; null when it is unset or empty (an empty setting means the default).</summary>
    public string? Variable(string name) => Environment.TryGetValue(name, out var value) && value.Length > 0 ? value : null;

    /// <summary>A path the user gave, made absolute against this command's working folder.</summary>
    public string FullPath(string path) => Path.GetFullPath(path, WorkingDirectory);

    /// <summary>The command's standard output as bytes, for writers that own and dispose their stream.</summary>
    public Stream OpenStandardOutput()
    {
        Out.Flush();
        return new KeptOpen(_standardOutput);
    }

    /// <summary>A console for tables and markup that writes to <see cref="Out"/>.</summary>
    public IAnsiConsole CreateConsole() => AnsiConsole.Create(new AnsiConsoleSettings { Out = new AnsiConsoleOutput(Out) });

    /// <summary>This process's own folder, environment, standard output and error.</summary>
    public static CommandContext OfThisProcess()
    {
        var environment = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (DictionaryEntry variable in System.Environment.GetEnvironmentVariables())
        {
            if (variable is { Key: string key, Value: string value })
            {
                environment[key] = value;
            }
        }

        return new CommandContext(System.Environment.CurrentDirectory, environment, Console.OpenStandardOutput(), Console.Out, Console.Error)
        {
            ErrorIsTerminal = !Console.IsErrorRedirected,
        };
    }

    /// <summary>The stream outlives each writer a command opens and disposes on it.</summary>
    private sealed class KeptOpen(Stream inner) : Stream
    {
        public override bool CanRead => false;

        public override bool CanSeek => false;

        public override bool CanWrite => true;

        public override long Length => throw new NotSupportedException();

        public override long Position { get => throw new NotSupportedException(); set => throw new NotSupportedException(); }

        public override void Flush() => inner.Flush();

        public override int Read(byte[] buffer, int offset, int count) => throw new NotSupportedException();

        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

        public override void SetLength(long value) => throw new NotSupportedException();

        public override void Write(byte[] buffer, int offset, int count) => inner.Write(buffer, offset, count);

        public override void Write(ReadOnlySpan<byte> buffer) => inner.Write(buffer);

        protected override void Dispose(bool disposing)
        {
            inner.Flush();
            base.Dispose(disposing);
        }
    }
}
