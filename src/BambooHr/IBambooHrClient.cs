using Pipeline.Contracts;

namespace Pipeline.BambooHr;

public interface IBambooHrClient
{
    /// <summary>
    /// Employees changed at or after <paramref name="since"/>. An empty set carries Latest = since, because
    /// BambooHR may send no latest for it.
    /// </summary>
    Task<ChangeSet> GetChangesSinceAsync(DateTimeOffset since, CancellationToken ct);

    /// <summary>
    /// Current values for the given employee ids, in chunks of BulkChunkSize per call (never one call per
    /// employee). Ids BambooHR does not return (deleted meanwhile, or invisible to the key) are absent.
    /// </summary>
    Task<IReadOnlyDictionary<string, EmployeeSnapshot>> GetSnapshotsAsync(IReadOnlyCollection<string> employeeIds, CancellationToken ct);

    /// <summary>
    /// Current values of every employee BambooHR has, whatever their status (active, leavers, future hires), in one
    /// custom report without an id filter. Deleted employees are gone from BambooHR and so absent.
    /// </summary>
    Task<IReadOnlyDictionary<string, EmployeeSnapshot>> GetAllSnapshotsAsync(CancellationToken ct);

    /// <summary>
    /// Every employee BambooHR has, of every status (active, inactive, terminated; not deleted ones), with its
    /// lastChanged, as <see cref="EmployeeAction.Updated"/> changes ordered by id: one custom-report call without a
    /// filter, asking for lastChanged only. The snapshots are then fetched as for changes, in chunks.
    /// </summary>
    Task<IReadOnlyList<EmployeeChange>> GetAllEmployeesAsync(CancellationToken ct);
}

public sealed record ChangeSet(DateTimeOffset Latest, IReadOnlyList<EmployeeChange> Employees);

public sealed record EmployeeChange(string Id, EmployeeAction Action, DateTimeOffset LastChanged);
