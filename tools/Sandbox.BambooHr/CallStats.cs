using System.Collections.Concurrent;
using System.Globalization;

namespace Pipeline.Sandbox.BambooHr;

/// <summary>Endpoint name attached to each API route so call counts group both URL forms together.</summary>
internal sealed record StatsName(string Name);

/// <summary>Counts API calls per endpoint and per status, so tests can prove "few calls".</summary>
internal sealed class CallStats
{
    private readonly ConcurrentDictionary<string, int> _calls = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, int> _statuses = new(StringComparer.Ordinal);

    public void Record(string endpoint) => _calls.AddOrUpdate(endpoint, 1, (_, n) => n + 1);

    public void RecordStatus(int status) =>
        _statuses.AddOrUpdate(status.ToString(CultureInfo.InvariantCulture), 1, (_, n) => n + 1);

    public StatsResponse Snapshot() => new(
        new SortedDictionary<string, int>(_calls, StringComparer.Ordinal),
        new SortedDictionary<string, int>(_statuses, StringComparer.Ordinal));

    public void Reset()
    {
        _calls.Clear();
        _statuses.Clear();
    }
}
