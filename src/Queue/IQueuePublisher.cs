namespace Pipeline.Queue;

public interface IQueuePublisher
{
    /// <summary>
    /// Publishes to the main queue. Entry-level failures are reported in the result, never lost;
    /// a queue that is missing or forbidden throws <see cref="QueueAccessException"/>.
    /// </summary>
    Task<PublishResult> PublishAsync(IReadOnlyList<OutgoingMessage> messages, CancellationToken ct);
}
