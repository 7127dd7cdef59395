using EsmCacheCluster.Format;

namespace EsmCacheCluster.Tests;

/// <summary>Field-by-field equality of records, with ordinal string comparison (lone surrogates included).</summary>
internal static class RecordAssert
{
    public static void Equal(ModuleRecord expected, ModuleRecord actual)
    {
        Assert.Equal(expected.SourceHash, actual.SourceHash);
        Assert.Equal(expected.SourceLength, actual.SourceLength);
        Assert.Equal(expected.AnalyzerVersion, actual.AnalyzerVersion, StringComparer.Ordinal);
        Assert.Equal(expected.BytecodeProducer, actual.BytecodeProducer, StringComparer.Ordinal);
        Assert.Equal(expected.BytecodeNote, actual.BytecodeNote, StringComparer.Ordinal);
        Assert.Equal(expected.RequestedModules.Length, actual.RequestedModules.Length);
        for (int i = 0; i < expected.RequestedModules.Length; i++)
        {
            Assert.True(expected.RequestedModules[i].Equals(actual.RequestedModules[i]), $"request {i} differs");
        }

        Assert.Equal(expected.ImportEntries.ToArray(), actual.ImportEntries.ToArray());
        Assert.Equal(expected.LocalExportEntries.ToArray(), actual.LocalExportEntries.ToArray());
        Assert.Equal(expected.IndirectExportEntries.ToArray(), actual.IndirectExportEntries.ToArray());
        Assert.Equal(expected.StarExportEntries.ToArray(), actual.StarExportEntries.ToArray());
        Assert.Equal(expected.HasTopLevelAwait, actual.HasTopLevelAwait);
        Assert.Equal(expected.UsesImportMeta, actual.UsesImportMeta);
        Assert.Equal(expected.DynamicImports.ToArray(), actual.DynamicImports.ToArray());
        // Records compare strings ordinally; xunit's string assertions do not distinguish lone surrogates.
        Assert.True(Equals(expected.SyntaxError, actual.SyntaxError), $"syntax error differs: {expected.SyntaxError} vs {actual.SyntaxError}");
        Assert.True(expected.Bytecode.Span.SequenceEqual(actual.Bytecode.Span), "bytecode differs");
    }
}
