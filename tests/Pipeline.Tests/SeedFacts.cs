using Pipeline.Queue;
using Pipeline.Sandbox.BambooHr;
using Pipeline.Sandbox.Moodle.Admin;

namespace Pipeline.Pipeline.Tests;

/// <summary>
/// What a generated company must look like in Moodle after a sync. The generator's last employee shares employee 1's
/// work e-mail: whichever of the two is applied first owns the address and the other is parked, so the pair is
/// checked as "exactly one of them".
/// </summary>
internal sealed class SeedFacts(SeedDocument seed)
{
    public string DuplicateOf => seed.Employees[0].Id!;

    public string Duplicate => seed.Employees[^1].Id!;

    /// <summary>Poison that is always parked (missing and invalid e-mail).</summary>
    public IReadOnlySet<string> AlwaysParked => seed.Poison!.Select(p => p.Id).Where(id => id != Duplicate).ToHashSet();

    public IReadOnlySet<string> Leavers => seed.Employees.Where(e => e.Status == "Inactive").Select(e => e.Id!).ToHashSet();

    /// <summary>Active employees that must be in Moodle, active (the duplicate pair excluded).</summary>
    public IReadOnlyList<string> MustBeActive => seed.Employees
        .Where(e => e.Status == "Active")
        .Select(e => e.Id!)
        .Where(id => !AlwaysParked.Contains(id) && id != Duplicate && id != DuplicateOf)
        .ToList();

    /// <param name="crashed">
    /// A consumer was killed: a message it had parked but not yet deleted is parked again on redelivery (a duplicate in
    /// the DLQ, never a loss), so the parked employees are compared as a set.
    /// </param>
    public void AssertApplied(Dictionary<string, SandboxUserView> users, IReadOnlyList<DeadLetter> parked, bool crashed = false)
    {
        foreach (var id in MustBeActive)
        {
            Assert.True(users.TryGetValue(id, out var user), $"employee {id} never reached Moodle{Parked(parked, id)}");
            Assert.False(user.Suspended, $"employee {id} is suspended in Moodle");
        }

        Assert.True(users.ContainsKey(DuplicateOf) ^ users.ContainsKey(Duplicate),
            $"exactly one of employees {DuplicateOf} and {Duplicate} (same e-mail) should be in Moodle");
        var expectedParked = AlwaysParked.Append(users.ContainsKey(DuplicateOf) ? Duplicate : DuplicateOf).Order().ToList();
        var parkedIds = parked.Select(p => p.EmployeeId!);
        Assert.Equal(expectedParked, (crashed ? parkedIds.Distinct() : parkedIds).Order().ToList());
        Assert.DoesNotContain(parked, p => p.Code == DeadLetterCodes.RedriveMaxReceives);
    }

    /// <summary>Why a missing employee was dead-lettered, if it was: the first thing to know when this fails.</summary>
    private static string Parked(IReadOnlyList<DeadLetter> parked, string id) =>
        parked.FirstOrDefault(p => p.EmployeeId == id) is { } letter
            ? $"; it is in the DLQ: {letter.Code} after {letter.Attempts?.ToString(System.Globalization.CultureInfo.InvariantCulture) ?? "?"} attempts ({letter.Message})"
            : "; it is not in the DLQ either";
}
