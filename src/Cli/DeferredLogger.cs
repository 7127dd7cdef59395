using Microsoft.Extensions.Logging;

namespace EsmCacheCluster.Cli;

/// <summary>
/// A logger whose factory is built on the first message at <see cref="LogLevel.Warning"/> or above: a command that
/// has nothing to report never loads the logging stack.
/// </summary>
internal sealed class DeferredLogger<T>(Lazy<ILoggerFactory> factory) : ILogger<T>
{
    private ILogger? _logger;

    private ILogger Logger => _logger ??= factory.Value.CreateLogger<T>();

    public IDisposable? BeginScope<TState>(TState state) where TState : notnull => Logger.BeginScope(state);

    public bool IsEnabled(LogLevel logLevel) => logLevel >= LogLevel.Warning;

    public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
    {
        if (IsEnabled(logLevel))
        {
            Logger.Log(logLevel, eventId, state, exception, formatter);
        }
    }
}
