using Pipeline.Consumer.Handling;
using Pipeline.Contracts;

namespace Pipeline.Consumer.Tests;

/// <summary>
/// The whole handler on an in-memory Moodle: the Moodle calls a batch costs (README, "The consumer") and what each
/// message ends as, for every path through the stages.
/// </summary>
public sealed class EmployeeBatchHandlerTests : IDisposable
{
    private const string LookUp = "core_user_get_users_by_field";
    private const string Create = "core_user_create_users";
    private const string Update = "core_user_update_users";

    private readonly HandlerBed _bed = new();

    [Fact]
    public async Task A_batch_of_joiners_costs_two_lookups_and_one_create()
    {
        var messages = Enumerable.Range(71, 10).Select(i => Message(Snapshots.Active(i.ToString(System.Globalization.CultureInfo.InvariantCulture)), action: EmployeeAction.Inserted)).ToArray();

        var batch = await _bed.HandleAsync(messages);

        Assert.Equal((2, 1, 3), (_bed.Moodle.CallsTo(LookUp), _bed.Moodle.CallsTo(Create), _bed.Moodle.TotalCalls));
        Assert.Equal(messages, batch.Done);
        Assert.Equal(10, _bed.Moodle.Users.Count);
        Assert.Equal(1, _bed.Ledger.Reads);
    }

    [Fact]
    public async Task A_batch_of_movers_costs_one_lookup_one_update_and_one_read_back_and_an_unchanged_employee_nothing_more()
    {
        _bed.AddLinked("81", department: "Sales");
        _bed.AddLinked("82");
        var mover = Message(Snapshots.Active("81", "Research"));
        var unchanged = Message(Snapshots.Active("82"));

        var batch = await _bed.HandleAsync(mover, unchanged);

        Assert.Equal((2, 1, 3), (_bed.Moodle.CallsTo(LookUp), _bed.Moodle.CallsTo(Update), _bed.Moodle.TotalCalls));
        Assert.Equal([mover, unchanged], batch.Done);
        Assert.Equal(Outcome.Updated, _bed.Outcomes["r-1", "81"]?.Outcome);
        Assert.Equal(Outcome.Unchanged, _bed.Outcomes["r-1", "82"]?.Outcome);
    }

    [Fact]
    public async Task Duplicates_stale_snapshots_and_poison_are_settled_without_a_write()
    {
        var applied = Snapshots.Changed("r-0", Snapshots.Active("83"));
        await _bed.HandleAsync(Snapshots.Message(applied));
        var writes = _bed.Moodle.UsersWritten;
        var duplicate = Snapshots.Message(applied with { RunId = "r-1" });
        var stale = Message(Snapshots.Active("83", "Sales"), Snapshots.T1.AddHours(-1), runId: "r-2");
        var poison = Message(Snapshots.Active("84") with { WorkEmail = "not an e-mail" });

        var batch = await _bed.HandleAsync(duplicate, stale, poison);

        Assert.Equal(writes, _bed.Moodle.UsersWritten);
        Assert.Equal([duplicate, stale, poison], batch.Done);
        Assert.Equal(Outcome.Unchanged, _bed.Outcomes["r-1", "83"]?.Outcome);
        Assert.Equal(Outcome.Stale, _bed.Outcomes["r-2", "83"]?.Outcome);
        Assert.Equal("invalid_email", Assert.Single(_bed.DeadLetters.Parked).Code);
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public async Task Of_two_snapshots_of_one_employee_in_a_batch_the_newer_is_applied_and_the_older_is_stale_whatever_their_order(bool newerFirst)
    {
        _bed.AddLinked("85", department: "Sales");
        var older = Message(Snapshots.Active("85", "Finance"), Snapshots.T1, runId: "r-old");
        var newer = Message(Snapshots.Active("85", "Research"), Snapshots.T1.AddHours(1), runId: "r-new");

        var batch = await _bed.HandleAsync(newerFirst ? [newer, older] : [older, newer]);

        Assert.Equal("Research", _bed.Moodle.ByIdNumber("85")!.Department);
        Assert.Equal(Outcome.Updated, _bed.Outcomes["r-new", "85"]?.Outcome);
        Assert.Equal(Outcome.Stale, _bed.Outcomes["r-old", "85"]?.Outcome);
        Assert.Equal(Snapshots.T1.AddHours(1), _bed.Ledger["85"]!.LastChanged);
        Assert.Equal(1, _bed.Moodle.UsersWritten);
        Assert.Equal(2, batch.Done.Count);
    }

    [Fact]
    public async Task A_transient_moodle_failure_retries_every_unsettled_message_and_writes_nothing()
    {
        _bed.Moodle.FailNext(Create);
        var joiners = new[] { Message(Snapshots.Active("86"), action: EmployeeAction.Inserted), Message(Snapshots.Active("87"), action: EmployeeAction.Inserted) };
        var poison = Message(Snapshots.Active("88") with { WorkEmail = null });

        var batch = await _bed.HandleAsync([.. joiners, poison]);

        Assert.Equal([poison], batch.Done);
        Assert.All(joiners, m => Assert.False(batch.ResultOf(m.MessageId)?.Done));
        Assert.Equal(0, _bed.Moodle.UsersWritten);
        Assert.Equal("missing_email", Assert.Single(_bed.DeadLetters.Parked).Code);
    }

    [Fact]
    public async Task A_refused_token_halts_the_consumer_and_parks_nothing()
    {
        _bed.Moodle.RevokeToken();
        var message = Message(Snapshots.Active("89"));

        var ex = await Assert.ThrowsAsync<ConsumerHaltedException>(() => _bed.HandleAsync(message));

        Assert.Equal("invalidtoken", ex.Code);
        Assert.Empty(_bed.DeadLetters.Parked);
    }

    private static IncomingMessage Message(EmployeeSnapshot snapshot, DateTimeOffset? lastChanged = null, string runId = "r-1", EmployeeAction action = EmployeeAction.Updated) =>
        Snapshots.Message(Snapshots.Changed(runId, snapshot, lastChanged, action));

    public void Dispose() => _bed.Dispose();
}
