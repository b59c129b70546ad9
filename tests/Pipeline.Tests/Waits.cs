namespace Pipeline.Pipeline.Tests;

/// <summary>Timeouts for whole-pipeline steps on a shared 2-core machine: generous, so only a real hang fails.</summary>
internal static class Waits
{
    public static readonly TimeSpan Sync = TimeSpan.FromSeconds(90);
    public static readonly TimeSpan Settle = TimeSpan.FromSeconds(60);
}
