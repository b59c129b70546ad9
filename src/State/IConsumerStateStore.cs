namespace Pipeline.State;

/// <summary>Consumers' states in the state table, for `pipeline status` and `pipeline sync` to say why a run does not drain.</summary>
public interface IConsumerStateStore
{
    /// <summary>Writes (overwrites) the consumer's record; also its heartbeat.</summary>
    Task RecordAsync(ConsumerRecord record, CancellationToken ct);

    /// <summary>Every consumer's record, one query.</summary>
    Task<IReadOnlyList<ConsumerRecord>> ListAsync(CancellationToken ct);
}
