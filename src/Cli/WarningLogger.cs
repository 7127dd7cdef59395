using Microsoft.Extensions.Logging;

namespace EsmCacheCluster.Cli;

/// <summary>
/// The cache client's warnings (the cluster cannot be used, a module analysed locally) as one line each on this
/// command's stderr, written when they happen. Not the console logging provider: that writes from a thread of its
/// own to the stderr it saw first, so in the daemon a request's warnings would reach another client or none, and it
/// costs a warm run more than its whole module loading.
/// </summary>
internal sealed class WarningLogger<T>(TextWriter error) : ILogger<T>
{
    public IDisposable? BeginScope<TState>(TState state) where TState : notnull => null;

    public bool IsEnabled(LogLevel logLevel) => logLevel >= LogLevel.Warning;

    public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
    {
        if (IsEnabled(logLevel))
        {
            string message = formatter(state, exception);
            error.WriteLine(exception is null ? $"esmcache: warning: {message}" : $"esmcache: warning: {message} ({exception.Message})");
        }
    }
}
