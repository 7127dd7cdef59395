namespace EsmCacheCluster.Format;

/// <summary>
/// A codec's side of <see cref="ModuleRecordSchema.Write{TWriter}"/>: called for every list, entry and field of a
/// record in schema order. Implemented by structs, so the calls are direct and inlined.
/// </summary>
public interface IRecordWriter
{
    void BeginList(RecordList list, int count);

    void EndList(RecordList list);

    void BeginEntry();

    void EndEntry();

    void Text(RecordField field, string value);

    /// <summary>A string the schema allows to be null (a namespace import, a computed <c>import()</c>).</summary>
    void OptionalText(RecordField field, string? value);

    /// <summary>An index into <see cref="ModuleRecord.RequestedModules"/>.</summary>
    void ModuleRequest(RecordField field, int index);

    /// <summary>How a source import refers to its target.</summary>
    void ImportKind(RecordField field, ImportKind kind);

    /// <summary>The record's two facts about the whole module; visited between star exports and dynamic imports.</summary>
    void Flags(bool hasTopLevelAwait, bool usesImportMeta);
}
