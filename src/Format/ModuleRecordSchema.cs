using System.Collections.Immutable;
using System.Runtime.InteropServices;

namespace EsmCacheCluster.Format;

/// <summary>
/// The one description of a module record's lists and fields, in order. The BMES writer, its size measure, the
/// BMES reader and the JSON writer all follow it, so a new field is one line in <see cref="Write{TWriter}"/> and one in
/// the matching read method here, plus what each codec does with it.
/// </summary>
/// <remarks>
/// The recipe strings, the syntax error and the bytecode are outside the schema: each codec places them in its own
/// way (BMES in its header and tail, JSON as nested objects).
/// </remarks>
public static class ModuleRecordSchema
{
    public static void Write<TWriter>(ModuleRecord record, ref TWriter writer)
        where TWriter : struct, IRecordWriter
    {
        writer.BeginList(RecordList.RequestedModules, record.RequestedModules.Length);
        foreach (var request in record.RequestedModules)
        {
            writer.BeginEntry();
            writer.Text(RecordField.Specifier, request.Specifier);
            writer.BeginList(RecordList.ImportAttributes, request.Attributes.Length);
            foreach (var attribute in request.Attributes)
            {
                writer.BeginEntry();
                writer.Text(RecordField.Key, attribute.Key);
                writer.Text(RecordField.Value, attribute.Value);
                writer.EndEntry();
            }

            writer.EndList(RecordList.ImportAttributes);
            writer.EndEntry();
        }

        writer.EndList(RecordList.RequestedModules);

        writer.BeginList(RecordList.ImportEntries, record.ImportEntries.Length);
        foreach (var entry in record.ImportEntries)
        {
            writer.BeginEntry();
            writer.ModuleRequest(RecordField.ModuleRequest, entry.ModuleRequest);
            writer.OptionalText(RecordField.ImportName, entry.ImportName);
            writer.Text(RecordField.LocalName, entry.LocalName);
            writer.EndEntry();
        }

        writer.EndList(RecordList.ImportEntries);

        writer.BeginList(RecordList.LocalExportEntries, record.LocalExportEntries.Length);
        foreach (var entry in record.LocalExportEntries)
        {
            writer.BeginEntry();
            writer.Text(RecordField.ExportName, entry.ExportName);
            writer.Text(RecordField.LocalName, entry.LocalName);
            writer.EndEntry();
        }

        writer.EndList(RecordList.LocalExportEntries);

        writer.BeginList(RecordList.IndirectExportEntries, record.IndirectExportEntries.Length);
        foreach (var entry in record.IndirectExportEntries)
        {
            writer.BeginEntry();
            writer.Text(RecordField.ExportName, entry.ExportName);
            writer.ModuleRequest(RecordField.ModuleRequest, entry.ModuleRequest);
            writer.OptionalText(RecordField.ImportName, entry.ImportName);
            writer.EndEntry();
        }

        writer.EndList(RecordList.IndirectExportEntries);

        writer.BeginList(RecordList.StarExportEntries, record.StarExportEntries.Length);
        foreach (var entry in record.StarExportEntries)
        {
            writer.BeginEntry();
            writer.ModuleRequest(RecordField.ModuleRequest, entry.ModuleRequest);
            writer.EndEntry();
        }

        writer.EndList(RecordList.StarExportEntries);

        writer.Flags(record.HasTopLevelAwait, record.UsesImportMeta);

        writer.BeginList(RecordList.DynamicImports, record.DynamicImports.Length);
        foreach (var entry in record.DynamicImports)
        {
            writer.BeginEntry();
            writer.OptionalText(RecordField.Specifier, entry.Specifier);
            writer.EndEntry();
        }

        writer.EndList(RecordList.DynamicImports);

        writer.BeginList(RecordList.SourceImports, record.SourceImports.Length);
        foreach (var entry in record.SourceImports)
        {
            writer.BeginEntry();
            writer.ImportKind(RecordField.Kind, entry.Kind);
            writer.OptionalText(RecordField.Specifier, entry.Specifier);
            writer.EndEntry();
        }

        writer.EndList(RecordList.SourceImports);
    }

    /// <summary>The lists in the order <see cref="Write{TWriter}"/> visits them; empty arrays when only validating.</summary>
    internal static RecordLists Read<TReader>(ref TReader reader)
        where TReader : struct, IRecordReader, allows ref struct
    {
        int requestCount = reader.BeginList(RecordList.RequestedModules);
        var requests = reader.Materialize ? new ModuleRequest[requestCount] : null;
        for (int i = 0; i < requestCount; i++)
        {
            string specifier = reader.Text(RecordField.Specifier);
            int attributeCount = reader.BeginList(RecordList.ImportAttributes);
            var attributes = reader.Materialize ? new ImportAttribute[attributeCount] : null;
            for (int j = 0; j < attributeCount; j++)
            {
                var attribute = new ImportAttribute(reader.Text(RecordField.Key), reader.Text(RecordField.Value));
                if (attributes is not null)
                {
                    attributes[j] = attribute;
                }
            }

            reader.EndList(RecordList.ImportAttributes);
            if (requests is not null)
            {
                requests[i] = new ModuleRequest(specifier, ImmutableCollectionsMarshal.AsImmutableArray(attributes));
            }
        }

        reader.EndList(RecordList.RequestedModules);

        var imports = ReadList(ref reader, RecordList.ImportEntries, requestCount, static (ref TReader r, int requests) => new ImportEntry(
            r.ModuleRequest(RecordField.ModuleRequest, requests),
            r.OptionalText(RecordField.ImportName),
            r.Text(RecordField.LocalName)));
        var locals = ReadList(ref reader, RecordList.LocalExportEntries, requestCount, static (ref TReader r, int _) => new LocalExportEntry(
            r.Text(RecordField.ExportName),
            r.Text(RecordField.LocalName)));
        var indirects = ReadList(ref reader, RecordList.IndirectExportEntries, requestCount, static (ref TReader r, int requests) => new IndirectExportEntry(
            r.Text(RecordField.ExportName),
            r.ModuleRequest(RecordField.ModuleRequest, requests),
            r.OptionalText(RecordField.ImportName)));
        var stars = ReadList(ref reader, RecordList.StarExportEntries, requestCount, static (ref TReader r, int requests) => new StarExportEntry(
            r.ModuleRequest(RecordField.ModuleRequest, requests)));
        var dynamics = ReadList(ref reader, RecordList.DynamicImports, requestCount, static (ref TReader r, int _) => new DynamicImport(
            r.OptionalText(RecordField.Specifier)));
        var sources = ReadList(ref reader, RecordList.SourceImports, requestCount, static (ref TReader r, int _) => new SourceImport(
            r.ImportKind(RecordField.Kind),
            r.OptionalText(RecordField.Specifier)));

        return new RecordLists(
            ImmutableCollectionsMarshal.AsImmutableArray(requests),
            imports,
            locals,
            indirects,
            stars,
            dynamics,
            sources);
    }

    private delegate TItem ReadItem<TReader, TItem>(ref TReader reader, int requestCount)
        where TReader : allows ref struct;

    private static ImmutableArray<TItem> ReadList<TReader, TItem>(ref TReader reader, RecordList list, int requestCount, ReadItem<TReader, TItem> read)
        where TReader : struct, IRecordReader, allows ref struct
    {
        int count = reader.BeginList(list);
        var items = reader.Materialize ? new TItem[count] : null;
        for (int i = 0; i < count; i++)
        {
            var item = read(ref reader, requestCount);
            if (items is not null)
            {
                items[i] = item;
            }
        }

        reader.EndList(list);
        return ImmutableCollectionsMarshal.AsImmutableArray(items);
    }

    /// <summary>The name of a list or a field in JSON (camelCase, as <c>esmcache analyze --json</c> writes).</summary>
    public static string JsonName(RecordList list) => list switch
    {
        RecordList.RequestedModules => "requestedModules",
        RecordList.ImportAttributes => "attributes",
        RecordList.ImportEntries => "importEntries",
        RecordList.LocalExportEntries => "localExportEntries",
        RecordList.IndirectExportEntries => "indirectExportEntries",
        RecordList.StarExportEntries => "starExportEntries",
        RecordList.DynamicImports => "dynamicImports",
        RecordList.SourceImports => "sourceImports",
        _ => throw new ArgumentOutOfRangeException(nameof(list)),
    };

    public static string JsonName(RecordField field) => field switch
    {
        RecordField.Specifier => "specifier",
        RecordField.Key => "key",
        RecordField.Value => "value",
        RecordField.ModuleRequest => "moduleRequest",
        RecordField.ImportName => "importName",
        RecordField.LocalName => "localName",
        RecordField.ExportName => "exportName",
        RecordField.Kind => "kind",
        _ => throw new ArgumentOutOfRangeException(nameof(field)),
    };

    /// <summary>The name of a list in error messages ("import entries").</summary>
    public static string Words(RecordList list) => list switch
    {
        RecordList.RequestedModules => "requested modules",
        RecordList.ImportAttributes => "import attributes",
        RecordList.ImportEntries => "import entries",
        RecordList.LocalExportEntries => "local export entries",
        RecordList.IndirectExportEntries => "indirect export entries",
        RecordList.StarExportEntries => "star export entries",
        RecordList.DynamicImports => "dynamic imports",
        RecordList.SourceImports => "source imports",
        _ => throw new ArgumentOutOfRangeException(nameof(list)),
    };

    /// <summary>The name of one entry of a list in error messages ("import entry").</summary>
    public static string EntryWords(RecordList list) => list switch
    {
        RecordList.RequestedModules => "module request",
        RecordList.ImportAttributes => "import attribute",
        RecordList.ImportEntries => "import entry",
        RecordList.LocalExportEntries => "local export entry",
        RecordList.IndirectExportEntries => "indirect export entry",
        RecordList.StarExportEntries => "star export entry",
        RecordList.DynamicImports => "dynamic import",
        RecordList.SourceImports => "source import",
        _ => throw new ArgumentOutOfRangeException(nameof(list)),
    };

    /// <summary>The name of a field in error messages ("import name").</summary>
    public static string Words(RecordField field) => field switch
    {
        RecordField.Specifier => "specifier",
        RecordField.Key => "key",
        RecordField.Value => "value",
        RecordField.ModuleRequest => "module request",
        RecordField.ImportName => "import name",
        RecordField.LocalName => "local name",
        RecordField.ExportName => "export name",
        RecordField.Kind => "kind",
        _ => throw new ArgumentOutOfRangeException(nameof(field)),
    };
}

/// <summary>The lists of a record as <see cref="ModuleRecordSchema.Read{TReader}"/> returns them.</summary>
internal readonly record struct RecordLists(
    ImmutableArray<ModuleRequest> RequestedModules,
    ImmutableArray<ImportEntry> ImportEntries,
    ImmutableArray<LocalExportEntry> LocalExportEntries,
    ImmutableArray<IndirectExportEntry> IndirectExportEntries,
    ImmutableArray<StarExportEntry> StarExportEntries,
    ImmutableArray<DynamicImport> DynamicImports,
    ImmutableArray<SourceImport> SourceImports);
