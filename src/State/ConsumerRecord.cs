namespace Pipeline.State;

/// <summary>
/// One consumer's last word (item CONSUMERS/&lt;instance&gt;): its state, why, since when, and when it last wrote, a
/// heartbeat, so a consumer that died paused shows as stale rather than as paused forever.
/// </summary>
public sealed record ConsumerRecord(string Instance, ConsumerState State, string? Reason, DateTimeOffset Since, DateTimeOffset UpdatedAt);
