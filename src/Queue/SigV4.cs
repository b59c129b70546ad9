using System.Globalization;
using System.Security.Cryptography;
using System.Text;

namespace Pipeline.Queue;

/// <summary>
/// AWS Signature Version 4 for one POST to a service root, as in the AWS documentation ("Create a signed AWS API
/// request"). Headers must be given with lower-case names, sorted by name, values already trimmed.
/// The signing key is derived once a day per secret, as the SDK does.
/// </summary>
internal sealed class SigV4(string region, string service)
{
    public const string Algorithm = "AWS4-HMAC-SHA256";

    private readonly Lock _gate = new();
    private (string Secret, string Date, byte[] Key)? _key;

    public string Region => region;

    /// <summary>The value of the Authorization header.</summary>
    public string Authorization(string accessKey, string secretKey, DateTime utc, string method, string path, IReadOnlyList<(string Name, string Value)> headers, string payloadSha256Hex)
    {
        var date = utc.ToString("yyyyMMdd", CultureInfo.InvariantCulture);
        var scope = $"{date}/{region}/{service}/aws4_request";
        var signedHeaders = SignedHeaders(headers);
        var canonical = CanonicalRequest(method, path, headers, signedHeaders, payloadSha256Hex);
        var toSign = $"{Algorithm}\n{AmzDate(utc)}\n{scope}\n{Hex(SHA256.HashData(Encoding.UTF8.GetBytes(canonical)))}";
        var signature = Hex(HMACSHA256.HashData(SigningKey(secretKey, date), Encoding.UTF8.GetBytes(toSign)));
        return $"{Algorithm} Credential={accessKey}/{scope}, SignedHeaders={signedHeaders}, Signature={signature}";
    }

    public static string AmzDate(DateTime utc) => utc.ToString("yyyyMMdd'T'HHmmss'Z'", CultureInfo.InvariantCulture);

    public static string Hex(ReadOnlySpan<byte> bytes) => Convert.ToHexStringLower(bytes);

    internal static string CanonicalRequest(string method, string path, IReadOnlyList<(string Name, string Value)> headers, string signedHeaders, string payloadSha256Hex)
    {
        var builder = new StringBuilder(256);
        builder.Append(method).Append('\n').Append(path).Append("\n\n"); // no query string on these calls
        foreach (var (name, value) in headers)
        {
            builder.Append(name).Append(':').Append(value).Append('\n');
        }

        return builder.Append('\n').Append(signedHeaders).Append('\n').Append(payloadSha256Hex).ToString();
    }

    internal static string SignedHeaders(IReadOnlyList<(string Name, string Value)> headers)
    {
        var builder = new StringBuilder(96);
        foreach (var (name, _) in headers)
        {
            if (builder.Length > 0)
            {
                builder.Append(';');
            }

            builder.Append(name);
        }

        return builder.ToString();
    }

    internal byte[] SigningKey(string secretKey, string date)
    {
        lock (_gate)
        {
            if (_key is { } cached && cached.Date == date && string.Equals(cached.Secret, secretKey, StringComparison.Ordinal))
            {
                return cached.Key;
            }
        }

        var key = HMACSHA256.HashData(Encoding.UTF8.GetBytes("AWS4" + secretKey), Encoding.UTF8.GetBytes(date));
        key = HMACSHA256.HashData(key, Encoding.UTF8.GetBytes(region));
        key = HMACSHA256.HashData(key, Encoding.UTF8.GetBytes(service));
        key = HMACSHA256.HashData(key, "aws4_request"u8);
        lock (_gate)
        {
            _key = (secretKey, date, key);
        }

        return key;
    }
}
