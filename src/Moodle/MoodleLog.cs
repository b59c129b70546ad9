using Microsoft.Extensions.Logging;

namespace Pipeline.Moodle;

// Function names, codes, counts and ids only: never the token, never names or e-mails.
internal static partial class MoodleLog
{
    [LoggerMessage(EventId = 4001, Level = LogLevel.Warning,
        Message = "Moodle {Function} failed: {ErrorCode} ({Kind}) after {ElapsedMs} ms")]
    public static partial void CallFailed(ILogger logger, string function, string errorCode, MoodleErrorKind kind, long elapsedMs);

    [LoggerMessage(EventId = 4002, Level = LogLevel.Debug,
        Message = "Moodle {Function} answered in {ElapsedMs} ms for {Count} item(s)")]
    public static partial void CallSucceeded(ILogger logger, string function, long elapsedMs, int count);

    [LoggerMessage(EventId = 4003, Level = LogLevel.Warning,
        Message = "Moodle {Function} refused {Count} user(s): codes {WarningCodes}")]
    public static partial void UpdateWarnings(ILogger logger, string function, int count, string warningCodes);

    [LoggerMessage(EventId = 4004, Level = LogLevel.Warning,
        Message = "Moodle {Function} ignored {Count} search criterion(s): codes {WarningCodes}")]
    public static partial void SearchWarnings(ILogger logger, string function, int count, string warningCodes);
}
