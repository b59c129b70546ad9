using System.Buffers;
using System.Buffers.Binary;
using System.Security.Cryptography;
using System.Text;
using Amazon.SQS.Model;

namespace Pipeline.Queue;

/// <summary>
/// The MD5 digests SQS returns for what it stored (MD5OfMessageBody, MD5OfMessageAttributes), computed the way SQS
/// documents them ("Calculating the MD5 message digest for message attributes"), so an answer can be checked.
/// </summary>
internal static class SqsMd5
{
    private const byte StringTransport = 1;
    private const byte BinaryTransport = 2;

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

    /// <summary>Null when there are no attributes (SQS then returns no digest either).</summary>
    public static string? OfAttributes(Dictionary<string, MessageAttributeValue>? attributes)
    {
        if (attributes is null || attributes.Count == 0)
        {
            return null;
        }

        using var md5 = IncrementalHash.CreateHash(HashAlgorithmName.MD5);
        var names = attributes.Keys.ToArray();
        Array.Sort(names, StringComparer.Ordinal);
        foreach (var name in names)
        {
            var value = attributes[name];
            AppendWithLength(md5, name);
            AppendWithLength(md5, value.DataType ?? string.Empty);
            if (value.StringValue is { } text)
            {
                md5.AppendData([StringTransport]);
                AppendWithLength(md5, text);
            }
            else
            {
                md5.AppendData([BinaryTransport]);
                var bytes = value.BinaryValue?.ToArray() ?? [];
                AppendLength(md5, bytes.Length);
                md5.AppendData(bytes);
            }
        }

        Span<byte> digest = stackalloc byte[16];
        md5.GetHashAndReset(digest);
        return Convert.ToHexStringLower(digest);
    }

    private static string Hex(ReadOnlySpan<byte> data)
    {
        Span<byte> digest = stackalloc byte[16];
        MD5.HashData(data, digest);
        return Convert.ToHexStringLower(digest);
    }

    private static void AppendWithLength(IncrementalHash md5, string text)
    {
        var bytes = Encoding.UTF8.GetBytes(text);
        AppendLength(md5, bytes.Length);
        md5.AppendData(bytes);
    }

    private static void AppendLength(IncrementalHash md5, int length)
    {
        Span<byte> prefix = stackalloc byte[4];
        BinaryPrimitives.WriteInt32BigEndian(prefix, length);
        md5.AppendData(prefix);
    }
}
