using System.Text;
using EsmCacheCluster.Format;
using EsmCacheCluster.Generation;

namespace EsmCacheCluster.Tests;

/// <summary>Shorthands for reading records in assertions.</summary>
internal static class Analyze
{
    public static ModuleRecord Source(string source) => ModuleGenerator.Analyze(Encoding.UTF8.GetBytes(source));

    public static ModuleRecord Valid(string source)
    {
        var record = Source(source);
        Assert.True(record.SyntaxError is null, $"unexpected syntax error: {record.SyntaxError}");
        return record;
    }

    public static string[] Requests(this ModuleRecord record) =>
        record.RequestedModules.Select(r => r.Attributes.IsEmpty ? r.Specifier : $"{r.Specifier} {{{string.Join(",", r.Attributes.Select(a => $"{a.Key}:{a.Value}"))}}}").ToArray();

    public static string[] Imports(this ModuleRecord record) =>
        record.ImportEntries.Select(e => $"{record.RequestedModules[e.ModuleRequest].Specifier}|{e.ImportName ?? "<ns>"}|{e.LocalName}").ToArray();

    public static string[] Locals(this ModuleRecord record) =>
        record.LocalExportEntries.Select(e => $"{e.ExportName}|{e.LocalName}").ToArray();

    public static string[] Indirects(this ModuleRecord record) =>
        record.IndirectExportEntries.Select(e => $"{e.ExportName}|{record.RequestedModules[e.ModuleRequest].Specifier}|{e.ImportName ?? "<all>"}").ToArray();

    public static string[] Stars(this ModuleRecord record) =>
        record.StarExportEntries.Select(e => record.RequestedModules[e.ModuleRequest].Specifier).ToArray();

    public static string[] Dynamic(this ModuleRecord record) =>
        record.DynamicImports.Select(d => d.Specifier ?? "<computed>").ToArray();
}
