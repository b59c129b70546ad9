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
}

public sealed record ChangeSet(DateTimeOffset Latest, IReadOnlyList<EmployeeChange> Employees);

public sealed record EmployeeChange(string Id, EmployeeAction Action, DateTimeOffset LastChanged);
