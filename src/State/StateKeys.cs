namespace Pipeline.State;

/// <summary>Key and attribute names of the state table, as docs/design.md lays them out.</summary>
internal static class StateKeys
{
    public const string Pk = "pk";
    public const string Sk = "sk";

    public const string StatePk = "STATE";
    public const string WatermarkSk = "WATERMARK";
    public const string MetaSk = "META";
    public const string LedgerSk = "LEDGER";
    public const string OutcomeSkPrefix = "OUT#";
    public const string DuePk = "DUE";

    public const string ConsumersPk = "CONSUMERS";

    public static string RunPk(string runId) => "RUN#" + runId;

    public static string OutcomeSk(string employeeId) => OutcomeSkPrefix + employeeId;

    public static string EmployeePk(string employeeId) => "EMP#" + employeeId;

    // STATE/WATERMARK
    public const string Watermark = "watermark";
    public const string PendingRunId = "pending_run_id";
    public const string LastSummary = "last_summary";
    public const string Version = "version";

    // RUN#<id>/META
    public const string Status = "status";
    public const string Since = "since";
    public const string Latest = "latest";
    public const string TotalChanged = "total_changed";
    public const string Published = "published";
    public const string StartedAt = "started_at";
    public const string Owner = "owner";
    public const string LeaseExpiresAt = "lease_expires_at";
    public const string Reason = "reason";
    public const string Summary = "summary";
    public const string FinishedAt = "finished_at";
    public const string ExpiresAt = "expires_at";
    public const string Full = "full";
    public const string ApprovedAt = "approved_at";

    // RUN#<id>/OUT#<employeeId>
    public const string Outcome = "outcome";
    public const string Detail = "detail";
    public const string RecordedAt = "recorded_at";
    public const string Warnings = "warnings";
    public const string DriftCorrected = "drift_corrected";

    // CONSUMERS/<instance>
    public const string ConsumerState = "state";
    public const string UpdatedAt = "updated_at";

    // EMP#<id>/LEDGER
    public const string LastChanged = "last_changed";
    public const string ContentHash = "content_hash";
    public const string MoodleUserId = "moodle_user_id";
    public const string AppliedAt = "applied_at";
}
