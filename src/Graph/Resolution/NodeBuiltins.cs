namespace EsmCacheCluster.Graph.Resolution;

/// <summary>Node's builtin modules (<c>require('module').builtinModules</c> of Node 20/22), resolved to <c>node:</c> URLs.</summary>
internal static class NodeBuiltins
{
    private static readonly HashSet<string> Names = new(StringComparer.Ordinal)
    {
        "assert", "assert/strict", "async_hooks", "buffer", "child_process", "cluster", "console", "constants",
        "crypto", "dgram", "diagnostics_channel", "dns", "dns/promises", "domain", "events", "fs", "fs/promises",
        "http", "http2", "https", "inspector", "inspector/promises", "module", "net", "os", "path", "path/posix",
        "path/win32", "perf_hooks", "process", "punycode", "querystring", "readline", "readline/promises", "repl",
        "stream", "stream/consumers", "stream/promises", "stream/web", "string_decoder", "sys", "timers",
        "timers/promises", "tls", "trace_events", "tty", "url", "util", "util/types", "v8", "vm", "wasi",
        "worker_threads", "zlib",
    };

    // Reachable only with the node: scheme.
    private static readonly HashSet<string> SchemeOnly = new(StringComparer.Ordinal) { "sea", "sqlite", "test", "test/reporters" };

    public static bool TryResolve(string specifier, out string builtin)
    {
        if (specifier.StartsWith("node:", StringComparison.Ordinal))
        {
            string name = specifier[5..];
            builtin = specifier;
            return Names.Contains(name) || SchemeOnly.Contains(name);
        }

        builtin = "node:" + specifier;
        return Names.Contains(specifier);
    }
}
