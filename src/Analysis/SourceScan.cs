using EsmCacheCluster.Format;

namespace EsmCacheCluster.Analysis;

/// <summary>
/// What a module's source says before any transform: its references (kept beside the record, see
/// <see cref="ModuleRecord.SourceImports"/>), whether it has decorators, which <c>export { T }</c> name types only,
/// and, for JavaScript holding JSX, the same text without it. Made by <see cref="Of"/>; immutable.
/// </summary>
public sealed class SourceScan
{
    [ThreadStatic]
    private static ReferenceScanner? s_scanner;

    private readonly SourceReferences _found;
    private readonly SourceStyle _style;

    private SourceScan(SourceReferences found, SourceStyle style, string? withoutJsx)
    {
        _found = found;
        _style = style;
        WithoutJsx = withoutJsx;
    }

    /// <summary>Scans <paramref name="source"/>, written in <paramref name="language"/>.</summary>
    public static SourceScan Of(string source, SourceLanguage language)
    {
        var scanner = s_scanner ??= new ReferenceScanner();
        // JSX may be in .js files too (as Vite's and webpack's common setups allow); .ts and .d.ts have none.
        bool jsx = language is SourceLanguage.JavaScript or SourceLanguage.Jsx or SourceLanguage.Tsx;
        var found = scanner.Scan(source, jsx);
        var style = language switch
        {
            SourceLanguage.Declaration => SourceStyle.Declaration,
            SourceLanguage.TypeScript or SourceLanguage.Tsx => SourceStyle.TypeScript,
            _ => SourceStyle.JavaScript,
        };
        return new SourceScan(found, style, language == SourceLanguage.JavaScript ? scanner.JsxErased : null);
    }

    /// <summary>The source has decorators (<c>@x</c> before a class, member or parameter).</summary>
    public bool HasDecorators => _found.HasDecorators;

    /// <summary>A top-level import or export makes it a module; otherwise TypeScript reads it as a script.</summary>
    public bool IsModule => _found.IsModule;

    /// <summary>For JavaScript holding JSX: the same text with each element turned into plain JavaScript, every position kept; else null.</summary>
    public string? WithoutJsx { get; }

    /// <summary>
    /// <paramref name="source"/> with every <c>export { T }</c> specifier that names a type only (imported with
    /// <c>type</c>, an interface, a type alias) blanked out, as esbuild and TypeScript's isolated emit drop them;
    /// the same string when there are none. Positions are kept.
    /// </summary>
    public string WithoutTypeOnlyExports(string source)
    {
        if (_found.TypeOnlyExports.Count == 0)
        {
            return source;
        }

        var chars = source.ToCharArray();
        foreach (var (start, end) in _found.TypeOnlyExports)
        {
            for (int i = start; i < end && i < chars.Length; i++)
            {
                if (chars[i] is not ('\n' or '\r'))
                {
                    chars[i] = ' ';
                }
            }
        }

        return new string(chars);
    }

    /// <summary>
    /// <paramref name="record"/> (of the JavaScript the source became, or its syntax error) with the source's
    /// references beside it, each given its kind against the record.
    /// </summary>
    public ModuleRecord Complete(ModuleRecord record) =>
        record.WithSourceImports(ReferenceKinds.Of(_found, record, _style), _style == SourceStyle.Declaration && (!_found.IsModule || _found.DeclaresGlobal));
}
