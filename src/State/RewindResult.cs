namespace Pipeline.State;

/// <summary>
/// What a rewind did. When <paramref name="Applied"/> is false nothing changed and <paramref name="RefusedReason"/>
/// says why. <paramref name="PendingRunId"/> is the run that was pending when the rewind was asked for
/// (a forced rewind marks it failed so it can no longer move the watermark).
/// </summary>
public sealed record RewindResult(bool Applied, DateTimeOffset? Before, DateTimeOffset After, string? PendingRunId, string? RefusedReason);
