using Pipeline.TestSupport;

namespace Pipeline.State.Tests;

public sealed class DueStoreTests(EmulatorFixture emulators) : IClassFixture<EmulatorFixture>
{
    private static readonly DateTimeOffset Changed = new(2025, 6, 1, 9, 0, 0, TimeSpan.Zero);
    private static readonly DateOnly June15 = new(2025, 6, 15);

    [Fact]
    public async Task Employees_due_up_to_a_date_are_read_earliest_first_and_later_ones_are_left()
    {
        using var bed = await StateTestBed.CreateAsync(emulators, "due-read");
        await bed.Due.RecordAsync(
        [
            new DueEmployee("7", June15.AddDays(1), Changed),
            new DueEmployee("42", June15, Changed),
            new DueEmployee("5", June15.AddDays(-3), Changed),
            new DueEmployee("9", June15.AddDays(30), Changed),
        ], default);

        var due = await bed.Due.GetDueAsync(June15, default);

        Assert.Equal(["5", "42"], due.Select(d => d.EmployeeId));
        Assert.Equal(new DueEmployee("42", June15, Changed), due[1]);
        Assert.Equal((2, June15.AddDays(1)), await bed.Due.CountUpcomingAsync(June15, default));
    }

    [Fact]
    public async Task Recording_the_same_employee_and_date_again_keeps_one_item_with_the_newer_last_changed()
    {
        using var bed = await StateTestBed.CreateAsync(emulators, "due-again");
        await bed.Due.RecordAsync([new DueEmployee("42", June15, Changed)], default);
        await bed.Due.RecordAsync([new DueEmployee("42", June15, Changed.AddHours(1))], default);

        var due = Assert.Single(await bed.Due.GetDueAsync(June15, default));
        Assert.Equal(Changed.AddHours(1), due.LastChanged);
    }

    [Fact]
    public async Task Removing_through_a_date_forgets_only_those_due_by_then()
    {
        using var bed = await StateTestBed.CreateAsync(emulators, "due-remove");
        await bed.Due.RecordAsync([new DueEmployee("42", June15, Changed), new DueEmployee("43", June15.AddDays(1), Changed)], default);

        Assert.Equal(1, await bed.Due.RemoveThroughAsync(June15, default));

        Assert.Empty(await bed.Due.GetDueAsync(June15, default));
        Assert.Equal("43", Assert.Single(await bed.Due.GetDueAsync(June15.AddDays(1), default)).EmployeeId);
        Assert.Equal(0, await bed.Due.RemoveThroughAsync(June15, default));
    }

    [Fact]
    public async Task Due_items_are_apart_from_the_ledger_and_the_runs()
    {
        using var bed = await StateTestBed.CreateAsync(emulators, "due-apart");
        await bed.Ledger.TryAdvanceAsync(new LedgerEntry("42", Changed, "hash", 7), default);
        await bed.Due.RecordAsync([new DueEmployee("42", June15, Changed)], default);

        Assert.Single(await bed.Ledger.GetManyAsync(["42"], default));
        Assert.Single(await bed.Due.GetDueAsync(DateOnly.MaxValue.AddDays(-1), default));
    }
}
