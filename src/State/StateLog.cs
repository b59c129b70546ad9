using Microsoft.Extensions.Logging;

namespace Pipeline.State;

/// <summary>Log events of the state stores: run and employee ids only, never personal data.</summary>
internal static partial class StateLog
{
    [LoggerMessage(EventId = 3001, Level = LogLevel.Information, Message = "Run {RunId} claimed by {Owner} from {Since}")]
    public static partial void RunClaimed(this ILogger logger, string runId, string owner, DateTimeOffset since);

    [LoggerMessage(EventId = 3002, Level = LogLevel.Warning, Message = "Run {RunId} not claimed: run {PendingRunId} is still pending. Let it finish, or if its producer died wait for its lease to lapse and take it over, or abandon it")]
    public static partial void ClaimRefused(this ILogger logger, string runId, string? pendingRunId);

    [LoggerMessage(EventId = 3003, Level = LogLevel.Warning, Message = "Run {RunId} taken over by {NewOwner} after its lease lapsed")]
    public static partial void RunTakenOver(this ILogger logger, string runId, string newOwner);

    [LoggerMessage(EventId = 3004, Level = LogLevel.Information, Message = "Run {RunId} not taken over by {NewOwner}: {Why}")]
    public static partial void TakeOverRefused(this ILogger logger, string runId, string newOwner, string why);

    [LoggerMessage(EventId = 3005, Level = LogLevel.Information, Message = "Run {RunId} finalized; watermark moved to {Watermark}")]
    public static partial void RunFinalized(this ILogger logger, string runId, DateTimeOffset watermark);

    [LoggerMessage(EventId = 3006, Level = LogLevel.Warning, Message = "Run {RunId} not finalized: it is not the pending run (abandoned, rewound over, or already finalized); the watermark did not move")]
    public static partial void FinalizeRefused(this ILogger logger, string runId);

    [LoggerMessage(EventId = 3007, Level = LogLevel.Warning, Message = "Run {RunId} abandoned: {Reason}; the watermark did not move")]
    public static partial void RunAbandoned(this ILogger logger, string runId, string reason);

    [LoggerMessage(EventId = 3008, Level = LogLevel.Warning, Message = "Run {RunId} has no run record (expired or deleted); its {Status} status was not recorded")]
    public static partial void RunRecordMissing(this ILogger logger, string runId, string status);

    /// <param name="level">Warning only when a forced rewind released a pending run; otherwise the operator's rewind is routine.</param>
    [LoggerMessage(EventId = 3009, Message = "Watermark rewound from {Before} to {After}; pending run released: {PendingRunId}")]
    public static partial void Rewound(this ILogger logger, LogLevel level, DateTimeOffset? before, DateTimeOffset after, string? pendingRunId);

    // The refusal is the command's answer to the operator (exit 4), not something that went wrong.
    [LoggerMessage(EventId = 3010, Level = LogLevel.Information, Message = "Rewind to {After} refused: run {PendingRunId} is pending")]
    public static partial void RewindRefused(this ILogger logger, DateTimeOffset after, string pendingRunId);

    [LoggerMessage(EventId = 3011, Level = LogLevel.Information, Message = "Rewind to {After} refused: it is after the watermark {Watermark} (no --force)")]
    public static partial void RewindForwardRefused(this ILogger logger, DateTimeOffset after, DateTimeOffset watermark);

    [LoggerMessage(EventId = 3012, Level = LogLevel.Warning, Message = "Run {RunId} held by the mass-suspension safeguard; nothing published, the watermark did not move; `pipeline approve {RunId}` lets it go on")]
    public static partial void RunHeld(this ILogger logger, string runId);

    [LoggerMessage(EventId = 3013, Level = LogLevel.Warning, Message = "Run {RunId} approved by an operator; the next sync publishes it")]
    public static partial void RunApproved(this ILogger logger, string runId);
}
