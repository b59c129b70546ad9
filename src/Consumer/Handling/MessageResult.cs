namespace Pipeline.Consumer.Handling;

/// <summary>
/// What a host does with a message after the handler: Done (delete it: applied, recorded, or parked in the
/// DLQ with its reason) or Retry (leave it on the queue, visible again after the delay).
/// </summary>
public readonly record struct MessageResult(bool Done, TimeSpan RetryAfter)
{
    public static MessageResult Completed { get; } = new(true, TimeSpan.Zero);

    public static MessageResult RetryIn(TimeSpan delay) => new(false, delay);
}

public sealed record BatchResult(IReadOnlyDictionary<string, MessageResult> Results)
{
    public IEnumerable<string> FailedMessageIds => Results.Where(r => !r.Value.Done).Select(r => r.Key);
}
