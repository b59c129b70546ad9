namespace Pipeline.Consumer.Handling;

/// <summary>
/// How the handler settled one message: Done (acknowledge it: applied, recorded, or parked in the DLQ with
/// <see cref="DeadLetterCode"/>) or Retry (leave it on the queue, visible again after <see cref="RetryAfter"/>).
/// A message with no result is failed.
/// </summary>
public readonly record struct MessageResult(bool Done, TimeSpan RetryAfter, string? DeadLetterCode = null)
{
    public static MessageResult Completed { get; } = new(true, TimeSpan.Zero);

    public static MessageResult Parked(string code) => new(true, TimeSpan.Zero, code);

    public static MessageResult RetryIn(TimeSpan delay) => new(false, delay);
}
