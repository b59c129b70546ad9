using System.Collections.Concurrent;

namespace Pipeline.Sandbox.Moodle;

/// <summary>Counters since the last reset, and the request lines seen (to prove what travels in URLs).</summary>
internal sealed class SandboxStats(int maxRecorded)
{
    private ConcurrentDictionary<string, long> _calls = new(StringComparer.Ordinal);
    private ConcurrentDictionary<string, long> _written = new(StringComparer.Ordinal);
    private ConcurrentDictionary<string, long> _faults = new(StringComparer.Ordinal);
    private ConcurrentQueue<RecordedRequest> _requests = new();
    private int _inFlight;
    private int _maxInFlight;

    public void Call(string function) => _calls.AddOrUpdate(function, 1, (_, n) => n + 1);

    public void UsersWritten(string function, int count) => _written.AddOrUpdate(function, count, (_, n) => n + count);

    public void Fault(string kind) => _faults.AddOrUpdate(kind, 1, (_, n) => n + 1);

    public void Record(RecordedRequest request)
    {
        _requests.Enqueue(request);
        while (_requests.Count > maxRecorded && _requests.TryDequeue(out _))
        {
        }
    }

    public void Enter()
    {
        var now = Interlocked.Increment(ref _inFlight);
        int seen;
        while (now > (seen = Volatile.Read(ref _maxInFlight)) && Interlocked.CompareExchange(ref _maxInFlight, now, seen) != seen)
        {
        }
    }

    public void Leave() => Interlocked.Decrement(ref _inFlight);

    public void Reset()
    {
        _calls = new(StringComparer.Ordinal);
        _written = new(StringComparer.Ordinal);
        _faults = new(StringComparer.Ordinal);
        _requests = new();
        Volatile.Write(ref _maxInFlight, 0);
    }

    public StatsDto Snapshot() => new(
        new SortedDictionary<string, long>(_calls, StringComparer.Ordinal),
        new SortedDictionary<string, long>(_written, StringComparer.Ordinal),
        new SortedDictionary<string, long>(_faults, StringComparer.Ordinal),
        Volatile.Read(ref _maxInFlight),
        Volatile.Read(ref _inFlight));

    public IReadOnlyList<RecordedRequest> Requests => [.. _requests];
}

/// <summary>One request as it arrived: method, path with query string, and whether the body carried a wstoken.</summary>
public sealed record RecordedRequest(string Method, string Target, bool BodyHasToken, DateTimeOffset At);

public sealed record StatsDto(
    IReadOnlyDictionary<string, long> Calls,
    IReadOnlyDictionary<string, long> UsersWritten,
    IReadOnlyDictionary<string, long> Faults,
    int MaxInFlight,
    int InFlight);
