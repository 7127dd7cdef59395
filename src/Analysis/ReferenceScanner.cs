namespace EsmCacheCluster.Analysis;

/// <summary>
/// Finds every module reference a JavaScript or TypeScript source makes, from its tokens (no parse, so sources that
/// cannot be emitted still give their references): import and export declarations (type-only ones told apart),
/// <c>import x = require()</c>, <c>import()</c> with a literal (and whether <c>typeof</c> precedes it),
/// <c>require()</c>, <c>require.resolve()</c> and calls of a <c>createRequire(…)</c> function, module augmentations,
/// and <c>/// &lt;reference&gt;</c> directives; also whether the source is a module, declares globals or has
/// decorators. The same references TypeScript's compiler finds (its preProcessFile and program), as tests check.
/// Not thread-safe.
/// </summary>
internal sealed class ReferenceScanner
{
    private readonly SourceLexer _lexer = new();

    /// <summary>What Node's cjs-module-lexer finds the last scanned source to export, read as CommonJS.</summary>
    public CommonJsExports CommonJsExports()
    {
        var exports = new CommonJsExports(_lexer);
        exports.Find();
        return exports;
    }

    /// <summary>The last scanned source without its JSX (see <see cref="SourceLexer.JsxErased"/>), or null when it had none.</summary>
    public string? JsxErased => _lexer.JsxErased;

    public SourceReferences Scan(string text, bool jsx)
    {
        _lexer.Tokenize(text, jsx);
        var result = new SourceReferences();
        TripleSlash.Read(text, result);
        var tokens = _lexer.TokenSpan;
        HashSet<string>? requireFunctions = null;
        HashSet<string>? typeNames = null, valueNames = null;
        List<(string Name, int Start, int End)>? localExports = null;
        for (int i = 0; i < tokens.Length; i++)
        {
            ref readonly var token = ref tokens[i];
            if (token.Kind == TokenKind.Punctuator)
            {
                if (_lexer.Text[token.Start] == '@' && token.End - token.Start == 1 && i + 1 < tokens.Length && tokens[i + 1].Kind == TokenKind.Identifier
                    && tokens[i + 1].Start == token.End)
                {
                    result.HasDecorators = true;
                }

                continue;
            }

            if (token.Kind != TokenKind.Identifier)
            {
                continue;
            }

            var word = _lexer.Span(token);
            if (AfterDot(tokens, i))
            {
                // module.createRequire(…): the one member call that makes a require function.
                if (word is "createRequire" && Is(tokens, i + 1, "("))
                {
                    if (i >= 4 && Is(tokens, i - 3, "=") && tokens[i - 4].Kind == TokenKind.Identifier)
                    {
                        (requireFunctions ??= new(StringComparer.Ordinal)).Add(_lexer.Span(tokens[i - 4]).ToString());
                    }

                    CreateRequireCall(tokens, i, result);
                }

                continue;
            }

            bool top = token.Depth == 0;
            switch (word)
            {
                case "import":
                    Import(tokens, i, result, top, ref typeNames, ref valueNames);
                    break;
                case "export":
                    if (top)
                    {
                        result.IsModule = true;
                    }

                    Export(tokens, i, result, top, ref localExports);
                    break;
                case "require":
                    Require(tokens, i, result);
                    break;
                case "createRequire" when i >= 2 && Is(tokens, i - 1, "=") && tokens[i - 2].Kind == TokenKind.Identifier && Is(tokens, i + 1, "("):
                    (requireFunctions ??= new(StringComparer.Ordinal)).Add(_lexer.Span(tokens[i - 2]).ToString());
                    CreateRequireCall(tokens, i, result);
                    break;
                case "createRequire" when Is(tokens, i + 1, "("):
                    CreateRequireCall(tokens, i, result);
                    break;
                case "declare" when i + 2 < tokens.Length && tokens[i + 1].Kind == TokenKind.Identifier:
                    var next = _lexer.Span(tokens[i + 1]);
                    if (next is "module" && tokens[i + 2].Kind == TokenKind.String)
                    {
                        result.Add(ReferenceSyntax.ModuleAugmentation, _lexer.StringValue(tokens[i + 2]), tokens[i + 2].Start, top);
                    }
                    else if (next is "global" && Is(tokens, i + 2, "{"))
                    {
                        result.DeclaresGlobal = true;
                    }

                    break;
                case "interface" or "type" when top && i + 1 < tokens.Length && tokens[i + 1].Kind == TokenKind.Identifier && DeclarationStart(tokens, i)
                                              && (word is "interface" || Is(tokens, i + 2, "=") || Is(tokens, i + 2, "<")):
                    (typeNames ??= new(StringComparer.Ordinal)).Add(_lexer.Span(tokens[i + 1]).ToString());
                    break;
                case "const" or "let" or "var" or "function" or "class" or "enum" or "namespace" or "module"
                    when top && i + 1 < tokens.Length && tokens[i + 1].Kind == TokenKind.Identifier:
                    var declared = _lexer.Span(tokens[i + 1]);
                    (valueNames ??= new(StringComparer.Ordinal)).Add(declared.ToString());
                    if (word is "const" or "let" or "class" && tokens[i].Outermost && declared is "require" or "module" or "exports" or "__filename" or "__dirname")
                    {
                        result.RedeclaresCommonJsNames = true;
                    }

                    break;
            }
        }

        if (requireFunctions is not null)
        {
            RequireFunctionCalls(tokens, requireFunctions, result);
        }

        if (localExports is not null && typeNames is not null)
        {
            foreach (var (name, start, end) in localExports)
            {
                if (typeNames.Contains(name) && valueNames?.Contains(name) != true)
                {
                    result.TypeOnlyExports.Add((start, end));
                }
            }
        }

        return result;
    }

    private void Import(ReadOnlySpan<Token> tokens, int i, SourceReferences result, bool top, ref HashSet<string>? typeNames, ref HashSet<string>? valueNames)
    {
        if (i + 1 >= tokens.Length)
        {
            return;
        }

        if (Is(tokens, i + 1, "("))
        {
            if (IsLiteral(tokens, i + 2) && (Is(tokens, i + 3, ")") || Is(tokens, i + 3, ",")))
            {
                bool typeOf = i > 0 && Is(tokens, i - 1, "typeof");
                result.Add(typeOf ? ReferenceSyntax.TypeofImportCall : ReferenceSyntax.ImportCall, _lexer.StringValue(tokens[i + 2]), tokens[i + 2].Start, top);
            }
            else
            {
                result.NonLiteralImports++;
            }

            return;
        }

        if (Is(tokens, i + 1, "."))
        {
            return; // import.meta
        }

        if (top)
        {
            result.IsModule = true;
        }

        if (tokens[i + 1].Kind == TokenKind.String)
        {
            result.Add(ReferenceSyntax.ImportDeclaration, _lexer.StringValue(tokens[i + 1]), tokens[i + 1].Start, top);
            return;
        }

        int j = i + 1;
        bool typeOnly = false;
        if (Is(tokens, j, "type") && j + 1 < tokens.Length
            && (Is(tokens, j + 1, "{") || Is(tokens, j + 1, "*") || (tokens[j + 1].Kind == TokenKind.Identifier && !Is(tokens, j + 1, "from"))))
        {
            typeOnly = true;
            j++;
        }

        // import x = require("y") / import x = A.B
        if (j + 1 < tokens.Length && tokens[j].Kind == TokenKind.Identifier && Is(tokens, j + 1, "="))
        {
            if (Is(tokens, j + 2, "require") && Is(tokens, j + 3, "(") && IsLiteral(tokens, j + 4) && tokens[j + 4].Kind == TokenKind.String)
            {
                result.Add(typeOnly ? ReferenceSyntax.TypeImportEquals : ReferenceSyntax.ImportEquals, _lexer.StringValue(tokens[j + 4]), tokens[j + 4].Start, top);
            }

            if (top)
            {
                (valueNames ??= new(StringComparer.Ordinal)).Add(_lexer.Span(tokens[j]).ToString());
            }

            return;
        }

        // The clause: a default binding, { named }, * as ns, in any order the grammar allows, then from "x".
        for (int steps = 0; j < tokens.Length && steps < 16; steps++)
        {
            if (Is(tokens, j, "from") && j + 1 < tokens.Length && tokens[j + 1].Kind == TokenKind.String)
            {
                result.Add(typeOnly ? ReferenceSyntax.TypeImportDeclaration : ReferenceSyntax.ImportDeclaration, _lexer.StringValue(tokens[j + 1]), tokens[j + 1].Start, top);
                return;
            }

            if (Is(tokens, j, "{"))
            {
                j = NamedBindings(tokens, j, typeOnly, top, ref typeNames, ref valueNames);
                continue;
            }

            if (tokens[j].Kind == TokenKind.Identifier && top && !Is(tokens, j, "as") && !Is(tokens, j, "from") && (j + 1 >= tokens.Length || !Is(tokens, j + 1, "as")))
            {
                // A default or namespace binding's local name.
                (typeOnly ? typeNames ??= new(StringComparer.Ordinal) : valueNames ??= new(StringComparer.Ordinal)).Add(_lexer.Span(tokens[j]).ToString());
            }

            if (tokens[j].Kind is not (TokenKind.Identifier or TokenKind.Punctuator) || Is(tokens, j, ";"))
            {
                return;
            }

            j++;
        }
    }

    /// <summary>An import's <c>{ a, type b, c as d }</c>: each local name is a type or a value; returns the index after '}'.</summary>
    private int NamedBindings(ReadOnlySpan<Token> tokens, int open, bool typeOnly, bool top, ref HashSet<string>? typeNames, ref HashSet<string>? valueNames)
    {
        int j = open + 1;
        while (j < tokens.Length && !Is(tokens, j, "}"))
        {
            // [type] name [as local] [,]
            int first = j;
            bool type = typeOnly;
            if (Is(tokens, j, "type") && j + 1 < tokens.Length && !Is(tokens, j + 1, ",") && !Is(tokens, j + 1, "}") && !Is(tokens, j + 1, "as"))
            {
                type = true;
                j++;
            }
            else if (Is(tokens, j, "type") && Is(tokens, j + 1, "as") && j + 2 < tokens.Length && !Is(tokens, j + 2, ",") && !Is(tokens, j + 2, "}")
                     && Is(tokens, j + 3, "as"))
            {
                type = true; // type as as x
                j++;
            }

            int local = j;
            if (Is(tokens, j + 1, "as") && j + 2 < tokens.Length)
            {
                local = j + 2;
                j += 3;
            }
            else
            {
                j++;
            }

            if (top && tokens[local].Kind == TokenKind.Identifier)
            {
                (type ? typeNames ??= new(StringComparer.Ordinal) : valueNames ??= new(StringComparer.Ordinal)).Add(_lexer.Span(tokens[local]).ToString());
            }

            if (Is(tokens, j, ","))
            {
                j++;
            }

            if (j == first)
            {
                j++;
            }
        }

        return j + 1;
    }

    private void Export(ReadOnlySpan<Token> tokens, int i, SourceReferences result, bool top, ref List<(string, int, int)>? localExports)
    {
        int j = i + 1;
        bool typeOnly = false;
        if (Is(tokens, j, "type") && (Is(tokens, j + 1, "{") || Is(tokens, j + 1, "*")))
        {
            typeOnly = true;
            j++;
        }

        if (Is(tokens, j, "{"))
        {
            int open = j;
            int close = j + 1;
            while (close < tokens.Length && !Is(tokens, close, "}"))
            {
                close++;
            }

            if (Is(tokens, close + 1, "from") && close + 2 < tokens.Length && tokens[close + 2].Kind == TokenKind.String)
            {
                result.Add(typeOnly ? ReferenceSyntax.TypeExportFrom : ReferenceSyntax.ExportFrom, _lexer.StringValue(tokens[close + 2]), tokens[close + 2].Start, top);
            }
            else if (!typeOnly && top && close < tokens.Length)
            {
                LocalExportSpecifiers(tokens, open, close, ref localExports);
            }

            return;
        }

        if (Is(tokens, j, "*"))
        {
            j++;
            if (Is(tokens, j, "as"))
            {
                j += 2;
            }

            if (Is(tokens, j, "from") && j + 1 < tokens.Length && tokens[j + 1].Kind == TokenKind.String)
            {
                result.Add(typeOnly ? ReferenceSyntax.TypeExportFrom : ReferenceSyntax.ExportFrom, _lexer.StringValue(tokens[j + 1]), tokens[j + 1].Start, top);
            }

            return;
        }

        // export import x = require("y"): the import token that follows is scanned as an import-equals.
    }

    /// <summary>
    /// <c>export { a, b as c }</c> without <c>from</c>: each specifier's local name and the source range that removes it
    /// (with its comma), for names that turn out to be types only.
    /// </summary>
    private void LocalExportSpecifiers(ReadOnlySpan<Token> tokens, int open, int close, ref List<(string, int, int)>? localExports)
    {
        int j = open + 1;
        while (j < close)
        {
            int first = j;
            if (Is(tokens, j, "type") && j + 1 < close && !Is(tokens, j + 1, ",") && !Is(tokens, j + 1, "as"))
            {
                // export { type T }: already erased by the transformer.
                while (j < close && !Is(tokens, j, ","))
                {
                    j++;
                }

                j++;
                continue;
            }

            var name = tokens[j];
            while (j < close && !Is(tokens, j, ","))
            {
                j++;
            }

            int end = j < close ? tokens[j].End : tokens[j - 1].End;
            if (name.Kind == TokenKind.Identifier)
            {
                (localExports ??= []).Add((_lexer.Span(name).ToString(), tokens[first].Start, end));
            }

            j++;
        }
    }

    private void Require(ReadOnlySpan<Token> tokens, int i, SourceReferences result)
    {
        if (i > 0 && (Is(tokens, i - 1, "function") || Is(tokens, i - 1, "const") || Is(tokens, i - 1, "let") || Is(tokens, i - 1, "var")))
        {
            return; // a declaration of something named require
        }

        if (i >= 3 && Is(tokens, i - 1, "=") && tokens[i - 2].Kind == TokenKind.Identifier && (Is(tokens, i - 3, "import") || Is(tokens, i - 3, "type")))
        {
            return; // import x = require("y"): an import-equals, found with its import
        }

        if (Is(tokens, i + 1, "("))
        {
            if (IsLiteral(tokens, i + 2) && Is(tokens, i + 3, ")"))
            {
                result.Add(ReferenceSyntax.Require, _lexer.StringValue(tokens[i + 2]), tokens[i + 2].Start, tokens[i].Depth == 0);
            }
            else if (!Is(tokens, i + 2, ")"))
            {
                result.NonLiteralRequires++;
            }
        }
        else if (Is(tokens, i + 1, ".") && Is(tokens, i + 2, "resolve") && Is(tokens, i + 3, "("))
        {
            if (IsLiteral(tokens, i + 4) && (Is(tokens, i + 5, ")") || Is(tokens, i + 5, ",")))
            {
                result.Add(ReferenceSyntax.RequireResolve, _lexer.StringValue(tokens[i + 4]), tokens[i + 4].Start, tokens[i].Depth == 0);
            }
            else
            {
                result.NonLiteralRequires++;
            }
        }
    }

    /// <summary><c>createRequire(import.meta.url)("x")</c>: the function made is called at once.</summary>
    private void CreateRequireCall(ReadOnlySpan<Token> tokens, int i, SourceReferences result)
    {
        int depth = 0;
        int j = i + 1;
        for (; j < tokens.Length; j++)
        {
            if (Is(tokens, j, "("))
            {
                depth++;
            }
            else if (Is(tokens, j, ")") && --depth == 0)
            {
                break;
            }
        }

        if (Is(tokens, j + 1, "(") && IsLiteral(tokens, j + 2) && Is(tokens, j + 3, ")"))
        {
            result.Add(ReferenceSyntax.Require, _lexer.StringValue(tokens[j + 2]), tokens[j + 2].Start, tokens[i].Depth == 0);
        }
    }

    /// <summary>Calls of functions made by <c>const r = createRequire(…)</c>: <c>r("x")</c>, <c>r.resolve("x")</c>.</summary>
    private void RequireFunctionCalls(ReadOnlySpan<Token> tokens, HashSet<string> names, SourceReferences result)
    {
        var lookup = names.GetAlternateLookup<ReadOnlySpan<char>>();
        for (int i = 0; i < tokens.Length; i++)
        {
            if (tokens[i].Kind != TokenKind.Identifier || AfterDot(tokens, i) || !lookup.Contains(_lexer.Span(tokens[i])))
            {
                continue;
            }

            if (Is(tokens, i + 1, "(") && IsLiteral(tokens, i + 2) && Is(tokens, i + 3, ")"))
            {
                result.Add(ReferenceSyntax.Require, _lexer.StringValue(tokens[i + 2]), tokens[i + 2].Start, tokens[i].Depth == 0);
            }
            else if (Is(tokens, i + 1, ".") && Is(tokens, i + 2, "resolve") && Is(tokens, i + 3, "(") && IsLiteral(tokens, i + 4)
                     && (Is(tokens, i + 5, ")") || Is(tokens, i + 5, ",")))
            {
                result.Add(ReferenceSyntax.RequireResolve, _lexer.StringValue(tokens[i + 4]), tokens[i + 4].Start, tokens[i].Depth == 0);
            }
            else if (Is(tokens, i + 1, "(") && !Is(tokens, i + 2, ")"))
            {
                result.NonLiteralRequires++;
            }
        }
    }

    /// <summary><c>type X =</c> and <c>interface X</c> start a declaration only at a statement's start (not <c>x.type = …</c>).</summary>
    private bool DeclarationStart(ReadOnlySpan<Token> tokens, int i) =>
        i == 0 || Is(tokens, i - 1, ";") || Is(tokens, i - 1, "}") || Is(tokens, i - 1, "{") || Is(tokens, i - 1, "export") || Is(tokens, i - 1, "declare")
        || (tokens[i - 1].Kind is not (TokenKind.Punctuator or TokenKind.Identifier)) || LineBreakBefore(tokens, i);

    private bool LineBreakBefore(ReadOnlySpan<Token> tokens, int i) =>
        _lexer.Text.AsSpan(tokens[i - 1].End, tokens[i].Start - tokens[i - 1].End).IndexOfAny('\n', '\r') >= 0;

    private bool AfterDot(ReadOnlySpan<Token> tokens, int i) =>
        i > 0 && tokens[i - 1].Kind == TokenKind.Punctuator && _lexer.Span(tokens[i - 1]) is "." or "?.";

    private bool Is(ReadOnlySpan<Token> tokens, int i, string text) =>
        (uint)i < (uint)tokens.Length && tokens[i].Kind is TokenKind.Identifier or TokenKind.Punctuator && _lexer.Span(tokens[i]).SequenceEqual(text);

    private static bool IsLiteral(ReadOnlySpan<Token> tokens, int i) =>
        (uint)i < (uint)tokens.Length && tokens[i].Kind is TokenKind.String or TokenKind.Template;

    /// <summary>
    /// The <c>/// &lt;reference path="…" /&gt;</c> and <c>types</c> directives among the comments that open the file
    /// (the only place TypeScript reads them), in TypeScript's syntax.
    /// </summary>
    private static class TripleSlash
    {
        private static readonly System.Text.RegularExpressions.Regex Directive = new(
            """^///\s*<reference\s+(?:[^>]*?\s)?(path|types)\s*=\s*(?:'([^']*)'|"([^"]*)")[^>]*/>""",
            System.Text.RegularExpressions.RegexOptions.CultureInvariant);

        public static void Read(string text, SourceReferences result)
        {
            int pos = text.StartsWith("#!", StringComparison.Ordinal) ? LineEnd(text, 0) : 0;
            while (pos < text.Length)
            {
                char c = text[pos];
                if (char.IsWhiteSpace(c) || c == '\ufeff')
                {
                    pos++;
                }
                else if (c == '/' && pos + 1 < text.Length && text[pos + 1] == '*')
                {
                    int end = text.IndexOf("*/", pos + 2, StringComparison.Ordinal);
                    pos = end < 0 ? text.Length : end + 2;
                }
                else if (c == '/' && pos + 1 < text.Length && text[pos + 1] == '/')
                {
                    int end = LineEnd(text, pos);
                    if (pos + 2 < text.Length && text[pos + 2] == '/' && text.IndexOf("<reference", pos, end - pos, StringComparison.Ordinal) >= 0
                        && Directive.Match(text, pos, end - pos) is { Success: true } match)
                    {
                        string value = match.Groups[2].Success ? match.Groups[2].Value : match.Groups[3].Value;
                        if (value.Length > 0)
                        {
                            result.Add(match.Groups[1].Value == "path" ? ReferenceSyntax.ReferencePath : ReferenceSyntax.ReferenceTypes, value, pos, top: true);
                        }
                    }

                    pos = end;
                }
                else
                {
                    return;
                }
            }
        }

        private static int LineEnd(string text, int pos)
        {
            int end = text.AsSpan(pos).IndexOfAny('\n', '\r');
            return end < 0 ? text.Length : pos + end;
        }
    }
}

/// <summary>What a reference looks like in the source; the scan's caller decides its <see cref="Format.ImportKind"/>.</summary>
internal enum ReferenceSyntax : byte
{
    ImportDeclaration,
    TypeImportDeclaration,
    ExportFrom,
    TypeExportFrom,
    ImportEquals,
    TypeImportEquals,
    ImportCall,
    TypeofImportCall,
    Require,
    RequireResolve,
    ModuleAugmentation,
    ReferencePath,
    ReferenceTypes,
}

/// <summary>One reference: its syntax, its specifier, where it is, and whether it stands at the top level.</summary>
internal readonly record struct Reference(ReferenceSyntax Syntax, string Specifier, int Start, bool TopLevel);

/// <summary>What <see cref="ReferenceScanner"/> found in one source.</summary>
internal sealed class SourceReferences
{
    public List<Reference> Items { get; } = [];

    /// <summary><c>import(x)</c> with an argument that is not a literal.</summary>
    public int NonLiteralImports { get; set; }

    /// <summary><c>require(x)</c> with an argument that is not a literal.</summary>
    public int NonLiteralRequires { get; set; }

    /// <summary>A top-level import or export makes the source a module (else, as TypeScript says, a script).</summary>
    public bool IsModule { get; set; }

    /// <summary><c>declare global { … }</c> appears.</summary>
    public bool DeclaresGlobal { get; set; }

    public bool HasDecorators { get; set; }

    /// <summary>A top-level <c>const</c>, <c>let</c> or <c>class</c> named like a CommonJS wrapper parameter (<c>require</c>, <c>module</c>...): not CommonJS.</summary>
    public bool RedeclaresCommonJsNames { get; set; }

    /// <summary>Source ranges of <c>export { T }</c> specifiers naming types only (imported with <c>type</c>, interfaces, type aliases).</summary>
    public List<(int Start, int End)> TypeOnlyExports { get; } = [];

    public void Add(ReferenceSyntax syntax, string specifier, int start, bool top) => Items.Add(new Reference(syntax, specifier, start, top));
}
