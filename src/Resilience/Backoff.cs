namespace Pipeline.Resilience;

/// <summary>
/// How long to wait after a failed attempt: <see cref="BaseDelay"/> doubled per attempt, capped at <see cref="MaxDelay"/>,
/// then lengthened by up to a fifth at random so that callers that failed together do not come back together. Never
/// sooner than the capped exponential value.
/// </summary>
public class Backoff
{
    /// <summary>The jitter's share of the delay, added on top (so a retry never comes before the configured delay).</summary>
    public const double Jitter = 0.2;

    /// <summary>The wait after the first failed attempt.</summary>
    public TimeSpan BaseDelay { get; set; }

    /// <summary>Caps the doubling; the jitter may add up to a fifth of it.</summary>
    public TimeSpan MaxDelay { get; set; }

    /// <param name="attempt">The attempt that just failed, from 1 (for a message: its receive count).</param>
    public TimeSpan DelayForAttempt(int attempt)
    {
        // 2^30 × any sane base is past the cap already; stopping there keeps the double finite.
        var doublings = Math.Clamp(attempt - 1, 0, 30);
        var capped = Math.Min(BaseDelay.Ticks * Math.Pow(2, doublings), MaxDelay.Ticks);
#pragma warning disable CA5394 // jitter, not security
        return TimeSpan.FromTicks((long)(capped * (1 + (Jitter * Random.Shared.NextDouble()))));
#pragma warning restore CA5394
    }
}
