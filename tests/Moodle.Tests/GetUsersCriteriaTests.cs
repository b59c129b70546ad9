using System.Text.Json.Nodes;

namespace Pipeline.Moodle.Tests;

/// <summary>
/// core_user_get_users when every criterion sent is one Moodle does not support: not recorded as a fixture (the answer
/// is every account of the site), so the stand-in and, when one is up, the real Moodle 4.5 are asked the same request
/// here and must both answer every user with one invalidfieldparameter warning. The client never sends such a request
/// (it refuses to), so this guards the stand-in's agreement, not the pipeline.
/// </summary>
public sealed class GetUsersCriteriaTests
{
    [Fact]
    public async Task Stand_in_answers_only_an_unsupported_key_with_every_user_and_a_warning()
    {
        await using var host = await SandboxHost.StartAsync();
        await host.Client().CreateUsersAsync([TestUsers.New("1"), TestUsers.New("2")], CancellationToken.None);

        var answer = await OnlyUnsupportedKeyAsync(host.Http, SandboxHost.AdminToken);

        var everyone = (await host.UsersAsync()).Where(u => !u.Deleted).Select(u => u.Username).Order(StringComparer.Ordinal);
        Assert.Equal(everyone, Usernames(answer).Order(StringComparer.Ordinal));
        Assert.Contains("u2", Usernames(answer));
        AssertOneUnsupportedKeyWarning(answer);
    }

    [Fact]
    public async Task Stand_in_still_filters_by_the_supported_keys_sent_with_an_unsupported_one()
    {
        await using var host = await SandboxHost.StartAsync();
        await host.Client().CreateUsersAsync([TestUsers.New("1"), TestUsers.New("2")], CancellationToken.None);

        var answer = await CallAsync(host.Http, SandboxHost.AdminToken,
            new("criteria[0][key]", "department"), new("criteria[0][value]", "Engineering"),
            new("criteria[1][key]", "email"), new("criteria[1][value]", "U1@example.com"));

        Assert.Equal(["u1"], Usernames(answer));
        AssertOneUnsupportedKeyWarning(answer);
    }

    [RealMoodleFact]
    public async Task Real_Moodle_answers_only_an_unsupported_key_with_every_user_and_a_warning()
    {
        var site = RealMoodleSite.FromEnvironment();
        using var http = new HttpClient { BaseAddress = site.BaseUrl, Timeout = TimeSpan.FromSeconds(60) };

        var answer = await OnlyUnsupportedKeyAsync(http, site.AdminToken);

        // Every account: the site's own admin and guest are among them whatever else the lab site holds.
        Assert.Contains("admin", Usernames(answer));
        Assert.Contains("guest", Usernames(answer));
        AssertOneUnsupportedKeyWarning(answer);
    }

    private static Task<JsonNode> OnlyUnsupportedKeyAsync(HttpClient http, string token) =>
        CallAsync(http, token, new("criteria[0][key]", "department"), new("criteria[0][value]", "Engineering"));

    private static List<string> Usernames(JsonNode answer) =>
        [.. answer["users"]!.AsArray().Select(u => (string)u!["username"]!)];

    private static void AssertOneUnsupportedKeyWarning(JsonNode answer)
    {
        var warning = Assert.Single(answer["warnings"]!.AsArray());
        Assert.Equal(("department", "invalidfieldparameter"), ((string?)warning!["item"], (string?)warning["warningcode"]));
    }

    private static async Task<JsonNode> CallAsync(HttpClient http, string token, params KeyValuePair<string, string>[] criteria)
    {
        using var content = new FormUrlEncodedContent([new("wstoken", token), new("wsfunction", "core_user_get_users"), .. criteria]);
        using var response = await http.PostAsync("webservice/rest/server.php?moodlewsrestformat=json", content);
        response.EnsureSuccessStatusCode();
        var node = JsonNode.Parse(await response.Content.ReadAsStringAsync())!;
        Assert.False(node is JsonObject o && o.ContainsKey("exception"), "core_user_get_users failed: " + node.ToJsonString());
        return node;
    }
}
