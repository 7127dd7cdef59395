using System.CommandLine;
using EsmCacheCluster.Client;
using EsmCacheCluster.Records;
using EsmCacheCluster.Graph.Resolution;
using EsmCacheCluster.Graph.Scanning;

namespace EsmCacheCluster.Cli;

/// <summary>The options every command that scans a tree shares, and running that scan.</summary>
internal sealed class ScanOptions
{
    public Option<string?> Cluster { get; } = ClusterOption.Create(
        "Use a remote cluster (HOST:PORT[,HOST:PORT...]) instead of generating misses here; also ESMCACHE_CLUSTER. " +
        "Its silos' ClusterId and ServiceId, when not esmcache: ESMCACHE_CLUSTER_ID, ESMCACHE_SERVICE_ID.");

    public Option<string?> TlsCert { get; } = new("--tls-cert")
    {
        Description = "Client certificate for a cluster that requires TLS (PEM or .pfx; also ESMCACHE_TLS_CERT), with --tls-key and --tls-ca.",
        HelpName = "FILE",
    };

    public Option<string?> TlsKey { get; } = new("--tls-key") { Description = "The client certificate's PEM key (also ESMCACHE_TLS_KEY).", HelpName = "FILE" };

    public Option<string?> TlsCa { get; } = new("--tls-ca") { Description = "PEM of the CA that signs the cluster's certificates (also ESMCACHE_TLS_CA).", HelpName = "FILE" };

    public Option<bool> NoCache { get; } = new("--no-cache") { Description = "Analyse every module locally, with no cache at all (for comparison)." };

    public Option<bool> EmbeddedSilo { get; } = new("--embedded-silo")
    {
        Description = "Generate misses through a silo started in this process, as a cluster would (also ESMCACHE_EMBEDDED_SILO=1); by default this process generates them itself, on every core.",
    };

    public Option<string?> CacheDir { get; } = new("--cache-dir")
    {
        Description = "The local BMES folder (default $XDG_CACHE_HOME/esmcache; also ESMCACHE_CACHE_DIR).",
        HelpName = "DIR",
    };

    public Option<string?> MaxCacheSize { get; } = CacheFolder.SizeOption("--max-cache-size",
        "Keep the local cache folder under this size, least recently used first, after a command that added to it (default 2GiB; also ESMCACHE_MAX_CACHE_SIZE).");

    public Option<bool> IncludeNodeModules { get; } = new("--include-node-modules") { Description = "Also scan modules inside node_modules folders." };

    public Option<ResolveMode> Resolve { get; } = new("--resolve")
    {
        Description = "auto: TypeScript's resolution under the tsconfig.json that covers the importing file, Node's elsewhere; node: Node's ESM resolution exactly (the runtime's answer); bundler: also extensionless files, index files and module/main fields.",
        DefaultValueFactory = _ => ResolveMode.Auto,
    };

    public Option<string[]> Conditions { get; } = new("--conditions")
    {
        Description = "Export conditions, replacing the default (node: node,import; bundler: import,module,browser). 'default' always applies.",
        AllowMultipleArgumentsPerToken = true,
        HelpName = "NAME",
    };

    public ScanOptions() => RequireFolder(CacheDir);

    /// <summary>An empty folder option is a usage error (exit 2), not a crash deep inside a command.</summary>
    public static void RequireFolder(Option<string?> option) => option.Validators.Add(result =>
    {
        if (result.GetValueOrDefault<string?>() is { } value && string.IsNullOrWhiteSpace(value))
        {
            result.AddError($"{option.Name} must name a folder");
        }
    });

    public void AddTo(Command command)
    {
        command.Add(Cluster);
        command.Add(TlsCert);
        command.Add(TlsKey);
        command.Add(TlsCa);
        command.Add(NoCache);
        command.Add(EmbeddedSilo);
        command.Add(CacheDir);
        command.Add(MaxCacheSize);
        command.Add(IncludeNodeModules);
        command.Add(Resolve);
        command.Add(Conditions);
    }

    /// <remarks>Certificate paths, given or from ESMCACHE_TLS_*, are relative to the command's working folder.</remarks>
    public CacheSession OpenSession(ParseResult result, CommandContext context)
    {
        string? FullPath(string? path) => string.IsNullOrWhiteSpace(path) ? path : context.FullPath(path);
        return CacheSession.Open(context, result.GetValue(Cluster), result.GetValue(NoCache), result.GetValue(CacheDir), result.GetValue(MaxCacheSize),
            () => ClusterTls.FromSettings(name => FullPath(context.Variable(name)),
                FullPath(result.GetValue(TlsCert)), FullPath(result.GetValue(TlsKey)), FullPath(result.GetValue(TlsCa))),
            result.GetValue(EmbeddedSilo));
    }

    public ModuleResolver CreateResolver(ParseResult result)
    {
        var conditions = result.GetValue(Conditions);
        return new ModuleResolver(
            result.GetValue(Resolve),
            conditions is { Length: > 0 } ? conditions.SelectMany(c => c.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)) : null);
    }

    public SourceTreeOptions TreeOptions(ParseResult result) => new() { IncludeNodeModules = result.GetValue(IncludeNodeModules) };
}
