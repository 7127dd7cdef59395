using System.Diagnostics.CodeAnalysis;
using System.Text;

namespace EsmCacheCluster.Format;

/// <summary>
/// Everything besides the source bytes that changes the JavaScript a module becomes: its language and, for JSX,
/// the mode and the import source. Always normalised, so two options that emit the same code are equal (a
/// <c>.ts</c> file ignores JSX settings; the import source matters only to the automatic runtime).
/// </summary>
public readonly record struct TransformOptions
{
    /// <summary>The automatic runtime's import source when tsconfig names none, as in TypeScript.</summary>
    public const string DefaultJsxImportSource = "react";

    /// <summary>npm's limit on a package name; an import source is one.</summary>
    public const int MaxImportSourceLength = 214;

    public TransformOptions(SourceLanguage language, JsxMode jsx = JsxMode.Preserve, string? jsxImportSource = null, DecoratorMode decorators = DecoratorMode.Standard)
    {
        if (!Enum.IsDefined(language))
        {
            throw new ArgumentOutOfRangeException(nameof(language));
        }

        if (!Enum.IsDefined(jsx))
        {
            throw new ArgumentOutOfRangeException(nameof(jsx));
        }

        if (!Enum.IsDefined(decorators))
        {
            throw new ArgumentOutOfRangeException(nameof(decorators));
        }

        bool hasJsx = language is SourceLanguage.Tsx or SourceLanguage.Jsx;
        Language = language;
        Jsx = hasJsx ? jsx : JsxMode.Preserve;
        JsxImportSource = Jsx is JsxMode.ReactJsx or JsxMode.ReactJsxDev
            ? (string.IsNullOrEmpty(jsxImportSource) ? DefaultJsxImportSource : CheckImportSource(jsxImportSource))
            : null;
        Decorators = language is SourceLanguage.TypeScript or SourceLanguage.Tsx ? decorators : DecoratorMode.Standard;
    }

    /// <summary>Plain JavaScript: no transform; the key is the source hash alone.</summary>
    public static TransformOptions None => default;

    public SourceLanguage Language { get; }

    public JsxMode Jsx { get; }

    /// <summary>The automatic runtime's package; null unless <see cref="Jsx"/> is react-jsx or react-jsxdev.</summary>
    public string? JsxImportSource { get; }

    /// <summary>How decorators are lowered (TypeScript and TSX only; standard elsewhere).</summary>
    public DecoratorMode Decorators { get; }

    public bool IsNone => Language == SourceLanguage.JavaScript;

    /// <summary>JavaScript analysed as written, whatever its module format (ES module, CommonJS, or detected): no transform.</summary>
    public bool IsPlainJavaScript => Language is SourceLanguage.JavaScript or SourceLanguage.CommonJs or SourceLanguage.Ambiguous;

    /// <summary>A declaration file: types only, nothing emitted.</summary>
    public bool IsDeclaration => Language == SourceLanguage.Declaration;

    /// <summary>JSX is allowed in the source (<c>.tsx</c>, <c>.jsx</c>).</summary>
    public bool AllowsJsx => Language is SourceLanguage.Tsx or SourceLanguage.Jsx;

    /// <summary>The emitted code can run: no JSX left in it (a JSX file needs a mode other than preserve), and not a declaration file.</summary>
    public bool Runnable => !IsDeclaration && (!AllowsJsx || Jsx != JsxMode.Preserve);

    /// <summary>The extensions of module files: JavaScript as written (ES modules and CommonJS), TypeScript, TSX and JSX.</summary>
    public static IReadOnlyList<string> ModuleExtensions { get; } = [".js", ".mjs", ".cjs", ".ts", ".tsx", ".mts", ".cts", ".jsx"];

    /// <summary>The language for a file name by its extension; false for files that are not modules to analyse.</summary>
    public static bool TryGetLanguage(ReadOnlySpan<char> fileName, out SourceLanguage language)
    {
        language = SourceLanguage.JavaScript;
        if (fileName.EndsWith(".js", StringComparison.Ordinal) || fileName.EndsWith(".mjs", StringComparison.Ordinal))
        {
            return true;
        }

        if (IsDeclarationFile(fileName))
        {
            language = SourceLanguage.Declaration;
            return true;
        }

        if (fileName.EndsWith(".ts", StringComparison.Ordinal) || fileName.EndsWith(".mts", StringComparison.Ordinal))
        {
            language = SourceLanguage.TypeScript;
            return true;
        }

        if (fileName.EndsWith(".cjs", StringComparison.Ordinal))
        {
            language = SourceLanguage.CommonJs;
            return true;
        }

        if (fileName.EndsWith(".cts", StringComparison.Ordinal))
        {
            language = SourceLanguage.CommonTs;
            return true;
        }

        if (fileName.EndsWith(".tsx", StringComparison.Ordinal))
        {
            language = SourceLanguage.Tsx;
            return true;
        }

        if (fileName.EndsWith(".jsx", StringComparison.Ordinal))
        {
            language = SourceLanguage.Jsx;
            return true;
        }

        return false;
    }

    /// <summary>The options of a file by its extension alone (no tsconfig): none for JavaScript, JSX preserved.</summary>
    public static TransformOptions ForFile(ReadOnlySpan<char> fileName) =>
        TryGetLanguage(fileName, out var language) ? new TransformOptions(language) : None;

    /// <summary>
    /// A TypeScript declaration file: <c>.d.ts</c>, <c>.d.mts</c>, <c>.d.cts</c>, or one for another extension
    /// (<c>styles.d.css.ts</c>). Types only, never a module that runs.
    /// </summary>
    public static bool IsDeclarationFile(ReadOnlySpan<char> fileName)
    {
        if (fileName.EndsWith(".d.ts", StringComparison.Ordinal) || fileName.EndsWith(".d.mts", StringComparison.Ordinal)
            || fileName.EndsWith(".d.cts", StringComparison.Ordinal))
        {
            return true;
        }

        if (!fileName.EndsWith(".ts", StringComparison.Ordinal))
        {
            return false;
        }

        var stem = fileName[..^3];
        int dot = stem.LastIndexOf('.');
        return dot > 0 && stem[..dot].EndsWith(".d", StringComparison.Ordinal);
    }

    /// <summary>
    /// The options as a key suffix and in recipes: "" (none), <c>ts</c>, <c>tsx</c>, <c>jsx</c>, <c>dts</c>, <c>cjs</c>,
    /// <c>js</c> (format detected), <c>cts</c>, then
    /// <c>+react</c>, <c>+react-jsx+SOURCE</c> or <c>+react-jsxdev+SOURCE</c> with the import source percent-encoded
    /// outside <c>[a-z0-9._-]</c>, so the key is a valid file and blob name, then <c>+decorators</c> or
    /// <c>+decorators-metadata</c> for legacy decorators.
    /// </summary>
    public string Variant
    {
        get
        {
            string language = Language switch
            {
                SourceLanguage.JavaScript => "",
                SourceLanguage.TypeScript => "ts",
                SourceLanguage.Tsx => "tsx",
                SourceLanguage.Declaration => "dts",
                SourceLanguage.CommonJs => "cjs",
                SourceLanguage.Ambiguous => "js",
                SourceLanguage.CommonTs => "cts",
                _ => "jsx",
            };
            string jsx = Jsx switch
            {
                JsxMode.Preserve => language,
                JsxMode.React => $"{language}+{Jsx.Name()}",
                _ => $"{language}+{Jsx.Name()}+{Escape(JsxImportSource!)}",
            };
            return Decorators switch
            {
                DecoratorMode.Legacy => jsx + "+decorators",
                DecoratorMode.LegacyWithMetadata => jsx + "+decorators-metadata",
                _ => jsx,
            };
        }
    }

    /// <summary>Parses exactly what <see cref="Variant"/> writes; anything else (a non-canonical form too) is refused.</summary>
    public static bool TryParseVariant(string variant, out TransformOptions options)
    {
        options = default;
        string[] parts = variant.Split('+');
        SourceLanguage language;
        switch (parts[0])
        {
            case "": language = SourceLanguage.JavaScript; break;
            case "ts": language = SourceLanguage.TypeScript; break;
            case "tsx": language = SourceLanguage.Tsx; break;
            case "jsx": language = SourceLanguage.Jsx; break;
            case "dts": language = SourceLanguage.Declaration; break;
            case "cjs": language = SourceLanguage.CommonJs; break;
            case "js": language = SourceLanguage.Ambiguous; break;
            case "cts": language = SourceLanguage.CommonTs; break;
            default: return false;
        }

        var decorators = DecoratorMode.Standard;
        int length = parts.Length;
        if (length > 1 && parts[^1] is "decorators" or "decorators-metadata")
        {
            decorators = parts[^1] == "decorators" ? DecoratorMode.Legacy : DecoratorMode.LegacyWithMetadata;
            length--;
        }

        JsxMode jsx = JsxMode.Preserve;
        string? source = null;
        switch (length)
        {
            case 1:
                break;
            case 2 when JsxModeNames.TryParse(parts[1], out jsx) && jsx == JsxMode.React:
                break;
            case 3 when JsxModeNames.TryParse(parts[1], out jsx) && jsx is JsxMode.ReactJsx or JsxMode.ReactJsxDev && TryUnescape(parts[2], out source):
                break;
            default:
                return false;
        }

        try
        {
            options = new TransformOptions(language, jsx, source, decorators);
        }
        catch (ArgumentException)
        {
            return false;
        }

        return string.Equals(options.Variant, variant, StringComparison.Ordinal);
    }

    public override string ToString() => IsNone ? "none" : Variant;

    private static string CheckImportSource(string source)
    {
        if (source.Length > MaxImportSourceLength)
        {
            throw new ArgumentException($"jsxImportSource is {source.Length} characters; a package name has at most {MaxImportSourceLength}.", nameof(source));
        }

        foreach (char c in source)
        {
            if (char.IsControl(c) || char.IsWhiteSpace(c) || char.IsSurrogate(c))
            {
                throw new ArgumentException($"jsxImportSource '{source}' is not a package name.", nameof(source));
            }
        }

        return source;
    }

    private static bool IsPlain(byte b) => b is (>= (byte)'a' and <= (byte)'z') or (>= (byte)'0' and <= (byte)'9') or (byte)'.' or (byte)'_' or (byte)'-';

    private static string Escape(string value)
    {
        var text = new StringBuilder(value.Length + 8);
        foreach (byte b in Encoding.UTF8.GetBytes(value))
        {
            if (IsPlain(b))
            {
                text.Append((char)b);
            }
            else
            {
                text.Append('%').Append(b.ToString("X2", System.Globalization.CultureInfo.InvariantCulture));
            }
        }

        return text.ToString();
    }

    private static bool TryUnescape(string value, [NotNullWhen(true)] out string? result)
    {
        result = null;
        var bytes = new List<byte>(value.Length);
        for (int i = 0; i < value.Length; i++)
        {
            char c = value[i];
            if (c == '%' && i + 2 < value.Length && byte.TryParse(value.AsSpan(i + 1, 2), System.Globalization.NumberStyles.AllowHexSpecifier, null, out byte b))
            {
                bytes.Add(b);
                i += 2;
            }
            else if (c < 0x80 && IsPlain((byte)c))
            {
                bytes.Add((byte)c);
            }
            else
            {
                return false;
            }
        }

        try
        {
            result = new UTF8Encoding(false, throwOnInvalidBytes: true).GetString(bytes.ToArray());
            return result.Length > 0;
        }
        catch (DecoderFallbackException)
        {
            return false;
        }
    }
}
