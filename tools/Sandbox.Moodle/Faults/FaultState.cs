namespace Pipeline.Sandbox.Moodle.Faults;

internal enum FaultKind
{
    None,
    Http500,
    Timeout,
    DmlError,
}

/// <summary>The faults in force: latency table, concurrency gate and seeded dice.</summary>
internal sealed class FaultState
{
    private readonly Lock _sync = new();
    private Settled _current;

    public FaultState(MoodleFaultSettings initial) => _current = Settle(initial);

    public MoodleFaultSettings Settings => _current.Settings;

    public void Apply(MoodleFaultSettings settings)
    {
        var settled = Settle(settings);
        lock (_sync)
        {
            _current = settled;
        }
    }

    public TimeSpan LatencyFor(string? function, int users)
    {
        var table = _current.Latency;
        if ((function is not null && table.TryGetValue(function, out var spec)) || table.TryGetValue("*", out spec))
        {
            return TimeSpan.FromMilliseconds(Math.Max(0, spec.BaseMs + (spec.PerUserMs * users)));
        }

        return TimeSpan.Zero;
    }

    /// <summary>Waits for a serving slot; dispose the result to free it. In-flight calls keep the gate they entered.</summary>
    public async Task<IDisposable> EnterAsync(CancellationToken ct)
    {
        var gate = _current.Gate;
        if (gate is null)
        {
            return NoSlot.Instance;
        }

        await gate.WaitAsync(ct).ConfigureAwait(false);
        return new Slot(gate);
    }

    /// <summary>Rolls the dice for one call, always three rolls so a seed replays the same sequence.</summary>
    public FaultKind Roll()
    {
        lock (_sync)
        {
            var s = _current.Settings;
            var r500 = _current.Random.NextDouble();
            var rTimeout = _current.Random.NextDouble();
            var rDml = _current.Random.NextDouble();
            return r500 < s.Http500Rate ? FaultKind.Http500
                : rTimeout < s.TimeoutRate ? FaultKind.Timeout
                : rDml < s.DmlErrorRate ? FaultKind.DmlError
                : FaultKind.None;
        }
    }

    private static Settled Settle(MoodleFaultSettings settings)
    {
        var (latency, concurrency) = LatencyProfiles.Resolve(settings.Profile);
        foreach (var (fn, spec) in settings.Latency ?? [])
        {
            latency[fn] = spec;
        }

        var max = settings.MaxConcurrency ?? concurrency;
        if (max is < 1)
        {
            throw new ArgumentException("max_concurrency must be at least 1.");
        }

        if (settings.TimeoutMode is not ("hang" or "close"))
        {
            throw new ArgumentException("timeout_mode must be 'hang' or 'close'.");
        }

        foreach (var rate in new[] { settings.Http500Rate, settings.TimeoutRate, settings.DmlErrorRate })
        {
            if (rate is < 0 or > 1)
            {
                throw new ArgumentException("Rates must be between 0 and 1.");
            }
        }

#pragma warning disable CA5394 // Fault dice, not security.
        var random = settings.Seed is { } seed ? new Random(seed) : new Random();
#pragma warning restore CA5394
        return new Settled(settings, latency, max is { } m ? new SemaphoreSlim(m, m) : null, random);
    }

    private sealed record Settled(MoodleFaultSettings Settings, Dictionary<string, LatencySpec> Latency, SemaphoreSlim? Gate, Random Random);

    private sealed class Slot(SemaphoreSlim gate) : IDisposable
    {
        private int _released;

        public void Dispose()
        {
            if (Interlocked.Exchange(ref _released, 1) == 0)
            {
                gate.Release();
            }
        }
    }

    private sealed class NoSlot : IDisposable
    {
        public static readonly NoSlot Instance = new();

        public void Dispose()
        {
        }
    }
}
