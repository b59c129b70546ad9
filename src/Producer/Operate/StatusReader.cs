using Microsoft.Extensions.Options;
using Pipeline.Contracts;
using Pipeline.Queue;
using Pipeline.State;

namespace Pipeline.Producer.Operate;

public sealed record PendingRunStatus(
    string RunId, string Status, DateTimeOffset Since, DateTimeOffset StartedAt, int TotalChanged, int Published,
    int Settled, IReadOnlyDictionary<string, int> Outcomes, DateTimeOffset LeaseExpiresAt, bool Full = false);

public sealed record StatusReport(
    DateTimeOffset? Watermark,
    double? WatermarkLagSeconds,
    PendingRunStatus? PendingRun,
    QueueCounts MainQueue,
    QueueCounts DeadLetterQueue,
    RunSummary? LastSummary);

/// <summary>Everything `pipeline status` shows, read from DynamoDB and SQS; nothing is written.</summary>
public sealed class StatusReader(IRunStateStore state, IOutcomeStore outcomes, IQueueDepth depth, IOptions<QueueOptions> queue, TimeProvider time)
{
    public async Task<StatusReport> ReadAsync(CancellationToken ct)
    {
        var current = await state.GetStateAsync(ct).ConfigureAwait(false);
        PendingRunStatus? pending = null;
        if (current.PendingRunId is { } id && await state.GetRunAsync(id, ct).ConfigureAwait(false) is { } run)
        {
            var counts = await outcomes.CountAsync(id, ct).ConfigureAwait(false);
            pending = new PendingRunStatus(run.RunId, run.Status, run.Since, run.StartedAt, run.TotalChanged, run.Published,
                counts.Values.Sum(), counts.ToDictionary(kv => ToName(kv.Key), kv => kv.Value), run.LeaseExpiresAt, run.Full);
        }

        var main = await depth.GetCountsAsync(queue.Value.QueueUrl, ct).ConfigureAwait(false);
        var dlq = await depth.GetCountsAsync(queue.Value.DeadLetterQueueUrl, ct).ConfigureAwait(false);
        double? lag = current.Watermark is { } w ? Math.Round((time.GetUtcNow() - w).TotalSeconds) : null;
        return new StatusReport(current.Watermark, lag, pending, main, dlq, current.LastSummary);
    }

    public static string ToName(Outcome o) => o switch
    {
        Outcome.DeadLettered => "dead_lettered",
        _ => o.ToString().ToLowerInvariant(),
    };
}
