namespace Pipeline.Queue;

public interface IQueueDepth
{
    Task<QueueCounts> GetCountsAsync(string queueUrl, CancellationToken ct);
}
