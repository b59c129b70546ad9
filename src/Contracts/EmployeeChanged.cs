using System.Text.Json.Serialization;

namespace Pipeline.Contracts;

/// <summary>
/// The one message type on the queue: one changed employee of one producer run.
/// Version 1. A new shape gets a new version number; consumers refuse versions they do not know.
/// </summary>
public sealed record EmployeeChanged
{
    public const string SchemaName = "pipeline.employee-changed";
    public const int CurrentVersion = 1;

    public required string Schema { get; init; }
    public required int Version { get; init; }
    public required string RunId { get; init; }
    public required string EmployeeId { get; init; }
    public required EmployeeAction Action { get; init; }

    /// <summary>BambooHR's lastChanged for this employee; orders snapshots of the same employee.</summary>
    public required DateTimeOffset LastChanged { get; init; }

    /// <summary>Null only for <see cref="EmployeeAction.Deleted"/>.</summary>
    public EmployeeSnapshot? Snapshot { get; init; }

    /// <summary>SHA-256 of the snapshot's canonical JSON; null only for Deleted.</summary>
    public string? ContentHash { get; init; }

    public required DateTimeOffset PublishedAt { get; init; }

    /// <summary>
    /// A full run published this: the consumer compares it with Moodle even when the ledger has already applied this
    /// snapshot, so edits made in Moodle itself are put right. Left out of the JSON when false, so a message of a
    /// nightly run is byte for byte what it was before the field existed (still version 1).
    /// </summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingDefault)]
    public bool Full { get; init; }

    /// <summary>
    /// Published again because a date of the employee's arrived (a termination date, the end of a joiner's hold-back),
    /// not because BambooHR changed: the consumer decides it again even when the ledger has applied this snapshot,
    /// since today's date changes the decision. Left out of the JSON when false, like <see cref="Full"/>.
    /// </summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingDefault)]
    public bool Due { get; init; }

    public static EmployeeChanged Create(
        string runId, string employeeId, EmployeeAction action, DateTimeOffset lastChanged,
        EmployeeSnapshot? snapshot, DateTimeOffset publishedAt) => new()
        {
            Schema = SchemaName,
            Version = CurrentVersion,
            RunId = runId,
            EmployeeId = employeeId,
            Action = action,
            LastChanged = lastChanged,
            Snapshot = action == EmployeeAction.Deleted ? null : snapshot,
            ContentHash = action == EmployeeAction.Deleted || snapshot is null ? null : SnapshotHash.Compute(snapshot),
            PublishedAt = publishedAt,
        };
}
