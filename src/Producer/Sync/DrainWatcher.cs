using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Pipeline.Contracts;
using Pipeline.Queue;
using Pipeline.ServiceDefaults;
using Pipeline.State;

namespace Pipeline.Producer.Sync;

/// <param name="Interrupted">The wait was cancelled (Ctrl-C, SIGTERM); the counts are the last ones read.</param>
/// <param name="DriftCorrected">Outcomes recorded as drift corrected, read once when the wait ends (0 when interrupted).</param>
/// <param name="TransientExhausted">Employees dead-lettered because Moodle kept failing for them, read once when drained.</param>
public sealed record DrainState(bool IsDrained, OutcomeCounts Counts, QueueCounts Queue, bool Interrupted = false, int DriftCorrected = 0,
    int TransientExhausted = 0);

/// <summary>Reads a run's outcomes and the queue's depth until <see cref="DrainRule"/> says the run is drained, or the wait ends.</summary>
public sealed partial class DrainWatcher(
    IOutcomeStore outcomes,
    IQueueDepth depth,
    IOptions<QueueOptions> queue,
    IOptions<SyncOptions> options,
    TimeProvider time,
    ILogger<DrainWatcher> logger)
{
    public Task<DrainState> WaitAsync(RunRecord run, TimeSpan wait, CancellationToken ct) => WaitAsync(run, wait, _ => Task.CompletedTask, ct);

    /// <param name="heartbeat">Called every poll: the waiting producer keeps its lease, so a second sync is refused rather than waiting on the same run.</param>
    public async Task<DrainState> WaitAsync(RunRecord run, TimeSpan wait, Func<CancellationToken, Task> heartbeat, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(heartbeat);
        ArgumentNullException.ThrowIfNull(run);
        var began = time.GetTimestamp();
        var rule = new DrainRule(options.Value.StabilityWindow, time);
        DrainState? last = null;
        try
        {
            while (true)
            {
                await heartbeat(ct).ConfigureAwait(false);
                var counts = await outcomes.CountAsync(run.RunId, ct).ConfigureAwait(false);
                var q = await depth.GetCountsAsync(queue.Value.QueueUrl, ct).ConfigureAwait(false);
                var settled = counts.Settled;
                last = new DrainState(false, counts, q);
                if (rule.Observe(settled, run.TotalChanged, q))
                {
                    PipelineTelemetry.DrainDuration.Record(time.GetElapsedTime(began).TotalSeconds);
                    return last with
                    {
                        IsDrained = true,
                        DriftCorrected = await outcomes.CountDriftCorrectedAsync(run.RunId, ct).ConfigureAwait(false),
                        TransientExhausted = counts[Outcome.DeadLettered] == 0 ? 0 : await CountTransientExhaustedAsync(run.RunId, ct).ConfigureAwait(false),
                    };
                }

                if (settled < run.TotalChanged || !q.IsEmpty)
                {
                    LogProgress(run.RunId, settled, run.TotalChanged, q.Visible, q.InFlight, q.Delayed);
                }

                if (time.GetElapsedTime(began) >= wait)
                {
                    return last with { DriftCorrected = await outcomes.CountDriftCorrectedAsync(run.RunId, ct).ConfigureAwait(false) };
                }

                var remaining = wait - time.GetElapsedTime(began);
                var pause = options.Value.PollInterval < remaining ? options.Value.PollInterval : remaining;
                if (pause > TimeSpan.Zero)
                {
                    await Task.Delay(pause, time, ct).ConfigureAwait(false);
                }
            }
        }
        catch (OperationCanceledException) when (ct.IsCancellationRequested)
        {
            return (last ?? new DrainState(false, OutcomeCounts.None, new QueueCounts(0, 0, 0))) with { Interrupted = true };
        }
    }

    // Read only when something was dead-lettered: a data problem and a Moodle that kept failing differ only in the detail.
    private async Task<int> CountTransientExhaustedAsync(string runId, CancellationToken ct) =>
        (await outcomes.ListAsync(runId, ct).ConfigureAwait(false)).Count(o => o.Outcome == Outcome.DeadLettered && o.Detail == "transient_exhausted");

    [LoggerMessage(Level = LogLevel.Information, Message = "Run {RunId}: {Settled}/{Total} settled; queue visible {Visible}, in flight {InFlight}, delayed {Delayed}")]
    private partial void LogProgress(string runId, int settled, int total, long visible, long inFlight, long delayed);
}
