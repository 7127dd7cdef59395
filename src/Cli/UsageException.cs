namespace EsmCacheCluster.Cli;

/// <summary>
/// A setting the command line parser could not see is malformed (an environment variable): reported like a usage
/// error, in one line with exit code 2.
/// </summary>
internal sealed class UsageException(string message) : Exception(message);
