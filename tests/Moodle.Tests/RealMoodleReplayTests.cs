using System.Text.Json.Nodes;

namespace Pipeline.Moodle.Tests;

/// <summary>
/// The same 99 transcripts replayed against a real Moodle 4.5 (tools/real-moodle.sh): the contract the stand-in is
/// held to must hold for Moodle itself. The lab site keeps its database between runs, so each run works under its
/// own tag (see <see cref="FixtureRewriter"/>), and removes the accounts of earlier and of its own run so the
/// lookups by lastname (28) find only this run's. What cannot be compared is left out, each with its reason:
/// recorded debuginfo (the lab site runs with debugging off, 63–74 are compared without it), the random
/// userprivateaccesskey, the site URL, theme revision and deletion time, and ids (mapped, then checked).
/// </summary>
public sealed class RealMoodleReplayTests
{
    /// <summary>E-mail pattern of every account a replay creates (core_user_get_users' email criterion is a LIKE).</summary>
    private const string RunDomainPattern = "%@fxr%.example.com";

    [RealMoodleFact]
    public async Task Real_Moodle_answers_the_99_recorded_requests_as_recorded()
    {
        var site = RealMoodleSite.FromEnvironment();
        var fixtures = Fixture.Load(1, 99);
        Assert.Equal(99, fixtures.Count);
        var tag = "fxr" + Convert.ToHexStringLower(Guid.NewGuid().ToByteArray())[..8];
        using var http = new HttpClient { BaseAddress = site.BaseUrl, Timeout = TimeSpan.FromSeconds(60) };

        await RemoveReplayAccountsAsync(http, site.AdminToken);
        List<string> mismatches;
        try
        {
            var replayer = new FixtureReplayer(http, f => f.TokenKind switch
            {
                // 01-74 were recorded with a service of six functions (site info lists them); 75-99 with the cohort ones too.
                "admin" => f.Number <= 74 ? site.UsersOnlyToken : site.AdminToken,
                "nocap" => site.NoCapToken,
                "limited" => site.LimitedToken,
                _ => null,
            }, FixtureRewriter.ForRun(tag, fixtures), withoutDebugInfo: true);
            mismatches = await replayer.ReplayAsync(fixtures);
        }
        finally
        {
            await RemoveReplayAccountsAsync(http, site.AdminToken);
        }

        Assert.True(mismatches.Count == 0, $"Real Moodle at {site.BaseUrl} differs from its transcripts (run tag {tag}):\n" + string.Join("\n", mismatches));
    }

    /// <summary>Deletes (Moodle's soft delete) every account a replay made, this run's and any a failed run left.</summary>
    private static async Task RemoveReplayAccountsAsync(HttpClient http, string token)
    {
        var found = await CallAsync(http, token, "core_user_get_users",
            new("criteria[0][key]", "email"), new("criteria[0][value]", RunDomainPattern));
        var ids = found?["users"]?.AsArray().Select(u => (long)u!["id"]!).ToList() ?? [];
        if (ids.Count == 0)
        {
            return;
        }

        var answer = await CallAsync(http, token, "core_user_delete_users",
            [.. ids.Select((id, i) => new KeyValuePair<string, string>($"userids[{i}]", id.ToString(System.Globalization.CultureInfo.InvariantCulture)))]);
        Assert.True(answer is null, "core_user_delete_users refused the clean-up: " + answer?.ToJsonString());
    }

    private static async Task<JsonNode?> CallAsync(HttpClient http, string token, string function, params KeyValuePair<string, string>[] parameters)
    {
        using var content = new FormUrlEncodedContent([new("wstoken", token), new("wsfunction", function), .. parameters]);
        using var response = await http.PostAsync("webservice/rest/server.php?moodlewsrestformat=json", content);
        response.EnsureSuccessStatusCode();
        var node = JsonNode.Parse(await response.Content.ReadAsStringAsync());
        Assert.False(node is JsonObject o && o.ContainsKey("exception"), $"{function} failed: {node?.ToJsonString()}");
        return node;
    }
}
