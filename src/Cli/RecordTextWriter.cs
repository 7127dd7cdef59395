using System.Text;
using EsmCacheCluster.Format;

namespace EsmCacheCluster.Cli;

/// <summary>The human-readable form of a record: one block per module, one line per kind of entry.</summary>
internal static class RecordTextWriter
{
    public static void Write(TextWriter output, ModuleRecord record, string file)
    {
        var text = new StringBuilder();
        text.Append(file).Append('\n');
        text.Append("  sha256     ").Append(record.SourceHash.ToString()).Append("  ").Append(record.SourceLength).Append(" bytes\n");
        if (record.SyntaxError is { } error)
        {
            text.Append("  error      SyntaxError: ").Append(error.Message).Append(" (").Append(error.Line).Append(':').Append(error.Column).Append(")\n");
            output.Write(text.ToString());
            return;
        }

        List("requests", record.RequestedModules.Length, text, i =>
        {
            var request = record.RequestedModules[i];
            var s = Quote(request.Specifier);
            if (request.Attributes.Length > 0)
            {
                s += " with {" + string.Join(", ", request.Attributes.Select(a => $"{a.Key}: {Quote(a.Value)}")) + "}";
            }

            return s;
        });
        List("imports", record.ImportEntries.Length, text, i =>
        {
            var entry = record.ImportEntries[i];
            string from = Quote(record.RequestedModules[entry.ModuleRequest].Specifier);
            return entry.ImportName is null ? $"* as {entry.LocalName} from {from}"
                : entry.ImportName == entry.LocalName ? $"{entry.LocalName} from {from}"
                : $"{entry.ImportName} as {entry.LocalName} from {from}";
        });
        List("exports", record.LocalExportEntries.Length, text, i =>
        {
            var entry = record.LocalExportEntries[i];
            return entry.ExportName == entry.LocalName ? entry.ExportName : $"{entry.LocalName} as {entry.ExportName}";
        });
        List("re-exports", record.IndirectExportEntries.Length, text, i =>
        {
            var entry = record.IndirectExportEntries[i];
            string from = Quote(record.RequestedModules[entry.ModuleRequest].Specifier);
            return entry.ImportName is null ? $"* as {entry.ExportName} from {from}"
                : entry.ImportName == entry.ExportName ? $"{entry.ExportName} from {from}"
                : $"{entry.ImportName} as {entry.ExportName} from {from}";
        });
        List("star", record.StarExportEntries.Length, text, i => "* from " + Quote(record.RequestedModules[record.StarExportEntries[i].ModuleRequest].Specifier));
        List("import()", record.DynamicImports.Length, text, i => record.DynamicImports[i].Specifier is { } s ? Quote(s) : "<computed>");

        if (record.HasTopLevelAwait || record.UsesImportMeta)
        {
            text.Append("  uses       ");
            text.Append(record.HasTopLevelAwait && record.UsesImportMeta ? "top-level await, import.meta" : record.HasTopLevelAwait ? "top-level await" : "import.meta");
            text.Append('\n');
        }

        text.Append("  bytecode   ");
        text.Append(record.HasBytecode ? $"{record.Bytecode.Length} bytes ({record.BytecodeProducer})" : $"none ({record.BytecodeNote})");
        text.Append('\n');
        output.Write(text.ToString());
    }

    private static void List(string label, int count, StringBuilder text, Func<int, string> item)
    {
        if (count == 0)
        {
            return;
        }

        text.Append("  ").Append(label.PadRight(11));
        for (int i = 0; i < count; i++)
        {
            if (i > 0)
            {
                text.Append(", ");
            }

            text.Append(item(i));
        }

        text.Append('\n');
    }

    private static string Quote(string value) => QuotedString.Quote(value);
}
