using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Pipeline.Sandbox.BambooHr;
using Pipeline.Sandbox.Moodle;

namespace Pipeline.Chaos.Stack;

/// <summary>
/// Both sandboxes, hosted in this process on the chaos ports. Moodle gets one fault the sandbox does not have:
/// a seeded share of web-service calls is held for <see cref="ChaosSettings.SlowDelay"/> before being served.
/// </summary>
public sealed class InProcessSandboxes : IAsyncDisposable
{
    private readonly WebApplication _bamboo;
    private readonly WebApplication _moodle;
    private readonly Random _slowDice;
    private readonly Lock _diceLock = new();
    private long _slowCalls;
    private double _slowRate;

    private InProcessSandboxes(ChaosSettings settings, ChaosSecrets secrets)
    {
        _slowDice = new Random(settings.FaultSeed + 1);
        string[] quiet = ["--Logging:LogLevel:Default=Warning", "--Logging:LogLevel:Microsoft.AspNetCore=Error"];
        _bamboo = BambooHrSandbox.Build(
            [.. quiet, "--urls", $"http://127.0.0.1:{settings.BambooPort}", $"--Sandbox:ApiKey={secrets.BambooKey}"]);
        _moodle = MoodleSandbox.Build(
            [.. quiet, "--urls", $"http://127.0.0.1:{settings.MoodlePort}", $"--MoodleSandbox:AdminToken={secrets.MoodleToken}"],
            o => o.MinimumLogLevel = Microsoft.Extensions.Logging.LogLevel.Error);
        var delay = settings.SlowDelay;
        _moodle.Use(async (HttpContext context, RequestDelegate next) =>
        {
            if (context.Request.Path.StartsWithSegments("/webservice", StringComparison.Ordinal) && RollSlow())
            {
                Interlocked.Increment(ref _slowCalls);
                await Task.Delay(delay, context.RequestAborted).ConfigureAwait(false);
            }

            await next(context).ConfigureAwait(false);
        });
    }

    public long SlowCalls => Interlocked.Read(ref _slowCalls);

    public static async Task<InProcessSandboxes> StartAsync(ChaosSettings settings, ChaosSecrets secrets)
    {
        var sandboxes = new InProcessSandboxes(settings, secrets);
        await sandboxes._bamboo.StartAsync().ConfigureAwait(false);
        await sandboxes._moodle.StartAsync().ConfigureAwait(false);
        return sandboxes;
    }

    public void SetSlowRate(double rate) => Volatile.Write(ref _slowRate, rate);

    public async ValueTask DisposeAsync()
    {
        await _moodle.StopAsync().ConfigureAwait(false);
        await _bamboo.StopAsync().ConfigureAwait(false);
        await _moodle.DisposeAsync().ConfigureAwait(false);
        await _bamboo.DisposeAsync().ConfigureAwait(false);
    }

    private bool RollSlow()
    {
        var rate = Volatile.Read(ref _slowRate);
        lock (_diceLock)
        {
            return _slowDice.NextDouble() < rate;
        }
    }
}
