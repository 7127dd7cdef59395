using System.Collections.Immutable;

namespace EsmCacheCluster.Format;

/// <summary>
/// ECMA-262 ModuleRequest Record: a specifier and its import attributes, sorted by key in UTF-16 code unit order.
/// Two requests with the same specifier but different attributes are different requests.
/// </summary>
public sealed record ModuleRequest(string Specifier, ImmutableArray<ImportAttribute> Attributes)
{
    public ModuleRequest(string specifier)
        : this(specifier, [])
    {
    }

    public bool Equals(ModuleRequest? other)
    {
        if (other is null || !string.Equals(Specifier, other.Specifier, StringComparison.Ordinal))
        {
            return false;
        }

        var a = Attributes.AsSpan();
        var b = other.Attributes.AsSpan();
        if (a.Length != b.Length)
        {
            return false;
        }

        for (int i = 0; i < a.Length; i++)
        {
            if (!string.Equals(a[i].Key, b[i].Key, StringComparison.Ordinal) ||
                !string.Equals(a[i].Value, b[i].Value, StringComparison.Ordinal))
            {
                return false;
            }
        }

        return true;
    }

    public override int GetHashCode() => HashCode.Combine(StringComparer.Ordinal.GetHashCode(Specifier), Attributes.Length);
}
