using System.Buffers;
using System.Buffers.Binary;
using System.Security.Cryptography;
using System.Text;

namespace Pipeline.Queue;

/// <summary>
/// The MD5 digests SQS returns for what it stored (MD5OfMessageBody, MD5OfMessageAttributes), computed the way SQS
/// documents them ("Calculating the MD5 message digest for message attributes"), so an answer can be checked.
/// </summary>
internal static class SqsMd5
{
    private const byte StringTransport = 1;

    public static string OfBody(string body)
    {
        var max = Encoding.UTF8.GetMaxByteCount(body.Length);
        var rented = ArrayPool<byte>.Shared.Rent(max);
        try
        {
            var length = Encoding.UTF8.GetBytes(body, rented);
            return Hex(rented.AsSpan(0, length));
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(rented);
        }
    }

    /// <summary>
    /// The digest of the string attributes as sent (empty values left out); null when none is sent, as SQS then
    /// returns no digest either.
    /// </summary>
    public static string? OfAttributes(IReadOnlyDictionary<string, string> attributes)
    {
        // Called for every message published: one pooled buffer, no per-attribute allocations.
        var names = ArrayPool<string>.Shared.Rent(Math.Max(1, attributes.Count));
        var count = 0;
        var size = 0;
        foreach (var (name, value) in attributes)
        {
            if (SqsAttributes.IsSent(value))
            {
                names[count++] = name;
                size += 13 + SqsAttributes.StringType.Length + Encoding.UTF8.GetMaxByteCount(name.Length) + Encoding.UTF8.GetMaxByteCount(value.Length);
            }
        }

        if (count == 0)
        {
            ArrayPool<string>.Shared.Return(names, clearArray: true);
            return null;
        }

        Array.Sort(names, 0, count, StringComparer.Ordinal);
        var buffer = ArrayPool<byte>.Shared.Rent(size);
        try
        {
            var written = 0;
            for (var i = 0; i < count; i++)
            {
                written += WriteWithLength(buffer.AsSpan(written), names[i]);
                written += WriteWithLength(buffer.AsSpan(written), SqsAttributes.StringType);
                buffer[written++] = StringTransport;
                written += WriteWithLength(buffer.AsSpan(written), attributes[names[i]]);
            }

            return Hex(buffer.AsSpan(0, written));
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
            ArrayPool<string>.Shared.Return(names, clearArray: true);
        }
    }

    private static string Hex(ReadOnlySpan<byte> data)
    {
        Span<byte> digest = stackalloc byte[16];
        MD5.HashData(data, digest);
        return Convert.ToHexStringLower(digest);
    }

    private static int WriteWithLength(Span<byte> destination, string text)
    {
        var length = Encoding.UTF8.GetBytes(text, destination[4..]);
        BinaryPrimitives.WriteInt32BigEndian(destination, length);
        return 4 + length;
    }
}
