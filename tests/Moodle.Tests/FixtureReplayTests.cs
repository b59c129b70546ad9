using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;

namespace Pipeline.Moodle.Tests;

/// <summary>
/// Replays the 74 transcripts of a real Moodle 4.5 in order (they are one story: users created, updated, deleted)
/// against the sandbox, and compares every answer with the real one.
/// </summary>
public sealed partial class FixtureReplayTests
{
    /// <summary>
    /// Deliberate differences, each with its reason. Everything else must match value for value, ids included
    /// (the sandbox burns an id on a rolled-back insert as PostgreSQL does).
    /// </summary>
    private static readonly Dictionary<string, string> GeneratedValues = new(StringComparer.Ordinal)
    {
        ["userprivateaccesskey"] = "random per site and user",
    };

    private static readonly string FixtureDir = Path.Combine(AppContext.BaseDirectory, "Fixtures", "moodle-4.5");

    [Fact]
    public async Task Sandbox_answers_the_74_recorded_requests_as_real_Moodle_4_5_did()
    {
        var files = Directory.GetFiles(FixtureDir, "*.json").Where(f => char.IsDigit(Path.GetFileName(f)[0])).Order(StringComparer.Ordinal).ToList();
        Assert.Equal(74, files.Count);

        await using var host = await SandboxHost.StartAsync(o => o.SiteName = "Moodle Lab");
        var mismatches = new List<string>();
        var debugOn = false;
        foreach (var file in files)
        {
            var name = Path.GetFileNameWithoutExtension(file);
            var fixture = JsonNode.Parse(await File.ReadAllTextAsync(file))!.AsObject();
            if (!debugOn && name.Contains("-debug-", StringComparison.Ordinal))
            {
                await host.SetDebugAsync(true); // 63-74 were recorded with $CFG->debug = DEBUG_DEVELOPER
                debugOn = true;
            }

            var (status, body) = await SendAsync(host, fixture);
            var expectedStatus = (int)fixture["http_status"]!;
            if (status != expectedStatus)
            {
                mismatches.Add($"{name}: HTTP {status}, real Moodle {expectedStatus}");
                continue;
            }

            var expectedBody = (string)fixture["response_body"]!;
            var problem = fixture["response_json"] is null && expectedBody.TrimStart().StartsWith('<')
                ? CompareText(Normalise(expectedBody), Normalise(body))
                : CompareJson("$", Parse(expectedBody), Parse(body));
            if (problem is not null)
            {
                mismatches.Add($"{name}: {problem}");
            }
        }

        Assert.True(mismatches.Count == 0, "Sandbox differs from real Moodle:\n" + string.Join("\n", mismatches));
    }

    private static async Task<(int Status, string Body)> SendAsync(SandboxHost host, JsonObject fixture)
    {
        var token = (string?)fixture["token_kind"] switch
        {
            "admin" => SandboxHost.AdminToken,
            "nocap" => SandboxHost.NoCapToken,
            "limited" => SandboxHost.LimitedToken,
            _ => null, // "invalid" keeps the recorded fake token; a missing token stays missing
        };
        var form = fixture["request_params"]!.AsObject()
            .Select(kv => new KeyValuePair<string, string>(kv.Key, kv.Key == "wstoken" && token is not null ? token : (string)kv.Value!))
            .ToList();
        var url = new Uri((string)fixture["url"]!);
        var target = url.PathAndQuery.TrimStart('/');
        if (token is not null)
        {
            target = target.Replace("wstoken=TOKEN", "wstoken=" + token, StringComparison.Ordinal);
        }

        using var request = new HttpRequestMessage((string)fixture["http_method"]! == "GET" ? HttpMethod.Get : HttpMethod.Post, target);
        if (request.Method == HttpMethod.Post)
        {
            request.Content = new FormUrlEncodedContent(form);
        }

        using var response = await host.Http.SendAsync(request);
        return ((int)response.StatusCode, await response.Content.ReadAsStringAsync());
    }

    private static JsonNode? Parse(string body) => JsonNode.Parse(Normalise(body));

    /// <summary>Site URL and deletion time differ by nature between the two sites.</summary>
    private static string Normalise(string text) =>
        DeletionTime().Replace(SiteUrl().Replace(text.Replace("\\/", "/", StringComparison.Ordinal), "{site}"), "$1.{time}");

    private static string? CompareText(string expected, string actual) =>
        expected == actual ? null : $"text differs.\n--- real\n{expected}\n--- sandbox\n{actual}";

    private static string? CompareJson(string path, JsonNode? expected, JsonNode? actual)
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

                foreach (var key in keys)
                {
                    if (GeneratedValues.ContainsKey(key))
                    {
                        continue;
                    }

                    var problem = CompareJson($"{path}.{key}", eo[key], ao[key]);
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

                for (var i = 0; i < ea.Count; i++)
                {
                    var problem = CompareJson($"{path}[{i}]", ea[i], aa[i]);
                    if (problem is not null)
                    {
                        return problem;
                    }
                }

                return null;
            case JsonValue when actual is JsonValue:
                return JsonNode.DeepEquals(expected, actual) ? null : $"{path}: {actual.ToJsonString()}, real Moodle {expected.ToJsonString()}";
            default:
                return $"{path}: {actual?.ToJsonString() ?? "null"}, real Moodle {expected.ToJsonString()}";
        }
    }

    [GeneratedRegex(@"http://127\.0\.0\.1:\d+")]
    private static partial Regex SiteUrl();

    [GeneratedRegex(@"(@example\.com)\.\d{9,11}")]
    private static partial Regex DeletionTime();
}
