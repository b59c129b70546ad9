using Microsoft.AspNetCore.Http;

namespace Pipeline.Chaos.Faults;

/// <summary>
/// The one Moodle fault the stand-in does not have: a seeded share of web-service calls is held for
/// <see cref="ChaosSettings.SlowDelay"/> before being served. A middleware in front of the in-process stand-in.
/// </summary>
public sealed class SlowMoodleCalls(ChaosSettings settings)
{
    private readonly Random _dice = new(settings.FaultSeed + 1);
    private readonly Lock _diceLock = new();
    private long _slowCalls;
    private double _rate;

    public long SlowCalls => Interlocked.Read(ref _slowCalls);

    public void SetRate(double rate) => Volatile.Write(ref _rate, rate);

    public async Task InvokeAsync(HttpContext context, RequestDelegate next)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(next);
        if (context.Request.Path.StartsWithSegments("/webservice", StringComparison.Ordinal) && Roll())
        {
            Interlocked.Increment(ref _slowCalls);
            await Task.Delay(settings.SlowDelay, context.RequestAborted).ConfigureAwait(false);
        }

        await next(context).ConfigureAwait(false);
    }

    private bool Roll()
    {
        var rate = Volatile.Read(ref _rate);
        lock (_diceLock)
        {
            return _dice.NextDouble() < rate;
        }
    }
}
