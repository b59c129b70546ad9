using System.Globalization;
using Pipeline.LocalStack;

namespace Pipeline.Chaos.Faults;

/// <summary>The consumer worker processes: started, SIGKILLed at chosen moments and started again.</summary>
public sealed class WorkerPool(Harness harness, IReadOnlyDictionary<string, string?> settings, int size, Random dice) : IAsyncDisposable
{
    private readonly ChildProcess?[] _workers = new ChildProcess?[size];
    private int _started;

    public int Kills { get; private set; }

    public List<string> KillLog { get; } = [];

    public void Start()
    {
        for (var i = 0; i < _workers.Length; i++)
        {
            _workers[i] = StartOne();
        }
    }

    /// <summary>SIGKILLs one worker (seeded choice) and starts a replacement; its messages reappear after the visibility timeout.</summary>
    public void KillOne(string when)
    {
        var i = dice.Next(_workers.Length);
        var victim = _workers[i]!;
        victim.Kill();
        Kills++;
        KillLog.Add($"{victim.Name} (pid {victim.Id.ToString(CultureInfo.InvariantCulture)}) {when}");
        _workers[i] = StartOne();
    }

    /// <summary>Workers that died on their own (a consumer halt) are restarted too, and counted.</summary>
    public int RestartExited()
    {
        var n = 0;
        for (var i = 0; i < _workers.Length; i++)
        {
            if (_workers[i]!.HasExited)
            {
                _workers[i] = StartOne();
                n++;
            }
        }

        return n;
    }

    public async Task StopAsync()
    {
        await Task.WhenAll(_workers.Where(w => w is not null).Select(w => w!.StopAsync(TimeSpan.FromSeconds(15)))).ConfigureAwait(false);
    }

    public async ValueTask DisposeAsync()
    {
        foreach (var w in _workers)
        {
            if (w is not null)
            {
                await w.DisposeAsync().ConfigureAwait(false);
            }
        }
    }

    private ChildProcess StartOne()
    {
        _started++;
        return harness.StartConsumerWorker("consumer-" + _started.ToString(CultureInfo.InvariantCulture), settings);
    }
}
