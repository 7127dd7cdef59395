using System.Buffers.Binary;
using System.Collections.Immutable;
using System.IO.Hashing;
using System.Runtime.InteropServices;
using System.Text;
using System.Text.Unicode;

namespace EsmCacheCluster.Format;

/// <summary>
/// Reads and validates BMES v3. Every length is checked against the bytes that remain before anything is
/// allocated, so a hostile blob costs at most its own size; every problem is a <see cref="BmesFormatException"/>
/// with the offset it was found at. With <c>materialize: false</c> it validates without building the record.
/// </summary>
internal static class BmesReader
{
    public static ModuleRecord? Read(ReadOnlySpan<byte> blob, ReadOnlyMemory<byte> memory, bool materialize)
    {
        if (blob.Length > Bmes.MaxBlobSize)
        {
            throw new BmesFormatException($"blob is {blob.Length} bytes, above the {Bmes.MaxBlobSize}-byte limit", 0);
        }

        if (blob.Length < 4 || !blob[..4].SequenceEqual(Bmes.Magic))
        {
            throw new BmesFormatException("missing \"BMES\" magic", 0);
        }

        if (blob.Length < Bmes.MinimumSize)
        {
            throw new BmesFormatException($"blob is {blob.Length} bytes, shorter than the {Bmes.MinimumSize}-byte minimum", blob.Length);
        }

        uint version = BinaryPrimitives.ReadUInt32LittleEndian(blob[4..]);
        if (version != Bmes.Version)
        {
            throw new BmesFormatException($"unsupported version {version} (this reader knows version {Bmes.Version})", 4);
        }

        var flags = (BmesFlags)BinaryPrimitives.ReadUInt32LittleEndian(blob[8..]);
        if ((flags & ~BmesFlags.All) != 0)
        {
            throw new BmesFormatException($"unknown flag bits 0x{(uint)(flags & ~BmesFlags.All):x8}", 8);
        }

        uint totalLength = BinaryPrimitives.ReadUInt32LittleEndian(blob[12..]);
        if (totalLength != (uint)blob.Length)
        {
            throw new BmesFormatException(
                totalLength > (uint)blob.Length
                    ? $"truncated: header says {totalLength} bytes, only {blob.Length} present"
                    : $"header says {totalLength} bytes but {blob.Length} are present",
                12);
        }

        int bodyEnd = blob.Length - Bmes.TrailerSize;
        ulong stored = BinaryPrimitives.ReadUInt64LittleEndian(blob[bodyEnd..]);
        ulong computed = XxHash3.HashToUInt64(blob[..bodyEnd]);
        if (stored != computed)
        {
            throw new BmesFormatException($"checksum mismatch: stored {stored:x16}, computed {computed:x16}", bodyEnd);
        }

        var cursor = new Cursor(blob[..bodyEnd], Bmes.FixedHeaderSize);
        var sourceHash = new ContentHash(blob.Slice(16, ContentHash.Size));
        ulong sourceLength = BinaryPrimitives.ReadUInt64LittleEndian(blob[48..]);
        if (sourceLength > int.MaxValue)
        {
            throw new BmesFormatException($"source length {sourceLength} is out of range", 48);
        }

        string analyzer = cursor.String("analyzer version", materialize)!;
        int transformAt = cursor.Position;
        string transform = cursor.String("transform", materialize)!;
        bool hasTransform = cursor.Position - transformAt > 4;
        int producerAt = cursor.Position;
        string producer = cursor.String("bytecode producer", materialize)!;
        bool hasProducer = cursor.Position - producerAt > 4;
        int noteAt = cursor.Position;
        string note = cursor.String("bytecode note", materialize)!;
        bool hasNote = cursor.Position - noteAt > 4;

        var lists = new ListReader(cursor, materialize);
        var read = ModuleRecordSchema.Read(ref lists);
        cursor = lists.Cursor;

        ModuleSyntaxError? syntaxError = null;
        if ((flags & BmesFlags.SyntaxError) != 0)
        {
            int errorAt = cursor.Position;
            string message = cursor.String("syntax error message", materialize)!;
            int line = cursor.Int("syntax error line");
            int column = cursor.Int("syntax error column");
            if (lists.Entries != 0
                || (flags & (BmesFlags.TopLevelAwait | BmesFlags.UsesImportMeta | BmesFlags.Bytecode | BmesFlags.EmittedCode)) != 0)
            {
                throw new BmesFormatException("a syntax-error record must not carry entries, flags, emitted code or bytecode", errorAt);
            }

            syntaxError = materialize ? new ModuleSyntaxError(message, line, column) : null;
        }

        string? emitted = null;
        ReadOnlyMemory<byte>? emittedUtf8 = null;
        bool hasEmitted = (flags & BmesFlags.EmittedCode) != 0;
        if (hasEmitted)
        {
            int emittedAt = cursor.Position;
            if (!hasTransform)
            {
                throw new BmesFormatException("emitted code without a transform", emittedAt);
            }

            bool utf8 = (BinaryPrimitives.ReadUInt32LittleEndian(blob[emittedAt..]) & 1) == 0;
            // Validated either way; UTF-8 (the usual form) stays a slice of the blob until someone needs the code.
            string? text = cursor.String("emitted code", materialize && !utf8);
            if (materialize)
            {
                if (utf8)
                {
                    emittedUtf8 = memory[(emittedAt + 4)..cursor.Position];
                }
                else
                {
                    emitted = text;
                }
            }
        }

        int bytecodeAt = cursor.Position;
        int bytecodeLength = cursor.Count("bytecode", minEntrySize: 1);
        bool hasBytecode = (flags & BmesFlags.Bytecode) != 0;
        if (hasBytecode != (bytecodeLength > 0))
        {
            throw new BmesFormatException(
                hasBytecode ? "bytecode flag set but the bytecode section is empty" : "bytecode present but the bytecode flag is clear",
                bytecodeAt);
        }

        if (hasBytecode != hasProducer)
        {
            throw new BmesFormatException(hasBytecode ? "bytecode without a producer fingerprint" : "producer fingerprint without bytecode", producerAt);
        }

        if (hasBytecode && hasTransform && !hasEmitted)
        {
            throw new BmesFormatException("bytecode of a transformed module without its emitted code", bytecodeAt);
        }

        if (hasBytecode && hasNote)
        {
            throw new BmesFormatException("bytecode note present although bytecode is present", noteAt);
        }

        int bytecodeStart = cursor.Position;
        cursor.Skip(bytecodeLength);
        if (cursor.Position != bodyEnd)
        {
            throw new BmesFormatException($"{bodyEnd - cursor.Position} unexpected bytes after the bytecode", cursor.Position);
        }

        if (!materialize)
        {
            return null;
        }

        return new ModuleRecord
        {
            SourceHash = sourceHash,
            SourceLength = (long)sourceLength,
            AnalyzerVersion = analyzer,
            Transform = transform,
            EmittedCode = emitted,
            EmittedCodeUtf8 = emittedUtf8,
            BytecodeProducer = producer,
            BytecodeNote = note,
            RequestedModules = read.RequestedModules,
            ImportEntries = read.ImportEntries,
            LocalExportEntries = read.LocalExportEntries,
            IndirectExportEntries = read.IndirectExportEntries,
            StarExportEntries = read.StarExportEntries,
            HasTopLevelAwait = (flags & BmesFlags.TopLevelAwait) != 0,
            UsesImportMeta = (flags & BmesFlags.UsesImportMeta) != 0,
            DynamicImports = read.DynamicImports,
            SyntaxError = syntaxError,
            SourceImports = read.SourceImports,
            IsCommonJs = (flags & BmesFlags.CommonJs) != 0,
            DeclaresGlobals = (flags & BmesFlags.DeclaresGlobals) != 0,
            Bytecode = bytecodeLength == 0 ? ReadOnlyMemory<byte>.Empty : memory.Slice(bytecodeStart, bytecodeLength),
        };
    }

    /// <summary>
    /// The record's lists as BMES, validated: every count against the bytes left (before anything is allocated),
    /// every index against the requested modules, attribute keys sorted and unique.
    /// </summary>
    private ref struct ListReader(Cursor cursor, bool materialize) : IRecordReader
    {
        public Cursor Cursor = cursor;

        // The list being read and the one around it (attributes are inside a module request).
        private RecordList _list;
        private RecordList _outer;
        private string? _previousKey;

        /// <summary>Entries of the record's lists (not attributes, not source imports): a syntax-error record must have none.</summary>
        public int Entries { get; private set; }

        public readonly bool Materialize => materialize;

        public int BeginList(RecordList list)
        {
            _outer = _list;
            _list = list;
            _previousKey = null;
            int count = Cursor.Count(ModuleRecordSchema.Words(list), MinimumEntrySize(list));
            Entries += list is RecordList.ImportAttributes or RecordList.SourceImports ? 0 : count;
            return count;
        }

        public void EndList(RecordList list) => _list = _outer;

        public string Text(RecordField field)
        {
            if (field == RecordField.Key && _list == RecordList.ImportAttributes)
            {
                // Keys are decoded even when only validating: the sort order is part of the format.
                int at = Cursor.Position;
                string key = Cursor.String(What(field), materialize: true)!;
                if (_previousKey is not null && string.CompareOrdinal(_previousKey, key) >= 0)
                {
                    throw new BmesFormatException("import attribute keys are not sorted and unique", at);
                }

                _previousKey = key;
                return key;
            }

            return Cursor.String(What(field), materialize) ?? "";
        }

        public string? OptionalText(RecordField field) => Cursor.NullableString(What(field), materialize);

        public int ModuleRequest(RecordField field, int requestCount) => Cursor.Index(What(field), requestCount);

        public ImportKind ImportKind(RecordField field)
        {
            int at = Cursor.Position;
            int kind = Cursor.Int(What(field));
            return kind <= (int)Format.ImportKind.ReferenceTypes ? (ImportKind)kind : throw new BmesFormatException($"{What(field)} {kind} is not a known kind", at);
        }

        private readonly string What(RecordField field) => FieldNames[(int)_list][(int)field];

        // "import entry local name", ...: made once, so reading a field allocates no message it may never need.
        private static readonly string[][] FieldNames = Enum.GetValues<RecordList>()
            .Select(list => Enum.GetValues<RecordField>().Select(field => $"{ModuleRecordSchema.EntryWords(list)} {ModuleRecordSchema.Words(field)}").ToArray())
            .ToArray();

        /// <summary>The fewest bytes an entry of <paramref name="list"/> takes: u32 counts, indexes and string headers.</summary>
        private static int MinimumEntrySize(RecordList list) => list switch
        {
            RecordList.RequestedModules => 8,
            RecordList.ImportAttributes => 8,
            RecordList.ImportEntries => 12,
            RecordList.LocalExportEntries => 8,
            RecordList.IndirectExportEntries => 12,
            RecordList.StarExportEntries => 4,
            RecordList.DynamicImports => 4,
            RecordList.SourceImports => 8,
            _ => throw new ArgumentOutOfRangeException(nameof(list)),
        };
    }

    private ref struct Cursor(ReadOnlySpan<byte> data, int position)
    {
        private readonly ReadOnlySpan<byte> _data = data;
        public int Position = position;
        private uint U32(string what)
        {
            if (_data.Length - Position < 4)
            {
                throw new BmesFormatException($"truncated: {what} needs 4 bytes, {_data.Length - Position} left", Position);
            }

            uint value = BinaryPrimitives.ReadUInt32LittleEndian(_data[Position..]);
            Position += 4;
            return value;
        }

        public int Int(string what)
        {
            int at = Position;
            uint value = U32(what);
            if (value > int.MaxValue)
            {
                throw new BmesFormatException($"{what} {value} is out of range", at);
            }

            return (int)value;
        }

        /// <summary>A count whose entries need at least <paramref name="minEntrySize"/> bytes each: checked before any allocation.</summary>
        public int Count(string what, int minEntrySize)
        {
            int at = Position;
            if (_data.Length - Position < 4)
            {
                throw new BmesFormatException($"truncated: {what} count needs 4 bytes, {_data.Length - Position} left", Position);
            }

            uint count = BinaryPrimitives.ReadUInt32LittleEndian(_data[Position..]);
            Position += 4;
            long needed = (long)count * minEntrySize;
            if (needed > _data.Length - Position)
            {
                throw new BmesFormatException($"{what} count {count} needs at least {needed} bytes, {_data.Length - Position} left", at);
            }

            return (int)count;
        }

        public int Index(string what, int count)
        {
            int at = Position;
            uint index = U32(what);
            if (index >= (uint)count)
            {
                throw new BmesFormatException($"{what} {index} is outside the {count} requested modules", at);
            }

            return (int)index;
        }

        public void Skip(int length) => Position += length;

        public string? NullableString(string what, bool materialize) => ReadString(what, materialize, nullable: true);

        public string? String(string what, bool materialize) => ReadString(what, materialize, nullable: false);

        private string? ReadString(string what, bool materialize, bool nullable)
        {
            int at = Position;
            uint header = U32(what);
            if (header == BmesString.NullHeader)
            {
                if (!nullable)
                {
                    throw new BmesFormatException($"{what} is null where a string is required", at);
                }

                return null;
            }

            uint length = header >> 1;
            int kind = (int)(header & 1);
            if (length > (uint)(_data.Length - Position))
            {
                throw new BmesFormatException($"truncated: {what} of {length} bytes, {_data.Length - Position} left", at);
            }

            var payload = _data.Slice(Position, (int)length);
            if (kind == 0)
            {
                if (!Utf8.IsValid(payload))
                {
                    throw new BmesFormatException($"{what} is not valid UTF-8", at);
                }
            }
            else if ((length & 1) != 0)
            {
                throw new BmesFormatException($"{what} has an odd UTF-16 byte length {length}", at);
            }

            Position += (int)length;
            if (!materialize)
            {
                return "";
            }

            return kind == 0 ? Encoding.UTF8.GetString(payload) : Utf16(payload);
        }

        private static string Utf16(ReadOnlySpan<byte> payload)
        {
            if (BitConverter.IsLittleEndian)
            {
                return new string(MemoryMarshal.Cast<byte, char>(payload));
            }

            var chars = new char[payload.Length / 2];
            for (int i = 0; i < chars.Length; i++)
            {
                chars[i] = (char)BinaryPrimitives.ReadUInt16LittleEndian(payload[(2 * i)..]);
            }

            return new string(chars);
        }
    }
}
