using Pipeline.Consumer.Handling;
using Pipeline.Consumer.Handling.Stages;
using Pipeline.Contracts;
using Pipeline.Domain;

namespace Pipeline.Consumer.Tests.Stages;

/// <summary>Write, updates: one call, one read-back, and each refusal parks only the employee it concerns.</summary>
public sealed class UpdateWriterTests : IDisposable
{
    private const string Update = "core_user_update_users";
    private const string LookUp = "core_user_get_users_by_field";

    private readonly HandlerBed _bed = new();

    [Fact]
    public async Task A_mover_a_leaver_and_a_rehire_are_applied_with_one_update_and_one_read_back()
    {
        _bed.AddLinked("51", department: "Sales");
        _bed.AddLinked("52");
        _bed.AddLinked("53", suspended: true);
        var (updates, batch) = await DecideAsync(Snapshots.Active("51", "Research"), Snapshots.Leaver("52"), Snapshots.Active("53"));
        var lookups = _bed.Moodle.CallsTo(LookUp);

        await _bed.Updates.WriteAsync(updates, batch, CancellationToken.None);

        Assert.Equal(1, _bed.Moodle.CallsTo(Update));
        Assert.Equal(1, _bed.Moodle.CallsTo(LookUp) - lookups);
        Assert.Equal(Outcome.Updated, _bed.Outcomes["r-1", "51"]?.Outcome);
        Assert.Equal(Outcome.Suspended, _bed.Outcomes["r-1", "52"]?.Outcome);
        Assert.Equal(Outcome.Reactivated, _bed.Outcomes["r-1", "53"]?.Outcome);
        Assert.Equal("Research", _bed.Moodle.ByIdNumber("51")!.Department);
        Assert.True(_bed.Moodle.ByIdNumber("52")!.Suspended);
        Assert.False(_bed.Moodle.ByIdNumber("53")!.Suspended);
        Assert.All(batch.Messages, m => Assert.True(batch.IsDone(m)));
        Assert.Equal(_bed.Moodle.ByIdNumber("52")!.Id, _bed.Ledger["52"]?.MoodleUserId);
    }

    [Fact]
    public async Task One_refused_update_in_a_batch_of_movers_and_a_leaver_parks_only_that_mover()
    {
        _bed.AddLinked("54", department: "Sales");
        _bed.AddLinked("55", department: "Sales");
        _bed.AddLinked("56");
        _bed.Moodle.Add(new InMemoryUser { Username = "holder", Email = "taken@acme.example" });
        var (updates, batch) = await DecideAsync(
            Snapshots.Active("54", "Research"),
            Snapshots.Active("55", "Research") with { WorkEmail = "taken@acme.example" },
            Snapshots.Leaver("56"));

        await _bed.Updates.WriteAsync(updates, batch, CancellationToken.None);

        var parked = Assert.Single(_bed.DeadLetters.Parked);
        Assert.Equal(("moodle_useremailduplicate", "55"), (parked.Code, parked.EmployeeId));
        Assert.Equal(Outcome.DeadLettered, _bed.Outcomes["r-1", "55"]?.Outcome);
        Assert.Equal("Sales", _bed.Moodle.ByIdNumber("55")!.Department);
        Assert.Equal(Outcome.Updated, _bed.Outcomes["r-1", "54"]?.Outcome);
        Assert.Equal("Research", _bed.Moodle.ByIdNumber("54")!.Department);
        Assert.Equal(Outcome.Suspended, _bed.Outcomes["r-1", "56"]?.Outcome);
        Assert.True(_bed.Moodle.ByIdNumber("56")!.Suspended);
        Assert.Null(_bed.Ledger["55"]);
        Assert.All(batch.Messages, m => Assert.True(batch.IsDone(m)));
    }

    [Fact]
    public async Task An_update_moodle_accepts_but_does_not_apply_is_parked_as_skipped_after_the_read_back()
    {
        var user = _bed.AddLinked("57", department: "Sales");
        _bed.Moodle.IgnoreUpdatesOf(user.Id);
        var (updates, batch) = await DecideAsync(Snapshots.Active("57", "Research"));

        await _bed.Updates.WriteAsync(updates, batch, CancellationToken.None);

        Assert.Equal("moodle_update_skipped", Assert.Single(_bed.DeadLetters.Parked).Code);
        Assert.Null(_bed.Ledger["57"]);
        Assert.True(batch.IsDone(batch.Messages[0]));
    }

    [Fact]
    public async Task A_failed_read_back_leaves_the_accepted_updates_unsettled_for_the_caller_to_retry()
    {
        _bed.AddLinked("58", department: "Sales");
        var (updates, batch) = await DecideAsync(Snapshots.Active("58", "Research"));
        _bed.Moodle.FailNext(LookUp);

        await Assert.ThrowsAsync<Moodle.MoodleException>(() => _bed.Updates.WriteAsync(updates, batch, CancellationToken.None));

        Assert.False(batch.IsSettled(batch.Messages[0]));
        Assert.Null(_bed.Outcomes["r-1", "58"]);
    }

    private async Task<(IReadOnlyList<Decided<Decision.Update>> Updates, ConsumerBatch Batch)> DecideAsync(params EmployeeSnapshot[] snapshots)
    {
        var deliveries = snapshots.Select(s =>
        {
            var change = Snapshots.Changed("r-1", s);
            return new Delivery(Snapshots.Message(change), change);
        }).ToList();
        var decisions = await _bed.Decide.DecideAsync(deliveries, CancellationToken.None);
        Assert.Equal(snapshots.Length, decisions.Updates.Count);
        return (decisions.Updates, new ConsumerBatch([.. deliveries.SelectMany(d => d.Messages)]));
    }

    public void Dispose() => _bed.Dispose();
}
