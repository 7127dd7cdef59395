namespace EsmCacheCluster.Grains.Interfaces;

/// <summary>
/// The key of an <see cref="INodeEntryGrain"/>: <c>{runtime}/{format}/{sha256}</c>, where runtime is a Node
/// runtime's id (<c>v24.22.3-x64-964aae3f</c>: version, architecture, V8 cache tag), format is <c>commonjs</c>,
/// <c>module</c>, <c>detect</c> (Node's detection for .js files no package.json claims) or <c>typescript</c> (the
/// file's types stripped), and sha256 the 64 lowercase hex digits of the file's bytes.
/// </summary>
public readonly record struct NodeEntryKey(string Runtime, NodeEntryFormat Format, string Sha256)
{
    private static readonly System.Buffers.SearchValues<char> HexDigits = System.Buffers.SearchValues.Create("0123456789abcdef");

    private static readonly System.Buffers.SearchValues<char> RuntimeCharacters = System.Buffers.SearchValues.Create("abcdefghijklmnopqrstuvwxyz0123456789.-_");

    /// <summary>What a key looks like, for messages that refuse one.</summary>
    public const string Shape = "{runtime}/{commonjs|module|detect|typescript}/{sha256}, as v24.22.3-x64-964aae3f/commonjs/ followed by 64 lowercase hex digits";

    public override string ToString() => $"{Runtime}/{FormatName(Format)}/{Sha256}";

    public static string FormatName(NodeEntryFormat format) => format switch
    {
        NodeEntryFormat.CommonJs => "commonjs",
        NodeEntryFormat.EsModule => "module",
        NodeEntryFormat.TypeScript => "typescript",
        _ => "detect",
    };

    public static bool TryParse(string text, out NodeEntryKey key)
    {
        key = default;
        var parts = text.Split('/');
        if (parts is not [var runtime, var format, var sha256] || !IsRuntimeId(runtime) || sha256.Length != 64
            || sha256.AsSpan().ContainsAnyExcept(HexDigits))
        {
            return false;
        }

        NodeEntryFormat? parsed = format switch
        {
            "commonjs" => NodeEntryFormat.CommonJs,
            "module" => NodeEntryFormat.EsModule,
            "detect" => NodeEntryFormat.Detect,
            "typescript" => NodeEntryFormat.TypeScript,
            _ => null,
        };
        if (parsed is not { } known)
        {
            return false;
        }

        key = new NodeEntryKey(runtime, known, sha256);
        return true;
    }

    /// <summary>A runtime id as <c>NodeRuntime.Id</c> makes them: <c>v</c>, then lowercase letters, digits, dots, dashes and underscores.</summary>
    public static bool IsRuntimeId(string id) =>
        id.Length is > 1 and <= 64 && id[0] == 'v' && !id.AsSpan().ContainsAnyExcept(RuntimeCharacters);
}

/// <summary>How a node entry's source is compiled: as Node would load the file.</summary>
[GenerateSerializer, Alias("esmcache.NodeEntryFormat")]
public enum NodeEntryFormat
{
    CommonJs = 0,
    EsModule = 1,
    Detect = 2,

    /// <summary>The file's types stripped as Node's strip mode does (the entry holds the JavaScript text, not V8's code).</summary>
    TypeScript = 3,
}
