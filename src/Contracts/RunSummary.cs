using System.Text.Json.Serialization;

namespace Pipeline.Contracts;

/// <summary>
/// The one JSON line a sync prints last, and stores with the run. Field names are snake_case because
/// operators grep and CloudWatch metric filters match them exactly, as in the runbook we replace. `full` (left out
/// when false) marks a full run; `drift_corrected` counts Moodle writes for snapshots the ledger had already applied,
/// that is accounts someone had changed in Moodle itself.
/// </summary>
public sealed record RunSummary
{
    [JsonPropertyName("event")] public string Event { get; init; } = "sync.summary";
    [JsonPropertyName("run_id")] public required string RunId { get; init; }
    [JsonPropertyName("status")] public required string Status { get; init; }
    [JsonPropertyName("full")][JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingDefault)] public bool Full { get; init; }
    [JsonPropertyName("since")] public DateTimeOffset? Since { get; init; }
    [JsonPropertyName("next_since")] public DateTimeOffset? NextSince { get; init; }
    [JsonPropertyName("total_changed")] public int TotalChanged { get; init; }
    [JsonPropertyName("published")] public int Published { get; init; }
    [JsonPropertyName("created")] public int Created { get; init; }
    [JsonPropertyName("updated")] public int Updated { get; init; }
    [JsonPropertyName("suspended")] public int Suspended { get; init; }
    [JsonPropertyName("reactivated")] public int Reactivated { get; init; }
    [JsonPropertyName("unchanged")] public int Unchanged { get; init; }
    [JsonPropertyName("stale")] public int Stale { get; init; }
    [JsonPropertyName("dead_lettered")] public int DeadLettered { get; init; }
    [JsonPropertyName("warnings")] public int Warnings { get; init; }
    [JsonPropertyName("drift_corrected")] public int DriftCorrected { get; init; }
    /// <summary>Moodle accounts with an idnumber no BambooHR employee has (`pipeline audit` lists them); full runs only, else null and left out.</summary>
    [JsonPropertyName("orphans")][JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] public int? Orphans { get; init; }
    [JsonPropertyName("errors")] public int Errors { get; init; }
    [JsonPropertyName("duration_ms")] public long DurationMs { get; init; }
    [JsonPropertyName("reason")][JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] public string? Reason { get; init; }
    /// <summary>Active linked Moodle accounts the run would suspend, as the safeguard counted them before publishing; null (left out) when not counted.</summary>
    [JsonPropertyName("would_suspend")][JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] public int? WouldSuspend { get; init; }
    /// <summary>Active linked Moodle accounts before the run, the safeguard's denominator; null (left out) when not counted.</summary>
    [JsonPropertyName("active_linked")][JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] public int? ActiveLinked { get; init; }
}
