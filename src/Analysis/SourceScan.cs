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

    private readonly CommonJsExports? _commonJs;

    private SourceScan(SourceReferences found, SourceStyle style, string? withoutJsx, CommonJsExports? commonJs)
    {
        _found = found;
        _style = style;
        WithoutJsx = withoutJsx;
        _commonJs = commonJs;
    }

    /// <summary>Scans <paramref name="source"/>, written in <paramref name="language"/>.</summary>
    public static SourceScan Of(string source, SourceLanguage language)
    {
        var scanner = s_scanner ??= new ReferenceScanner();
        // JSX may be in .js files too (as Vite's and webpack's common setups allow); .ts and .d.ts have none.
        bool jsx = language is SourceLanguage.JavaScript or SourceLanguage.Ambiguous or SourceLanguage.Jsx or SourceLanguage.Tsx;
        var found = scanner.Scan(source, jsx);
        var style = language switch
        {
            SourceLanguage.Declaration => SourceStyle.Declaration,
            SourceLanguage.TypeScript or SourceLanguage.Tsx or SourceLanguage.CommonTs => SourceStyle.TypeScript,
            _ => SourceStyle.JavaScript,
        };
        return new SourceScan(found, style, language is SourceLanguage.JavaScript or SourceLanguage.Ambiguous ? scanner.JsxErased : null,
            language is SourceLanguage.CommonJs or SourceLanguage.Ambiguous ? scanner.CommonJsExports() : null);
    }

    /// <summary>
    /// Node 22's module syntax detection for a file whose package names no type: import or export statements, a
    /// top-level <c>const</c>/<c>let</c>/<c>class</c> named like a CommonJS wrapper parameter, or (given the ES module
    /// parse) <c>import.meta</c> or top-level await make it an ES module.
    /// </summary>
    public bool HasModuleSyntax(ModuleRecord moduleParse) =>
        _found.IsModule || _found.RedeclaresCommonJsNames || (moduleParse.SyntaxError is null && (moduleParse.UsesImportMeta || moduleParse.HasTopLevelAwait));

    /// <summary>
    /// The record of this source as a CommonJS module (scanned as JavaScript): its <c>require</c> calls as requested
    /// modules, what cjs-module-lexer finds it to export as local exports and re-export as star exports, its
    /// <c>import()</c> calls; or <paramref name="syntaxError"/>. The references beyond it are added as by <see cref="Complete"/>.
    /// </summary>
    public ModuleRecord CommonJsRecord(ContentHash hash, long length, string analyzerVersion, ModuleSyntaxError? syntaxError)
    {
        if (syntaxError is not null || _commonJs is null)
        {
            return Complete(new ModuleRecord
            {
                SourceHash = hash, SourceLength = length, AnalyzerVersion = analyzerVersion, IsCommonJs = true,
                SyntaxError = syntaxError ?? new ModuleSyntaxError("not scanned as CommonJS", 1, 1),
            });
        }

        var requests = new List<ModuleRequest>();
        var positions = new Dictionary<string, int>(StringComparer.Ordinal);
        var dynamics = new List<DynamicImport>();
        foreach (var reference in _found.Items)
        {
            if (reference.Syntax == ReferenceSyntax.Require && !positions.ContainsKey(reference.Specifier))
            {
                positions[reference.Specifier] = requests.Count;
                requests.Add(new ModuleRequest(reference.Specifier));
            }
            else if (reference.Syntax == ReferenceSyntax.ImportCall)
            {
                dynamics.Add(new DynamicImport(reference.Specifier));
            }
        }

        for (int i = 0; i < _found.NonLiteralImports; i++)
        {
            dynamics.Add(new DynamicImport(null));
        }

        var stars = new List<StarExportEntry>();
        foreach (var reexport in _commonJs.Reexports)
        {
            if (!positions.TryGetValue(reexport, out int at))
            {
                at = positions[reexport] = requests.Count;
                requests.Add(new ModuleRequest(reexport));
            }

            stars.Add(new StarExportEntry(at));
        }

        var exports = new LocalExportEntry[_commonJs.Exports.Count];
        for (int i = 0; i < exports.Length; i++)
        {
            exports[i] = new LocalExportEntry(_commonJs.Exports[i], _commonJs.Exports[i]);
        }

        return Complete(new ModuleRecord
        {
            SourceHash = hash,
            SourceLength = length,
            AnalyzerVersion = analyzerVersion,
            IsCommonJs = true,
            RequestedModules = [.. requests],
            LocalExportEntries = [.. exports],
            StarExportEntries = [.. stars],
            DynamicImports = [.. dynamics],
        });
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
