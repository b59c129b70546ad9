using Microsoft.Extensions.Options;
using Pipeline.Contracts;
using Pipeline.Queue;
using Pipeline.State;

namespace Pipeline.Producer.Operate;

public sealed record PendingRunStatus(
    string RunId, string Status, DateTimeOffset Since, DateTimeOffset StartedAt, int TotalChanged, int Published,
    int Settled, IReadOnlyDictionary<string, int> Outcomes, DateTimeOffset LeaseExpiresAt, int Warnings, bool Full = false);

/// <summary>One employee's warnings (data to fix in BambooHR though the sync went ahead), as its outcome recorded them.</summary>
public sealed record EmployeeWarnings(string EmployeeId, IReadOnlyList<string> Messages);

/// <param name="LastRunWarnings">The warnings of the last run's employees, by employee id; empty when it had none.</param>
public sealed record StatusReport(
    DateTimeOffset? Watermark,
    double? WatermarkLagSeconds,
    PendingRunStatus? PendingRun,
    QueueCounts MainQueue,
    QueueCounts DeadLetterQueue,
    RunSummary? LastSummary,
    IReadOnlyList<EmployeeWarnings> LastRunWarnings)
{
    /// <summary>Consumers paused or halted, one line each ("paused: Moodle unreachable (http503) since 03:02Z"); empty when all run.</summary>
    public IReadOnlyList<string> StoppedConsumers { get; init; } = [];
}

/// <summary>Everything `pipeline status` shows, read from DynamoDB and SQS; nothing is written.</summary>
public sealed class StatusReader(
    IRunStateStore state, IOutcomeStore outcomes, IQueueDepth depth, IOptions<QueueOptions> queue, TimeProvider time, IConsumerStateStore? consumers = null)
{
    public async Task<StatusReport> ReadAsync(CancellationToken ct)
    {
        var current = await state.GetStateAsync(ct).ConfigureAwait(false);
        PendingRunStatus? pending = null;
        if (current.PendingRunId is { } id && await state.GetRunAsync(id, ct).ConfigureAwait(false) is { } run)
        {
            var counts = await outcomes.CountAsync(id, ct).ConfigureAwait(false);
            pending = new PendingRunStatus(run.RunId, run.Status, run.Since, run.StartedAt, run.TotalChanged, run.Published,
                counts.Settled, counts.ByOutcome.ToDictionary(kv => ToName(kv.Key), kv => kv.Value), run.LeaseExpiresAt, counts.Warnings, run.Full);
        }

        // Read only when the summary counted some: the messages live with the run's outcomes, not in the summary.
        IReadOnlyList<EmployeeWarnings> warnings = [];
        if (current.LastSummary is { Warnings: > 0 } last)
        {
            warnings = [.. (await outcomes.ListAsync(last.RunId, ct).ConfigureAwait(false))
                .Where(o => o.Warnings.Count > 0)
                .Select(o => new EmployeeWarnings(o.EmployeeId, o.Warnings))];
        }

        var main = await depth.GetCountsAsync(queue.Value.QueueUrl, ct).ConfigureAwait(false);
        var dlq = await depth.GetCountsAsync(queue.Value.DeadLetterQueueUrl, ct).ConfigureAwait(false);
        double? lag = current.Watermark is { } w ? Math.Round((time.GetUtcNow() - w).TotalSeconds) : null;
        var now = time.GetUtcNow();
        IReadOnlyList<string> stopped = consumers is null
            ? []
            : [.. StoppedConsumers.From(await consumers.ListAsync(ct).ConfigureAwait(false)).Select(r => StoppedConsumers.Describe(r, now)).Distinct()];
        return new StatusReport(current.Watermark, lag, pending, main, dlq, current.LastSummary, warnings) { StoppedConsumers = stopped };
    }

    public static string ToName(Outcome o) => o switch
    {
        Outcome.DeadLettered => "dead_lettered",
        _ => o.ToString().ToLowerInvariant(),
    };
}
