using System.Diagnostics;
using Microsoft.Extensions.Options;
using Pipeline.BambooHr;
using Pipeline.Contracts;
using Pipeline.Domain;
using Pipeline.Queue;
using Pipeline.ServiceDefaults;
using Pipeline.State;

namespace Pipeline.Producer.Sync;

/// <summary>
/// Fetches the changed employees' snapshots in bulk chunks and publishes one message per employee, chunk by chunk,
/// so memory stays flat however large the change set. Employees that cannot become a message (snapshot missing,
/// message too large) are parked in the DLQ with their reason and counted as dead-lettered for the run.
/// </summary>
public sealed class SnapshotPublisher(
    IBambooHrClient bamboo,
    IQueuePublisher publisher,
    IDeadLetterQueue deadLetters,
    IOutcomeStore outcomes,
    IDueStore dues,
    IOptions<BambooHrOptions> bambooOptions,
    IOptions<SyncOptions> syncOptions,
    IOptions<MappingOptions> mapping,
    IOptions<CalendarOptions> calendar,
    TimeProvider time)
{
    // One chunk = one custom-report call, so the producer's chunks follow the client's.
    private int ChunkSize => bambooOptions.Value.BulkChunkSize;

    private int Parallelism => syncOptions.Value.PublishParallelism;

    public Task<int> PublishAsync(string runId, IReadOnlyList<EmployeeChange> changes, Func<CancellationToken, Task> heartbeat, CancellationToken ct) =>
        PublishAsync(runId, changes, full: false, heartbeat, ct);

    /// <param name="full">A full run's messages carry <see cref="EmployeeChanged.Full"/>: the consumer compares each with Moodle.</param>
    public Task<int> PublishAsync(string runId, IReadOnlyList<EmployeeChange> changes, bool full, Func<CancellationToken, Task> heartbeat, CancellationToken ct) =>
        PublishAsync(runId, changes, full, new HashSet<string>(StringComparer.Ordinal), heartbeat, ct);

    /// <param name="due">Employees published because their date arrived: their messages carry <see cref="EmployeeChanged.Due"/>.</param>
    /// <remarks>
    /// An employee whose snapshot has a date ahead (<see cref="EffectiveDates.NextDue"/>) is remembered in the state
    /// table before its message is sent, so no published future date is ever without its due item.
    /// </remarks>
    public async Task<int> PublishAsync(string runId, IReadOnlyList<EmployeeChange> changes, bool full, IReadOnlySet<string> due,
        Func<CancellationToken, Task> heartbeat, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(changes);
        ArgumentNullException.ThrowIfNull(due);
        ArgumentNullException.ThrowIfNull(heartbeat);
        var published = 0;
        var today = calendar.Value.Today(time);

        // Chunks are independent (a standard queue keeps no order), so several go through fetch → encode → send at
        // once: one at a time left the queue senders idle while BambooHR answered. Memory stays at a few chunks.
        await Parallel.ForEachAsync(changes.Chunk(ChunkSize), new ParallelOptions { MaxDegreeOfParallelism = Parallelism, CancellationToken = ct },
            async (chunk, c) =>
            {
                await heartbeat(c).ConfigureAwait(false);
                var snapshots = await FetchAsync(chunk, c).ConfigureAwait(false);
                var messages = await BuildAsync(runId, chunk, snapshots, full, due, c).ConfigureAwait(false);
                var ahead = DatesAhead(chunk, snapshots, today);
                if (ahead.Count > 0)
                {
                    await dues.RecordAsync(ahead, c).ConfigureAwait(false);
                }

                if (messages.Count > 0)
                {
                    Interlocked.Add(ref published, Check(runId, await SendAsync(messages, c).ConfigureAwait(false)));
                }
            }).ConfigureAwait(false);

        return published;
    }

    private async Task<IReadOnlyDictionary<string, EmployeeSnapshot>> FetchAsync(EmployeeChange[] chunk, CancellationToken ct)
    {
        var wanted = chunk.Where(c => c.Action != EmployeeAction.Deleted).Select(c => c.Id).ToList();
        if (wanted.Count == 0)
        {
            return new Dictionary<string, EmployeeSnapshot>();
        }

        using (PipelineTelemetry.Source.StartActivity("bamboohr.snapshots"))
        {
            return await bamboo.GetSnapshotsAsync(wanted, ct).ConfigureAwait(false);
        }
    }

    private List<DueEmployee> DatesAhead(EmployeeChange[] chunk, IReadOnlyDictionary<string, EmployeeSnapshot> snapshots, DateOnly today)
    {
        var ahead = new List<DueEmployee>();
        foreach (var change in chunk)
        {
            if (change.Action != EmployeeAction.Deleted && snapshots.TryGetValue(change.Id, out var snapshot)
                && EffectiveDates.NextDue(snapshot, mapping.Value, today) is { } date)
            {
                ahead.Add(new DueEmployee(change.Id, date, change.LastChanged));
            }
        }

        return ahead;
    }

    private async Task<List<OutgoingMessage>> BuildAsync(string runId, EmployeeChange[] chunk, IReadOnlyDictionary<string, EmployeeSnapshot> snapshots, bool full,
        IReadOnlySet<string> due, CancellationToken ct)
    {
        var messages = new List<OutgoingMessage>(chunk.Length);
        using var span = PipelineTelemetry.Source.StartActivity("pipeline.publish", ActivityKind.Producer);
        span?.SetTag("messaging.system", "aws_sqs");
        span?.SetTag("messaging.batch.message_count", chunk.Length);

        // The consumer spans of these messages join this span's trace and link to it; the context is the same for
        // every message of the chunk, so it is formatted once.
        var trace = new Dictionary<string, string>(2, StringComparer.Ordinal);
        TraceContext.Inject(span ?? Activity.Current, trace);
        foreach (var change in chunk)
        {
            EmployeeSnapshot? snapshot = null;
            if (change.Action != EmployeeAction.Deleted && !snapshots.TryGetValue(change.Id, out snapshot))
            {
                await ParkAsync(runId, change, "snapshot_missing",
                    $"BambooHR reported employee {change.Id} as {change.Action} but returned no fields for it. Check the API key can see this employee, then replay.", ct).ConfigureAwait(false);
                continue;
            }

            var message = EmployeeChanged.Create(runId, change.Id, change.Action, change.LastChanged, snapshot, time.GetUtcNow()) with { Full = full, Due = due.Contains(change.Id) };
            string body;
            try
            {
                body = EmployeeChangedCodec.Encode(message);
            }
            catch (InvalidMessageException ex)
            {
                await ParkAsync(runId, change, ex.Code, ex.Message, ct).ConfigureAwait(false);
                continue;
            }

            var attributes = new Dictionary<string, string>(2 + trace.Count, StringComparer.Ordinal)
            {
                [MessageAttributes.RunId] = runId,
                [MessageAttributes.EmployeeId] = change.Id,
            };
            foreach (var (key, value) in trace)
            {
                attributes[key] = value;
            }

            messages.Add(new OutgoingMessage(change.Id, body, attributes));
        }

        return messages;
    }

    private async Task<PublishResult> SendAsync(List<OutgoingMessage> messages, CancellationToken ct)
    {
        var result = await publisher.PublishAsync(messages, ct).ConfigureAwait(false);
        PipelineTelemetry.MessagesPublished.Add(result.Published);
        return result;
    }

    private static int Check(string runId, PublishResult result)
    {
        if (result.Failures.Count > 0)
        {
            var first = result.Failures[0];
            throw new PublishFailedException(
                $"Run {runId}: {result.Failures.Count} messages could not be sent to the queue after retries (first: employee {first.Id}, {first.Code}: {first.Message}). " +
                "The run is abandoned and the watermark stays; the next run publishes the window again.");
        }

        return result.Published;
    }

    private async Task ParkAsync(string runId, EmployeeChange change, string code, string reason, CancellationToken ct)
    {
        var attributes = new Dictionary<string, string>(StringComparer.Ordinal)
        {
            [MessageAttributes.RunId] = runId,
            [MessageAttributes.EmployeeId] = change.Id,
        };
        var body = EmployeeChangedCodec.Encode(EmployeeChanged.Create(runId, change.Id, EmployeeAction.Deleted, change.LastChanged, null, time.GetUtcNow()) with { Action = change.Action });
        await deadLetters.ParkAsync(body, attributes, new DeadLetterReason(code, reason, change.Id, runId, 0), ct).ConfigureAwait(false);
        await outcomes.TryRecordAsync(runId, change.Id, Outcome.DeadLettered, code, ct).ConfigureAwait(false);
    }
}

public sealed class PublishFailedException : Exception
{
    public PublishFailedException() { }

    public PublishFailedException(string message) : base(message) { }

    public PublishFailedException(string message, Exception innerException) : base(message, innerException) { }
}
