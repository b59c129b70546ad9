namespace Pipeline.Queue;

public static class DeadLetterCodes
{
    /// <summary>
    /// A DLQ message with no failure_code: SQS moved it after maxReceiveCount receives without a delete,
    /// which means the consumer crashed or timed out on it rather than failing it deliberately.
    /// </summary>
    public const string RedriveMaxReceives = "redrive_max_receives";
}
