using Pipeline.Contracts;
using Pipeline.Producer.Sync;
using Pipeline.Sandbox.Moodle.Admin;
using Pipeline.TestSupport;
using Pipeline.TestSupport.Pipeline;

namespace Pipeline.Pipeline.Tests;

/// <summary>Joiners, movers, leavers and a rehire, end to end: BambooHR sandbox → producer → SQS → consumers → Moodle sandbox.</summary>
public sealed class SyncLifecycleTests(EmulatorFixture emulators) : IClassFixture<EmulatorFixture>
{
    [Fact]
    public async Task First_sync_creates_joiners_reactivates_the_rehire_parks_poison_and_moves_the_watermark()
    {
        await using var stack = await PipelineStack.StartAsync(emulators, o => o.Prefix = "life-first");
        var seed = await stack.GenerateAsync(30, seed: 7);
        await stack.PreloadMoodleUsersAsync(new SandboxUserView
        {
            Username = "former.staff2",
            Idnumber = seed.RehireId!,
            Email = "former.staff2@old.example",
            Firstname = "Former",
            Lastname = "Staff",
            Suspended = true,
        });
        await stack.StartConsumersAsync(2);

        var result = await stack.RunSyncAsync(Waits.Sync);

        Assert.Equal(ExitCodes.Ok, result.ExitCode);
        Assert.Equal(SyncStatus.Completed, result.Summary.Status);
        var facts = new SeedFacts(seed);
        var users = await stack.MoodleUsersByIdNumberAsync();
        var parked = await stack.DeadLettersAsync();
        facts.AssertApplied(users, parked);
        Assert.False(users[seed.RehireId!].Suspended);
        Assert.DoesNotContain(users.Keys, facts.Leavers.Contains);

        var joiners = facts.MustBeActive.Where(id => id != seed.RehireId).ToList();
        var outcomes = (await stack.OutcomesAsync(result.Summary.RunId)).ToDictionary(o => o.EmployeeId);
        Assert.Equal(Outcome.Reactivated, outcomes[seed.RehireId!].Outcome);
        Assert.All(joiners, id => Assert.Equal(Outcome.Created, outcomes[id].Outcome));
        Assert.All(parked, d => Assert.Equal(Outcome.DeadLettered, outcomes[d.EmployeeId!].Outcome));
        Assert.All(parked, d => Assert.Equal(d.Code, d.Attributes[MessageAttributes.FailureCode]));
        Assert.Equal(joiners.Count + 1, result.Summary.Created);
        Assert.Equal(1, result.Summary.Reactivated);
        Assert.Equal(parked.Count, result.Summary.DeadLettered);
        Assert.Equal(facts.Leavers.Count, result.Summary.Unchanged);

        var state = await stack.GetStateAsync();
        Assert.Null(state.PendingRunId);
        Assert.Equal(result.Summary.NextSince, state.Watermark);
    }

    [Fact]
    public async Task Second_sync_updates_movers_only_in_changed_fields_suspends_leavers_and_creates_new_joiners()
    {
        await using var stack = await PipelineStack.StartAsync(emulators, o => o.Prefix = "life-second");
        var seed = await stack.GenerateAsync(24, seed: 11);
        await stack.StartConsumersAsync(2);
        var first = await stack.RunSyncAsync(Waits.Sync);
        Assert.Equal(SyncStatus.Completed, first.Summary.Status);
        var before = await stack.MoodleStatsAsync();
        var usersBefore = await stack.MoodleUsersByIdNumberAsync();

        // Movers: a department change and a location change (city); a leaver by status, one by a past termination
        // date while still Active, one deleted outright; and a new joiner.
        await stack.PutEmployeeAsync("3", new Dictionary<string, string?> { ["department"] = "Research" });
        await stack.PutEmployeeAsync("4", new Dictionary<string, string?> { ["location"] = "Dublin", ["country"] = "Ireland" });
        await stack.PutEmployeeAsync("5", new Dictionary<string, string?> { ["status"] = "Inactive", ["terminationDate"] = Day(-3) });
        await stack.PutEmployeeAsync("6", new Dictionary<string, string?> { ["terminationDate"] = Day(-1) });
        await stack.DeleteEmployeeAsync("7");
        await stack.PutEmployeeAsync("900", new Dictionary<string, string?>
        {
            ["employeeNumber"] = "90900",
            ["firstName"] = "Nia",
            ["lastName"] = "Okafor",
            ["workEmail"] = "nia.okafor@acme.example",
            ["status"] = "Active",
            ["hireDate"] = Day(-1),
            ["terminationDate"] = "0000-00-00",
            ["department"] = "Finance",
            ["division"] = "Corporate",
            ["jobTitle"] = "Analyst",
            ["location"] = "London",
            ["country"] = "United Kingdom",
        });

        var second = await stack.RunSyncAsync(Waits.Sync);

        Assert.Equal(SyncStatus.Completed, second.Summary.Status);
        var after = await stack.MoodleStatsAsync();
        // Exactly the five changed users are written by update (2 movers + 3 leavers) and one by create; the overlap's repeats write nothing.
        Assert.Equal(5, Written(after, "core_user_update_users") - Written(before, "core_user_update_users"));
        Assert.Equal(1, Written(after, "core_user_create_users") - Written(before, "core_user_create_users"));

        var users = await stack.MoodleUsersByIdNumberAsync();
        Assert.Equal("Research", users["3"].Department);
        Assert.Equal(usersBefore["3"].City, users["3"].City);
        Assert.Equal(usersBefore["3"].Email, users["3"].Email);
        Assert.Equal("Dublin", users["4"].City);
        Assert.Equal("IE", users["4"].Country);
        Assert.Equal(usersBefore["4"].Department, users["4"].Department);
        Assert.True(users["5"].Suspended, "Inactive leaver is suspended");
        Assert.True(users["6"].Suspended, "past termination date is suspended");
        Assert.True(users["7"].Suspended, "deleted employee is suspended");
        Assert.False(users["900"].Suspended);
        Assert.Equal("nia.okafor@acme.example", users["900"].Email);

        var outcomes = (await stack.OutcomesAsync(second.Summary.RunId)).ToDictionary(o => o.EmployeeId);
        Assert.Equal(Outcome.Updated, outcomes["3"].Outcome);
        Assert.Equal(Outcome.Updated, outcomes["4"].Outcome);
        Assert.Equal(Outcome.Suspended, outcomes["5"].Outcome);
        Assert.Equal(Outcome.Suspended, outcomes["6"].Outcome);
        Assert.Equal(Outcome.Suspended, outcomes["7"].Outcome);
        Assert.Equal(Outcome.Created, outcomes["900"].Outcome);
        Assert.Equal(3, second.Summary.Suspended);
    }

    [Fact]
    public async Task Re_running_a_completed_sync_writes_nothing_to_Moodle()
    {
        await using var stack = await PipelineStack.StartAsync(emulators, o => o.Prefix = "life-rerun");
        await stack.GenerateAsync(25, seed: 3);
        await stack.StartConsumersAsync(2);
        var first = await stack.RunSyncAsync(Waits.Sync);
        Assert.Equal(SyncStatus.Completed, first.Summary.Status);
        Assert.True(first.Summary.Created > 0);
        var writtenBefore = await stack.MoodleUsersWrittenAsync();

        // Rewind so the second run sees every employee again (the generator's changes are all within 10 days; the
        // first run was full, so it has no window to rewind to): all of them must settle without a Moodle write.
        await stack.RunState.RewindAsync(DateTimeOffset.UtcNow.AddDays(-14), force: false, CancellationToken.None);
        var second = await stack.RunSyncAsync(Waits.Sync);

        Assert.Equal(SyncStatus.Completed, second.Summary.Status);
        Assert.Equal(first.Summary.TotalChanged, second.Summary.TotalChanged);
        Assert.Equal(0, second.Summary.Created + second.Summary.Updated + second.Summary.Suspended + second.Summary.Reactivated);
        Assert.Equal(writtenBefore, await stack.MoodleUsersWrittenAsync());
    }

    private static string Day(int offset) =>
        DateOnly.FromDateTime(DateTime.UtcNow).AddDays(offset).ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture);

    private static long Written(Sandbox.Moodle.StatsDto stats, string function) =>
        stats.UsersWritten.TryGetValue(function, out var n) ? n : 0;
}
