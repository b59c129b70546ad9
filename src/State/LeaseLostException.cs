namespace Pipeline.State;

/// <summary>
/// The producer no longer holds its run: another producer took it over after the lease lapsed, or the run
/// was finalized or abandoned. The producer must stop publishing for this run.
/// </summary>
public sealed class LeaseLostException : Exception
{
    public LeaseLostException() : this("The run's lease is held by another owner.") { }

    public LeaseLostException(string message) : base(message) => RunId = string.Empty;

    public LeaseLostException(string message, Exception innerException) : base(message, innerException) => RunId = string.Empty;

    public LeaseLostException(string runId, string message, Exception? innerException = null)
        : base(message, innerException) => RunId = runId;

    public string RunId { get; }
}
