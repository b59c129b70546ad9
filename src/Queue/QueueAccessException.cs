namespace Pipeline.Queue;

/// <summary>
/// SQS refused an operation for a reason the operator must fix (queue missing, access denied): retrying will not help.
/// The message names the action, the queue and the configuration key to check.
/// </summary>
public sealed class QueueAccessException : Exception
{
    public QueueAccessException(string message, Exception innerException)
        : base(message, innerException)
    {
    }

    public QueueAccessException()
    {
    }

    public QueueAccessException(string message)
        : base(message)
    {
    }

    public string? ErrorCode { get; init; }
}
