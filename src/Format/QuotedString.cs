using System.Text;

namespace EsmCacheCluster.Format;

/// <summary>
/// A double-quoted literal that is valid JSON and valid JavaScript for any string: quotes, backslashes and control
/// characters escaped, lone surrogates as <c>\uXXXX</c> (which UTF-8 output could not carry), valid pairs kept.
/// </summary>
public static class QuotedString
{
    public static string Quote(string value)
    {
        var text = new StringBuilder(value.Length + 16).Append('"');
        for (int i = 0; i < value.Length; i++)
        {
            char c = value[i];
            if (char.IsHighSurrogate(c) && i + 1 < value.Length && char.IsLowSurrogate(value[i + 1]))
            {
                text.Append(c).Append(value[++i]);
            }
            else if (char.IsSurrogate(c) || c < 0x20)
            {
                text.Append(c switch
                {
                    '\n' => "\\n",
                    '\r' => "\\r",
                    '\t' => "\\t",
                    '\b' => "\\b",
                    '\f' => "\\f",
                    _ => $"\\u{(int)c:x4}",
                });
            }
            else if (c is '"' or '\\')
            {
                text.Append('\\').Append(c);
            }
            else
            {
                text.Append(c);
            }
        }

        return text.Append('"').ToString();
    }
}
