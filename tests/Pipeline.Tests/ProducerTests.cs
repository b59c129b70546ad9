using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Pipeline.BambooHr;
using Pipeline.Producer;
using Pipeline.Producer.Sync;
using Pipeline.Sandbox.BambooHr;
using Pipeline.State;
using Pipeline.TestSupport;
using Pipeline.TestSupport.Pipeline;

namespace Pipeline.Pipeline.Tests;

/// <summary>One producer at a time; a dead producer's run is taken over; the watermark moves only after the drain.</summary>
public sealed class ProducerTests(EmulatorFixture emulators) : IClassFixture<EmulatorFixture>
{
    [Fact]
    public async Task A_producer_killed_after_publishing_half_is_refused_while_its_lease_holds_then_taken_over_and_the_run_converges()
    {
        await using var stack = await PipelineStack.StartAsync(emulators, o =>
        {
            o.Prefix = "prod-kill";
            o.Settings["Sync:Lease"] = "00:00:03";
        });
        var seed = await stack.GenerateAsync(30, seed: 5);
        await stack.StartConsumersAsync(2);

        var runId = "r-killed-" + Guid.NewGuid().ToString("N")[..8];
        int half;
        using (var doomed = stack.BuildProducer(Needs.State | Needs.Queue | Needs.BambooHr))
        {
            await doomed.StartAsync();
            var state = doomed.Services.GetRequiredService<IRunStateStore>();
            var since = DateTimeOffset.UtcNow.AddDays(-14);
            Assert.True(await state.TryClaimRunAsync(runId, since, "doomed-producer", TimeSpan.FromSeconds(3), CancellationToken.None));
            var changes = await doomed.Services.GetRequiredService<IBambooHrClient>().GetChangesSinceAsync(since, CancellationToken.None);
            half = changes.Employees.Count / 2;
            var published = await doomed.Services.GetRequiredService<SnapshotPublisher>()
                .PublishAsync(runId, changes.Employees.Take(half).ToList(), _ => Task.CompletedTask, CancellationToken.None);
            Assert.Equal(half, published);
            // Killed here: never marked published, never renews its lease, never stopped cleanly.
        }

        // While its lease holds, another sync is refused and touches nothing.
        var callsBefore = await stack.BambooHrCallsAsync();
        var refused = await stack.RunSyncAsync(Waits.Sync);
        Assert.Equal(ExitCodes.Refused, refused.ExitCode);
        Assert.Equal(SyncStatus.Failed, refused.Summary.Status);
        Assert.Contains("another producer", refused.Summary.Reason, StringComparison.Ordinal);
        Assert.Equal(callsBefore, await stack.BambooHrCallsAsync());
        var during = await stack.GetStateAsync();
        Assert.Equal(runId, during.PendingRunId);
        Assert.Null(during.Watermark);
        Assert.Equal(RunStatus.Publishing, (await stack.GetRunAsync(runId))!.Status);

        // Until the dead producer's claim lapses (3 s after it was made, never renewed): then a sync takes the run over.
        var lease = (await stack.GetRunAsync(runId))!.LeaseExpiresAt;
        await Eventually.WaitAsync(
            () => Task.FromResult(DateTimeOffset.UtcNow),
            now => now > lease,
            TimeSpan.FromSeconds(30),
            $"the doomed producer's lease to lapse at {lease:O}",
            TimeSpan.FromMilliseconds(50));
        var result = await stack.RunSyncAsync(Waits.Sync);

        Assert.Equal(ExitCodes.Ok, result.ExitCode);
        Assert.Equal(SyncStatus.Completed, result.Summary.Status);
        Assert.Equal(runId, result.Summary.RunId);
        Assert.Equal(30, result.Summary.TotalChanged);
        Assert.Equal(30, (await stack.OutcomesAsync(runId)).Count);
        new SeedFacts(seed).AssertApplied(await stack.MoodleUsersByIdNumberAsync(), await stack.DeadLettersAsync());

        var after = await stack.GetStateAsync();
        Assert.Null(after.PendingRunId);
        Assert.Equal(result.Summary.NextSince, after.Watermark);
    }

    [Fact]
    public async Task Of_two_syncs_started_together_one_runs_and_the_other_is_refused_with_exit_code_4()
    {
        await using var stack = await PipelineStack.StartAsync(emulators, o => o.Prefix = "prod-two");
        await stack.GenerateAsync(20, seed: 9);
        await stack.SetBambooHrFaultsAsync(new FaultSettings { LatencyMs = 700 });
        await stack.StartConsumersAsync(1);

        // Changes only (the first run would otherwise be full): what is counted below is the one changed-since call.
        var results = await Task.WhenAll(stack.RunSyncAsync(Waits.Sync, SyncScope.ChangesOnly), stack.RunSyncAsync(Waits.Sync, SyncScope.ChangesOnly));

        var refused = Assert.Single(results, r => r.ExitCode == ExitCodes.Refused);
        var ran = Assert.Single(results, r => r.ExitCode == ExitCodes.Ok);
        Assert.Equal(SyncStatus.Completed, ran.Summary.Status);
        Assert.Equal(SyncStatus.Failed, refused.Summary.Status);
        Assert.Contains("another producer", refused.Summary.Reason, StringComparison.Ordinal);
        Assert.Equal(0, refused.Summary.Published);
        // The refused one never asked BambooHR for changes: one changed-since call in all.
        Assert.Equal(1, (await stack.BambooHrCallsAsync())["employees.changed"]);
        Assert.Equal(20, (await stack.OutcomesAsync(ran.Summary.RunId)).Count);
        Assert.Equal(ran.Summary.NextSince, (await stack.GetStateAsync()).Watermark);
    }

    [Fact]
    public async Task The_watermark_does_not_move_while_messages_are_in_flight()
    {
        await using var stack = await PipelineStack.StartAsync(emulators, o => o.Prefix = "prod-mark");
        await stack.GenerateAsync(20, seed: 13);
        var consumers = await stack.StartConsumersAsync(1);
        var first = await stack.RunSyncAsync(Waits.Sync);
        Assert.Equal(SyncStatus.Completed, first.Summary.Status);
        var w1 = (await stack.GetStateAsync()).Watermark;
        Assert.NotNull(w1);
        await consumers[0].StopAsync();

        foreach (var id in new[] { "3", "4", "5", "6", "7" })
        {
            await stack.PutEmployeeAsync(id, new Dictionary<string, string?> { ["department"] = "Moved " + id });
        }

        // No consumer: the run publishes and reports draining; the watermark stays.
        var second = await stack.RunSyncAsync(TimeSpan.FromSeconds(3));
        Assert.Equal(ExitCodes.Ok, second.ExitCode);
        Assert.Equal(SyncStatus.Draining, second.Summary.Status);
        var pending = await stack.GetStateAsync();
        Assert.Equal(w1, pending.Watermark);
        Assert.Equal(second.Summary.RunId, pending.PendingRunId);
        var queued = await stack.QueueCountsAsync();
        Assert.True(queued.Visible + queued.InFlight >= 5, $"queue after publishing: {queued}; summary: {second.Summary}");

        // A slow consumer drains it while the next sync watches; every time the queue holds anything, the watermark is w1.
        await stack.SetMoodleFaultsAsync(new Sandbox.Moodle.MoodleFaultSettings
        {
            Latency = new() { ["core_user_get_users_by_field"] = new(400, 0), ["core_user_update_users"] = new(400, 0) },
        });
        await stack.StartConsumersAsync(1, new Dictionary<string, string?> { ["Consumer:Pollers"] = "1", ["Consumer:GatherSize"] = "2" });
        var third = stack.RunSyncAsync(Waits.Sync);
        var busyObservations = 0;
        while (!third.IsCompleted)
        {
            var counts = await stack.QueueCountsAsync();
            var state = await stack.GetStateAsync();
            if (!counts.IsEmpty)
            {
                busyObservations++;
                Assert.Equal(w1, state.Watermark);
                Assert.Equal(second.Summary.RunId, state.PendingRunId);
            }

            // The next observation when the sync ends or 100 ms from now, whichever comes first.
            await Task.WhenAny(third, Task.Delay(100));
        }

        var done = await third;
        Assert.True(busyObservations > 3, $"only {busyObservations} observations with messages in flight");
        Assert.Equal(SyncStatus.Completed, done.Summary.Status);
        Assert.Equal(second.Summary.RunId, done.Summary.RunId);
        var final = await stack.GetStateAsync();
        Assert.True(final.Watermark > w1, $"watermark {final.Watermark:O} did not move past {w1:O}");
        Assert.Null(final.PendingRunId);
    }

    [Fact]
    public async Task A_second_sync_while_a_live_producer_waits_for_its_runs_drain_is_refused_with_exit_code_4()
    {
        await using var stack = await PipelineStack.StartAsync(emulators, o =>
        {
            o.Prefix = "prod-wait";
            o.Settings["Sync:Lease"] = "00:00:04";
        });
        await stack.GenerateAsync(20, seed: 31);

        // No consumer yet: the first sync publishes and then waits (renewing its lease) for a drain that cannot come.
        var first = stack.RunSyncAsync(Waits.Sync, SyncScope.ChangesOnly);
        var draining = await Eventually.WaitAsync(
            async () => (await stack.GetStateAsync()).PendingRunId is { } id ? await stack.GetRunAsync(id) : null,
            r => r is { Status: RunStatus.Draining },
            Waits.Settle,
            "the first sync to be waiting for its run's drain");
        // Longer than the lease: only renewal keeps the first sync's claim alive.
        await Eventually.WaitAsync(() => Task.FromResult(DateTimeOffset.UtcNow), now => now > draining!.LeaseExpiresAt.AddSeconds(1), TimeSpan.FromSeconds(30), "the first lease's end");

        var second = await stack.RunSyncAsync(Waits.Sync, SyncScope.ChangesOnly);

        Assert.Equal(ExitCodes.Refused, second.ExitCode);
        Assert.Equal(draining!.RunId, second.Summary.RunId);
        Assert.Contains($"Run {draining.RunId} is draining and another producer is waiting for it", second.Summary.Reason, StringComparison.Ordinal);
        Assert.False(first.IsCompleted, "the first sync stopped waiting");

        // The first one, still the holder, finalizes once consumers drain the queue.
        await stack.StartConsumersAsync(1);
        var done = await first;
        Assert.Equal(SyncStatus.Completed, done.Summary.Status);
        Assert.Equal(draining.RunId, done.Summary.RunId);
        Assert.Null((await stack.GetStateAsync()).PendingRunId);
    }

    [Fact]
    public async Task A_draining_run_whose_producer_died_is_taken_over_and_finalized_by_the_next_sync()
    {
        await using var stack = await PipelineStack.StartAsync(emulators, o => o.Prefix = "prod-dead");
        await stack.GenerateAsync(20, seed: 37);
        await stack.StartConsumersAsync(1);
        var runId = "r-dead-" + Guid.NewGuid().ToString("N")[..8];
        var since = DateTimeOffset.UtcNow.AddDays(-14);
        using (var doomed = stack.BuildProducer(Needs.State | Needs.Queue | Needs.BambooHr))
        {
            await doomed.StartAsync();
            var state = doomed.Services.GetRequiredService<IRunStateStore>();
            Assert.True(await state.TryClaimRunAsync(runId, since, "dead-producer", TimeSpan.FromSeconds(2), CancellationToken.None));
            var changes = await doomed.Services.GetRequiredService<IBambooHrClient>().GetChangesSinceAsync(since, CancellationToken.None);
            var published = await doomed.Services.GetRequiredService<SnapshotPublisher>()
                .PublishAsync(runId, changes.Employees, _ => Task.CompletedTask, CancellationToken.None);
            await state.MarkPublishedAsync(runId, changes.Latest, changes.Employees.Count, published, CancellationToken.None);
            // Killed here, while waiting for the drain: its lease is never renewed.
        }

        var lease = (await stack.GetRunAsync(runId))!.LeaseExpiresAt;
        await Eventually.WaitAsync(() => Task.FromResult(DateTimeOffset.UtcNow), now => now > lease, TimeSpan.FromSeconds(30), "the dead producer's lease to lapse");

        var result = await stack.RunSyncAsync(Waits.Sync);

        Assert.Equal(ExitCodes.Ok, result.ExitCode);
        Assert.Equal(SyncStatus.Completed, result.Summary.Status);
        Assert.Equal(runId, result.Summary.RunId);
        Assert.Null((await stack.GetStateAsync()).PendingRunId);
    }
}
