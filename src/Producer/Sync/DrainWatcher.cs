using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Pipeline.Contracts;
using Pipeline.Queue;
using Pipeline.ServiceDefaults;
using Pipeline.State;

namespace Pipeline.Producer.Sync;

public sealed record DrainState(bool IsDrained, IReadOnlyDictionary<Outcome, int> Counts, QueueCounts Queue);

/// <summary>
/// Drained means: every employee of the run has a terminal outcome recorded by a consumer, and the queue has shown
/// nothing visible, in flight or delayed for the whole stability window (SQS counts are approximate on AWS).
/// </summary>
public sealed partial class DrainWatcher(
    IOutcomeStore outcomes,
    IQueueDepth depth,
    IOptions<QueueOptions> queue,
    IOptions<SyncOptions> options,
    TimeProvider time,
    ILogger<DrainWatcher> logger)
{
    public async Task<DrainState> CheckAsync(RunRecord run, CancellationToken ct)
    {
        var counts = await outcomes.CountAsync(run.RunId, ct).ConfigureAwait(false);
        var q = await depth.GetCountsAsync(queue.Value.QueueUrl, ct).ConfigureAwait(false);
        return new DrainState(counts.Values.Sum() >= run.TotalChanged && q.IsEmpty, counts, q);
    }

    public async Task<DrainState> WaitAsync(RunRecord run, TimeSpan wait, CancellationToken ct)
    {
        var began = time.GetTimestamp();
        long? emptySince = null;
        while (true)
        {
            var check = await CheckAsync(run, ct).ConfigureAwait(false);
            if (check.IsDrained)
            {
                emptySince ??= time.GetTimestamp();
                if (time.GetElapsedTime(emptySince.Value) >= options.Value.StabilityWindow)
                {
                    PipelineTelemetry.DrainDuration.Record(time.GetElapsedTime(began).TotalSeconds);
                    return check;
                }
            }
            else
            {
                emptySince = null;
                LogProgress(run.RunId, check.Counts.Values.Sum(), run.TotalChanged, check.Queue.Visible, check.Queue.InFlight, check.Queue.Delayed);
            }

            if (time.GetElapsedTime(began) >= wait)
            {
                return check with { IsDrained = false };
            }

            var remaining = wait - time.GetElapsedTime(began);
            var pause = options.Value.PollInterval < remaining ? options.Value.PollInterval : remaining;
            if (pause > TimeSpan.Zero)
            {
                await Task.Delay(pause, time, ct).ConfigureAwait(false);
            }
        }
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Run {RunId}: {Settled}/{Total} settled; queue visible {Visible}, in flight {InFlight}, delayed {Delayed}")]
    private partial void LogProgress(string runId, int settled, int total, long visible, long inFlight, long delayed);
}
