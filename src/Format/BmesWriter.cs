using System.Buffers.Binary;
using System.IO.Hashing;

namespace EsmCacheCluster.Format;

/// <summary>
/// Serializes a <see cref="ModuleRecord"/>. Measures first and writes into one exactly sized array, so the
/// bytecode is copied once and nothing is resized.
/// </summary>
internal static class BmesWriter
{
    public static byte[] Write(ModuleRecord record)
    {
        Check(record);
        long size = Measure(record);
        if (size > Bmes.MaxBlobSize)
        {
            throw new ArgumentException($"The record needs {size} bytes; BMES blobs are limited to {Bmes.MaxBlobSize}.", nameof(record));
        }

        var blob = new byte[size];
        var span = blob.AsSpan();
        Bmes.Magic.CopyTo(span);
        BinaryPrimitives.WriteUInt32LittleEndian(span[4..], Bmes.Version);
        BinaryPrimitives.WriteUInt32LittleEndian(span[8..], (uint)FlagsOf(record));
        BinaryPrimitives.WriteUInt32LittleEndian(span[12..], (uint)size);
        record.SourceHash.CopyTo(span[16..]);
        BinaryPrimitives.WriteUInt64LittleEndian(span[48..], (ulong)record.SourceLength);
        int pos = Bmes.FixedHeaderSize;

        pos += BmesString.Write(span[pos..], record.AnalyzerVersion);
        pos += BmesString.Write(span[pos..], record.Transform);
        pos += BmesString.Write(span[pos..], record.BytecodeProducer);
        pos += BmesString.Write(span[pos..], record.BytecodeNote);

        var lists = new ListWriter(blob, pos);
        ModuleRecordSchema.Write(record, ref lists);
        pos = lists.Position;

        if (record.SyntaxError is { } error)
        {
            pos += BmesString.Write(span[pos..], error.Message);
            pos += WriteU32(span[pos..], error.Line);
            pos += WriteU32(span[pos..], error.Column);
        }

        if (record.EmittedCodeUtf8 is { } utf8 && !record.HasDecodedEmittedCode)
        {
            BinaryPrimitives.WriteUInt32LittleEndian(span[pos..], (uint)utf8.Length << 1);
            utf8.Span.CopyTo(span[(pos + 4)..]);
            pos += 4 + utf8.Length;
        }
        else if (record.EmittedCode is { } emitted)
        {
            pos += BmesString.Write(span[pos..], emitted);
        }

        pos += WriteU32(span[pos..], record.Bytecode.Length);
        record.Bytecode.Span.CopyTo(span[pos..]);
        pos += record.Bytecode.Length;

        BinaryPrimitives.WriteUInt64LittleEndian(span[pos..], XxHash3.HashToUInt64(span[..pos]));
        return blob;
    }

    private static BmesFlags FlagsOf(ModuleRecord record)
    {
        var flags = BmesFlags.None;
        if (record.HasTopLevelAwait)
        {
            flags |= BmesFlags.TopLevelAwait;
        }

        if (record.UsesImportMeta)
        {
            flags |= BmesFlags.UsesImportMeta;
        }

        if (record.SyntaxError is not null)
        {
            flags |= BmesFlags.SyntaxError;
        }

        if (record.HasBytecode)
        {
            flags |= BmesFlags.Bytecode;
        }

        if (record.HasEmittedCode)
        {
            flags |= BmesFlags.EmittedCode;
        }

        if (record.IsCommonJs)
        {
            flags |= BmesFlags.CommonJs;
        }

        if (record.DeclaresGlobals)
        {
            flags |= BmesFlags.DeclaresGlobals;
        }

        return flags;
    }

    private static long Measure(ModuleRecord record)
    {
        long size = Bmes.FixedHeaderSize
            + BmesString.EncodedSize(record.AnalyzerVersion)
            + BmesString.EncodedSize(record.Transform)
            + BmesString.EncodedSize(record.BytecodeProducer)
            + BmesString.EncodedSize(record.BytecodeNote);

        var lists = new ListMeasure();
        ModuleRecordSchema.Write(record, ref lists);
        size += lists.Size;

        if (record.SyntaxError is { } error)
        {
            size += BmesString.EncodedSize(error.Message) + 8;
        }

        if (record.EmittedCodeUtf8 is { } utf8 && !record.HasDecodedEmittedCode)
        {
            size += 4 + utf8.Length;
        }
        else if (record.EmittedCode is { } emitted)
        {
            size += BmesString.EncodedSize(emitted);
        }

        return size + 4 + record.Bytecode.Length + Bmes.TrailerSize;
    }

    /// <summary>Refuses records the reader would reject, so a writer bug never produces a blob that fails later.</summary>
    private static void Check(ModuleRecord record)
    {
        ArgumentNullException.ThrowIfNull(record.AnalyzerVersion);
        ArgumentNullException.ThrowIfNull(record.Transform);
        if (record.HasEmittedCode && record.Transform.Length == 0)
        {
            throw new ArgumentException("Emitted code belongs to transformed modules only.", nameof(record));
        }

        if (record.HasBytecode && record.Transform.Length != 0 && !record.HasEmittedCode)
        {
            throw new ArgumentException("The bytecode of a transformed module is useless without its emitted code.", nameof(record));
        }
        if (record.SourceLength < 0 || record.SourceLength > int.MaxValue)
        {
            throw new ArgumentException($"Source length {record.SourceLength} is out of range.", nameof(record));
        }

        int requests = record.RequestedModules.Length;
        foreach (var request in record.RequestedModules)
        {
            var attributes = request.Attributes.AsSpan();
            for (int i = 1; i < attributes.Length; i++)
            {
                if (string.CompareOrdinal(attributes[i - 1].Key, attributes[i].Key) >= 0)
                {
                    throw new ArgumentException($"Import attributes of '{request.Specifier}' are not sorted and unique by key.", nameof(record));
                }
            }
        }

        foreach (var entry in record.ImportEntries)
        {
            CheckIndex(entry.ModuleRequest, requests);
        }

        foreach (var entry in record.IndirectExportEntries)
        {
            CheckIndex(entry.ModuleRequest, requests);
        }

        foreach (var entry in record.StarExportEntries)
        {
            CheckIndex(entry.ModuleRequest, requests);
        }

        foreach (var entry in record.SourceImports)
        {
            if (!Enum.IsDefined(entry.Kind))
            {
                throw new ArgumentException($"Unknown import kind {(int)entry.Kind}.", nameof(record));
            }
        }

        if (record.SyntaxError is { } error)
        {
            if (requests + record.ImportEntries.Length + record.LocalExportEntries.Length + record.IndirectExportEntries.Length
                + record.StarExportEntries.Length + record.DynamicImports.Length != 0
                || record.HasTopLevelAwait || record.UsesImportMeta || record.HasBytecode || record.HasEmittedCode)
            {
                throw new ArgumentException("A record with a syntax error carries no entries, flags, emitted code or bytecode.", nameof(record));
            }

            if (error.Line < 0 || error.Column < 0)
            {
                throw new ArgumentException("Syntax error positions are non-negative.", nameof(record));
            }
        }

        if (record.HasBytecode && string.IsNullOrEmpty(record.BytecodeProducer))
        {
            throw new ArgumentException("Bytecode needs a producer fingerprint.", nameof(record));
        }

        if (!record.HasBytecode && record.BytecodeProducer.Length != 0)
        {
            throw new ArgumentException("A producer is recorded only with bytecode.", nameof(record));
        }

        if (record.HasBytecode && record.BytecodeNote.Length != 0)
        {
            throw new ArgumentException("The bytecode note explains missing bytecode only.", nameof(record));
        }
    }

    private static void CheckIndex(int index, int count)
    {
        if ((uint)index >= (uint)count)
        {
            throw new ArgumentException($"Module request index {index} is outside the {count} requested modules.");
        }
    }

    private static int WriteU32(Span<byte> destination, int value)
    {
        BinaryPrimitives.WriteUInt32LittleEndian(destination, (uint)value);
        return 4;
    }

    /// <summary>The record's lists as BMES: a u32 count before each list, u32 indexes, BMES strings.</summary>
    private struct ListWriter(byte[] blob, int position) : IRecordWriter
    {
        public int Position = position;

        public void BeginList(RecordList list, int count) => Position += WriteU32(blob.AsSpan(Position), count);

        public readonly void EndList(RecordList list)
        {
        }

        public readonly void BeginEntry()
        {
        }

        public readonly void EndEntry()
        {
        }

        public void Text(RecordField field, string value) => Position += BmesString.Write(blob.AsSpan(Position), value);

        public void OptionalText(RecordField field, string? value) => Position += BmesString.Write(blob.AsSpan(Position), value);

        public void ModuleRequest(RecordField field, int index) => Position += WriteU32(blob.AsSpan(Position), index);

        public void ImportKind(RecordField field, ImportKind kind) => Position += WriteU32(blob.AsSpan(Position), (int)kind);

        // In the header's flag bits.
        public readonly void Flags(bool hasTopLevelAwait, bool usesImportMeta)
        {
        }
    }

    /// <summary>The bytes <see cref="ListWriter"/> will write.</summary>
    private struct ListMeasure : IRecordWriter
    {
        public long Size;

        public void BeginList(RecordList list, int count) => Size += 4;

        public readonly void EndList(RecordList list)
        {
        }

        public readonly void BeginEntry()
        {
        }

        public readonly void EndEntry()
        {
        }

        public void Text(RecordField field, string value) => Size += BmesString.EncodedSize(value);

        public void OptionalText(RecordField field, string? value) => Size += BmesString.EncodedSize(value);

        public void ModuleRequest(RecordField field, int index) => Size += 4;

        public void ImportKind(RecordField field, ImportKind kind) => Size += 4;

        public readonly void Flags(bool hasTopLevelAwait, bool usesImportMeta)
        {
        }
    }
}
