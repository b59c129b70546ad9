using System.Globalization;
using Pipeline.TestSupport;

namespace Pipeline.State.Tests;

public sealed class IdempotencyLedgerTests(EmulatorFixture emulators) : IClassFixture<EmulatorFixture>
{
    private static readonly DateTimeOffset T1 = new(2025, 1, 1, 9, 0, 0, TimeSpan.Zero);
    private static readonly DateTimeOffset T2 = T1.AddMinutes(5);

    [Fact]
    public async Task The_first_snapshot_of_an_employee_is_accepted()
    {
        using var bed = await StateTestBed.CreateAsync(emulators, "ledger-first");

        Assert.True(await bed.Ledger.TryAdvanceAsync(new LedgerEntry("42", T1, "hash-1", 7), default));

        var stored = await bed.Ledger.GetManyAsync(["42"], default);
        Assert.Equal(new LedgerEntry("42", T1, "hash-1", 7), stored["42"]);
    }

    [Fact]
    public async Task An_older_snapshot_is_refused_and_a_newer_one_accepted()
    {
        using var bed = await StateTestBed.CreateAsync(emulators, "ledger-order");
        await bed.Ledger.TryAdvanceAsync(new LedgerEntry("42", T2, "hash-2", 7), default);

        Assert.False(await bed.Ledger.TryAdvanceAsync(new LedgerEntry("42", T1, "hash-1", 7), default));
        Assert.Equal(T2, (await bed.Ledger.GetManyAsync(["42"], default))["42"].LastChanged);

        var t3 = T2.AddSeconds(1);
        Assert.True(await bed.Ledger.TryAdvanceAsync(new LedgerEntry("42", t3, "hash-3", 7), default));
        Assert.Equal(new LedgerEntry("42", t3, "hash-3", 7), (await bed.Ledger.GetManyAsync(["42"], default))["42"]);
    }

    [Fact]
    public async Task The_same_timestamp_is_accepted_only_with_different_content()
    {
        using var bed = await StateTestBed.CreateAsync(emulators, "ledger-same-time");
        await bed.Ledger.TryAdvanceAsync(new LedgerEntry("42", T1, "hash-1", 7), default);

        Assert.False(await bed.Ledger.TryAdvanceAsync(new LedgerEntry("42", T1, "hash-1", 7), default));
        Assert.True(await bed.Ledger.TryAdvanceAsync(new LedgerEntry("42", T1, "hash-1b", 7), default));
        // A deletion at the same instant differs from any snapshot; a repeated deletion does not.
        Assert.True(await bed.Ledger.TryAdvanceAsync(new LedgerEntry("42", T1, null, 7), default));
        Assert.False(await bed.Ledger.TryAdvanceAsync(new LedgerEntry("42", T1, null, 7), default));
        Assert.Null((await bed.Ledger.GetManyAsync(["42"], default))["42"].ContentHash);
    }

    [Fact]
    public async Task The_same_instant_in_another_offset_counts_as_the_same_timestamp()
    {
        using var bed = await StateTestBed.CreateAsync(emulators, "ledger-offset");
        await bed.Ledger.TryAdvanceAsync(new LedgerEntry("42", T2, "hash-2", 7), default);

        var sameInstantInParis = T2.ToOffset(TimeSpan.FromHours(1));
        var earlierInNewYork = T1.ToOffset(TimeSpan.FromHours(-5));

        Assert.False(await bed.Ledger.TryAdvanceAsync(new LedgerEntry("42", sameInstantInParis, "hash-2", 7), default));
        Assert.False(await bed.Ledger.TryAdvanceAsync(new LedgerEntry("42", earlierInNewYork, "hash-x", 7), default));
    }

    [Fact]
    public async Task Advancing_without_a_moodle_user_id_keeps_the_known_one()
    {
        using var bed = await StateTestBed.CreateAsync(emulators, "ledger-moodle-id");
        await bed.Ledger.TryAdvanceAsync(new LedgerEntry("42", T1, "hash-1", 7), default);

        Assert.True(await bed.Ledger.TryAdvanceAsync(new LedgerEntry("42", T2, "hash-2", null), default));

        Assert.Equal(7, (await bed.Ledger.GetManyAsync(["42"], default))["42"].MoodleUserId);
    }

    [Fact]
    public async Task Get_many_reads_more_than_one_batch_and_omits_unknown_employees()
    {
        using var bed = await StateTestBed.CreateAsync(emulators, "ledger-many");
        var ids = Enumerable.Range(1, 250).Select(i => i.ToString(CultureInfo.InvariantCulture)).ToArray();
        using var gate = new SemaphoreSlim(16);
        await Task.WhenAll(ids.Select(async id =>
        {
            await gate.WaitAsync();
            try
            {
                Assert.True(await bed.Ledger.TryAdvanceAsync(new LedgerEntry(id, T1, "hash-" + id, long.Parse(id, CultureInfo.InvariantCulture)), default));
            }
            finally
            {
                gate.Release();
            }
        }));

        var asked = ids.Concat(["unknown-1", "unknown-2"]).Concat(ids.Take(5)).ToArray();
        var found = await bed.Ledger.GetManyAsync(asked, default);

        Assert.Equal(250, found.Count);
        Assert.All(ids, id => Assert.Equal(new LedgerEntry(id, T1, "hash-" + id, long.Parse(id, CultureInfo.InvariantCulture)), found[id]));
        Assert.False(found.ContainsKey("unknown-1"));
    }
}
