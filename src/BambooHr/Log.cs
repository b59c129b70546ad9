using Microsoft.Extensions.Logging;

namespace Pipeline.BambooHr;

/// <summary>Ids and counts only: never names, e-mails or the key.</summary>
internal static partial class Log
{
    [LoggerMessage(EventId = 1001, Level = LogLevel.Information, Message = "BambooHR reported {Count} changed employees since {Since:o}; latest {Latest:o}")]
    public static partial void ChangesFetched(ILogger logger, int count, DateTimeOffset since, DateTimeOffset latest);

    [LoggerMessage(EventId = 1002, Level = LogLevel.Information, Message = "BambooHR custom report chunk {Chunk}/{Chunks}: asked {Asked} ids, got {Received}")]
    public static partial void SnapshotChunkFetched(ILogger logger, int chunk, int chunks, int asked, int received);

    [LoggerMessage(EventId = 1004, Level = LogLevel.Information, Message = "BambooHR has {Count} employees of every status ({Undated} without lastChanged)")]
    public static partial void RosterFetched(ILogger logger, int count, int undated);

    [LoggerMessage(EventId = 1003, Level = LogLevel.Warning, Message = "BambooHR call failed with {Outcome}; retry {Attempt} in {DelayMs} ms")]
    public static partial void Retrying(ILogger logger, string outcome, int attempt, double delayMs);

    [LoggerMessage(EventId = 1005, Level = LogLevel.Information, Message = "BambooHR custom report for the whole company: {Received} employees, all statuses")]
    public static partial void AllSnapshotsFetched(ILogger logger, int received);
}
