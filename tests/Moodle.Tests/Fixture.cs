using System.Text.Json.Nodes;

namespace Pipeline.Moodle.Tests;

/// <summary>One recorded request to a real Moodle 4.5 and the answer it gave (Fixtures/moodle-4.5/NN-name.json).</summary>
internal sealed record Fixture(
    string Name,
    int Number,
    string? TokenKind,
    string HttpMethod,
    Uri Url,
    IReadOnlyList<KeyValuePair<string, string>> Params,
    int HttpStatus,
    string ResponseBody)
{
    public static readonly string Directory = Path.Combine(AppContext.BaseDirectory, "Fixtures", "moodle-4.5");

    /// <summary>No JSON format asked for: Moodle answered in XML.</summary>
    public bool IsXml => ResponseBody.TrimStart().StartsWith('<');

    /// <summary>Recorded with <c>$CFG-&gt;debug</c> raised (63–74): errors carry debuginfo.</summary>
    public bool Debug => Name.Contains("-debug-", StringComparison.Ordinal);

    /// <summary>Fixtures numbered <paramref name="from"/>..<paramref name="to"/>, in order.</summary>
    public static List<Fixture> Load(int from, int to) =>
        System.IO.Directory.GetFiles(Directory, "*.json")
            .Where(f => char.IsDigit(Path.GetFileName(f)[0]))
            .Order(StringComparer.Ordinal)
            .Select(Parse)
            .Where(f => f.Number >= from && f.Number <= to)
            .ToList();

    private static Fixture Parse(string file)
    {
        var name = Path.GetFileNameWithoutExtension(file);
        var json = JsonNode.Parse(File.ReadAllText(file))!.AsObject();
        return new Fixture(
            name,
            int.Parse(name[..2], System.Globalization.CultureInfo.InvariantCulture),
            (string?)json["token_kind"],
            (string)json["http_method"]!,
            new Uri((string)json["url"]!),
            json["request_params"]!.AsObject().Select(kv => new KeyValuePair<string, string>(kv.Key, (string)kv.Value!)).ToList(),
            (int)json["http_status"]!,
            (string)json["response_body"]!);
    }
}
