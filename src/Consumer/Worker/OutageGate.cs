using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Pipeline.Consumer.Handling;
using Pipeline.Moodle;
using Pipeline.State;

namespace Pipeline.Consumer.Worker;

/// <summary>
/// The worker's pause on a Moodle outage, shared by its pollers. Batches that find Moodle down are counted; at
/// <see cref="ConsumerOptions.OutageThreshold"/> in a row (or at once for a batch holding a message on its last
/// attempt) the gate closes: pollers stop receiving, those holding a batch keep it (visibility extended, so no receive
/// is spent), and one probe loop calls core_webservice_get_site_info with backoff until Moodle answers. Then the gate
/// opens and the held batches are handled again. The state table hears of every change (and of every probe, a heartbeat).
/// </summary>
public sealed partial class OutageGate(
    IMoodleClient moodle,
    IConsumerStateStore states,
    IOptions<ConsumerOptions> options,
    TimeProvider time,
    ILogger<OutageGate> logger)
{
    private static readonly TimeSpan FirstProbeDelay = TimeSpan.FromSeconds(1);

    private readonly Lock _lock = new();
    private readonly ConsumerOptions _options = options.Value;
    private int _consecutive;
    private TaskCompletionSource? _paused;

    /// <summary>This consumer's name in the state table: host and process, unique among running consumers.</summary>
    public string Instance { get; } = $"{Environment.MachineName}-{Environment.ProcessId}";

    public bool IsPaused
    {
        get
        {
            lock (_lock)
            {
                return _paused is not null;
            }
        }
    }

    public Task StartedAsync(CancellationToken ct)
    {
        var now = time.GetUtcNow();
        return RecordAsync(new ConsumerRecord(Instance, ConsumerState.Running, null, now, now), ct);
    }

    /// <summary>A batch that reached Moodle: the outage count starts again.</summary>
    public void Succeeded() => Interlocked.Exchange(ref _consecutive, 0);

    /// <summary>A batch that found Moodle down.</summary>
    /// <returns>true when the caller must hold its messages and wait (<see cref="WaitAsync"/>) instead of retrying them.</returns>
    public bool Failed(MoodleOutage outage, bool lastAttempt, CancellationToken stopping)
    {
        ArgumentNullException.ThrowIfNull(outage);
        lock (_lock)
        {
            var consecutive = Interlocked.Increment(ref _consecutive);
            if (_paused is not null)
            {
                return true;
            }

            if (consecutive < _options.OutageThreshold && !lastAttempt)
            {
                return false;
            }

            _paused = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            LogPaused(outage.Code, consecutive, lastAttempt);
            _ = Task.Run(() => ProbeUntilUpAsync(outage, stopping), CancellationToken.None);
            return true;
        }
    }

    /// <summary>Returns at once when not paused; otherwise when Moodle answers again (or throws on stop).</summary>
    public Task WaitAsync(CancellationToken stopping)
    {
        lock (_lock)
        {
            return _paused?.Task.WaitAsync(stopping) ?? Task.CompletedTask;
        }
    }

    /// <summary>The consumer stops for good: the state table says why and what to do.</summary>
    public Task HaltedAsync(string code, CancellationToken ct)
    {
        var now = time.GetUtcNow();
        return RecordAsync(new ConsumerRecord(Instance, ConsumerState.Halted, $"{code} — {HaltAdvice(code)}", now, now), ct);
    }

    internal static string HaltAdvice(string code) => code switch
    {
        "invalidtoken" or "invalidtimedtoken" or "invalidtokensession" => "set Moodle__Token",
        "accessexception" or "nopermissions" or "requireloginerror" or "suspended" or "invalidlogin" =>
            "give the token's user its web-service capabilities (runbook: Troubleshooting)",
        "invalidrecord" => "add the missing functions to the Moodle web service (runbook: Troubleshooting)",
        _ => "see the consumer's log and the runbook (Troubleshooting), then restart the consumers",
    };

    private async Task ProbeUntilUpAsync(MoodleOutage outage, CancellationToken stopping)
    {
        var since = time.GetUtcNow();
        var reason = $"Moodle unreachable ({outage.Code})";
        var delay = FirstProbeDelay;
        var probes = 0;
        try
        {
            while (true)
            {
                await RecordAsync(new ConsumerRecord(Instance, ConsumerState.Paused, reason, since, time.GetUtcNow()), stopping).ConfigureAwait(false);
                await Task.Delay(delay, time, stopping).ConfigureAwait(false);
                probes++;
                try
                {
                    await moodle.GetSiteInfoAsync(stopping).ConfigureAwait(false);
                    break;
                }
                catch (MoodleException ex) when (ex.Kind == MoodleErrorKind.Transient)
                {
                    reason = $"Moodle unreachable ({ex.ErrorCode})";
                    LogStillDown(ex.ErrorCode, probes, delay);
                }
                catch (MoodleException ex)
                {
                    // Moodle answers, refusing: the held batches meet the same refusal and halt the consumer with its reason.
                    LogAnsweredRefusing(ex.ErrorCode);
                    break;
                }

                delay = TimeSpan.FromTicks(Math.Min(delay.Ticks * 2, _options.OutageProbeMax.Ticks));
            }
        }
        catch (OperationCanceledException)
        {
            // Stopping: the waiting pollers see the same token and hand their messages back.
            return;
        }

        LogResumed(probes, time.GetUtcNow() - since);
        Interlocked.Exchange(ref _consecutive, 0);
        TaskCompletionSource? paused;
        lock (_lock)
        {
            (paused, _paused) = (_paused, null);
        }

        await StartedAsync(CancellationToken.None).ConfigureAwait(false);
        paused?.TrySetResult();
    }

    // Telling the state table is best effort: a consumer never stops or stalls because it could not say how it is.
    private async Task RecordAsync(ConsumerRecord record, CancellationToken ct)
    {
        try
        {
            await states.RecordAsync(record, ct).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is not OperationCanceledException || !ct.IsCancellationRequested)
        {
            LogRecordFailed(ex, record.State);
        }
    }

    [LoggerMessage(Level = LogLevel.Error, Message = "Moodle is down ({Code}, {Consecutive} batches in a row, last attempt held: {LastAttempt}): consumer paused; holding its messages and probing Moodle until it answers")]
    private partial void LogPaused(string code, int consecutive, bool lastAttempt);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Moodle still down ({Code}) at probe {Probe}; next in {Delay} or more")]
    private partial void LogStillDown(string code, int probe, TimeSpan delay);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Moodle answers the probe with a refusal ({Code}); resuming, the held batches will show why")]
    private partial void LogAnsweredRefusing(string code);

    [LoggerMessage(Level = LogLevel.Information, Message = "Moodle answers again after {Probes} probes ({Paused}); consumer resumed")]
    private partial void LogResumed(int probes, TimeSpan paused);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Could not record the consumer's state ({State}) in the state table")]
    private partial void LogRecordFailed(Exception ex, ConsumerState state);
}
