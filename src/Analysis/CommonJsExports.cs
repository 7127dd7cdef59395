namespace EsmCacheCluster.Analysis;

/// <summary>
/// The names a CommonJS module exports and the modules it re-exports, as Node finds them when an ES module imports
/// it: cjs-module-lexer 2.1's grammar (README "Grammar"), matched on the source's tokens. <c>exports.a =</c>,
/// <c>exports['a'] =</c>, <c>Object.defineProperty(exports, 'a', …)</c> in its value and getter forms (any other
/// getter for a name takes it out), <c>module.exports = { a, b: c, ...require('x') }</c>,
/// <c>module.exports = require('x')</c> (the last one counts), and at the top level <c>__export(require('x'))</c>,
/// <c>__exportStar(require('x'))</c> and Babel's <c>Object.keys(_x).forEach(…)</c> re-export loops.
/// </summary>
internal sealed class CommonJsExports(SourceLexer lexer)
{
    private readonly List<string> _exports = [];
    private readonly HashSet<string> _exportSet = new(StringComparer.Ordinal);
    private readonly HashSet<string> _unsafeGetters = new(StringComparer.Ordinal);
    private List<string> _reexports = [];
    private readonly Dictionary<string, string> _starExportBindings = new(StringComparer.Ordinal);

    /// <summary>Export names in first-seen order, without those an unsafe getter took out.</summary>
    public List<string> Exports { get; } = [];

    /// <summary>Re-exported specifiers, in order, each once.</summary>
    public List<string> Reexports { get; } = [];

    public void Find()
    {
        var t = lexer.TokenSpan;
        for (int i = 0; i < t.Length; i++)
        {
            if (t[i].Kind != TokenKind.Identifier)
            {
                continue;
            }

            var word = lexer.Span(t[i]);
            if (AfterDot(t, i) && word is not ("__export" or "__exportStar" or "_interopRequireWildcard"))
            {
                continue; // tslib_1.__exportStar(…) and _interop.… count; other members do not
            }

            switch (word)
            {
                case "exports":
                    ExportsAssign(t, i + 1, isModuleExports: false);
                    break;
                case "module" when Is(t, i + 1, ".") && Is(t, i + 2, "exports"):
                    ExportsAssign(t, i + 3, isModuleExports: true);
                    break;
                case "Object" when Is(t, i + 1, ".") && Is(t, i + 2, "defineProperty"):
                    DefineProperty(t, i + 3);
                    break;
                case "Object" when t[i].Outermost && Is(t, i + 1, ".") && Is(t, i + 2, "keys"):
                    KeysForEach(t, i + 3);
                    break;
                case "__export" or "__exportStar" when t[i].Outermost:
                    if (Is(t, i + 1, "(") && IsRequire(t, i + 2, out string? star))
                    {
                        AddReexport(star);
                    }

                    break;
                case "require" when t[i].Outermost && IsRequire(t, i, out string? bound):
                    BindStarExport(t, i, bound);
                    break;
                case "_interopRequireWildcard" when t[i].Outermost && Is(t, i + 1, "(") && IsRequire(t, i + 2, out string? wildcard):
                    BindStarExport(t, i, wildcard);
                    break;
            }
        }

        foreach (var name in _exports)
        {
            if (!_unsafeGetters.Contains(name))
            {
                Exports.Add(name);
            }
        }

        Reexports.AddRange(_reexports.Distinct(StringComparer.Ordinal));
    }

    /// <summary>After <c>exports</c> or <c>module.exports</c>: <c>.a =</c>, <c>['a'] =</c>, and for module.exports <c>= {…}</c> or <c>= require('x')</c>.</summary>
    private void ExportsAssign(ReadOnlySpan<Token> t, int i, bool isModuleExports)
    {
        if (Is(t, i, ".") && i + 1 < t.Length && t[i + 1].Kind == TokenKind.Identifier && StartsWithEquals(t, i + 2))
        {
            AddExport(lexer.Span(t[i + 1]).ToString());
        }
        else if (Is(t, i, "[") && IsString(t, i + 1) && Is(t, i + 2, "]") && StartsWithEquals(t, i + 3))
        {
            AddExport(Decode(t[i + 1]));
        }
        else if (isModuleExports && Is(t, i, "="))
        {
            // A new module.exports replaces what earlier assignments re-exported.
            _reexports = [];
            if (Is(t, i + 1, "{"))
            {
                LiteralExports(t, i + 2);
            }
            else if (IsRequire(t, i + 1, out string? specifier))
            {
                _reexports.Add(specifier);
            }
        }
    }

    /// <summary><c>{ a, b: c, 'd': e, ...f, ...require('g') }</c>; anything else stops it, keeping what came before.</summary>
    private void LiteralExports(ReadOnlySpan<Token> t, int i)
    {
        while (i < t.Length)
        {
            if (t[i].Kind == TokenKind.Identifier)
            {
                string name = lexer.Span(t[i]).ToString();
                if (Is(t, i + 1, ":"))
                {
                    if (i + 2 >= t.Length || t[i + 2].Kind != TokenKind.Identifier)
                    {
                        return;
                    }

                    i += 2;
                }

                AddExport(name);
                i++;
            }
            else if (Is(t, i, "..."))
            {
                if (IsRequire(t, i + 1, out string? spread))
                {
                    _reexports.Add(spread);
                    i += 5;
                }
                else if (i + 1 < t.Length && t[i + 1].Kind == TokenKind.Identifier)
                {
                    i += 2;
                }
                else
                {
                    return;
                }
            }
            else if (IsString(t, i))
            {
                if (!Is(t, i + 1, ":") || i + 2 >= t.Length || t[i + 2].Kind != TokenKind.Identifier)
                {
                    return;
                }

                AddExport(Decode(t[i]));
                i += 3;
            }
            else
            {
                return;
            }

            if (Is(t, i, "}") || !Is(t, i, ","))
            {
                return;
            }

            i++;
        }
    }

    /// <summary>
    /// <c>Object.defineProperty(exports, 'a', { [enumerable: true,] value: … })</c> or a getter returning an identifier
    /// or member; any other descriptor for a name makes it an unsafe getter, taken out of the exports.
    /// </summary>
    private void DefineProperty(ReadOnlySpan<Token> t, int i)
    {
        if (!Is(t, i, "(") || !ExportsIdentifier(t, i + 1, out int j) || !Is(t, j, ",") || !IsString(t, j + 1))
        {
            return;
        }

        string name = Decode(t[j + 1]);
        int k = j + 2;
        if (!Is(t, k, ",") || !Is(t, k + 1, "{"))
        {
            _unsafeGetters.Add(name);
            return;
        }

        k += 2;
        if (Is(t, k, "enumerable"))
        {
            if (!Is(t, k + 1, ":") || !Is(t, k + 2, "true") || !Is(t, k + 3, ","))
            {
                _unsafeGetters.Add(name);
                return;
            }

            k += 4;
        }

        if (Is(t, k, "value") && Is(t, k + 1, ":"))
        {
            AddExport(name);
            return;
        }

        if (Is(t, k, "get"))
        {
            k++;
            if (Is(t, k, ":"))
            {
                if (!Is(t, k + 1, "function"))
                {
                    _unsafeGetters.Add(name);
                    return;
                }

                k += 2;
                if (k < t.Length && t[k].Kind == TokenKind.Identifier)
                {
                    k++;
                }
            }

            if (Is(t, k, "(") && Is(t, k + 1, ")") && Is(t, k + 2, "{") && Is(t, k + 3, "return") && k + 4 < t.Length && t[k + 4].Kind == TokenKind.Identifier)
            {
                k += 5;
                if (Is(t, k, ".") && k + 1 < t.Length && t[k + 1].Kind == TokenKind.Identifier)
                {
                    k += 2;
                }
                else if (Is(t, k, "[") && IsString(t, k + 1) && Is(t, k + 2, "]"))
                {
                    k += 3;
                }

                if (Is(t, k, ";"))
                {
                    k++;
                }

                if (Is(t, k, "}"))
                {
                    k++;
                    if (Is(t, k, ","))
                    {
                        k++;
                    }

                    if (Is(t, k, "}") && Is(t, k + 1, ")"))
                    {
                        AddExport(name);
                        return;
                    }
                }
            }
        }

        _unsafeGetters.Add(name);
    }

    /// <summary>
    /// Babel's and TypeScript's re-export loop over a required module's keys: <c>Object.keys(_x).forEach(function (key) {
    /// if (key === "default" || key === "__esModule") return; … exports[key] = _x[key]; })</c> and its variants; it
    /// re-exports what <c>_x</c> was bound to (<c>var _x = require('x')</c>).
    /// </summary>
    private void KeysForEach(ReadOnlySpan<Token> t, int i)
    {
        if (!Is(t, i, "(") || i + 1 >= t.Length || t[i + 1].Kind != TokenKind.Identifier || !Is(t, i + 2, ")") || !Is(t, i + 3, ".")
            || !Is(t, i + 4, "forEach") || !Is(t, i + 5, "(") || !Is(t, i + 6, "function") || !Is(t, i + 7, "(")
            || i + 8 >= t.Length || t[i + 8].Kind != TokenKind.Identifier || !Is(t, i + 9, ")") || !Is(t, i + 10, "{"))
        {
            return;
        }

        string id = lexer.Span(t[i + 1]).ToString();
        string key = lexer.Span(t[i + 8]).ToString();
        int k = i + 11;
        if (!Is(t, k, "if") || !Is(t, k + 1, "(") || !Is(t, k + 2, key))
        {
            return;
        }

        k += 3;
        if (Is(t, k, "==="))
        {
            // key === "default" || key === "__esModule") return;
            if (!IsStringValue(t, k + 1, "default") || !Is(t, k + 2, "||") || !Is(t, k + 3, key) || !Is(t, k + 4, "===")
                || !IsStringValue(t, k + 5, "__esModule") || !Is(t, k + 6, ")") || !Is(t, k + 7, "return"))
            {
                return;
            }

            k += 8;
            if (Is(t, k, ";"))
            {
                k++;
            }

            if (Is(t, k, "if") && Is(t, k + 1, "("))
            {
                int inner = k + 2;
                if (HasOwnPropertyCall(t, inner, key, out int after) && Is(t, after, ")") && Is(t, after + 1, "return"))
                {
                    k = after + 2;
                    if (Is(t, k, ";"))
                    {
                        k++;
                    }
                }

                if (Is(t, k, "if") && Is(t, k + 1, "(") && Is(t, k + 2, key) && Is(t, k + 3, "in"))
                {
                    // key in exports && exports[key] === _x[key]) return;
                    if (!ExportsIdentifier(t, k + 4, out int a) || !Is(t, a, "&&") || !ExportsIdentifier(t, a + 1, out int b) || !Is(t, b, "[")
                        || !Is(t, b + 1, key) || !Is(t, b + 2, "]") || !Is(t, b + 3, "===") || !Is(t, b + 4, id) || !Is(t, b + 5, "[")
                        || !Is(t, b + 6, key) || !Is(t, b + 7, "]") || !Is(t, b + 8, ")") || !Is(t, b + 9, "return"))
                    {
                        return;
                    }

                    k = b + 10;
                    if (Is(t, k, ";"))
                    {
                        k++;
                    }
                }
            }
        }
        else if (Is(t, k, "!=="))
        {
            // key !== "default" [&& !Object.prototype.hasOwnProperty.call(x, key) | && !x.hasOwnProperty(key)])
            if (!IsStringValue(t, k + 1, "default"))
            {
                return;
            }

            k += 2;
            if (Is(t, k, "&&"))
            {
                if (!Is(t, k + 1, "!"))
                {
                    return;
                }

                k += 2;
                if (HasOwnPropertyCall(t, k, key, out int after))
                {
                    k = after;
                }
                else if (k < t.Length && t[k].Kind == TokenKind.Identifier && Is(t, k + 1, ".") && Is(t, k + 2, "hasOwnProperty") && Is(t, k + 3, "(")
                         && Is(t, k + 4, key) && Is(t, k + 5, ")"))
                {
                    k += 6;
                }
                else
                {
                    return;
                }
            }

            if (!Is(t, k, ")"))
            {
                return;
            }

            k++;
        }
        else
        {
            return;
        }

        // exports[key] = _x[key]; | Object.defineProperty(exports, key, { enumerable: true, get: function () { return _x[key]; } });
        if (ExportsIdentifier(t, k, out int e))
        {
            if (!Is(t, e, "[") || !Is(t, e + 1, key) || !Is(t, e + 2, "]") || !Is(t, e + 3, "=") || !Is(t, e + 4, id) || !Is(t, e + 5, "[")
                || !Is(t, e + 6, key) || !Is(t, e + 7, "]"))
            {
                return;
            }

            k = e + 8;
        }
        else if (Is(t, k, "Object") && Is(t, k + 1, ".") && Is(t, k + 2, "defineProperty") && Is(t, k + 3, "(") && ExportsIdentifier(t, k + 4, out int d)
                 && Is(t, d, ",") && Is(t, d + 1, key) && Is(t, d + 2, ",") && Is(t, d + 3, "{") && Is(t, d + 4, "enumerable") && Is(t, d + 5, ":")
                 && Is(t, d + 6, "true") && Is(t, d + 7, ",") && Is(t, d + 8, "get"))
        {
            k = d + 9;
            if (Is(t, k, ":"))
            {
                if (!Is(t, k + 1, "function"))
                {
                    return;
                }

                k += 2;
                if (k < t.Length && t[k].Kind == TokenKind.Identifier && !Is(t, k, "("))
                {
                    k++;
                }
            }

            if (!Is(t, k, "(") || !Is(t, k + 1, ")") || !Is(t, k + 2, "{") || !Is(t, k + 3, "return") || !Is(t, k + 4, id) || !Is(t, k + 5, "[")
                || !Is(t, k + 6, key) || !Is(t, k + 7, "]"))
            {
                return;
            }

            k += 8;
            if (Is(t, k, ";"))
            {
                k++;
            }

            if (!Is(t, k, "}"))
            {
                return;
            }

            k++;
            if (Is(t, k, ","))
            {
                k++;
            }

            if (!Is(t, k, "}") || !Is(t, k + 1, ")"))
            {
                return;
            }

            k += 2;
        }
        else
        {
            return;
        }

        if (Is(t, k, ";"))
        {
            k++;
        }

        if (Is(t, k, "}") && Is(t, k + 1, ")") && _starExportBindings.TryGetValue(id, out string? specifier))
        {
            AddReexport(specifier);
        }
    }

    /// <summary><c>Object.[prototype.]hasOwnProperty.call(x, key)</c>.</summary>
    private bool HasOwnPropertyCall(ReadOnlySpan<Token> t, int k, string key, out int after)
    {
        after = k;
        if (!Is(t, k, "Object") || !Is(t, k + 1, "."))
        {
            return false;
        }

        k += 2;
        if (Is(t, k, "prototype") && Is(t, k + 1, "."))
        {
            k += 2;
        }

        if (!Is(t, k, "hasOwnProperty") || !Is(t, k + 1, ".") || !Is(t, k + 2, "call") || !Is(t, k + 3, "(") || k + 4 >= t.Length
            || t[k + 4].Kind != TokenKind.Identifier || !Is(t, k + 5, ",") || !Is(t, k + 6, key) || !Is(t, k + 7, ")"))
        {
            return false;
        }

        after = k + 8;
        return true;
    }

    /// <summary><c>var|let|const x = [_interopRequireWildcard(]require('y')</c>: remembers x for a re-export loop.</summary>
    private void BindStarExport(ReadOnlySpan<Token> t, int at, string specifier)
    {
        int eq = at - 1;
        if (Is(t, eq, "=") && eq >= 2 && t[eq - 1].Kind == TokenKind.Identifier && (Is(t, eq - 2, "var") || Is(t, eq - 2, "let") || Is(t, eq - 2, "const")))
        {
            _starExportBindings[lexer.Span(t[eq - 1]).ToString()] = specifier;
        }
    }

    /// <summary><c>require('x')</c> (a plain string, one argument).</summary>
    private bool IsRequire(ReadOnlySpan<Token> t, int i, [System.Diagnostics.CodeAnalysis.NotNullWhen(true)] out string? specifier)
    {
        specifier = null;
        if (!Is(t, i, "require") || !Is(t, i + 1, "(") || !IsString(t, i + 2) || !Is(t, i + 3, ")"))
        {
            return false;
        }

        specifier = Decode(t[i + 2]);
        return true;
    }

    /// <summary><c>exports</c> or <c>module.exports</c> at <paramref name="i"/>; <paramref name="after"/> is the index past it.</summary>
    private bool ExportsIdentifier(ReadOnlySpan<Token> t, int i, out int after)
    {
        after = i;
        if (Is(t, i, "exports"))
        {
            after = i + 1;
            return true;
        }

        if (Is(t, i, "module") && Is(t, i + 1, ".") && Is(t, i + 2, "exports"))
        {
            after = i + 3;
            return true;
        }

        return false;
    }

    private void AddExport(string name)
    {
        if (name.Length > 0 && _exportSet.Add(name))
        {
            _exports.Add(name);
        }
    }

    private void AddReexport(string specifier) => _reexports.Add(specifier);

    /// <summary>An assignment: '=' alone or the start of an operator (cjs-module-lexer looks at one character).</summary>
    private bool StartsWithEquals(ReadOnlySpan<Token> t, int i) =>
        (uint)i < (uint)t.Length && t[i].Kind == TokenKind.Punctuator && lexer.Text[t[i].Start] == '=' && !lexer.Span(t[i]).SequenceEqual("=>");

    private static bool IsString(ReadOnlySpan<Token> t, int i) => (uint)i < (uint)t.Length && t[i].Kind == TokenKind.String;

    private bool IsStringValue(ReadOnlySpan<Token> t, int i, string value) => IsString(t, i) && Decode(t[i]) == value;

    /// <summary>A string literal's value; a lone surrogate makes it no name at all (cjs-module-lexer drops such strings).</summary>
    private string Decode(in Token token)
    {
        string value = lexer.StringValue(token);
        return Format.JsString.IsWellFormed(value) ? value : "";
    }

    private bool AfterDot(ReadOnlySpan<Token> t, int i) => i > 0 && t[i - 1].Kind == TokenKind.Punctuator && lexer.Span(t[i - 1]) is "." or "?.";

    private bool Is(ReadOnlySpan<Token> t, int i, string text) =>
        (uint)i < (uint)t.Length && t[i].Kind is TokenKind.Identifier or TokenKind.Punctuator && lexer.Span(t[i]).SequenceEqual(text);
}
