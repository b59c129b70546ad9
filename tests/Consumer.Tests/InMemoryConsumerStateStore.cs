using System.Collections.Concurrent;
using Pipeline.State;

namespace Pipeline.Consumer.Tests;

/// <summary>Consumer records in memory: the Dynamo store is covered by the emulator tests, here only what was written matters.</summary>
internal sealed class InMemoryConsumerStateStore : IConsumerStateStore
{
    private readonly ConcurrentDictionary<string, ConsumerRecord> _records = new(StringComparer.Ordinal);

    public ConcurrentQueue<ConsumerState> History { get; } = new();

    public Task RecordAsync(ConsumerRecord record, CancellationToken ct)
    {
        _records[record.Instance] = record;
        History.Enqueue(record.State);
        return Task.CompletedTask;
    }

    public Task<IReadOnlyList<ConsumerRecord>> ListAsync(CancellationToken ct) =>
        Task.FromResult<IReadOnlyList<ConsumerRecord>>([.. _records.Values]);
}
