namespace Pipeline.Queue;

/// <summary>Exponential backoff with jitter, so parallel publishers that were throttled together do not retry together.</summary>
internal static class Backoff
{
    private static readonly TimeSpan Base = TimeSpan.FromMilliseconds(100);
    private static readonly TimeSpan Cap = TimeSpan.FromSeconds(5);

    /// <param name="attempt">The attempt that just failed, starting at 1.</param>
    public static TimeSpan After(int attempt)
    {
        var ceiling = Math.Min(Cap.TotalMilliseconds, Base.TotalMilliseconds * Math.Pow(2, Math.Min(attempt - 1, 10)));
#pragma warning disable CA5394 // jitter, not security
        return TimeSpan.FromMilliseconds(ceiling * (0.5 + (Random.Shared.NextDouble() / 2)));
#pragma warning restore CA5394
    }
}
