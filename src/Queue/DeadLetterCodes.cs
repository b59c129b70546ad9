namespace Pipeline.Queue;

public static class DeadLetterCodes
{
    /// <summary>
    /// A DLQ message with no failure_code: SQS moved it after maxReceiveCount receives without a delete,
    /// which means the consumer crashed or timed out on it rather than failing it deliberately.
    /// </summary>
    public const string RedriveMaxReceives = "redrive_max_receives";

    /// <summary>Parked on its last attempt because Moodle kept failing for it (a transient error, not its data).</summary>
    public const string TransientExhausted = "transient_exhausted";

    /// <summary>
    /// Whether a DLQ message is there because Moodle (or the consumer) was failing, not because of its data: replay it
    /// once Moodle is healthy, there is nothing to fix in BambooHR. A redriven message counts: SQS moved it after
    /// maxReceiveCount receives, a crash or, on the Lambda host, an outage longer than the receives last.
    /// </summary>
    public static bool IsOutage(string code) => code is TransientExhausted or RedriveMaxReceives;
}
