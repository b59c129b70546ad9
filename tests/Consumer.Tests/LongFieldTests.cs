using Pipeline.Consumer.Handling;
using Pipeline.Contracts;

namespace Pipeline.Consumer.Tests;

/// <summary>
/// Issue 15.4: a descriptive value longer than its Moodle column is cut to fit and reported, never the reason an employee
/// has no account. The in-memory Moodle refuses an over-long value with dml_write_exception, as Moodle 4.5 does.
/// </summary>
public sealed class LongFieldTests : IDisposable
{
    // 300 characters, 554 UTF-16 units: 254 × é, an emoji (a surrogate pair) as the 255th, then 45 more.
    private static readonly string LongDepartment = new string('é', 254) + "😀" + new string('x', 45);
    private static readonly string CutDepartment = new string('é', 254) + "😀";

    private readonly HandlerBed _bed = new();

    [Fact]
    public async Task A_300_character_department_is_created_cut_to_255_and_its_outcome_carries_the_warning()
    {
        var message = Message(Snapshots.Active("91", LongDepartment) with { FirstName = new string('ß', 101) });

        var batch = await _bed.HandleAsync(message);

        Assert.Equal([message], batch.Done);
        Assert.Empty(_bed.DeadLetters.Parked);
        var user = _bed.Moodle.ByIdNumber("91");
        Assert.NotNull(user);
        Assert.Equal(CutDepartment, user.Department);
        Assert.Equal(new string('ß', 100), user.FirstName);

        var outcome = _bed.Outcomes["r-1", "91"];
        Assert.NotNull(outcome);
        Assert.Equal(Outcome.Created, outcome.Outcome);
        Assert.Equal(2, outcome.Warnings.Count);
        Assert.Contains(outcome.Warnings, w => w.StartsWith("Employee 91: Department is 300 characters; Moodle's department holds at most 255", StringComparison.Ordinal));
        Assert.Contains(outcome.Warnings, w => w.StartsWith("Employee 91: First Name is 101 characters; Moodle's firstname holds at most 100", StringComparison.Ordinal));
        Assert.All(outcome.Warnings, w => Assert.DoesNotContain("éé", w, StringComparison.Ordinal));
        Assert.Equal(1, (await _bed.Outcomes.CountAsync("r-1", default)).Warnings);
    }

    [Fact]
    public async Task The_same_snapshot_synced_again_finds_moodle_equal_to_the_cut_value_and_writes_nothing()
    {
        var snapshot = Snapshots.Active("92", LongDepartment);
        await _bed.HandleAsync(Message(snapshot));
        Assert.Equal(Outcome.Created, _bed.Outcomes["r-1", "92"]?.Outcome);
        var written = _bed.Moodle.UsersWritten;

        // BambooHR moves lastChanged for fields the sync does not read: the next night's snapshot is new to the
        // ledger, so only the comparison with Moodle keeps it from being written again.
        var again = Message(snapshot, Snapshots.T1.AddDays(1), runId: "r-2");
        var batch = await _bed.HandleAsync(again);

        Assert.Equal([again], batch.Done);
        Assert.Equal(written, _bed.Moodle.UsersWritten);
        Assert.Equal(0, _bed.Moodle.CallsTo("core_user_update_users"));
        var outcome = _bed.Outcomes["r-2", "92"];
        Assert.NotNull(outcome);
        Assert.Equal(Outcome.Unchanged, outcome.Outcome);
        Assert.Null(outcome.Detail);
        Assert.Single(outcome.Warnings);
    }

    [Fact]
    public async Task An_over_long_email_is_still_dead_lettered_and_nothing_is_written()
    {
        var message = Message(Snapshots.Active("93") with { WorkEmail = new string('a', 64) + "@" + new string('b', 40) + ".com" });

        await _bed.HandleAsync(message);

        Assert.Equal("field_too_long", Assert.Single(_bed.DeadLetters.Parked).Code);
        Assert.Equal(0, _bed.Moodle.UsersWritten);
        Assert.Empty(_bed.Outcomes["r-1", "93"]!.Warnings);
    }

    private static IncomingMessage Message(EmployeeSnapshot snapshot, DateTimeOffset? lastChanged = null, string runId = "r-1") =>
        Snapshots.Message(Snapshots.Changed(runId, snapshot, lastChanged));

    public void Dispose() => _bed.Dispose();
}
