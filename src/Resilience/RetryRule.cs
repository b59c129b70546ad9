namespace Pipeline.Resilience;

/// <summary>Retries made in-process: how many attempts in all (the first included) and the <see cref="Backoff"/> between them.</summary>
public sealed class RetryRule : Backoff
{
    /// <summary>Attempts in all, the first included; 1 turns retrying off.</summary>
    public int MaxAttempts { get; set; } = 1;
}
