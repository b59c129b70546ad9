namespace Pipeline.State;

/// <summary>Per-employee record of the newest snapshot applied, so an older or repeated message is never applied over a newer one.</summary>
public interface IIdempotencyLedger
{
    /// <summary>The entries that exist for <paramref name="employeeIds"/> (absent ids have none).</summary>
    Task<IReadOnlyDictionary<string, LedgerEntry>> GetManyAsync(IReadOnlyCollection<string> employeeIds, CancellationToken ct);

    /// <summary>
    /// One conditional write: succeeds when there is no entry yet, the stored snapshot is older, or it has the same
    /// timestamp but different content. Returns false when an equal or newer snapshot is already applied.
    /// A null <see cref="LedgerEntry.MoodleUserId"/> keeps the stored one.
    /// </summary>
    Task<bool> TryAdvanceAsync(LedgerEntry entry, CancellationToken ct);
}
