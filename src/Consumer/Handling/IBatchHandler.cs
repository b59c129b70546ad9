namespace Pipeline.Consumer.Handling;

/// <summary>
/// What both hosts call for each batch. The handler settles messages in <paramref name="batch"/> as it goes; whatever
/// it leaves unsettled, because it forgot, was cancelled or threw, the host retries (fail closed).
/// </summary>
public interface IBatchHandler
{
    /// <exception cref="ConsumerHaltedException">An error that would fail every message: the host stops taking messages.</exception>
    Task HandleAsync(ConsumerBatch batch, CancellationToken ct);
}
