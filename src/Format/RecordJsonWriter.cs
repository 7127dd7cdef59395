using System.Buffers;
using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;

namespace EsmCacheCluster.Format;

/// <summary>
/// Writes a module record in the analyze/inspect JSON schema. Lone surrogates are written as <c>\uXXXX</c>
/// escapes, so every JavaScript string survives, which System.Text.Json alone refuses to write.
/// </summary>
public static class RecordJsonWriter
{
    public static readonly JsonWriterOptions Options = new()
    {
        Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
        Indented = false,
    };

    /// <summary>
    /// <c>"transform"</c>: null for JavaScript as written, else the tools (<c>amaro/1.2.1+sucrase/3.35.1</c>), the
    /// language, and for JSX the mode and import source, from the record's recipe.
    /// </summary>
    private static void WriteTransform(Utf8JsonWriter json, string recipe)
    {
        if (recipe.Length == 0)
        {
            json.WriteNull("transform");
            return;
        }

        json.WriteStartObject("transform");
        if (!TransformRecipe.TryParse(recipe, out string? tools, out var options))
        {
            // A recipe of another release: named as it is.
            WriteString(json, "name", recipe);
            json.WriteEndObject();
            return;
        }

        WriteString(json, "name", tools);
        json.WriteString("language", options.Language switch
        {
            SourceLanguage.TypeScript => "ts",
            SourceLanguage.Tsx => "tsx",
            SourceLanguage.Declaration => "dts",
            SourceLanguage.CommonJs => "cjs",
            SourceLanguage.Ambiguous => "js",
            SourceLanguage.CommonTs => "cts",
            _ => "jsx",
        });
        if (options.AllowsJsx)
        {
            json.WriteString("jsx", options.Jsx.Name());
            WriteString(json, "jsxImportSource", options.JsxImportSource);
        }

        if (options.Language is SourceLanguage.TypeScript or SourceLanguage.Tsx)
        {
            json.WriteString("decorators", options.Decorators switch
            {
                DecoratorMode.Legacy => "legacy",
                DecoratorMode.LegacyWithMetadata => "legacy-metadata",
                _ => "standard",
            });
        }

        json.WriteEndObject();
    }

    /// <summary>One record as a JSON object; <paramref name="file"/> is omitted when null (scan embeds records).</summary>
    public static void Write(Utf8JsonWriter json, ModuleRecord record, string? file)
    {
        json.WriteStartObject();
        if (file is not null)
        {
            WriteString(json, "file", file);
        }

        json.WriteString("sha256", record.SourceHash.ToString());
        json.WriteNumber("size", record.SourceLength);

        var lists = new ListWriter(json, record);
        ModuleRecordSchema.Write(record, ref lists);
        json.WriteBoolean("commonjs", record.IsCommonJs);
        json.WriteBoolean("declaresGlobals", record.DeclaresGlobals);

        if (record.SyntaxError is { } error)
        {
            json.WriteStartObject("syntaxError");
            WriteString(json, "message", error.Message);
            json.WriteNumber("line", error.Line);
            json.WriteNumber("column", error.Column);
            json.WriteEndObject();
        }
        else
        {
            json.WriteNull("syntaxError");
        }

        WriteTransform(json, record.Transform);

        if (record.HasBytecode)
        {
            json.WriteStartObject("bytecode");
            json.WriteString("producer", record.BytecodeProducer);
            json.WriteNumber("size", record.Bytecode.Length);
            json.WriteEndObject();
        }
        else
        {
            json.WriteNull("bytecode");
        }

        json.WriteEndObject();
    }

    /// <summary>The record as one line of JSON text.</summary>
    public static string ToJsonLine(ModuleRecord record, string? file)
    {
        var buffer = new ArrayBufferWriter<byte>(1024);
        using (var json = new Utf8JsonWriter(buffer, Options))
        {
            Write(json, record, file);
        }

        return Encoding.UTF8.GetString(buffer.WrittenSpan);
    }

    /// <summary>A string property (or, with a null name, an array element); lone surrogates become escapes.</summary>
    public static void WriteString(Utf8JsonWriter json, string? name, string? value)
    {
        if (name is not null)
        {
            json.WritePropertyName(name);
        }

        if (value is null)
        {
            json.WriteNullValue();
        }
        else if (JsString.IsWellFormed(value))
        {
            json.WriteStringValue(value);
        }
        else
        {
            json.WriteRawValue(QuotedString.Quote(value), skipInputValidation: true);
        }
    }

    /// <summary>The record's lists as JSON arrays of objects; module requests by their specifier.</summary>
    private readonly struct ListWriter(Utf8JsonWriter json, ModuleRecord record) : IRecordWriter
    {
        public void BeginList(RecordList list, int count) => json.WriteStartArray(ModuleRecordSchema.JsonName(list));

        public void EndList(RecordList list) => json.WriteEndArray();

        public void BeginEntry() => json.WriteStartObject();

        public void EndEntry() => json.WriteEndObject();

        public void Text(RecordField field, string value) => WriteString(json, ModuleRecordSchema.JsonName(field), value);

        public void OptionalText(RecordField field, string? value) => WriteString(json, ModuleRecordSchema.JsonName(field), value);

        public void ModuleRequest(RecordField field, int index) =>
            WriteString(json, ModuleRecordSchema.JsonName(field), record.RequestedModules[index].Specifier);

        public void ImportKind(RecordField field, ImportKind kind) => json.WriteString(ModuleRecordSchema.JsonName(field), ImportKinds.RecordName(kind));

        public void Flags(bool hasTopLevelAwait, bool usesImportMeta)
        {
            json.WriteBoolean("hasTopLevelAwait", hasTopLevelAwait);
            json.WriteBoolean("usesImportMeta", usesImportMeta);
        }
    }
}
