using System.Runtime.InteropServices;
using System.Text;

namespace EsmCacheCluster.Format;

/// <summary>
/// How BMES stores a JavaScript string: a u32 header <c>(byteLength &lt;&lt; 1) | kind</c>, then the bytes.
/// Kind 0 is UTF-8, used whenever the string is well-formed UTF-16; kind 1 is raw UTF-16LE code units, used only
/// for strings with lone surrogates, which UTF-8 cannot carry. Header <c>0xFFFFFFFF</c> is null where allowed.
/// </summary>
internal static class BmesString
{
    public const uint NullHeader = uint.MaxValue;

    /// <summary>Longest string payload; keeps <c>byteLength &lt;&lt; 1</c> within a u32 and below the null header.</summary>
    public const int MaxBytes = int.MaxValue - 1;

    public static int EncodedSize(string? value)
    {
        if (value is null)
        {
            return 4;
        }

        return 4 + (JsString.IsWellFormed(value) ? Encoding.UTF8.GetByteCount(value) : value.Length * 2);
    }

    public static int Write(Span<byte> destination, string? value)
    {
        if (value is null)
        {
            System.Buffers.Binary.BinaryPrimitives.WriteUInt32LittleEndian(destination, NullHeader);
            return 4;
        }

        int length;
        uint kind;
        if (JsString.IsWellFormed(value))
        {
            length = Encoding.UTF8.GetBytes(value, destination[4..]);
            kind = 0;
        }
        else
        {
            var units = MemoryMarshal.AsBytes(value.AsSpan());
            if (BitConverter.IsLittleEndian)
            {
                units.CopyTo(destination[4..]);
            }
            else
            {
                for (int i = 0; i < value.Length; i++)
                {
                    System.Buffers.Binary.BinaryPrimitives.WriteUInt16LittleEndian(destination[(4 + 2 * i)..], value[i]);
                }
            }

            length = units.Length;
            kind = 1;
        }

        System.Buffers.Binary.BinaryPrimitives.WriteUInt32LittleEndian(destination, ((uint)length << 1) | kind);
        return 4 + length;
    }
}
