namespace EsmCacheCluster.Format;

/// <summary>JavaScript string facts .NET does not expose directly.</summary>
public static class JsString
{
    /// <summary>
    /// JavaScript's <c>String.prototype.isWellFormed</c>: false when the string holds a lone surrogate, which UTF-8
    /// (and so JSON writers and Encoding.UTF8) cannot carry.
    /// </summary>
    public static bool IsWellFormed(ReadOnlySpan<char> value)
    {
        int i = value.IndexOfAnyInRange('\uD800', '\uDFFF');
        if (i < 0)
        {
            return true;
        }

        while (i < value.Length)
        {
            char c = value[i];
            if (char.IsHighSurrogate(c))
            {
                if (i + 1 >= value.Length || !char.IsLowSurrogate(value[i + 1]))
                {
                    return false;
                }

                i += 2;
            }
            else if (char.IsLowSurrogate(c))
            {
                return false;
            }
            else
            {
                i++;
            }
        }

        return true;
    }
}
