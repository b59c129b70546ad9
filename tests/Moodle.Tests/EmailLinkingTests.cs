using System.Globalization;
using System.Text.Json.Nodes;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Pipeline.Consumer.Handling;
using Pipeline.Contracts;
using Pipeline.Domain;

namespace Pipeline.Moodle.Tests;

/// <summary>
/// The lookup that links pre-existing accounts (issue 15, items 2 and 5), through the production client against the
/// stand-in and, when one is up, a real Moodle 4.5, the same steps on both: an account whose e-mail differs only in
/// case refuses the joiner's create and is invisible to the fast lookup but found by the thorough one; a LIKE
/// lookalike comes back from core_user_get_users and is not a match; an idnumber set on a second account is accepted
/// by Moodle and then found as a duplicate.
/// </summary>
public sealed class EmailLinkingTests
{
    private static readonly DateOnly Today = new(2025, 6, 15);

    [Fact]
    public async Task Stand_in_a_case_variant_is_linked_a_like_lookalike_is_not_and_a_duplicate_idnumber_is_found()
    {
        await using var host = await SandboxHost.StartAsync();
        await RunAsync(host.Client(), "lk" + Tag());
    }

    [RealMoodleFact]
    public async Task Real_Moodle_a_case_variant_is_linked_a_like_lookalike_is_not_and_a_duplicate_idnumber_is_found()
    {
        var site = RealMoodleSite.FromEnvironment();
        var config = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Moodle:BaseUrl"] = site.BaseUrl.ToString(),
            ["Moodle:Token"] = site.AdminToken,
            ["Moodle:Timeout"] = "00:01:00",
        }).Build();
        await using var provider = new ServiceCollection().AddLogging().AddMoodleClient(config).BuildServiceProvider();
        var tag = "lk" + Tag();
        try
        {
            await RunAsync(provider.GetRequiredService<IMoodleClient>(), tag);
        }
        finally
        {
            await DeleteAccountsAsync(site, tag);
        }
    }

    private static async Task RunAsync(IMoodleClient client, string tag)
    {
        var domain = $"@{tag}.example.com";
        var ct = CancellationToken.None;
        var accounts = await client.CreateUsersAsync(
        [
            Account($"{tag}-pre", "Pre.Existing" + domain),
            Account($"{tag}-axb", "axb" + domain),
            Account($"{tag}-other", "other" + domain),
        ], ct);
        var (preExisting, lookalike, other) = (accounts[0].Id, accounts[1].Id, accounts[2].Id);

        // 1. The joiner pre.existing@: Moodle refuses to create it, the fast lookup cannot see why, the thorough one can.
        var joiner = Candidate($"{tag}-1", "pre.existing" + domain);
        var refused = await Assert.ThrowsAsync<MoodleException>(() => client.CreateUsersAsync([MoodleRequests.ToNewUser(joiner.Mapping!.User!)], ct));
        Assert.Equal(MoodleErrorKind.InvalidRecord, refused.Kind);
        Assert.IsType<MatchResult.None>(await MatchAsync(client, joiner, anyCase: false));
        var found = Assert.IsType<MatchResult.Found>(await MatchAsync(client, joiner, anyCase: true));
        Assert.Equal((preExisting, MatchLink.Email), (found.User.Id, found.LinkedBy));

        // 2. The joiner a_b@: core_user_get_users returns axb@ for it (a LIKE), the lookup does not take it.
        var underscore = Candidate($"{tag}-2", "a_b" + domain);
        Assert.Contains(lookalike, (await client.GetUsersAsync(new Dictionary<string, string> { ["email"] = "a_b" + domain }, ct)).Select(u => u.Id));
        Assert.IsType<MatchResult.None>(await MatchAsync(client, underscore, anyCase: true));

        // 3. Link the case variant as the reconciler decides, then give another account the same idnumber: Moodle
        // accepts it (fixture 87), and the employee is then an idnumber duplicate naming both accounts.
        var link = Assert.IsType<Decision.Update>(Reconciler.Decide(EmployeeAction.Inserted, joiner.Mapping, found));
        Assert.Empty(await client.UpdateUsersAsync([MoodleRequests.ToUpdate(link.UserId, link.Changes)], ct));
        var linked = Assert.IsType<MatchResult.Found>(await MatchAsync(client, joiner, anyCase: false));
        Assert.Equal((preExisting, MatchLink.IdNumber), (linked.User.Id, linked.LinkedBy));
        Assert.Empty(await client.UpdateUsersAsync([new MoodleUserUpdate { Id = other, IdNumber = joiner.IdNumber }], ct));
        var duplicate = Assert.IsType<MatchResult.IdNumberDuplicate>(await MatchAsync(client, joiner, anyCase: false));
        Assert.Equal([preExisting, other], duplicate.UserIds);
        var poison = Assert.IsType<Decision.Poison>(Reconciler.Decide(EmployeeAction.Updated, joiner.Mapping, duplicate));
        Assert.Equal(PoisonCodes.IdNumberDuplicate, poison.Code);
    }

    private static async Task<MatchResult> MatchAsync(IMoodleClient client, ReconcileCandidate candidate, bool anyCase)
    {
        var lookup = new MoodleLookup(client);
        await lookup.LoadAsync([candidate], thorough: anyCase, anyCase, CancellationToken.None);
        return lookup.Match(candidate);
    }

    private static ReconcileCandidate Candidate(string id, string email)
    {
        var snapshot = new EmployeeSnapshot
        {
            Id = id,
            EmployeeNumber = "E-" + id,
            FirstName = "Link",
            LastName = "Test",
            WorkEmail = email,
            Status = "Active",
            HireDate = "2020-01-06",
            TerminationDate = "0000-00-00",
            Department = "Engineering",
            Division = "Research",
            JobTitle = "Analyst",
            Location = "London",
            Country = "United Kingdom",
        };
        var mapping = DesiredUserMapper.Map(snapshot, new MappingOptions(), Today);
        Assert.False(mapping.IsPoison, mapping.PoisonMessage);
        return new ReconcileCandidate(id, EmployeeAction.Inserted, mapping);
    }

    // Made by an admin before the pipeline: no idnumber.
    private static NewMoodleUser Account(string username, string email) => new()
    {
        Username = username,
        Password = "Str0ng#Pass1",
        Email = email,
        IdNumber = string.Empty,
        Profile = new Dictionary<string, string?> { ["firstname"] = "Pre", ["lastname"] = "Existing" },
    };

    private static string Tag() => Convert.ToHexStringLower(Guid.NewGuid().ToByteArray())[..8];

    /// <summary>Deletes (Moodle's soft delete) the accounts this run made on the lab site.</summary>
    private static async Task DeleteAccountsAsync(RealMoodleSite site, string tag)
    {
        using var http = new HttpClient { BaseAddress = site.BaseUrl, Timeout = TimeSpan.FromSeconds(60) };
        var found = await CallAsync(http, site.AdminToken, "core_user_get_users",
            new("criteria[0][key]", "email"), new("criteria[0][value]", $"%@{tag}.example.com"));
        var ids = found?["users"]?.AsArray().Select(u => (long)u!["id"]!).ToList() ?? [];
        if (ids.Count > 0)
        {
            await CallAsync(http, site.AdminToken, "core_user_delete_users",
                [.. ids.Select((id, i) => new KeyValuePair<string, string>($"userids[{i}]", id.ToString(CultureInfo.InvariantCulture)))]);
        }
    }

    private static async Task<JsonNode?> CallAsync(HttpClient http, string token, string function, params KeyValuePair<string, string>[] parameters)
    {
        using var content = new FormUrlEncodedContent([new("wstoken", token), new("wsfunction", function), .. parameters]);
        using var response = await http.PostAsync("webservice/rest/server.php?moodlewsrestformat=json", content);
        response.EnsureSuccessStatusCode();
        return JsonNode.Parse(await response.Content.ReadAsStringAsync());
    }
}
