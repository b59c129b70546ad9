using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Pipeline.Producer.Operate;
using Pipeline.Producer.Sync;
using Pipeline.State;
using Pipeline.TestSupport;
using Pipeline.TestSupport.Pipeline;

namespace Pipeline.Pipeline.Tests;

/// <summary>The mass-suspension safeguard end to end: BambooHR stand-in → producer (holds) → approve → consumers → Moodle stand-in.</summary>
public sealed class SafeguardTests(EmulatorFixture emulators) : IClassFixture<EmulatorFixture>
{
    [Fact]
    public async Task Half_the_company_terminated_is_held_with_nothing_published_or_suspended_and_the_watermark_unmoved_until_approved()
    {
        await using var stack = await PipelineStack.StartAsync(emulators, o => o.Prefix = "guard-half");
        await stack.GenerateAsync(40, seed: 41);
        await stack.StartConsumersAsync(2);
        var first = await stack.RunSyncAsync(Waits.Sync);
        Assert.Equal(SyncStatus.Completed, first.Summary.Status);
        var active = (await stack.MoodleUsersAsync()).Where(u => u.Idnumber.Length > 0 && !u.Suspended).Select(u => u.Idnumber).Order(StringComparer.Ordinal).ToList();
        Assert.True(active.Count > 24, $"only {active.Count} active linked accounts to start with");

        // A bad day: BambooHR wrongly reports half of them as terminated yesterday.
        var terminated = active.Take(active.Count / 2).ToList();
        foreach (var id in terminated)
        {
            await stack.PutEmployeeAsync(id, new Dictionary<string, string?> { ["status"] = "Inactive", ["terminationDate"] = Day(-1) });
        }

        var watermark = (await stack.GetStateAsync()).Watermark;

        // The plan shows it before anything runs.
        using (var planner = stack.BuildProducer())
        {
            await planner.StartAsync();
            var plan = await planner.Services.GetRequiredService<PlanRunner>().PlanAsync(SyncScope.ChangesOnly, CancellationToken.None);
            await planner.StopAsync();
            Assert.NotNull(plan.Safeguard);
            Assert.True(plan.Safeguard!.Held, plan.Safeguard.ToString());
            Assert.Equal(terminated.Count, plan.Safeguard.WouldSuspend);
            Assert.Equal(active.Count, plan.Safeguard.ActiveLinked);
        }

        var held = await stack.RunSyncAsync(Waits.Sync);

        Assert.Equal(ExitCodes.Held, held.ExitCode);
        Assert.Equal(SyncStatus.Held, held.Summary.Status);
        Assert.Equal(terminated.Count, held.Summary.WouldSuspend);
        Assert.Equal(active.Count, held.Summary.ActiveLinked);
        Assert.Equal(0, held.Summary.Published);
        Assert.Contains($"pipeline approve {held.Summary.RunId}", held.Summary.Reason, StringComparison.Ordinal);
        Assert.True((await stack.QueueCountsAsync()).IsEmpty, "the held run published messages");
        Assert.Empty(await stack.OutcomesAsync(held.Summary.RunId));
        Assert.All(terminated, id => Assert.False(stack.MoodleUserAsync(id).GetAwaiter().GetResult()!.Suspended, $"employee {id} was suspended"));
        var state = await stack.GetStateAsync();
        Assert.Equal(watermark, state.Watermark);
        Assert.Equal(held.Summary.RunId, state.PendingRunId);
        Assert.Equal(SyncStatus.Held, state.LastSummary!.Status);
        Assert.Equal(RunStatus.Held, (await stack.GetRunAsync(held.Summary.RunId))!.Status);

        // Not approved: the next sync looks again and holds it again.
        var again = await stack.RunSyncAsync(Waits.Sync);
        Assert.Equal(ExitCodes.Held, again.ExitCode);
        Assert.Equal(held.Summary.RunId, again.Summary.RunId);

        Assert.Null(await stack.RunState.ApproveRunAsync(held.Summary.RunId, CancellationToken.None));
        var approved = await stack.RunSyncAsync(Waits.Sync);

        Assert.Equal(ExitCodes.Ok, approved.ExitCode);
        Assert.Equal(SyncStatus.Completed, approved.Summary.Status);
        Assert.Equal(held.Summary.RunId, approved.Summary.RunId);
        Assert.Equal(terminated.Count, approved.Summary.Suspended);
        var users = await stack.MoodleUsersByIdNumberAsync();
        Assert.All(terminated, id => Assert.True(users[id].Suspended, $"employee {id} was not suspended"));
        Assert.True((await stack.GetStateAsync()).Watermark > watermark);
    }

    [Fact]
    public async Task Without_Moodle_configured_for_the_producer_the_ledger_counts_the_linked_leavers_and_the_run_is_held()
    {
        await using var stack = await PipelineStack.StartAsync(emulators, o => o.Prefix = "guard-ledger");
        await stack.GenerateAsync(40, seed: 47);
        await stack.StartConsumersAsync(1);
        Assert.Equal(SyncStatus.Completed, (await stack.RunSyncAsync(Waits.Sync)).Summary.Status);
        var active = (await stack.MoodleUsersAsync()).Where(u => u.Idnumber.Length > 0 && !u.Suspended).Select(u => u.Idnumber).Order(StringComparer.Ordinal).ToList();
        var terminated = active.Take(active.Count / 2).ToList();
        foreach (var id in terminated)
        {
            await stack.PutEmployeeAsync(id, new Dictionary<string, string?> { ["status"] = "Inactive", ["terminationDate"] = Day(-1) });
        }

        // Moodle__BaseUrl unset for the producer: the client is not registered, so the ledger is the source.
        var held = await stack.RunSyncAsync(Waits.Sync, new Dictionary<string, string?> { ["Moodle:BaseUrl"] = "" });

        Assert.Equal(ExitCodes.Held, held.ExitCode);
        Assert.Equal(terminated.Count, held.Summary.WouldSuspend);
        Assert.True(held.Summary.ActiveLinked >= active.Count, held.Summary.ToString());
        Assert.True((await stack.QueueCountsAsync()).IsEmpty, "the held run published messages");
    }

    [Fact]
    public async Task A_few_leavers_within_the_limits_are_not_held_and_only_a_held_run_can_be_approved()
    {
        await using var stack = await PipelineStack.StartAsync(emulators, o => o.Prefix = "guard-few");
        await stack.GenerateAsync(30, seed: 43);
        await stack.StartConsumersAsync(1);
        Assert.Equal(SyncStatus.Completed, (await stack.RunSyncAsync(Waits.Sync)).Summary.Status);
        var active = (await stack.MoodleUsersAsync()).Where(u => u.Idnumber.Length > 0 && !u.Suspended).Select(u => u.Idnumber).ToList();

        // Twelve leavers are more than the count limit (10) but, with a 50 % limit, not too many of the company.
        foreach (var id in active.Take(12))
        {
            await stack.PutEmployeeAsync(id, new Dictionary<string, string?> { ["status"] = "Inactive", ["terminationDate"] = Day(-1) });
        }

        var result = await stack.RunSyncAsync(Waits.Sync, new Dictionary<string, string?> { ["Sync:SuspendLimitPercent"] = "50" });

        Assert.Equal(ExitCodes.Ok, result.ExitCode);
        Assert.Equal(SyncStatus.Completed, result.Summary.Status);
        Assert.Equal(12, result.Summary.Suspended);
        Assert.Contains("not pending", await stack.RunState.ApproveRunAsync(result.Summary.RunId, CancellationToken.None), StringComparison.Ordinal);
    }

    private static string Day(int offset) =>
        DateOnly.FromDateTime(DateTime.UtcNow).AddDays(offset).ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture);
}
