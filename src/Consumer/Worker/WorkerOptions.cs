namespace Pipeline.Consumer.Worker;

/// <summary>Worker-only settings (section "Consumer").</summary>
public sealed class WorkerOptions
{
    /// <summary>Stop after the queue has been empty this long (local runs, tests). Unset: run until SIGTERM.</summary>
    public TimeSpan? IdleExitAfter { get; set; }
}
