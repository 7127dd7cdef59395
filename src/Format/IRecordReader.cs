namespace EsmCacheCluster.Format;

/// <summary>
/// A codec's side of <see cref="ModuleRecordSchema.Read{TReader}"/>: answers for every list and field of a record in
/// schema order, validating as it goes. With <see cref="Materialize"/> false it only validates: the schema then
/// allocates nothing, and strings may come back empty.
/// </summary>
internal interface IRecordReader
{
    bool Materialize { get; }

    /// <summary>The number of entries of the list that starts here.</summary>
    int BeginList(RecordList list);

    void EndList(RecordList list);

    string Text(RecordField field);

    string? OptionalText(RecordField field);

    /// <summary>An <see cref="Format.ImportKind"/>, checked to be one.</summary>
    ImportKind ImportKind(RecordField field);

    /// <summary>An index into the requested modules, checked against their count.</summary>
    int ModuleRequest(RecordField field, int requestCount);
}
