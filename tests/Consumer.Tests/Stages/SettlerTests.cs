using Pipeline.Consumer.Handling;
using Pipeline.Consumer.Handling.Stages;
using Pipeline.Contracts;
using Pipeline.Moodle;

namespace Pipeline.Consumer.Tests.Stages;

/// <summary>Settle: outcomes, ledger, DLQ and retries, always for every copy of a snapshot and every run that sent it.</summary>
public sealed class SettlerTests : IDisposable
{
    private readonly HandlerBed _bed = new();

    [Fact]
    public async Task An_applied_snapshot_records_its_outcome_for_every_run_advances_the_ledger_once_and_settles_every_copy()
    {
        var (delivery, batch) = TwoRuns("61");

        await _bed.Settler.ApplyAsync([new Applied(delivery, Outcome.Updated, null, AdvanceLedger: true, 9)], batch, CancellationToken.None);

        Assert.Equal(Outcome.Updated, _bed.Outcomes["r-1", "61"]?.Outcome);
        Assert.Equal(Outcome.Updated, _bed.Outcomes["r-2", "61"]?.Outcome);
        Assert.Equal((delivery.Change.LastChanged, 9L), (_bed.Ledger["61"]!.LastChanged, _bed.Ledger["61"]!.MoodleUserId!.Value));
        Assert.All(batch.Messages, m => Assert.True(batch.IsDone(m)));
    }

    [Fact]
    public async Task Unchanged_and_stale_snapshots_leave_the_ledger_alone()
    {
        var (delivery, batch) = TwoRuns("62");

        await _bed.Settler.ApplyAsync([new Applied(delivery, Outcome.Stale, "older", AdvanceLedger: false)], batch, CancellationToken.None);

        Assert.Equal(("older", Outcome.Stale), (_bed.Outcomes["r-1", "62"]?.Detail, _bed.Outcomes["r-1", "62"]!.Outcome));
        Assert.Null(_bed.Ledger["62"]);
    }

    [Fact]
    public async Task A_parked_snapshot_goes_to_the_dlq_once_and_is_dead_lettered_for_every_run()
    {
        var (delivery, batch) = TwoRuns("63");

        await _bed.Settler.ParkAsync(delivery, "ambiguous_match", "Two users match employee 63.", batch, CancellationToken.None);

        Assert.Equal("ambiguous_match", Assert.Single(_bed.DeadLetters.Parked).Code);
        Assert.Equal(Outcome.DeadLettered, _bed.Outcomes["r-1", "63"]?.Outcome);
        Assert.Equal(Outcome.DeadLettered, _bed.Outcomes["r-2", "63"]?.Outcome);
        Assert.All(batch.Messages, m => Assert.Equal("ambiguous_match", batch.ResultOf(m.MessageId)?.DeadLetterCode));
    }

    [Fact]
    public async Task A_transient_failure_retries_every_copy_after_the_backoff_and_parks_on_the_last_attempt()
    {
        var (early, earlyBatch) = TwoRuns("64");
        var lastChange = Snapshots.Changed("r-1", Snapshots.Active("65"));
        var last = new Delivery(Snapshots.Message(lastChange, receiveCount: _bed.Options.MaxAttempts), lastChange);
        var lastBatch = new ConsumerBatch(last.Messages);
        var failure = new MoodleException("HTTP 500", "http500", MoodleErrorKind.Transient);

        await _bed.Settler.RetryOrParkAsync([early], failure, earlyBatch, CancellationToken.None);
        await _bed.Settler.RetryOrParkAsync([last], failure, lastBatch, CancellationToken.None);

        Assert.All(earlyBatch.Messages, m =>
        {
            var result = earlyBatch.ResultOf(m.MessageId);
            Assert.False(result?.Done);
            Assert.InRange(result!.Value.RetryAfter, TimeSpan.FromSeconds(10), TimeSpan.FromSeconds(12));
        });
        Assert.Null(_bed.Outcomes["r-1", "64"]);
        Assert.Equal("transient_exhausted", lastBatch.ResultOf(last.Messages[0].MessageId)?.DeadLetterCode);
        Assert.Equal(Outcome.DeadLettered, _bed.Outcomes["r-1", "65"]?.Outcome);
    }

    private static (Delivery Delivery, ConsumerBatch Batch) TwoRuns(string id)
    {
        var change = Snapshots.Changed("r-1", Snapshots.Active(id));
        var republished = change with { RunId = "r-2" };
        var delivery = Delivery.Merge([new Delivery(Snapshots.Message(change), change), new Delivery(Snapshots.Message(republished), republished)]);
        return (delivery, new ConsumerBatch(delivery.Messages));
    }

    public void Dispose() => _bed.Dispose();
}
