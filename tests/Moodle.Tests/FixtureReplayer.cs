using System.Text.Json.Nodes;
using System.Text.RegularExpressions;

namespace Pipeline.Moodle.Tests;

/// <summary>
/// Sends recorded requests, in order, to a Moodle (the stand-in or a real one) and compares each answer with the
/// recorded one: HTTP status, then the body, JSON value for value (XML as text).
/// </summary>
/// <param name="tokenFor">The token to send for a fixture's token kind; null keeps the recorded (invalid or absent) one.</param>
/// <param name="withoutDebugInfo">The site runs with debugging off: recorded debuginfo is not expected.</param>
internal sealed partial class FixtureReplayer(HttpClient http, Func<Fixture, string?> tokenFor, FixtureRewriter rewriter, bool withoutDebugInfo)
{
    /// <summary>Deliberate differences, each with its reason.</summary>
    private static readonly Dictionary<string, string> GeneratedValues = new(StringComparer.Ordinal)
    {
        ["userprivateaccesskey"] = "random per site and user",
    };

    /// <summary>Replays in order; returns one line per fixture whose answer differs.</summary>
    public async Task<List<string>> ReplayAsync(IEnumerable<Fixture> fixtures, Func<Fixture, Task>? before = null)
    {
        var mismatches = new List<string>();
        foreach (var fixture in fixtures)
        {
            if (before is not null)
            {
                await before(fixture);
            }

            var (status, body) = await SendAsync(fixture);
            if (status != fixture.HttpStatus)
            {
                mismatches.Add($"{fixture.Name}: HTTP {status}, real Moodle {fixture.HttpStatus}");
                continue;
            }

            var problem = fixture.IsXml
                ? CompareText(rewriter.Xml(Normalise(fixture.ResponseBody)), Normalise(body))
                : Compare("$", null, Expected(fixture), Parse(body));
            if (problem is not null)
            {
                mismatches.Add($"{fixture.Name}: {problem}");
            }
        }

        return mismatches;
    }

    private async Task<(int Status, string Body)> SendAsync(Fixture fixture)
    {
        var token = tokenFor(fixture);
        var form = rewriter.Request(fixture)
            .Select(kv => new KeyValuePair<string, string>(kv.Key, kv.Key == "wstoken" && token is not null ? token : kv.Value))
            .ToList();
        var target = fixture.Url.PathAndQuery.TrimStart('/');
        if (token is not null)
        {
            target = target.Replace("wstoken=TOKEN", "wstoken=" + token, StringComparison.Ordinal);
        }

        using var request = new HttpRequestMessage(fixture.HttpMethod == "GET" ? HttpMethod.Get : HttpMethod.Post, target);
        if (request.Method == HttpMethod.Post)
        {
            request.Content = new FormUrlEncodedContent(form);
        }

        using var response = await http.SendAsync(request);
        return ((int)response.StatusCode, await response.Content.ReadAsStringAsync());
    }

    private JsonNode? Expected(Fixture fixture)
    {
        var expected = Parse(fixture.ResponseBody);
        if (withoutDebugInfo && expected is JsonObject error)
        {
            error.Remove("debuginfo");
        }

        return expected;
    }

    private static JsonNode? Parse(string body) => JsonNode.Parse(Normalise(body));

    /// <summary>What differs by nature between two sites: URL, theme revision in image URLs, deletion time.</summary>
    private static string Normalise(string text)
    {
        text = SiteUrl().Replace(text.Replace("\\/", "/", StringComparison.Ordinal), "{site}");
        text = ThemeRevision().Replace(text, "$1{rev}/");
        return DeletionTime().Replace(text, "$1.{time}");
    }

    private static string? CompareText(string expected, string actual) =>
        expected == actual ? null : $"text differs.\n--- real\n{expected}\n--- replayed against\n{actual}";

    private static List<JsonNode?> ByName(JsonArray items) =>
        [.. items.OrderBy(f => (f as JsonObject)?["name"]?.GetValue<string>(), StringComparer.Ordinal)];

    private string? Compare(string path, string? key, JsonNode? expected, JsonNode? actual)
    {
        switch (expected)
        {
            case null:
                return actual is null ? null : $"{path}: expected null, got {actual.ToJsonString()}";
            case JsonObject eo when actual is JsonObject ao:
                var keys = eo.Select(kv => kv.Key).ToList();
                var actualKeys = ao.Select(kv => kv.Key).ToList();
                if (!keys.SequenceEqual(actualKeys))
                {
                    return $"{path}: keys [{string.Join(",", actualKeys)}], real Moodle [{string.Join(",", keys)}]";
                }

                foreach (var k in keys.Where(k => !GeneratedValues.ContainsKey(k)))
                {
                    var problem = Compare($"{path}.{k}", k, eo[k], ao[k]);
                    if (problem is not null)
                    {
                        return problem;
                    }
                }

                return null;
            case JsonArray ea when actual is JsonArray aa:
                if (ea.Count != aa.Count)
                {
                    return $"{path}: {aa.Count} items, real Moodle {ea.Count}: {aa.ToJsonString()}";
                }

                // Site info lists the service's functions in database order, which differs between installs: compare them by name.
                var (expectedItems, actualItems) = key == "functions" ? (ByName(ea), ByName(aa)) : ([.. ea], [.. aa]);
                for (var i = 0; i < ea.Count; i++)
                {
                    var problem = Compare($"{path}[{i}]", key, expectedItems[i], actualItems[i]);
                    if (problem is not null)
                    {
                        return problem;
                    }
                }

                return null;
            case JsonValue ev when actual is JsonValue av:
                if (key is not null && FixtureRewriter.IsIdKey(key) && ev.TryGetValue<long>(out var recordedId) && av.TryGetValue<long>(out var actualId))
                {
                    return rewriter.MatchId(recordedId, actualId) is { } idProblem ? $"{path}: {idProblem}" : null;
                }

                if (ev.TryGetValue<string>(out var recorded))
                {
                    var want = rewriter.Text(recorded);
                    return av.TryGetValue<string>(out var got) && got == want ? null : $"{path}: {av.ToJsonString()}, expected {JsonValue.Create(want).ToJsonString()}";
                }

                return JsonNode.DeepEquals(ev, av) ? null : $"{path}: {av.ToJsonString()}, real Moodle {ev.ToJsonString()}";
            default:
                return $"{path}: {actual?.ToJsonString() ?? "null"}, real Moodle {expected.ToJsonString()}";
        }
    }

    [GeneratedRegex(@"http://127\.0\.0\.1:\d+")]
    private static partial Regex SiteUrl();

    [GeneratedRegex(@"(/theme/image\.php/\w+/core/)\d+/")]
    private static partial Regex ThemeRevision();

    [GeneratedRegex(@"(example\.com)\.\d{9,11}", RegexOptions.IgnoreCase)]
    private static partial Regex DeletionTime();
}
