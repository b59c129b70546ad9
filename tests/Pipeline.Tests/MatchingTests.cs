using Pipeline.Contracts;
using Pipeline.Domain;
using Pipeline.Producer.Sync;
using Pipeline.Sandbox.Moodle.Admin;
using Pipeline.TestSupport;
using Pipeline.TestSupport.Pipeline;

namespace Pipeline.Pipeline.Tests;

/// <summary>
/// How the consumer finds existing Moodle accounts: two lookups for a batch of joiners, a thorough lookup when
/// Moodle refuses a create because the username is already taken under another e-mail or the e-mail is held in
/// another case, and usernames cleaned as Moodle cleans them.
/// </summary>
public sealed class MatchingTests(EmulatorFixture emulators) : IClassFixture<EmulatorFixture>
{
    private static readonly DateTimeOffset T1 = new(2025, 4, 7, 9, 0, 0, TimeSpan.Zero);

    [Fact]
    public async Task A_batch_of_joiners_costs_one_lookup_by_idnumber_one_by_email_and_one_create()
    {
        await using var stack = await PipelineStack.StartAsync(emulators, o => o.Prefix = "match-calls");
        var runId = Messages.RunId("calls");
        foreach (var id in Enumerable.Range(611, 10))
        {
            await stack.SendAsync(Messages.Changed(runId, Messages.Snapshot(id.ToString(System.Globalization.CultureInfo.InvariantCulture)), T1));
        }

        await stack.StartConsumersAsync(1, new Dictionary<string, string?> { ["Consumer:Pollers"] = "1", ["Consumer:GatherSize"] = "10" });
        await Eventually.WaitAsync(() => stack.OutcomesAsync(runId), o => o.Count == 10, Waits.Settle, "10 outcomes");

        var calls = (await stack.MoodleStatsAsync()).Calls;
        var creates = calls.GetValueOrDefault("core_user_create_users");
        Assert.InRange(creates, 1, 10);
        // Usernames cleaned from the e-mail are not looked up when the e-mail found nobody.
        Assert.Equal(2 * creates, calls.GetValueOrDefault("core_user_get_users_by_field"));
        Assert.All(await stack.OutcomesAsync(runId), o => Assert.Equal(Outcome.Created, o.Outcome));
    }

    [Fact]
    public async Task An_account_holding_a_joiners_username_under_another_email_parks_the_joiner_as_username_taken_and_is_not_written()
    {
        await using var stack = await PipelineStack.StartAsync(emulators, o => o.Prefix = "match-username");
        var existing = (await stack.PreloadMoodleUsersAsync(new SandboxUserView
        {
            Username = "test.person621@acme.example",
            Idnumber = "",
            Email = "old.address621@acme.example",
            Firstname = "Test",
            Lastname = "Person621",
        })).Single();
        var runId = Messages.RunId("username");
        var ids = Enumerable.Range(620, 5).Select(i => i.ToString(System.Globalization.CultureInfo.InvariantCulture)).ToList();
        foreach (var id in ids)
        {
            await stack.SendAsync(Messages.Changed(runId, Messages.Snapshot(id), T1));
        }

        // One batch: Moodle refuses its create as a whole, the halving isolates 621, whose thorough lookup finds its
        // username held under another e-mail: another person as far as anyone can tell.
        await stack.StartConsumersAsync(1, new Dictionary<string, string?> { ["Consumer:Pollers"] = "1", ["Consumer:GatherSize"] = "10" });
        await Eventually.WaitAsync(() => stack.OutcomesAsync(runId), o => o.Count == ids.Count, Waits.Settle, "5 outcomes");

        var parked = Assert.Single(await stack.DeadLettersAsync());
        Assert.Equal((PoisonCodes.UsernameTaken, "621"), (parked.Code, parked.EmployeeId));
        Assert.Contains($"Moodle user {existing.Id}", parked.Message, StringComparison.Ordinal);
        var untouched = Assert.Single(await stack.MoodleUsersAsync(), u => u.Id == existing.Id);
        Assert.Equal((existing.Username, existing.Email, existing.Idnumber, existing.Timemodified), (untouched.Username, untouched.Email, untouched.Idnumber, untouched.Timemodified));
        var outcomes = (await stack.OutcomesAsync(runId)).ToDictionary(o => o.EmployeeId);
        Assert.Equal(Outcome.DeadLettered, outcomes["621"].Outcome);
        Assert.All(ids.Where(i => i != "621"), i => Assert.Equal(Outcome.Created, outcomes[i].Outcome));
    }

    [Fact]
    public async Task An_account_whose_email_differs_from_a_joiners_only_in_case_is_linked_in_the_same_pass()
    {
        await using var stack = await PipelineStack.StartAsync(emulators, o => o.Prefix = "match-case");
        var existing = (await stack.PreloadMoodleUsersAsync(new SandboxUserView
        {
            Username = "legacy.641",
            Idnumber = "",
            Email = "Test.Person641@ACME.example",
            Firstname = "Old",
            Lastname = "Name",
        })).Single();
        var runId = Messages.RunId("case");
        var ids = Enumerable.Range(640, 5).Select(i => i.ToString(System.Globalization.CultureInfo.InvariantCulture)).ToList();
        foreach (var id in ids)
        {
            await stack.SendAsync(Messages.Changed(runId, Messages.Snapshot(id), T1));
        }

        // Moodle refuses the create (it compares e-mails ignoring case), get_users_by_field could not see the account
        // (it compares exactly): the refused joiner's thorough lookup searches its e-mail with core_user_get_users.
        await stack.StartConsumersAsync(1, new Dictionary<string, string?> { ["Consumer:Pollers"] = "1", ["Consumer:GatherSize"] = "10" });
        await Eventually.WaitAsync(() => stack.OutcomesAsync(runId), o => o.Count == ids.Count, Waits.Settle, "5 outcomes");

        Assert.Empty(await stack.DeadLettersAsync());
        var outcomes = (await stack.OutcomesAsync(runId)).ToDictionary(o => o.EmployeeId);
        Assert.Equal(Outcome.Updated, outcomes["641"].Outcome);
        Assert.All(ids.Where(i => i != "641"), i => Assert.Equal(Outcome.Created, outcomes[i].Outcome));
        var linked = await stack.MoodleUserAsync("641");
        Assert.NotNull(linked);
        Assert.Equal((existing.Id, "test.person641@acme.example", "Person641"), (linked.Id, linked.Email, linked.Lastname));
        Assert.Equal(1, (await stack.MoodleStatsAsync()).Calls.GetValueOrDefault("core_user_get_users"));
    }

    [Fact]
    public async Task A_plus_addressed_joiner_gets_the_username_moodle_cleans_and_keeps_its_email()
    {
        await using var stack = await PipelineStack.StartAsync(emulators, o => o.Prefix = "match-plus");
        var runId = Messages.RunId("plus");
        await stack.SendAsync(Messages.Changed(runId, Messages.Snapshot("631") with { WorkEmail = "ops+lms@acme.example" }, T1));

        await stack.StartConsumersAsync(1);
        await Eventually.WaitAsync(() => stack.OutcomesAsync(runId), o => o.Count == 1, Waits.Settle, "1 outcome");

        Assert.Empty(await stack.DeadLettersAsync());
        Assert.Equal(Outcome.Created, Assert.Single(await stack.OutcomesAsync(runId)).Outcome);
        var user = await stack.MoodleUserAsync("631");
        Assert.NotNull(user);
        Assert.Equal(("opslms@acme.example", "ops+lms@acme.example"), (user.Username, user.Email));
    }

    [Fact]
    public async Task Two_accounts_sharing_a_joiners_email_park_the_joiner_as_ambiguous_and_neither_account_is_written()
    {
        await using var stack = await PipelineStack.StartAsync(emulators, o => o.Prefix = "match-ambiguous");
        var seed = await stack.GenerateAsync(20, seed: 29);
        var employee = seed.Employees.First(e => e.Id == new SeedFacts(seed).MustBeActive.First(id => id != seed.RehireId));
        // A site that lets accounts share an e-mail: either could be the employee, so a person must choose.
        var holders = await stack.PreloadMoodleUsersAsync(
            new SandboxUserView { Username = "first.holder", Email = employee.WorkEmail!, Firstname = "First", Lastname = "Holder" },
            new SandboxUserView { Username = "second.holder", Email = employee.WorkEmail!, Firstname = "Second", Lastname = "Holder" });
        await stack.StartConsumersAsync(1);

        var result = await stack.RunSyncAsync(Waits.Sync);

        Assert.Equal(SyncStatus.Completed, result.Summary.Status);
        var parked = Assert.Single(await stack.DeadLettersAsync(), d => d.EmployeeId == employee.Id);
        Assert.Equal(PoisonCodes.AmbiguousMatch, parked.Code);
        var outcome = Assert.Single(await stack.OutcomesAsync(result.Summary.RunId), o => o.EmployeeId == employee.Id);
        Assert.Equal(Outcome.DeadLettered, outcome.Outcome);
        Assert.Null(await stack.MoodleUserAsync(employee.Id!));
        var after = (await stack.MoodleUsersAsync()).Where(u => holders.Any(h => h.Id == u.Id)).ToList();
        Assert.Equal(
            holders.Select(h => (h.Id, h.Username, h.Email, h.Idnumber, h.Firstname, h.Suspended, h.Timemodified)),
            after.Select(h => (h.Id, h.Username, h.Email, h.Idnumber, h.Firstname, h.Suspended, h.Timemodified)));
    }
}
