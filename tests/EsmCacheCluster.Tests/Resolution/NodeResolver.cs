using System.Text.Json;

namespace EsmCacheCluster.Tests.Resolution;

/// <summary>
/// Node's own answer, for many cases in one process of the machine's node: <c>import.meta.resolve(specifier,
/// parentURL)</c>, then the checks Node's loader makes before it loads what that returned (import.meta.resolve
/// alone hands back the URL of a missing file or a directory, and any builtin name or URL scheme): the file must
/// exist and not be a directory, a <c>node:</c> name must be a builtin, and only file: and node: load.
/// Each answer is a file path, a <c>node:</c> builtin, or an error code.
/// </summary>
internal static class NodeResolver
{
    private const string Script = """
        import { readFileSync, statSync } from 'node:fs';
        import { isBuiltin } from 'node:module';
        import { pathToFileURL, fileURLToPath } from 'node:url';
        const cases = JSON.parse(readFileSync(process.argv[2], 'utf8'));
        const out = cases.map(([specifier, parent, conditions]) => {
          try {
            const url = import.meta.resolve(specifier, pathToFileURL(parent).href);
            if (url.startsWith('node:')) return isBuiltin(url) ? { builtin: url } : { error: 'ERR_UNKNOWN_BUILTIN_MODULE' };
            if (!url.startsWith('file:')) return { error: 'ERR_UNSUPPORTED_ESM_URL_SCHEME' };
            const path = fileURLToPath(url);
            const stat = statSync(path, { throwIfNoEntry: false });
            if (!stat) return { error: 'ERR_MODULE_NOT_FOUND' };
            if (stat.isDirectory()) return { error: 'ERR_UNSUPPORTED_DIR_IMPORT' };
            return { path };
          } catch (e) {
            return { error: e.code ?? String(e) };
          }
        });
        process.stdout.write(JSON.stringify(out));
        """;

    public static (string? Path, string? Builtin, string? Error)[] Resolve(IReadOnlyList<(string Specifier, string Parent)> cases, IEnumerable<string>? conditions = null)
    {
        using var temp = new TempDirectory();
        string script = Path.Combine(temp.Path, "resolve.mjs");
        string input = Path.Combine(temp.Path, "cases.json");
        File.WriteAllText(script, Script);
        File.WriteAllText(input, JsonSerializer.Serialize(cases.Select(c => new[] { c.Specifier, c.Parent }).ToArray()));

        var arguments = new List<string> { "--experimental-import-meta-resolve", "--no-warnings" };
        foreach (var condition in conditions ?? [])
        {
            arguments.Add($"--conditions={condition}");
        }

        arguments.Add(script);
        arguments.Add(input);
        (int exitCode, string stdout, string stderr) node;
        try
        {
            node = ChildProcess.Run("node", arguments, TimeSpan.FromMinutes(2));
        }
        catch (System.ComponentModel.Win32Exception e)
        {
            throw new InvalidOperationException($"These tests compare with Node's own resolution and need node on PATH ({e.Message}).", e);
        }

        if (node.exitCode != 0)
        {
            throw new InvalidOperationException($"node failed ({node.exitCode}): {node.stderr}");
        }

        using var document = JsonDocument.Parse(node.stdout);
        return document.RootElement.EnumerateArray().Select(e => (
            e.TryGetProperty("path", out var p) ? p.GetString() : null,
            e.TryGetProperty("builtin", out var b) ? b.GetString() : null,
            e.TryGetProperty("error", out var x) ? x.GetString() : null)).ToArray();
    }
}
