using Microsoft.Extensions.Logging;

namespace Pipeline.Queue;

/// <summary>Only ids, counts and SQS error codes are logged: bodies and attribute values may hold personal data.</summary>
internal static partial class QueueLog
{
    [LoggerMessage(EventId = 3001, Level = LogLevel.Warning,
        Message = "SendMessageBatch of {Count} messages failed transiently ({ErrorCode}) on attempt {Attempt}/{MaxAttempts}; retrying in {DelayMs} ms")]
    public static partial void BatchRetrying(ILogger logger, int count, string errorCode, int attempt, int maxAttempts, long delayMs);

    [LoggerMessage(EventId = 3002, Level = LogLevel.Warning,
        Message = "{Count} batch entries failed transiently on attempt {Attempt}/{MaxAttempts} (first: {ErrorCode}); retrying in {DelayMs} ms")]
    public static partial void EntriesRetrying(ILogger logger, int count, string errorCode, int attempt, int maxAttempts, long delayMs);

    [LoggerMessage(EventId = 3003, Level = LogLevel.Error,
        Message = "Message {MessageId} was not published after {Attempts} attempts: {ErrorCode}")]
    public static partial void EntryFailed(ILogger logger, string messageId, int attempts, string errorCode);

    [LoggerMessage(EventId = 3004, Level = LogLevel.Warning,
        Message = "SQS rejected a batch of {Count} as a whole ({ErrorCode}); sending its messages one by one to isolate the bad one")]
    public static partial void BatchRejectedSplitting(ILogger logger, int count, string errorCode);

    [LoggerMessage(EventId = 3005, Level = LogLevel.Warning,
        Message = "SendMessageBatch of {Count} messages failed ({ErrorCode}) on attempt {Attempt}/{MaxAttempts} in a way SQS may still have carried out; " +
            "resending in {DelayMs} ms, so the queue may hold up to {Count} duplicates (the consumers skip them)")]
    public static partial void BatchResendingMaybeApplied(ILogger logger, int count, string errorCode, int attempt, int maxAttempts, long delayMs);

    [LoggerMessage(EventId = 3010, Level = LogLevel.Information,
        Message = "Parked message for employee {EmployeeId} run {RunId} in the DLQ: {FailureCode} after {Attempts} attempts")]
    public static partial void Parked(ILogger logger, string? employeeId, string? runId, string failureCode, int attempts);

    [LoggerMessage(EventId = 3011, Level = LogLevel.Warning,
        Message = "Could not make DLQ message {MessageId} visible again ({ErrorCode}); it reappears when its hold of {HoldSeconds} s ends")]
    public static partial void ReleaseFailed(ILogger logger, string messageId, string errorCode, int holdSeconds);

    [LoggerMessage(EventId = 3012, Level = LogLevel.Warning,
        Message = "Replayed DLQ message {MessageId} but could not delete it from the DLQ ({ErrorCode}); a later replay would send it again")]
    public static partial void ReplayDeleteFailed(ILogger logger, string messageId, string errorCode);

    [LoggerMessage(EventId = 3013, Level = LogLevel.Error,
        Message = "Could not replay DLQ message {MessageId} (employee {EmployeeId}) to the main queue: {ErrorCode}; it stays in the DLQ")]
    public static partial void ReplaySendFailed(ILogger logger, string messageId, string? employeeId, string errorCode);

    [LoggerMessage(EventId = 3014, Level = LogLevel.Information,
        Message = "DLQ replay examined {Examined}, selected {Selected}, replayed {Replayed} (dry run: {DryRun})")]
    public static partial void Replayed(ILogger logger, int examined, int selected, int replayed, bool dryRun);
}
