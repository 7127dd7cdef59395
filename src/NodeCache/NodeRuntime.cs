using System.Diagnostics;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace EsmCacheCluster.NodeCache;

/// <summary>
/// A Node runtime as its compile cache sees it, learned by asking it (<see cref="ProbeAsync"/>): its version, its
/// architecture and V8's cached-data version tag (which folds in the V8 version and flags), the folder its entries
/// go in, and whether its code hash covers a file's byte order mark (per kind: its CommonJS loader keeps the mark,
/// its ES module loader decodes it away), and whether it keeps TypeScript files' stripped text and how. Nothing about
/// a runtime is assumed from its version number: the probe has it write an entry of each kind, and those entries'
/// layout is checked.
/// </summary>
/// <param name="TypeScriptSourceUrlPrefix">
/// What this runtime puts between a TypeScript file's stripped text and the file's URL in the text it caches
/// (<c>"\n\n//# sourceURL="</c>); null when it keeps no stripped-TypeScript entries (Node 22 strips types but does
/// not cache the result) or cannot load TypeScript at all.
/// </param>
public sealed record NodeRuntime(string NodePath, string Version, string Arch, uint Tag, string FolderName, bool CommonJsHashesByteOrderMark, bool ModulesHashByteOrderMark, string? TypeScriptSourceUrlPrefix)
{
    /// <summary>The longest prefix accepted from a probe: Node's is 16 characters.</summary>
    private const int MaxSourceUrlPrefix = 64;

    private static readonly TimeSpan ProbeTimeout = TimeSpan.FromSeconds(30);

    /// <summary>
    /// What names the runtime across machines: <c>v22.23.5-x64-9de703df</c>. Entries made by one runtime with this
    /// id are valid for any other (the folder's user-id suffix, if any, is local).
    /// </summary>
    public string Id => $"{Version}-{Arch}-{Tag:x8}";

    /// <summary>The bytes of <paramref name="file"/> as this runtime hashes them for an entry's code size and hash (a TypeScript file's as they are: esmcache warms none that starts with a mark).</summary>
    public ReadOnlySpan<byte> HashedSource(NodeCacheKind kind, ReadOnlySpan<byte> file) =>
        kind != NodeCacheKind.StrippedTypeScript && !(kind == NodeCacheKind.CommonJs ? CommonJsHashesByteOrderMark : ModulesHashByteOrderMark) && file.StartsWith((ReadOnlySpan<byte>)[0xef, 0xbb, 0xbf]) ? file[3..] : file;

    /// <summary>Runs <paramref name="nodePath"/> once to learn its compile cache; a runtime that has none, or another layout, is a <see cref="NodeRuntimeException"/>.</summary>
    /// <param name="environment">The environment Node runs with (NODE_OPTIONS may change the tag); null: this process's.</param>
    public static async Task<NodeRuntime> ProbeAsync(string nodePath, IReadOnlyDictionary<string, string>? environment = null, CancellationToken cancellationToken = default)
    {
        string scratch = Directory.CreateTempSubdirectory("esmcache-node-probe-").FullName;
        try
        {
            await File.WriteAllBytesAsync(Path.Combine(scratch, "RuntimeProbe.js"), Resources.Bytes("RuntimeProbe.js"), cancellationToken).ConfigureAwait(false);
            byte[] commonJs = [0xef, 0xbb, 0xbf, .. "module.exports = \"esmcache probe\";\n"u8];
            byte[] esModule = [0xef, 0xbb, 0xbf, .. "export default \"esmcache probe\";\n"u8];
            byte[] typeScript = "const probe: string = \"esmcache probe\";\nexport default probe;\n"u8.ToArray();
            string commonJsPath = Path.Combine(scratch, "probe.cjs"), esModulePath = Path.Combine(scratch, "probe.mjs"), typeScriptPath = Path.Combine(scratch, "probe.mts");
            await File.WriteAllBytesAsync(commonJsPath, commonJs, cancellationToken).ConfigureAwait(false);
            await File.WriteAllBytesAsync(esModulePath, esModule, cancellationToken).ConfigureAwait(false);
            await File.WriteAllBytesAsync(typeScriptPath, typeScript, cancellationToken).ConfigureAwait(false);
            string cache = Path.Combine(scratch, "cache");
            string output = await RunAsync(nodePath, [Path.Combine(scratch, "RuntimeProbe.js"), commonJsPath, esModulePath, typeScriptPath, cache], environment, cancellationToken).ConfigureAwait(false);
            ProbeAnswer? answer;
            try
            {
                answer = JsonSerializer.Deserialize(output, NodeCacheJson.Default.ProbeAnswer);
            }
            catch (JsonException)
            {
                answer = null;
            }

            if (answer is not { Version: { Length: > 0 } version, Arch: { Length: > 0 } arch })
            {
                throw new NodeRuntimeException($"{nodePath} is not a Node.js runtime esmcache understands (it printed: {Shorten(output)})");
            }

            if (answer.Status != "enabled")
            {
                throw new NodeRuntimeException($"{nodePath} ({version}) has no compile cache (Node 22.1 or later has): {answer.Status}");
            }

            var folders = Directory.Exists(cache) ? Directory.GetDirectories(cache) : [];
            if (folders is not [var folder])
            {
                throw new NodeRuntimeException($"{nodePath} ({version}) wrote {folders.Length} cache folders, not one");
            }

            string id = $"{version}-{arch}-{answer.Tag:x8}";
            if (!Path.GetFileName(folder).StartsWith(id, StringComparison.Ordinal))
            {
                throw new NodeRuntimeException($"{nodePath} ({version}) names its cache folder {Path.GetFileName(folder)}, not after {id}: a layout esmcache does not know");
            }

            // Its own entries for the probe modules: their names, their headers, and how each loader hashed the mark.
            bool commonJsMark = await HashesMarkAsync(nodePath, version, folder, NodeCacheKind.CommonJs, commonJsPath, commonJs, cancellationToken).ConfigureAwait(false);
            bool moduleMark = await HashesMarkAsync(nodePath, version, folder, NodeCacheKind.EsModule, esModulePath, esModule, cancellationToken).ConfigureAwait(false);
            string? sourceUrlPrefix = answer.TypeScript == "loaded" ? await SourceUrlPrefixAsync(nodePath, version, folder, typeScriptPath, typeScript, cancellationToken).ConfigureAwait(false) : null;
            return new NodeRuntime(nodePath, version, arch, answer.Tag, Path.GetFileName(folder), commonJsMark, moduleMark, sourceUrlPrefix);
        }
        finally
        {
            try
            {
                Directory.Delete(scratch, recursive: true);
            }
            catch (IOException)
            {
                // a leftover in the temp folder; nothing depends on it
            }
        }
    }

    private static async Task<bool> HashesMarkAsync(string nodePath, string version, string folder, NodeCacheKind kind, string path, byte[] source, CancellationToken cancellationToken)
    {
        string entryPath = Path.Combine(folder, NodeCacheEntry.FileName(kind, path));
        byte[] entry = File.Exists(entryPath) ? await File.ReadAllBytesAsync(entryPath, cancellationToken).ConfigureAwait(false) : [];
        if (NodeCacheEntry.Check(entry, source) is null)
        {
            return true;
        }

        if (NodeCacheEntry.Check(entry, source.AsSpan(3)) is null)
        {
            return false;
        }

        throw new NodeRuntimeException($"{nodePath} ({version}) writes {kind} compile cache entries esmcache does not know ({(entry.Length == 0 ? "none where expected" : NodeCacheEntry.Check(entry, source))})");
    }

    // The runtime's own stripped-TypeScript entry for the probe: the header is the source's, the text is its
    // stripping, then a prefix, then the file's URL. No entry: the runtime does not keep them.
    private static async Task<string?> SourceUrlPrefixAsync(string nodePath, string version, string folder, string path, byte[] source, CancellationToken cancellationToken)
    {
        string entryPath = Path.Combine(folder, NodeCacheEntry.StrippedTypeScriptFileName(path, loadedAsModule: true));
        if (!File.Exists(entryPath))
        {
            return null;
        }

        byte[] entry = await File.ReadAllBytesAsync(entryPath, cancellationToken).ConfigureAwait(false);
        byte[] url = System.Text.Encoding.UTF8.GetBytes(NodeCacheEntry.FileUrl(path));
        var text = NodeCacheEntry.Check(entry, source) is null ? NodeCacheEntry.Payload(entry) : [];
        if (text.Length > source.Length + url.Length && text.EndsWith(url) && NodeTypeStripping.CheckStripped(source, text[..source.Length]) is null)
        {
            string prefix = System.Text.Encoding.UTF8.GetString(text[source.Length..^url.Length]);
            if (prefix.Length <= MaxSourceUrlPrefix && prefix.EndsWith("sourceURL=", StringComparison.Ordinal))
            {
                return prefix;
            }
        }

        throw new NodeRuntimeException($"{nodePath} ({version}) writes stripped-TypeScript compile cache entries esmcache does not know ({NodeCacheEntry.Check(entry, source) ?? "the text is not the stripped source, a sourceURL comment and the file's URL"})");
    }

    private static async Task<string> RunAsync(string nodePath, string[] arguments, IReadOnlyDictionary<string, string>? environment, CancellationToken cancellationToken)
    {
        var info = new ProcessStartInfo(nodePath) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var argument in arguments)
        {
            info.ArgumentList.Add(argument);
        }

        NodeEnvironment.Apply(info, environment);
        Process process;
        try
        {
            process = Process.Start(info) ?? throw new NodeRuntimeException($"{nodePath} did not start");
        }
        catch (System.ComponentModel.Win32Exception e)
        {
            throw new NodeRuntimeException($"{nodePath} cannot be run: {e.Message}");
        }

        using (process)
        {
            using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            timeout.CancelAfter(ProbeTimeout);
            var stdout = process.StandardOutput.ReadToEndAsync(timeout.Token);
            var stderr = process.StandardError.ReadToEndAsync(timeout.Token);
            try
            {
                await process.WaitForExitAsync(timeout.Token).ConfigureAwait(false);
                return process.ExitCode == 0
                    ? (await stdout.ConfigureAwait(false)).Trim()
                    : throw new NodeRuntimeException($"{nodePath} exited with {process.ExitCode}: {Shorten(await stderr.ConfigureAwait(false))}");
            }
            catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
            {
                process.Kill(entireProcessTree: true);
                throw new NodeRuntimeException($"{nodePath} did not answer within {ProbeTimeout.TotalSeconds:N0} s");
            }
        }
    }

    private static string Shorten(string text) => text.Length <= 200 ? text.Trim() : text[..200].Trim() + "…";

    internal sealed record ProbeAnswer(
        [property: JsonPropertyName("version")] string? Version,
        [property: JsonPropertyName("arch")] string? Arch,
        [property: JsonPropertyName("tag")] uint Tag,
        [property: JsonPropertyName("status")] string? Status,
        [property: JsonPropertyName("typescript")] string? TypeScript);
}
