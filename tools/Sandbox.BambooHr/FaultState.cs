namespace Pipeline.Sandbox.BambooHr;

/// <summary>Rate limit, injected 503s and latency; changeable at runtime through the admin API.</summary>
internal sealed class FaultState(TimeProvider clock)
{
    private readonly Lock _gate = new();
    private int _rateLimit;
    private TimeSpan _window = TimeSpan.FromSeconds(1);
    private double _failureRate503;
    private int _latencyMs;
    private int _fail503Next;
    private DateTimeOffset _windowStart;
    private int _windowCount;

    public void Apply(FaultSettings settings)
    {
        lock (_gate)
        {
            if (settings.RateLimit is { } limit)
            {
                _rateLimit = Math.Max(0, limit);
                _windowCount = 0;
            }

            if (settings.RateLimitWindowSeconds is { } seconds && seconds > 0)
            {
                _window = TimeSpan.FromSeconds(seconds);
            }

            if (settings.FailureRate503 is { } rate)
            {
                _failureRate503 = Math.Clamp(rate, 0, 1);
            }

            if (settings.LatencyMs is { } latency)
            {
                _latencyMs = Math.Max(0, latency);
            }

            if (settings.Fail503Next is { } next)
            {
                _fail503Next = Math.Max(0, next);
            }
        }
    }

    public FaultSettings Current()
    {
        lock (_gate)
        {
            return new FaultSettings
            {
                RateLimit = _rateLimit,
                RateLimitWindowSeconds = _window.TotalSeconds,
                FailureRate503 = _failureRate503,
                LatencyMs = _latencyMs,
                Fail503Next = _fail503Next,
            };
        }
    }

    public int LatencyMs
    {
        get
        {
            lock (_gate)
            {
                return _latencyMs;
            }
        }
    }

    /// <summary>Fixed window counter. Returns null when allowed, else the whole seconds to wait.</summary>
    public int? TryAcquire()
    {
        lock (_gate)
        {
            if (_rateLimit <= 0)
            {
                return null;
            }

            var now = clock.GetUtcNow();
            if (now - _windowStart >= _window)
            {
                _windowStart = now;
                _windowCount = 0;
            }

            if (_windowCount < _rateLimit)
            {
                _windowCount++;
                return null;
            }

            var wait = _window - (now - _windowStart);
            return Math.Max(1, (int)Math.Ceiling(wait.TotalSeconds));
        }
    }

    public bool ShouldFail503()
    {
        lock (_gate)
        {
            if (_fail503Next > 0)
            {
                _fail503Next--;
                return true;
            }

#pragma warning disable CA5394 // Fault injection, not security: a non-cryptographic coin is what we want.
            return _failureRate503 > 0 && Random.Shared.NextDouble() < _failureRate503;
#pragma warning restore CA5394
        }
    }
}
