namespace EsmCacheCluster.Cli;

/// <summary>What an esmcache exit code means; the same for every command and listed in --help.</summary>
internal static class ExitCodes
{
    public const int Success = 0;

    /// <summary>The command ran, and found problems in the content: modules with syntax errors, invalid blobs.</summary>
    public const int ProblemsFound = 1;

    /// <summary>Some inputs could not be processed (missing, unreadable, too large), or the command line was wrong.</summary>
    public const int InputError = 2;

    /// <summary>A defect in esmcache itself (an unexpected exception), as sysexits' EX_SOFTWARE.</summary>
    public const int InternalError = 70;

    /// <summary>Interrupted (Ctrl+C or SIGTERM), as shells report a process ended by SIGINT.</summary>
    public const int Interrupted = 130;

    public const string Help = "Exit codes: 0 success; 1 problems found (syntax errors, invalid blobs); 2 unusable input or usage error; 70 internal error; 130 interrupted.";
}
