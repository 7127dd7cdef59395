using System.Runtime.InteropServices;

namespace EsmCacheCluster.Analysis;

/// <summary>
/// Splits JavaScript, TypeScript and JSX source into the tokens a reference scan needs: identifiers, string and
/// template literals, punctuators. Comments, regular expressions, numbers and JSX text are skipped, so a quote or
/// a keyword inside them is never mistaken for code. It never fails: malformed input gives some tokens, never an
/// exception, and every loop advances, so hostile input costs linear time.
/// </summary>
/// <remarks>
/// Where a <c>/</c> starts a regular expression and where a <c>&lt;</c> starts JSX depends on whether an expression
/// may start there, decided from the previous token as es-module-lexer and TypeScript's scanner do: after <c>)</c>
/// only when the parenthesis closed an <c>if</c>, <c>while</c>, <c>for</c> or <c>with</c> head, after <c>}</c> only
/// when the brace closed a block. Not thread-safe: one instance per thread, its buffers reused.
/// </remarks>
internal sealed class SourceLexer
{
    private readonly List<Token> _tokens = new(1024);
    private readonly Stack<Brace> _braces = new();
    private readonly Stack<bool> _parens = new();
    private readonly Stack<Frame> _frames = new();
    private string _text = "";
    private int _pos;
    private bool _jsx;
    private bool _expressionAllowed;

    public IReadOnlyList<Token> Tokens => _tokens;

    public ReadOnlySpan<Token> TokenSpan => CollectionsMarshal.AsSpan(_tokens);

    /// <summary>Tokenizes <paramref name="text"/>; <paramref name="jsx"/> lets <c>&lt;</c> open JSX (.tsx, .jsx, JSX in .js).</summary>
    public void Tokenize(string text, bool jsx)
    {
        _tokens.Clear();
        _braces.Clear();
        _parens.Clear();
        _frames.Clear();
        _text = text;
        _erased = null;
        _pos = 0;
        _jsx = jsx;
        _expressionAllowed = true;
        if (text.StartsWith("#!", StringComparison.Ordinal))
        {
            SkipLine();
        }

        while (_pos < _text.Length)
        {
            if (_frames.Count > 0 && _frames.Peek().Mode != Mode.Code)
            {
                LexJsx();
            }
            else
            {
                LexCode();
            }
        }
    }

    public string Text => _text;

    /// <summary>The identifier or punctuator text of a token.</summary>
    public ReadOnlySpan<char> Span(in Token token) => _text.AsSpan(token.Start, token.End - token.Start);

    /// <summary>The value of a string literal token (escapes decoded), or of a template without substitutions.</summary>
    public string StringValue(in Token token)
    {
        var raw = _text.AsSpan(token.Start + 1, Math.Max(0, token.End - token.Start - 2));
        return raw.Contains('\\') ? Unescape(raw) : raw.ToString();
    }

    private void LexCode()
    {
        SkipTrivia();
        if (_pos >= _text.Length)
        {
            return;
        }

        char c = _text[_pos];
        int start = _pos;
        if (IsIdentifierStart(c))
        {
            ScanIdentifier();
            if (_pos == start)
            {
                _pos++; // a stray backslash
            }

            Add(TokenKind.Identifier, start);
            _expressionAllowed = KeywordAllowsExpression(_text.AsSpan(start, _pos - start));
            return;
        }

        switch (c)
        {
            case '"' or '\'':
                ScanString(c);
                Add(TokenKind.String, start);
                _expressionAllowed = false;
                return;
            case '`':
                _pos++;
                ScanTemplate(start);
                return;
            case '#':
                _pos++;
                ScanIdentifier();
                Add(TokenKind.Identifier, start);
                _expressionAllowed = false;
                return;
            case >= '0' and <= '9':
                ScanNumber();
                Add(TokenKind.Number, start);
                _expressionAllowed = false;
                return;
            case '.' when At(1) is >= '0' and <= '9':
                ScanNumber();
                Add(TokenKind.Number, start);
                _expressionAllowed = false;
                return;
            case '/':
                if (_expressionAllowed)
                {
                    ScanRegex();
                    Add(TokenKind.Regex, start);
                    _expressionAllowed = false;
                }
                else
                {
                    _pos += At(1) == '=' ? 2 : 1;
                    Add(TokenKind.Punctuator, start);
                    _expressionAllowed = true;
                }

                return;
            case '<' when _jsx && _expressionAllowed && StartsJsx():
                _frames.Push(new Frame(Mode.JsxTag, Closing: false, BracketAt: -1));
                _pos++;
                Add(TokenKind.Punctuator, start);
                Put(start, '[');
                return;
            case '(':
                _parens.Push(PreviousIsKeyword("if", "while", "for", "with"));
                Punct(start, 1, expressionAllowed: true);
                return;
            case ')':
                bool head = _parens.Count > 0 && _parens.Pop();
                Punct(start, 1, expressionAllowed: head);
                return;
            case '{':
                _braces.Push(BraceAfterPrevious());
                Punct(start, 1, expressionAllowed: true);
                return;
            case '}':
                CloseBrace(start);
                return;
            case ']':
                Punct(start, 1, expressionAllowed: false);
                return;
            case '!' when At(1) != '=' && _tokens.Count > 0 && _tokens[^1].End == start && EndsExpression(_tokens[^1]):
                // TypeScript's non-null assertion (x!): what follows is an operator, so a '/' divides.
                Punct(start, 1, expressionAllowed: false);
                return;
            case '+' or '-' when At(1) == c:
                // x++ / y: taken as postfix, the common case before a slash.
                Punct(start, 2, expressionAllowed: !(_tokens.Count > 0 && EndsExpression(_tokens[^1])));
                return;
            case '=' when At(1) == '>':
                Punct(start, 2, expressionAllowed: true);
                return;
            case '.' when At(1) == '.' && At(2) == '.':
                Punct(start, 3, expressionAllowed: true);
                return;
            case '?' when At(1) == '.' && At(2) is not (>= '0' and <= '9'):
                Punct(start, 2, expressionAllowed: false);
                return;
            default:
                // Single-character punctuators stand alone; longer operators are one token (their text is never asked for).
                int length = 1;
                while (length < 4 && IsOperatorPart(c) && IsOperatorPart(At(length)) && At(length) is not ('(' or ')'))
                {
                    length++;
                }

                if (!IsOperatorPart(c))
                {
                    length = 1;
                }

                Punct(start, length, expressionAllowed: true);
                return;
        }
    }

    private static bool IsOperatorPart(char c) => c is '=' or '!' or '<' or '>' or '&' or '|' or '+' or '-' or '*' or '%' or '^' or '?' or '~';

    private void Punct(int start, int length, bool expressionAllowed)
    {
        _pos = Math.Min(_text.Length, start + length);
        Add(TokenKind.Punctuator, start);
        _expressionAllowed = expressionAllowed;
    }

    private void CloseBrace(int start)
    {
        var brace = _braces.Count > 0 ? _braces.Pop() : Brace.Block;
        switch (brace)
        {
            case Brace.Template:
                // The brace ends a ${…} substitution: the template goes on.
                _pos++;
                ScanTemplate(start);
                return;
            case Brace.JsxExpression:
                _pos++;
                Add(TokenKind.Punctuator, start);
                Put(start, ' ');
                _frames.Pop(); // back to the JSX tag or children around the {…}
                return;
            default:
                Punct(start, 1, expressionAllowed: brace == Brace.Block);
                return;
        }
    }

    /// <summary>Whether a '{' here opens a block (after it, an expression may start) or an object literal or type.</summary>
    private Brace BraceAfterPrevious()
    {
        if (_tokens.Count == 0)
        {
            return Brace.Block;
        }

        var previous = _tokens[^1];
        var text = Span(previous);
        if (previous.Kind == TokenKind.Punctuator)
        {
            return text is ")" or ";" or "{" or "}" or "=>" || (text.Length == 1 && text[0] == '>') ? Brace.Block : Brace.Expression;
        }

        if (previous.Kind == TokenKind.Identifier)
        {
            return text is "return" or "typeof" or "case" or "yield" or "await" or "in" or "of" or "new" or "delete" or "void" or "throw" or "instanceof"
                ? Brace.Expression
                : Brace.Block;
        }

        return Brace.Block;
    }

    private bool PreviousIsKeyword(string a, string b, string c, string d)
    {
        if (_tokens.Count == 0 || _tokens[^1].Kind != TokenKind.Identifier)
        {
            return false;
        }

        var text = Span(_tokens[^1]);
        return text.SequenceEqual(a) || text.SequenceEqual(b) || text.SequenceEqual(c) || text.SequenceEqual(d);
    }

    private bool EndsExpression(in Token token) => token.Kind switch
    {
        TokenKind.Identifier => !KeywordAllowsExpression(Span(token)),
        TokenKind.Punctuator => Span(token) is ")" or "]" or "}",
        TokenKind.TemplateHead => false,
        _ => true,
    };

    /// <summary>After an identifier an operator follows, except after keywords that an expression follows.</summary>
    private static bool KeywordAllowsExpression(ReadOnlySpan<char> word) => word switch
    {
        "return" or "typeof" or "instanceof" or "in" or "of" or "new" or "delete" or "void" or "throw" or "case" or "do" or "else"
            or "yield" or "await" or "extends" or "default" or "export" or "import" => true,
        _ => false,
    };

    /// <summary>
    /// A '&lt;' where an expression may start opens JSX when a name or '&gt;' follows, except a generic arrow
    /// function's parameters (<c>&lt;T,&gt;</c>, <c>&lt;T extends U&gt;</c>).
    /// </summary>
    private bool StartsJsx()
    {
        int i = _pos + 1;
        if (i >= _text.Length)
        {
            return false;
        }

        if (_text[i] == '>')
        {
            return true;
        }

        if (!IsIdentifierStart(_text[i]))
        {
            return false;
        }

        while (i < _text.Length && (IsIdentifierPart(_text[i]) || _text[i] is '.' or '-' or ':'))
        {
            i++;
        }

        while (i < _text.Length && char.IsWhiteSpace(_text[i]))
        {
            i++;
        }

        if (i < _text.Length && _text[i] is ',' or '=')
        {
            return false;
        }

        if (i < _text.Length && _text[i] == '>')
        {
            // <T>(x: T) => x: a generic function type or arrow, not an element whose text starts with '('.
            int j = i + 1;
            while (j < _text.Length && char.IsWhiteSpace(_text[j]))
            {
                j++;
            }

            return j >= _text.Length || _text[j] != '(';
        }

        return !_text.AsSpan(i).StartsWith("extends", StringComparison.Ordinal) || (i + 7 < _text.Length && _text[i + 7] is '=' or '/' or '>');
    }

    /// <summary>
    /// Inside JSX: a tag's name and attributes, or an element's children (text skipped). Every character consumed
    /// here is markup; in <see cref="JsxErased"/> it becomes a space, except those that turn the element into an
    /// array of its expression containers (see there).
    /// </summary>
    private void LexJsx()
    {
        var frame = _frames.Peek();
        if (frame.Mode == Mode.JsxChildren)
        {
            int text = _pos;
            while (_pos < _text.Length && _text[_pos] is not ('<' or '{'))
            {
                _pos++;
            }

            Erase(text, _pos);
            if (_pos >= _text.Length)
            {
                return;
            }

            int start = _pos;
            if (_text[_pos] == '{')
            {
                OpenContainer(start);
                return;
            }

            _pos++;
            SkipJsxTrivia();
            bool closing = At(0) == '/';
            Put(start, closing ? ' ' : ',');
            if (closing)
            {
                Erase(_pos, _pos + 1);
                _pos++;
            }

            _frames.Push(new Frame(Mode.JsxTag, closing, closing ? -1 : _pos));
            return;
        }

        // A tag: name, attributes, then '>' or '/>'.
        SkipJsxTrivia();
        if (_pos >= _text.Length)
        {
            return;
        }

        char c = _text[_pos];
        int at = _pos;
        switch (c)
        {
            case '>':
                _pos++;
                _frames.Pop();
                if (frame.Closing)
                {
                    // </name>: the element ends, children and all.
                    Put(at, ']');
                    if (_frames.Count > 0 && _frames.Peek().Mode == Mode.JsxChildren)
                    {
                        _frames.Pop();
                    }

                    ElementEnded();
                }
                else
                {
                    Put(at, at == frame.BracketAt ? '[' : ' ');
                    _frames.Push(new Frame(Mode.JsxChildren, false, -1));
                }

                return;
            case '/' when At(1) == '>':
                _pos += 2;
                Put(at, ' ');
                Put(at + 1, ']');
                _frames.Pop();
                ElementEnded();
                return;
            case '{':
                OpenContainer(at);
                return;
            case '"' or '\'':
                // JSX attribute strings have no escapes.
                _pos++;
                while (_pos < _text.Length && _text[_pos] != c)
                {
                    _pos++;
                }

                _pos = Math.Min(_text.Length, _pos + 1);
                Erase(at, _pos);
                return;
            case '<':
                // An element as an attribute's value.
                _pos++;
                Put(at, ',');
                SkipJsxTrivia();
                _frames.Push(new Frame(Mode.JsxTag, false, _pos));
                return;
            default:
                if (IsIdentifierStart(c))
                {
                    while (_pos < _text.Length && (IsIdentifierPart(_text[_pos]) || _text[_pos] is '-' or ':' or '.'))
                    {
                        _pos++;
                    }
                }
                else
                {
                    _pos++;
                }

                Erase(at, _pos);
                if (at == frame.BracketAt)
                {
                    Put(at, '[');
                }

                return;
        }
    }

    /// <summary>A JSX <c>{…}</c>: its code is lexed as code; erased, it is one element of the array.</summary>
    private void OpenContainer(int at)
    {
        _pos++;
        Put(at, ',');
        Add(TokenKind.Punctuator, at);
        _braces.Push(Brace.JsxExpression);
        _frames.Push(new Frame(Mode.Code, false, -1));
        _expressionAllowed = true;
    }

    private void ElementEnded()
    {
        // A whole element is an expression: what follows it in code is an operator.
        if (_frames.Count == 0 || _frames.Peek().Mode == Mode.Code)
        {
            _expressionAllowed = false;
            _tokens.Add(new Token(TokenKind.Jsx, _pos - 1, _pos, _braces.Count, _parens.Count));
        }
    }

    /// <summary>
    /// The source with its JSX turned into plain JavaScript of the same length, lines and positions (null when there is
    /// no JSX): each element becomes an array of its expression containers, attribute spreads and child elements
    /// (<c>&lt;A x={a} {...b}&gt;{c}&lt;B/&gt;&lt;/A&gt;</c> becomes <c>[ ,a ,...b ,c ,[ ]]</c>), so every import,
    /// export, <c>import()</c> and <c>await</c> keeps its place, and an ES module parser gives the record of the JSX
    /// source without a JSX transform.
    /// </summary>
    public string? JsxErased => _erased is null ? null : new string(_erased);

    private char[]? _erased;

    private void Put(int at, char c)
    {
        if (at < _text.Length)
        {
            _erased ??= _text.ToCharArray();
            _erased[at] = c;
        }
    }

    private void Erase(int from, int to)
    {
        if (from >= to)
        {
            return;
        }

        _erased ??= _text.ToCharArray();
        for (int i = from; i < to && i < _erased.Length; i++)
        {
            if (_erased[i] is not ('\n' or '\r' or '\u2028' or '\u2029'))
            {
                _erased[i] = ' ';
            }
        }
    }

    private void SkipJsxTrivia()
    {
        int from = _pos;
        SkipJsxTriviaCore();
        Erase(from, _pos);
    }

    private void SkipJsxTriviaCore()
    {
        while (_pos < _text.Length)
        {
            char c = _text[_pos];
            if (char.IsWhiteSpace(c))
            {
                _pos++;
            }
            else if (c == '/' && At(1) == '/')
            {
                SkipLine();
            }
            else if (c == '/' && At(1) == '*')
            {
                SkipBlockComment();
            }
            else
            {
                return;
            }
        }
    }

    private void SkipTrivia()
    {
        while (_pos < _text.Length)
        {
            char c = _text[_pos];
            if (c is ' ' or '\t' or '\n' or '\r' or '\v' or '\f' or '\u00a0' or '\ufeff' or '\u2028' or '\u2029' || (c > 127 && char.IsWhiteSpace(c)))
            {
                _pos++;
            }
            else if (c == '/' && At(1) == '/')
            {
                SkipLine();
            }
            else if (c == '/' && At(1) == '*')
            {
                SkipBlockComment();
            }
            else if (c == '<' && At(1) == '!' && At(2) == '-' && At(3) == '-')
            {
                SkipLine(); // an HTML-like comment (scripts)
            }
            else
            {
                return;
            }
        }
    }

    private void SkipLine()
    {
        while (_pos < _text.Length && _text[_pos] is not ('\n' or '\r' or '\u2028' or '\u2029'))
        {
            _pos++;
        }
    }

    private void SkipBlockComment()
    {
        int end = _text.IndexOf("*/", _pos + 2, StringComparison.Ordinal);
        _pos = end < 0 ? _text.Length : end + 2;
    }

    private void ScanIdentifier()
    {
        while (_pos < _text.Length)
        {
            char c = _text[_pos];
            if (IsIdentifierPart(c))
            {
                _pos++;
            }
            else if (c == '\\' && At(1) == 'u')
            {
                _pos += 2;
            }
            else
            {
                return;
            }
        }
    }

    private void ScanString(char quote)
    {
        _pos++;
        while (_pos < _text.Length)
        {
            char c = _text[_pos];
            if (c == quote)
            {
                _pos++;
                return;
            }

            if (c == '\\')
            {
                _pos += 2;
                continue;
            }

            if (c is '\n' or '\r')
            {
                return; // unterminated: stop at the line's end
            }

            _pos++;
        }

        _pos = Math.Min(_pos, _text.Length);
    }

    /// <summary>From just after a backtick or a substitution's closing brace to the next backtick or <c>${</c>.</summary>
    private void ScanTemplate(int start)
    {
        bool head = _text[start] == '`';
        while (_pos < _text.Length)
        {
            char c = _text[_pos];
            if (c == '\\')
            {
                _pos += 2;
                continue;
            }

            if (c == '`')
            {
                _pos++;
                Add(head ? TokenKind.Template : TokenKind.TemplateTail, start);
                _expressionAllowed = false;
                return;
            }

            if (c == '$' && At(1) == '{')
            {
                _pos += 2;
                Add(TokenKind.TemplateHead, start);
                _braces.Push(Brace.Template);
                _expressionAllowed = true;
                return;
            }

            _pos++;
        }

        _pos = _text.Length;
        Add(head ? TokenKind.Template : TokenKind.TemplateTail, start);
    }

    private void ScanNumber()
    {
        while (_pos < _text.Length && (char.IsAsciiLetterOrDigit(_text[_pos]) || _text[_pos] is '_' or '.'))
        {
            // An exponent's sign belongs to the number.
            if (_text[_pos] is 'e' or 'E' && At(1) is '+' or '-' && !_text.AsSpan(0, _pos).EndsWith("0x", StringComparison.OrdinalIgnoreCase))
            {
                _pos++;
            }

            _pos++;
        }

        _pos = Math.Min(_pos, _text.Length);
    }

    private void ScanRegex()
    {
        _pos++;
        bool inClass = false;
        while (_pos < _text.Length)
        {
            char c = _text[_pos];
            if (c == '\\')
            {
                _pos += 2;
                continue;
            }

            if (c is '\n' or '\r')
            {
                break; // unterminated: the lexer goes on from the line's end
            }

            _pos++;
            if (c == '[')
            {
                inClass = true;
            }
            else if (c == ']')
            {
                inClass = false;
            }
            else if (c == '/' && !inClass)
            {
                break;
            }
        }

        while (_pos < _text.Length && IsIdentifierPart(_text[_pos]))
        {
            _pos++; // flags
        }

        _pos = Math.Min(_pos, _text.Length);
    }

    private char At(int offset) => _pos + offset < _text.Length ? _text[_pos + offset] : '\0';

    private void Add(TokenKind kind, int start) => _tokens.Add(new Token(kind, start, Math.Min(_pos, _text.Length), _braces.Count, _parens.Count));

    public static bool IsIdentifierStart(char c) =>
        c is (>= 'a' and <= 'z') or (>= 'A' and <= 'Z') or '$' or '_' or '\\' || (c > 127 && (char.IsLetter(c) || char.IsSurrogate(c)));

    public static bool IsIdentifierPart(char c) =>
        c is (>= 'a' and <= 'z') or (>= 'A' and <= 'Z') or (>= '0' and <= '9') or '$' or '_'
        || (c > 127 && (char.IsLetterOrDigit(c) || char.IsSurrogate(c) || c is '\u200c' or '\u200d'
            || System.Globalization.CharUnicodeInfo.GetUnicodeCategory(c) is System.Globalization.UnicodeCategory.NonSpacingMark
                or System.Globalization.UnicodeCategory.SpacingCombiningMark or System.Globalization.UnicodeCategory.ConnectorPunctuation));

    /// <summary>A string literal's escapes, as ECMA-262 defines their values (legacy octal escapes included).</summary>
    private static string Unescape(ReadOnlySpan<char> raw)
    {
        var result = new System.Text.StringBuilder(raw.Length);
        for (int i = 0; i < raw.Length; i++)
        {
            char c = raw[i];
            if (c != '\\' || i + 1 >= raw.Length)
            {
                result.Append(c);
                continue;
            }

            char e = raw[++i];
            switch (e)
            {
                case 'n': result.Append('\n'); break;
                case 't': result.Append('\t'); break;
                case 'r': result.Append('\r'); break;
                case 'b': result.Append('\b'); break;
                case 'f': result.Append('\f'); break;
                case 'v': result.Append('\v'); break;
                case '\r':
                    if (i + 1 < raw.Length && raw[i + 1] == '\n')
                    {
                        i++;
                    }

                    break;
                case '\n' or '\u2028' or '\u2029':
                    break;
                case 'x' when i + 2 < raw.Length && int.TryParse(raw.Slice(i + 1, 2), System.Globalization.NumberStyles.AllowHexSpecifier, null, out int hex):
                    result.Append((char)hex);
                    i += 2;
                    break;
                case 'u' when i + 1 < raw.Length && raw[i + 1] == '{':
                    int close = raw[(i + 2)..].IndexOf('}');
                    if (close >= 0 && int.TryParse(raw.Slice(i + 2, close), System.Globalization.NumberStyles.AllowHexSpecifier, null, out int code) && code <= 0x10FFFF)
                    {
                        result.Append(char.ConvertFromUtf32(code is >= 0xD800 and <= 0xDFFF ? 0xFFFD : code));
                        i += close + 2;
                    }
                    else
                    {
                        result.Append(e);
                    }

                    break;
                case 'u' when i + 4 < raw.Length && int.TryParse(raw.Slice(i + 1, 4), System.Globalization.NumberStyles.AllowHexSpecifier, null, out int unit):
                    result.Append((char)unit);
                    i += 4;
                    break;
                case >= '0' and <= '7':
                    int value = e - '0';
                    int digits = 1;
                    while (digits < (e <= '3' ? 3 : 2) && i + 1 < raw.Length && raw[i + 1] is >= '0' and <= '7')
                    {
                        value = value * 8 + (raw[++i] - '0');
                        digits++;
                    }

                    result.Append((char)value);
                    break;
                default:
                    result.Append(e);
                    break;
            }
        }

        return result.ToString();
    }

    private enum Mode : byte { Code, JsxTag, JsxChildren }

    private enum Brace : byte { Block, Expression, Template, JsxExpression }

    /// <summary>
    /// A JSX context: a tag (opening or closing) or an element's children; a Code frame is a JSX {…} container.
    /// <paramref name="BracketAt"/>: where, erased, a nested element's array opens (-1: at its '&lt;').
    /// </summary>
    private readonly record struct Frame(Mode Mode, bool Closing, int BracketAt);
}

internal enum TokenKind : byte
{
    Identifier,
    Punctuator,
    String,

    /// <summary>A template without substitutions.</summary>
    Template,
    TemplateHead,
    TemplateTail,
    Number,
    Regex,

    /// <summary>The end of a JSX element that stands as an expression.</summary>
    Jsx,
}

/// <summary>A token: its kind, its span in the text, and how many braces and parentheses were open around it.</summary>
internal readonly record struct Token(TokenKind Kind, int Start, int End, int Depth, int Parens)
{
    /// <summary>Neither a brace nor a parenthesis is open: cjs-module-lexer's top level.</summary>
    public bool Outermost => Depth == 0 && Parens == 0;
}
