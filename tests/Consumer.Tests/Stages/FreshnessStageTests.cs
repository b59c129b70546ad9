using Pipeline.Consumer.Handling.Stages;
using Pipeline.Contracts;
using Pipeline.State;

namespace Pipeline.Consumer.Tests.Stages;

/// <summary>Freshness: one ledger read; per employee the newest snapshot of the batch goes on, everything else is settled here.</summary>
public sealed class FreshnessStageTests : IDisposable
{
    private readonly HandlerBed _bed = new();

    [Fact]
    public async Task A_snapshot_the_ledger_has_not_seen_goes_on()
    {
        var delivery = Delivered(Snapshots.Changed("r-1", Snapshots.Active("21")));

        var freshness = await _bed.Freshness.SortAsync([delivery], CancellationToken.None);

        Assert.Equal([delivery], freshness.Fresh);
        Assert.Empty(freshness.Settled);
        Assert.Equal(1, _bed.Ledger.Reads);
    }

    [Fact]
    public async Task The_applied_snapshot_again_is_unchanged_and_an_older_one_is_stale()
    {
        var applied = Snapshots.Changed("r-1", Snapshots.Active("21"), Snapshots.T1);
        await _bed.Ledger.TryAdvanceAsync(new LedgerEntry("21", applied.LastChanged, applied.ContentHash, 7), CancellationToken.None);
        var again = Delivered(applied with { RunId = "r-2" });
        var older = Delivered(Snapshots.Changed("r-3", Snapshots.Active("22")));
        await _bed.Ledger.TryAdvanceAsync(new LedgerEntry("22", Snapshots.T1.AddHours(1), "newer", 8), CancellationToken.None);

        var freshness = await _bed.Freshness.SortAsync([again, older], CancellationToken.None);

        Assert.Empty(freshness.Fresh);
        var settled = freshness.Settled.ToDictionary(a => a.Delivery.EmployeeId);
        Assert.Equal((Outcome.Unchanged, false), (settled["21"].Outcome, settled["21"].AdvanceLedger));
        Assert.Equal((Outcome.Stale, false), (settled["22"].Outcome, settled["22"].AdvanceLedger));
        Assert.Equal(1, _bed.Ledger.Reads);
    }

    [Fact]
    public async Task A_full_run_sends_the_applied_snapshot_on_to_be_compared_with_Moodle_but_an_older_one_stays_stale()
    {
        var applied = Snapshots.Changed("r-1", Snapshots.Active("21"), Snapshots.T1);
        await _bed.Ledger.TryAdvanceAsync(new LedgerEntry("21", applied.LastChanged, applied.ContentHash, 7), CancellationToken.None);
        var again = Delivered(applied with { RunId = "r-full", Full = true });
        var older = Delivered(Snapshots.Changed("r-full", Snapshots.Active("22"), Snapshots.T1) with { Full = true });
        await _bed.Ledger.TryAdvanceAsync(new LedgerEntry("22", Snapshots.T1.AddHours(1), "newer", 8), CancellationToken.None);
        var fresh = Delivered(Snapshots.Changed("r-full", Snapshots.Active("23"), Snapshots.T1) with { Full = true });

        var freshness = await _bed.Freshness.SortAsync([again, older, fresh], CancellationToken.None);

        var through = freshness.Fresh.ToDictionary(d => d.EmployeeId);
        Assert.Equal(["21", "23"], through.Keys.Order(StringComparer.Ordinal));
        Assert.True(through["21"].Recheck);
        Assert.False(through["23"].Recheck);
        var stale = Assert.Single(freshness.Settled);
        Assert.Equal(("22", Outcome.Stale), (stale.Delivery.EmployeeId, stale.Outcome));
    }

    [Fact]
    public async Task A_nightly_copy_and_a_full_copy_of_the_applied_snapshot_go_on_together_as_one_recheck()
    {
        var applied = Snapshots.Changed("r-1", Snapshots.Active("25"), Snapshots.T1);
        await _bed.Ledger.TryAdvanceAsync(new LedgerEntry("25", applied.LastChanged, applied.ContentHash, 9), CancellationToken.None);
        var nightly = Delivered(applied with { RunId = "r-2" });
        var full = Delivered(applied with { RunId = "r-full", Full = true });

        var freshness = await _bed.Freshness.SortAsync([nightly, full], CancellationToken.None);

        var delivery = Assert.Single(freshness.Fresh);
        Assert.True(delivery.Recheck);
        Assert.Equal(["r-2", "r-full"], delivery.RunIds);
        Assert.Empty(freshness.Settled);
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public async Task Of_two_snapshots_of_one_employee_in_a_batch_the_newer_goes_on_and_the_older_is_stale_whatever_their_order(bool newerFirst)
    {
        var older = Delivered(Snapshots.Changed("r-old", Snapshots.Active("23", "Sales"), Snapshots.T1));
        var newer = Delivered(Snapshots.Changed("r-new", Snapshots.Active("23", "Research"), Snapshots.T1.AddHours(1)));

        var freshness = await _bed.Freshness.SortAsync(newerFirst ? [newer, older] : [older, newer], CancellationToken.None);

        Assert.Equal([newer], freshness.Fresh);
        var stale = Assert.Single(freshness.Settled);
        Assert.Equal(older, stale.Delivery);
        Assert.Equal(Outcome.Stale, stale.Outcome);
    }

    [Fact]
    public async Task Copies_of_one_snapshot_travel_as_one_delivery_carrying_every_message_and_run()
    {
        var change = Snapshots.Changed("r-1", Snapshots.Active("24"));
        var first = Delivered(change);
        var copy = Delivered(change);
        var republished = Delivered(change with { RunId = "r-2" });

        var freshness = await _bed.Freshness.SortAsync([first, copy, republished], CancellationToken.None);

        var delivery = Assert.Single(freshness.Fresh);
        Assert.Equal([.. first.Messages, .. copy.Messages, .. republished.Messages], delivery.Messages);
        Assert.Equal(["r-1", "r-2"], delivery.RunIds);
        Assert.Empty(freshness.Settled);
    }

    private static Delivery Delivered(EmployeeChanged change) => new(Snapshots.Message(change), change);

    public void Dispose() => _bed.Dispose();
}
