using System.Collections.Immutable;
using CsCheck;
using EsmCacheCluster.Format;

namespace EsmCacheCluster.Tests;

/// <summary>CsCheck generators for arbitrary, well-formed module records.</summary>
internal static class RecordGen
{
    /// <summary>Any UTF-16 string JavaScript can hold: ASCII, BMP, astral pairs and lone surrogates of both kinds.</summary>
    public static readonly Gen<string> JsString =
        Gen.Frequency(
                (6, Gen.Char['a', 'z']),
                (2, Gen.Char),
                (1, Gen.Char['\uD800', '\uDFFF']),
                (1, Gen.Const('\0')))
            .Array[0, 24]
            .Select(chars => new string(chars));

    private static readonly Gen<string?> NullableString = Gen.Frequency((1, Gen.Const((string?)null)), (4, JsString.Select(s => (string?)s)));

    private static readonly Gen<ModuleRequest> Request =
        Gen.Select(JsString, Gen.Select(JsString, JsString).Array[0, 3], (specifier, pairs) =>
        {
            var attributes = pairs.DistinctBy(p => p.Item1, StringComparer.Ordinal)
                .OrderBy(p => p.Item1, StringComparer.Ordinal)
                .Select(p => new ImportAttribute(p.Item1, p.Item2))
                .ToImmutableArray();
            return new ModuleRequest(specifier, attributes);
        });

    public static readonly Gen<ModuleRecord> Record =
        Gen.Select(
            Request.Array[1, 6],
            Gen.Byte.Array[32],
            Gen.Int[0, int.MaxValue],
            Gen.Select(JsString, Gen.Byte.Array[0, 300], Gen.Bool, Gen.Bool),
            Gen.Int[0, 1000].Array[0, 24],
            NullableString.Array[0, 6],
            Gen.Select(JsString, JsString, NullableString).Array[0, 8]).Select(t =>
        {
            var (requests, hash, length, (analyzer, bytecode, tla, meta), indices, names, triples) = t;
            int n = requests.Length;
            int k = 0;
            int Next() => indices.Length == 0 ? 0 : indices[k++ % indices.Length] % n;
            return new ModuleRecord
            {
                SourceHash = new ContentHash(hash),
                SourceLength = length,
                AnalyzerVersion = analyzer,
                BytecodeProducer = bytecode.Length > 0 ? "v8/test" : "",
                BytecodeNote = bytecode.Length > 0 ? "" : "not requested",
                RequestedModules = [.. requests],
                ImportEntries = [.. triples.Select(x => new ImportEntry(Next(), x.Item3, x.Item1))],
                LocalExportEntries = [.. triples.Select(x => new LocalExportEntry(x.Item1, x.Item2))],
                IndirectExportEntries = [.. triples.Select(x => new IndirectExportEntry(x.Item2, Next(), x.Item3))],
                StarExportEntries = [.. indices.Select(i => new StarExportEntry(i % n))],
                HasTopLevelAwait = tla,
                UsesImportMeta = meta,
                DynamicImports = [.. names.Select(s => new DynamicImport(s))],
                Bytecode = bytecode,
            };
        });

    public static readonly Gen<ModuleRecord> SyntaxErrorRecord =
        Gen.Select(Gen.Byte.Array[32], JsString, Gen.Int[0, int.MaxValue], Gen.Int[0, int.MaxValue]).Select(t => new ModuleRecord
        {
            SourceHash = new ContentHash(t.Item1),
            SourceLength = 10,
            AnalyzerVersion = "test",
            BytecodeNote = "syntax error",
            SyntaxError = new ModuleSyntaxError(t.Item2, t.Item3, t.Item4),
        });
}
