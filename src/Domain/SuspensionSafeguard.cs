namespace Pipeline.Domain;

/// <summary>What a run would do to the linked Moodle accounts, counted before anything is published.</summary>
/// <param name="WouldSuspend">The run's leavers whose Moodle account is linked and active: the suspensions it would make.</param>
/// <param name="ActiveLinked">Active Moodle accounts linked to an employee (idnumber set), before the run.</param>
/// <param name="Seen">A full run: the employees BambooHR listed. Null for a changes-only run (it sees only the changed ones).</param>
public sealed record SuspensionCount(int WouldSuspend, int ActiveLinked, int? Seen = null);

/// <summary>The safeguard's verdict; <paramref name="Reason"/> says in one sentence why a held run is held.</summary>
public sealed record SafeguardVerdict(bool Held, string? Reason)
{
    public static readonly SafeguardVerdict Pass = new(false, null);
}

/// <summary>
/// The mass-suspension rule, in one place for the producer, `sync --plan` and the tests. A run is held when it would
/// suspend more than <c>limitPercent</c> % of the active linked accounts AND more than <c>limitCount</c> of them
/// (both, so a small company's one leaver or a big company's ten are never held); or when a full run sees fewer than
/// (100 − <c>limitPercent</c>) % of the active linked accounts and misses more than <c>limitCount</c> (BambooHR
/// listing far fewer people than Moodle knows is the same bad day seen from the other side). As Okta's import
/// safeguard and Entra ID's accidental-deletion threshold do, it stops first and lets a person approve.
/// </summary>
public static class SuspensionSafeguard
{
    public static SafeguardVerdict Judge(SuspensionCount count, int limitPercent, int limitCount)
    {
        ArgumentNullException.ThrowIfNull(count);
        ArgumentOutOfRangeException.ThrowIfNegative(limitCount);
        ArgumentOutOfRangeException.ThrowIfNegative(limitPercent);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(limitPercent, 100);

        // Whole numbers only: "more than 20 % of 50" is more than 10, with no rounding to argue about.
        if (count.WouldSuspend > limitCount && (long)count.WouldSuspend * 100 > (long)limitPercent * count.ActiveLinked)
        {
            return new SafeguardVerdict(true,
                $"the run would suspend {count.WouldSuspend} of {count.ActiveLinked} active linked Moodle accounts, " +
                $"more than Sync__SuspendLimitPercent ({limitPercent} %) and Sync__SuspendLimitCount ({limitCount})");
        }

        if (count.Seen is { } seen)
        {
            var missing = count.ActiveLinked - seen;
            if (missing > limitCount && (long)seen * 100 < (long)(100 - limitPercent) * count.ActiveLinked)
            {
                return new SafeguardVerdict(true,
                    $"the full run sees {seen} employees but Moodle has {count.ActiveLinked} active linked accounts, " +
                    $"fewer than {100 - limitPercent} % of them (Sync__SuspendLimitPercent {limitPercent}) and {missing} missing, more than Sync__SuspendLimitCount ({limitCount})");
            }
        }

        return SafeguardVerdict.Pass;
    }
}
