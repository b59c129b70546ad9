namespace Pipeline.State;

/// <summary>
/// Employees to publish again on a date, without any change in BambooHR (effective dates). One partition sorted by
/// date, so a run reads everything due up to today with one Query; no transactions or TTL needed (the emulator has neither).
/// </summary>
public interface IDueStore
{
    /// <summary>Remembers the employees (writing the same employee and date again only refreshes its lastChanged).</summary>
    Task RecordAsync(IReadOnlyCollection<DueEmployee> due, CancellationToken ct);

    /// <summary>Every employee due on or before <paramref name="through"/>, earliest first.</summary>
    Task<IReadOnlyList<DueEmployee>> GetDueAsync(DateOnly through, CancellationToken ct);

    /// <summary>How many are due after <paramref name="after"/> (for `pipeline status`), and the first such date.</summary>
    Task<(int Count, DateOnly? Next)> CountUpcomingAsync(DateOnly after, CancellationToken ct);

    /// <summary>
    /// Forgets the employees due on or before <paramref name="through"/>: called only once a run that published them
    /// has settled every message, so a failed or interrupted run leaves them to the next one.
    /// </summary>
    Task<int> RemoveThroughAsync(DateOnly through, CancellationToken ct);
}
