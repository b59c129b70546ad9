using Pipeline.Domain;
using Pipeline.State;

namespace Pipeline.Consumer.Tests;

/// <summary>The ledger's contract (IIdempotencyLedger) in memory: it advances only to a newer snapshot, as DynamoIdempotencyLedger's conditional write does.</summary>
internal sealed class InMemoryIdempotencyLedger : IIdempotencyLedger
{
    private readonly Dictionary<string, LedgerEntry> _entries = new(StringComparer.Ordinal);

    public int Reads { get; private set; }

    public LedgerEntry? this[string employeeId]
    {
        get
        {
            lock (_entries)
            {
                return _entries.GetValueOrDefault(employeeId);
            }
        }
    }

    public Task<IReadOnlyDictionary<string, LedgerEntry>> GetManyAsync(IReadOnlyCollection<string> employeeIds, CancellationToken ct)
    {
        lock (_entries)
        {
            Reads++;
            IReadOnlyDictionary<string, LedgerEntry> found = employeeIds.Where(_entries.ContainsKey).Distinct(StringComparer.Ordinal)
                .ToDictionary(id => id, id => _entries[id], StringComparer.Ordinal);
            return Task.FromResult(found);
        }
    }

    public Task<bool> TryAdvanceAsync(LedgerEntry entry, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(entry);
        lock (_entries)
        {
            var current = _entries.GetValueOrDefault(entry.EmployeeId);
            if (current is not null && SnapshotOrdering.IsStale(entry.LastChanged, entry.ContentHash, current.LastChanged, current.ContentHash) != Freshness.New)
            {
                return Task.FromResult(false);
            }

            _entries[entry.EmployeeId] = entry with { MoodleUserId = entry.MoodleUserId ?? current?.MoodleUserId };
            return Task.FromResult(true);
        }
    }
}
