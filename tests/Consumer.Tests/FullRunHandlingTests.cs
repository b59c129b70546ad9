using Pipeline.Consumer.Handling;
using Pipeline.Contracts;
using Pipeline.State;

namespace Pipeline.Consumer.Tests;

/// <summary>
/// Messages of a full run (<see cref="EmployeeChanged.Full"/>) through the whole handler on an in-memory Moodle: a
/// snapshot the ledger has already applied is compared with Moodle itself, edits made in Moodle are put right and
/// recorded as drift corrected, and an unchanged account costs a lookup but no write.
/// </summary>
public sealed class FullRunHandlingTests : IDisposable
{
    private const string Update = "core_user_update_users";
    private const string Create = "core_user_create_users";

    private readonly HandlerBed _bed = new();

    [Fact]
    public async Task Edits_made_in_Moodle_to_applied_employees_are_put_right_and_counted_as_drift()
    {
        // The ledger has applied each snapshot; then an admin edited the department of 91, suspended 92 by hand and
        // deleted 93's account. 94 still matches.
        await AppliedAsync("91", "92", "93", "94");
        _bed.AddLinked("91", department: "Edited by hand");
        _bed.AddLinked("92", suspended: true);
        _bed.AddLinked("94");

        var batch = await _bed.HandleAsync(Full("91"), Full("92"), Full("93"), Full("94"));

        Assert.Equal(4, batch.Done.Count);
        Assert.Equal("Engineering", _bed.Moodle.ByIdNumber("91")?.Department);
        Assert.False(_bed.Moodle.ByIdNumber("92")?.Suspended);
        Assert.NotNull(_bed.Moodle.ByIdNumber("93"));
        Assert.Equal((Outcome.Updated, true), Recorded("91"));
        Assert.Equal((Outcome.Reactivated, true), Recorded("92"));
        Assert.Equal((Outcome.Created, true), Recorded("93"));
        Assert.Equal((Outcome.Unchanged, false), Recorded("94"));
        Assert.Equal(3, await _bed.Outcomes.CountDriftCorrectedAsync("r-full", CancellationToken.None));
        Assert.Equal((1, 1), (_bed.Moodle.CallsTo(Update), _bed.Moodle.CallsTo(Create)));
    }

    [Fact]
    public async Task A_full_run_that_finds_Moodle_as_applied_writes_nothing_and_leaves_the_ledger_as_it_was()
    {
        await AppliedAsync("95", "96");
        _bed.AddLinked("95");
        _bed.AddLinked("96");
        var ledgerBefore = (_bed.Ledger["95"], _bed.Ledger["96"]);

        var batch = await _bed.HandleAsync(Full("95"), Full("96"));

        Assert.Equal(2, batch.Done.Count);
        Assert.Equal(0, _bed.Moodle.UsersWritten);
        Assert.Equal((Outcome.Unchanged, false), Recorded("95"));
        Assert.Equal((Outcome.Unchanged, false), Recorded("96"));
        Assert.Equal(ledgerBefore, (_bed.Ledger["95"], _bed.Ledger["96"]));
    }

    [Fact]
    public async Task The_same_applied_snapshot_from_a_nightly_run_is_still_settled_without_asking_Moodle()
    {
        await AppliedAsync("97");
        _bed.AddLinked("97", department: "Edited by hand");
        var callsBefore = _bed.Moodle.TotalCalls;

        await _bed.HandleAsync(Snapshots.Message(Snapshots.Changed("r-nightly", Snapshots.Active("97"))));

        Assert.Equal(callsBefore, _bed.Moodle.TotalCalls);
        Assert.Equal(Outcome.Unchanged, _bed.Outcomes["r-nightly", "97"]?.Outcome);
        Assert.Equal("Edited by hand", _bed.Moodle.ByIdNumber("97")?.Department);
    }

    [Fact]
    public async Task Leavers_of_a_full_run_who_never_had_an_account_are_not_created()
    {
        // 98 left long ago and was never synced; 99 left, was applied as a leaver (nothing in Moodle), and a full run sends it again.
        var applied = Snapshots.Changed("r-0", Snapshots.Leaver("99"));
        await _bed.Ledger.TryAdvanceAsync(new LedgerEntry("99", applied.LastChanged, applied.ContentHash, null), CancellationToken.None);

        var batch = await _bed.HandleAsync(
            Snapshots.Message(Snapshots.Changed("r-full", Snapshots.Leaver("98")) with { Full = true }),
            Snapshots.Message(applied with { RunId = "r-full", Full = true }));

        Assert.Equal(2, batch.Done.Count);
        Assert.Empty(_bed.Moodle.Users);
        Assert.Equal((0, 0), (_bed.Moodle.CallsTo(Create), _bed.Moodle.UsersWritten));
        Assert.Equal((Outcome.Unchanged, false), Recorded("98"));
        Assert.Equal((Outcome.Unchanged, false), Recorded("99"));
        Assert.Empty(_bed.DeadLetters.Parked);
    }

    private async Task AppliedAsync(params string[] ids)
    {
        foreach (var id in ids)
        {
            var applied = Snapshots.Changed("r-0", Snapshots.Active(id));
            await _bed.Ledger.TryAdvanceAsync(new LedgerEntry(id, applied.LastChanged, applied.ContentHash, null), CancellationToken.None);
        }
    }

    private static IncomingMessage Full(string id) =>
        Snapshots.Message(Snapshots.Changed("r-full", Snapshots.Active(id)) with { Full = true });

    private (Outcome?, bool) Recorded(string id) =>
        (_bed.Outcomes["r-full", id]?.Outcome, _bed.Outcomes["r-full", id]?.DriftCorrected ?? false);

    public void Dispose() => _bed.Dispose();
}
