using Amazon.DynamoDBv2.Model;
using Pipeline.Contracts;
using Pipeline.TestSupport;

namespace Pipeline.State.Tests;

public sealed class RunStateStoreTests(EmulatorFixture emulators) : IClassFixture<EmulatorFixture>
{
    private static readonly DateTimeOffset Since = new(2025, 1, 1, 0, 0, 0, TimeSpan.Zero);
    private static readonly DateTimeOffset Latest = new(2025, 1, 5, 12, 30, 0, TimeSpan.Zero);
    private static readonly TimeSpan Lease = TimeSpan.FromMinutes(5);

    [Fact]
    public async Task A_fresh_table_has_no_watermark_and_no_pending_run()
    {
        using var bed = await StateTestBed.CreateAsync(emulators, "state-fresh");

        Assert.Equal(new PipelineState(null, null, null, 0), await bed.Runs.GetStateAsync(default));
    }

    [Fact]
    public async Task A_run_record_remembers_whether_the_run_is_full()
    {
        using var bed = await StateTestBed.CreateAsync(emulators, "state-full");

        Assert.True(await bed.Runs.TryClaimRunAsync("run-a", Since, full: true, "producer-1", Lease, default));
        Assert.True((await bed.Runs.GetRunAsync("run-a", default))?.Full);
        await bed.Runs.AbandonRunAsync("run-a", "test", null, default);
        Assert.True(await bed.Runs.TryClaimRunAsync("run-b", Since, "producer-1", Lease, default));
        Assert.False((await bed.Runs.GetRunAsync("run-b", default))?.Full);
    }

    [Fact]
    public async Task Claim_refuses_a_second_claimer_while_a_run_is_pending()
    {
        using var bed = await StateTestBed.CreateAsync(emulators, "state-claim");

        Assert.True(await bed.Runs.TryClaimRunAsync("run-a", Since, "producer-1", Lease, default));
        Assert.False(await bed.Runs.TryClaimRunAsync("run-b", Since, "producer-2", Lease, default));

        var state = await bed.Runs.GetStateAsync(default);
        Assert.Equal("run-a", state.PendingRunId);
        Assert.Null(state.Watermark);
        var run = await bed.Runs.GetRunAsync("run-a", default);
        Assert.NotNull(run);
        Assert.Equal(RunStatus.Publishing, run.Status);
        Assert.Equal("producer-1", run.Owner);
        Assert.Equal(Since, run.Since);
        Assert.Equal(bed.Clock.GetUtcNow(), run.StartedAt);
        Assert.Equal(bed.Clock.GetUtcNow() + Lease, run.LeaseExpiresAt);
        Assert.Null(await bed.Runs.GetRunAsync("run-b", default));
    }

    [Fact]
    public async Task Parallel_claimers_get_exactly_one_claim()
    {
        using var bed = await StateTestBed.CreateAsync(emulators, "state-race");

        var claims = await Task.WhenAll(Enumerable.Range(0, 8).Select(i =>
            bed.Runs.TryClaimRunAsync($"run-{i}", Since, $"producer-{i}", Lease, default)));

        Assert.Single(claims, claimed => claimed);
        var winner = $"run-{Array.IndexOf(claims, true)}";
        Assert.Equal(winner, (await bed.Runs.GetStateAsync(default)).PendingRunId);
    }

    [Fact]
    public async Task Claiming_a_run_id_that_already_exists_is_an_error()
    {
        using var bed = await StateTestBed.CreateAsync(emulators, "state-dupid");
        Assert.True(await bed.Runs.TryClaimRunAsync("run-a", Since, "producer-1", Lease, default));
        await bed.Runs.AbandonRunAsync("run-a", "test", null, default);

        await Assert.ThrowsAsync<InvalidOperationException>(() =>
            bed.Runs.TryClaimRunAsync("run-a", Since, "producer-1", Lease, default));
    }

    [Fact]
    public async Task Mark_published_records_the_totals_and_moves_the_run_to_draining()
    {
        using var bed = await StateTestBed.CreateAsync(emulators, "state-published");
        await bed.Runs.TryClaimRunAsync("run-a", Since, "producer-1", Lease, default);

        await bed.Runs.MarkPublishedAsync("run-a", Latest, totalChanged: 12, published: 11, default);

        var run = await bed.Runs.GetRunAsync("run-a", default);
        Assert.NotNull(run);
        Assert.Equal(RunStatus.Draining, run.Status);
        Assert.Equal(Latest, run.Latest);
        Assert.Equal(12, run.TotalChanged);
        Assert.Equal(11, run.Published);
    }

    [Fact]
    public async Task Finalize_moves_the_watermark_only_for_the_pending_run()
    {
        using var bed = await StateTestBed.CreateAsync(emulators, "state-finalize");
        await bed.Runs.TryClaimRunAsync("run-a", Since, "producer-1", Lease, default);
        await bed.Runs.MarkPublishedAsync("run-a", Latest, 3, 3, default);

        Assert.False(await bed.Runs.TryFinalizeRunAsync("run-b", Latest, Summary("run-b"), default));
        var untouched = await bed.Runs.GetStateAsync(default);
        Assert.Null(untouched.Watermark);
        Assert.Equal("run-a", untouched.PendingRunId);

        Assert.True(await bed.Runs.TryFinalizeRunAsync("run-a", Latest, Summary("run-a"), default));
        var state = await bed.Runs.GetStateAsync(default);
        Assert.Equal(Latest, state.Watermark);
        Assert.Null(state.PendingRunId);
        Assert.Equal(Summary("run-a"), state.LastSummary);
        Assert.Equal(untouched.Version + 1, state.Version);
        Assert.Equal(RunStatus.Completed, (await bed.Runs.GetRunAsync("run-a", default))?.Status);

        // A second finalize (a retried call) changes nothing.
        Assert.False(await bed.Runs.TryFinalizeRunAsync("run-a", Latest.AddDays(1), Summary("run-a"), default));
        Assert.Equal(Latest, (await bed.Runs.GetStateAsync(default)).Watermark);
    }

    [Fact]
    public async Task Abandon_releases_the_claim_and_leaves_the_watermark()
    {
        using var bed = await StateTestBed.CreateAsync(emulators, "state-abandon");
        await bed.Runs.TryClaimRunAsync("run-a", Since, "producer-1", Lease, default);
        await bed.Runs.TryFinalizeRunAsync("run-a", Latest, Summary("run-a"), default);
        await bed.Runs.TryClaimRunAsync("run-b", Latest, "producer-1", Lease, default);

        await bed.Runs.AbandonRunAsync("run-b", "bamboohr_unavailable", Summary("run-b", "failed"), default);

        var state = await bed.Runs.GetStateAsync(default);
        Assert.Equal(Latest, state.Watermark);
        Assert.Null(state.PendingRunId);
        Assert.Equal(Summary("run-b", "failed"), state.LastSummary);
        var run = await bed.Runs.GetRunAsync("run-b", default);
        Assert.Equal(RunStatus.Failed, run?.Status);
        Assert.Equal("bamboohr_unavailable", run?.Reason);
        Assert.True(await bed.Runs.TryClaimRunAsync("run-c", Latest, "producer-1", Lease, default));
    }

    [Fact]
    public async Task Abandoning_a_run_that_is_not_pending_is_an_error_and_changes_nothing()
    {
        using var bed = await StateTestBed.CreateAsync(emulators, "state-abandon-other");
        await bed.Runs.TryClaimRunAsync("run-a", Since, "producer-1", Lease, default);
        var before = await bed.Runs.GetStateAsync(default);

        await Assert.ThrowsAsync<InvalidOperationException>(() => bed.Runs.AbandonRunAsync("run-b", "test", null, default));

        Assert.Equal(before, await bed.Runs.GetStateAsync(default));
    }

    [Fact]
    public async Task Rewind_is_refused_while_a_run_is_pending()
    {
        using var bed = await StateTestBed.CreateAsync(emulators, "state-rewind-refused");
        await bed.Runs.TryClaimRunAsync("run-a", Since, "producer-1", Lease, default);
        await bed.Runs.TryFinalizeRunAsync("run-a", Latest, Summary("run-a"), default);
        await bed.Runs.TryClaimRunAsync("run-b", Latest, "producer-1", Lease, default);
        var before = await bed.Runs.GetStateAsync(default);

        var result = await bed.Runs.RewindAsync(Since, force: false, default);

        Assert.False(result.Applied);
        Assert.Equal(Latest, result.Before);
        Assert.Equal(Since, result.After);
        Assert.Equal("run-b", result.PendingRunId);
        Assert.Contains("run-b", result.RefusedReason, StringComparison.Ordinal);
        Assert.Equal(before, await bed.Runs.GetStateAsync(default));
    }

    [Fact]
    public async Task Forced_rewind_applies_and_the_released_run_can_no_longer_finalize()
    {
        using var bed = await StateTestBed.CreateAsync(emulators, "state-rewind-forced");
        await bed.Runs.TryClaimRunAsync("run-a", Since, "producer-1", Lease, default);
        await bed.Runs.TryFinalizeRunAsync("run-a", Latest, Summary("run-a"), default);
        await bed.Runs.TryClaimRunAsync("run-b", Latest, "producer-1", Lease, default);

        var result = await bed.Runs.RewindAsync(Since, force: true, default);

        Assert.Equal(new RewindResult(true, Latest, Since, "run-b", null), result);
        var state = await bed.Runs.GetStateAsync(default);
        Assert.Equal(Since, state.Watermark);
        Assert.Null(state.PendingRunId);
        Assert.Equal(RunStatus.Failed, (await bed.Runs.GetRunAsync("run-b", default))?.Status);
        Assert.False(await bed.Runs.TryFinalizeRunAsync("run-b", Latest.AddDays(1), Summary("run-b"), default));
        Assert.Equal(Since, (await bed.Runs.GetStateAsync(default)).Watermark);
    }

    [Fact]
    public async Task Rewind_when_idle_sets_the_watermark_and_reports_before_and_after()
    {
        using var bed = await StateTestBed.CreateAsync(emulators, "state-rewind-idle");

        var first = await bed.Runs.RewindAsync(Latest, force: false, default);
        var second = await bed.Runs.RewindAsync(Since, force: false, default);

        Assert.Equal(new RewindResult(true, null, Latest, null, null), first);
        Assert.Equal(new RewindResult(true, Latest, Since, null, null), second);
        var state = await bed.Runs.GetStateAsync(default);
        Assert.Equal(Since, state.Watermark);
        Assert.Equal(2, state.Version);
    }

    [Fact]
    public async Task Rewind_forward_is_refused_unless_forced()
    {
        using var bed = await StateTestBed.CreateAsync(emulators, "state-rewind-fwd");
        await bed.Runs.RewindAsync(Since, force: false, default);

        var refused = await bed.Runs.RewindAsync(Latest, force: false, default);
        Assert.False(refused.Applied);
        Assert.Contains("is after the watermark", refused.RefusedReason, StringComparison.Ordinal);
        Assert.Equal(Since, (await bed.Runs.GetStateAsync(default)).Watermark);

        Assert.True((await bed.Runs.RewindAsync(Latest, force: true, default)).Applied);
        Assert.Equal(Latest, (await bed.Runs.GetStateAsync(default)).Watermark);
    }

    [Fact]
    public async Task A_held_run_stays_pending_with_its_summary_until_approved_and_resumed()
    {
        using var bed = await StateTestBed.CreateAsync(emulators, "state-held");
        Assert.True(await bed.Runs.TryClaimRunAsync("run-a", Since, "producer-1", Lease, default));
        Assert.NotNull(await bed.Runs.ApproveRunAsync("run-a", default)); // publishing, not held

        await bed.Runs.HoldRunAsync("run-a", "producer-1", new RunSummary { RunId = "run-a", Status = "held", WouldSuspend = 12, ActiveLinked = 20 }, default);

        var state = await bed.Runs.GetStateAsync(default);
        Assert.Equal("run-a", state.PendingRunId);
        Assert.Null(state.Watermark);
        Assert.Equal(12, state.LastSummary!.WouldSuspend);
        var held = (await bed.Runs.GetRunAsync("run-a", default))!;
        Assert.Equal(RunStatus.Held, held.Status);
        Assert.Null(held.ApprovedAt);
        Assert.Null(await bed.Runs.ApproveRunAsync("run-a", default));
        Assert.NotNull((await bed.Runs.GetRunAsync("run-a", default))!.ApprovedAt);

        // Its lease ended when it was held: another producer resumes it the next moment, and only one does.
        bed.Clock.Advance(TimeSpan.FromMilliseconds(1));
        Assert.True(await bed.Runs.TryResumeHeldRunAsync("run-a", "producer-2", Lease, default));
        Assert.False(await bed.Runs.TryResumeHeldRunAsync("run-a", "producer-3", Lease, default));
        var resumed = (await bed.Runs.GetRunAsync("run-a", default))!;
        Assert.Equal((RunStatus.Publishing, "producer-2"), (resumed.Status, resumed.Owner));
        Assert.NotNull(resumed.ApprovedAt);
    }

    [Fact]
    public async Task Releasing_the_lease_lets_the_next_producer_take_over_at_once()
    {
        using var bed = await StateTestBed.CreateAsync(emulators, "state-release");
        Assert.True(await bed.Runs.TryClaimRunAsync("run-a", Since, "producer-1", Lease, default));
        await bed.Runs.MarkPublishedAsync("run-a", Latest, 3, 3, default);
        Assert.False(await bed.Runs.TryTakeOverRunAsync("run-a", "producer-2", Lease, default));

        await bed.Runs.ReleaseLeaseAsync("run-a", "someone-else", default); // not the holder: nothing happens
        Assert.False(await bed.Runs.TryTakeOverRunAsync("run-a", "producer-2", Lease, default));
        await bed.Runs.ReleaseLeaseAsync("run-a", "producer-1", default);
        bed.Clock.Advance(TimeSpan.FromMilliseconds(1));

        Assert.True(await bed.Runs.TryTakeOverRunAsync("run-a", "producer-2", Lease, default));
    }

    [Fact]
    public async Task Take_over_is_refused_while_the_lease_is_current_and_allowed_once_it_lapses()
    {
        using var bed = await StateTestBed.CreateAsync(emulators, "state-takeover");
        await bed.Runs.TryClaimRunAsync("run-a", Since, "producer-1", Lease, default);

        bed.Clock.Advance(Lease - TimeSpan.FromSeconds(1));
        Assert.False(await bed.Runs.TryTakeOverRunAsync("run-a", "producer-2", Lease, default));
        Assert.Equal("producer-1", (await bed.Runs.GetRunAsync("run-a", default))?.Owner);

        bed.Clock.Advance(TimeSpan.FromSeconds(2));
        Assert.True(await bed.Runs.TryTakeOverRunAsync("run-a", "producer-2", Lease, default));

        var run = await bed.Runs.GetRunAsync("run-a", default);
        Assert.Equal("producer-2", run?.Owner);
        Assert.Equal(bed.Clock.GetUtcNow() + Lease, run?.LeaseExpiresAt);
        // The killed producer, should it wake up, learns it lost the run; the new owner renews as usual.
        var lost = await Assert.ThrowsAsync<LeaseLostException>(() => bed.Runs.RenewLeaseAsync("run-a", "producer-1", Lease, default));
        Assert.Equal("run-a", lost.RunId);
        await bed.Runs.RenewLeaseAsync("run-a", "producer-2", Lease, default);
    }

    [Fact]
    public async Task Renewing_keeps_a_live_producer_from_being_taken_over()
    {
        using var bed = await StateTestBed.CreateAsync(emulators, "state-renew");
        await bed.Runs.TryClaimRunAsync("run-a", Since, "producer-1", Lease, default);

        bed.Clock.Advance(Lease - TimeSpan.FromSeconds(10));
        await bed.Runs.RenewLeaseAsync("run-a", "producer-1", Lease, default);
        bed.Clock.Advance(TimeSpan.FromSeconds(20));

        Assert.False(await bed.Runs.TryTakeOverRunAsync("run-a", "producer-2", Lease, default));
    }

    [Fact]
    public async Task Take_over_of_a_run_that_is_not_pending_is_refused()
    {
        using var bed = await StateTestBed.CreateAsync(emulators, "state-takeover-done");
        await bed.Runs.TryClaimRunAsync("run-a", Since, "producer-1", Lease, default);
        await bed.Runs.TryFinalizeRunAsync("run-a", Latest, Summary("run-a"), default);
        bed.Clock.Advance(Lease * 2);

        Assert.False(await bed.Runs.TryTakeOverRunAsync("run-a", "producer-2", Lease, default));
        Assert.Equal(RunStatus.Completed, (await bed.Runs.GetRunAsync("run-a", default))?.Status);
    }

    [Fact]
    public async Task Timestamps_are_stored_as_utc_round_trip_strings_with_an_expiry_in_epoch_seconds()
    {
        using var bed = await StateTestBed.CreateAsync(emulators, "state-format");
        var sinceWithOffset = new DateTimeOffset(2025, 3, 1, 10, 0, 0, TimeSpan.FromHours(2));
        await bed.Runs.TryClaimRunAsync("run-a", sinceWithOffset, "producer-1", Lease, default);

        var item = (await bed.Db.GetItemAsync(new GetItemRequest
        {
            TableName = bed.Table,
            Key = new() { ["pk"] = new AttributeValue { S = "RUN#run-a" }, ["sk"] = new AttributeValue { S = "META" } },
            ConsistentRead = true,
        })).Item;

        Assert.Equal("2025-03-01T08:00:00.0000000+00:00", item["since"].S);
        var expected = (bed.Clock.GetUtcNow() + TimeSpan.FromDays(30)).ToUnixTimeSeconds();
        Assert.Equal(expected.ToString(System.Globalization.CultureInfo.InvariantCulture), item["expires_at"].N);
        Assert.Equal(sinceWithOffset, (await bed.Runs.GetRunAsync("run-a", default))?.Since);
    }

    private static RunSummary Summary(string runId, string status = "completed") => new()
    {
        RunId = runId,
        Status = status,
        Since = Since,
        NextSince = Latest,
        TotalChanged = 3,
        Published = 3,
        Created = 1,
        Updated = 2,
        DurationMs = 1234,
    };
}
