using Pipeline.Consumer.Handling;
using Pipeline.Contracts;
using Pipeline.Domain;
using Pipeline.Domain.Fields;

namespace Pipeline.Moodle.Tests;

/// <summary>
/// Every field of the field table, from a BambooHR snapshot through the mapper, the reconciler, the request builder and
/// the form writer into the Moodle sandbox, and read back: what Moodle then holds must be exactly what was decided.
/// The BambooHR end (report → snapshot) is CustomReportParserTests'.
/// </summary>
public sealed class FieldRoundTripTests
{
    private static readonly DateOnly Today = new(2025, 6, 15);

    private static readonly EmployeeSnapshot Joiner = new()
    {
        Id = "4242",
        EmployeeNumber = "E-4242",
        FirstName = "Ada",
        LastName = "Lovelace",
        WorkEmail = "ada.roundtrip@example.com",
        Status = "Active",
        HireDate = "2020-01-06",
        TerminationDate = "0000-00-00",
        Department = "Engineering",
        Division = "Research",
        JobTitle = "Analyst",
        Location = "London",
        Country = "United Kingdom",
    };

    [Fact]
    public async Task Every_field_reaches_moodle_on_create_and_each_change_on_update_as_the_one_change_decided()
    {
        await using var host = await SandboxHost.StartAsync();
        var client = host.Client();
        var options = new MappingOptions { CustomProfileFields = { ["costcenter"] = "JobTitle" } };
        var snapshot = Joiner;

        var create = Assert.IsType<Decision.Create>(Decide(snapshot, options, null));
        await client.CreateUsersAsync([MoodleRequests.ToNewUser(create.User)], CancellationToken.None);
        var moodle = await ReadBackAsync(client, create.User.IdNumber);
        Assert.All(FieldTable.Moodle.All.Where(f => f.IsText), f => Assert.Equal(f.Desired(create.User), f.Current(moodle)));
        Assert.Equal(create.User.CustomFields, moodle.CustomFields);
        Assert.IsType<Decision.NoChange>(Decide(snapshot, options, moodle));

        // One BambooHR field at a time: the one Moodle field it feeds is the one change, and Moodle then holds it.
        var steps = FieldTable.Moodle.Descriptive
            .Select(f => (Source: f.Preferred ?? f.Source!, Value: f.Rule == ValueRule.CountryName ? "France" : "New " + f.Name, Changed: new[] { f.Name }))
            .Append((Source: FieldTable.BambooHr.WorkEmail, Value: "Ada.Moved@example.com", Changed: ["username", "email"]))
            .Append((Source: FieldTable.BambooHr.JobTitle, Value: "Lead", Changed: ["customfield:costcenter"]));
        foreach (var (source, value, changed) in steps)
        {
            snapshot = source.Write(snapshot, value);
            var update = Assert.IsType<Decision.Update>(Decide(snapshot, options, moodle));
            Assert.Equal(changed, update.Changes.Select(c => c.Field));

            Assert.Empty(await client.UpdateUsersAsync([MoodleRequests.ToUpdate(update.UserId, update.Changes)], CancellationToken.None));
            moodle = await ReadBackAsync(client, create.User.IdNumber);
            Assert.IsType<Decision.NoChange>(Decide(snapshot, options, moodle));
        }

        Assert.Equal(
            new FieldValues(new Dictionary<string, string?>
            {
                ["firstname"] = "New firstname",
                ["lastname"] = "New lastname",
                ["department"] = "New department",
                ["institution"] = "New institution",
                ["city"] = "New city",
                ["country"] = "FR",
            }),
            moodle.Profile);
        Assert.Equal(("ada.moved@example.com", "Ada.Moved@example.com", "Lead"), (moodle.Username, moodle.Email, moodle.CustomFields["costcenter"]));
    }

    [Fact]
    public async Task A_profile_field_the_table_does_not_know_is_refused_before_anything_is_sent()
    {
        await using var host = await SandboxHost.StartAsync();
        var user = TestUsers.New("1") with { Profile = new Dictionary<string, string?>(TestUsers.New("1").Profile) { ["phone9"] = "1" } };

        var error = await Assert.ThrowsAsync<ArgumentException>(() => host.Client().CreateUsersAsync([user], CancellationToken.None));

        Assert.Contains("'phone9'", error.Message, StringComparison.Ordinal);
        Assert.Empty(await host.RequestsAsync());
    }

    private static Decision Decide(EmployeeSnapshot snapshot, MappingOptions options, MoodleUserState? moodle)
    {
        var mapping = DesiredUserMapper.Map(snapshot, options, Today);
        Assert.False(mapping.IsPoison, mapping.PoisonMessage);
        var match = UserMatcher.Match(mapping.User.IdNumber, mapping.User.Email, mapping.User.Username, moodle is null ? [] : [moodle], mapping.User.UsernameFromEmail);
        return Reconciler.Decide(EmployeeAction.Updated, mapping, match);
    }

    private static async Task<MoodleUserState> ReadBackAsync(IMoodleClient client, string idNumber) =>
        MoodleRequests.ToState(Assert.Single(await client.GetUsersByFieldAsync("idnumber", [idNumber], CancellationToken.None)));
}
