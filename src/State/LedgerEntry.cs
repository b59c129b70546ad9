namespace Pipeline.State;

/// <summary>
/// The newest snapshot applied to Moodle for one employee (<c>EMP#&lt;id&gt;/LEDGER</c>).
/// <paramref name="ContentHash"/> is null for a deletion; <paramref name="MoodleUserId"/> is null until known.
/// </summary>
public sealed record LedgerEntry(string EmployeeId, DateTimeOffset LastChanged, string? ContentHash, long? MoodleUserId);
