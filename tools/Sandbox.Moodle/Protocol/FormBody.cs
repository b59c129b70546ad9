using System.Text;

namespace Pipeline.Sandbox.Moodle.Protocol;

/// <summary>Reads x-www-form-urlencoded text in order (ASP.NET's form collection does not promise order).</summary>
internal static class FormBody
{
    public static List<KeyValuePair<string, string>> Parse(string text)
    {
        var pairs = new List<KeyValuePair<string, string>>();
        if (text.StartsWith('?'))
        {
            text = text[1..];
        }

        foreach (var part in text.Split('&', StringSplitOptions.RemoveEmptyEntries))
        {
            var eq = part.IndexOf('=', StringComparison.Ordinal);
            var key = eq < 0 ? part : part[..eq];
            var value = eq < 0 ? string.Empty : part[(eq + 1)..];
            pairs.Add(new(Decode(key), Decode(value)));
        }

        return pairs;
    }

    public static async Task<string> ReadAsync(HttpRequest request, CancellationToken ct)
    {
        if (request.ContentLength == 0 || !HttpMethods.IsPost(request.Method))
        {
            return string.Empty;
        }

        using var reader = new StreamReader(request.Body, Encoding.UTF8);
        return await reader.ReadToEndAsync(ct).ConfigureAwait(false);
    }

    private static string Decode(string s) => Uri.UnescapeDataString(s.Replace('+', ' '));
}
