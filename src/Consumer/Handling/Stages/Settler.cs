using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Pipeline.Contracts;
using Pipeline.Moodle;
using Pipeline.Queue;
using Pipeline.ServiceDefaults;
using Pipeline.State;

namespace Pipeline.Consumer.Handling.Stages;

/// <summary>
/// The settle stage, the only place that settles messages in a <see cref="ConsumerBatch"/>: records outcomes and
/// advances the ledger, parks poison in the DLQ, or asks for a retry. Every method settles every copy of a snapshot.
/// </summary>
internal sealed partial class Settler(
    IIdempotencyLedger ledger,
    IOutcomeStore outcomes,
    IDeadLetterQueue deadLetters,
    RetryDelay retryDelay,
    IOptions<ConsumerOptions> options,
    ILogger logger)
{
    private readonly int _maxAttempts = options.Value.MaxAttempts;

    /// <summary>Whether this delivery has used up its attempts (Consumer__MaxAttempts, the queue's maxReceiveCount).</summary>
    public bool IsLastAttempt(Delivery delivery) => delivery.ReceiveCount >= _maxAttempts;

    /// <summary>
    /// Records the outcomes (and, for applied ones, advances the ledger) in parallel: these are independent DynamoDB
    /// writes, and doing them one after another was most of the time of an unchanged re-sync.
    /// Order per snapshot matters: Moodle first (done by now), then the run's outcome, then the ledger. A crash in
    /// between is repaired by the redelivery: Moodle already matches (no write), the outcome is already there (no double count).
    /// </summary>
    public async Task ApplyAsync(IReadOnlyCollection<Applied> applied, ConsumerBatch batch, CancellationToken ct)
    {
        if (applied.Count == 0)
        {
            return;
        }

        await Parallel.ForEachAsync(applied, new ParallelOptions { MaxDegreeOfParallelism = 16, CancellationToken = ct }, async (a, c) =>
        {
            var change = a.Delivery.Change;
            IReadOnlyList<string> warnings = [.. a.Warnings.Select(w => w.Message)];
            var drift = CorrectsDrift(a);
            foreach (var runId in a.Delivery.RunIds)
            {
                await RecordAsync(runId, change.EmployeeId, a.Outcome, a.Detail, warnings, drift, c).ConfigureAwait(false);
            }

            // A recheck's snapshot is the one the ledger holds already: writing it again would only cost a refused write.
            if (a.AdvanceLedger && !a.Delivery.Recheck)
            {
                await ledger.TryAdvanceAsync(new LedgerEntry(change.EmployeeId, change.LastChanged, change.ContentHash, a.MoodleUserId), c).ConfigureAwait(false);
            }
        }).ConfigureAwait(false);

        foreach (var a in applied)
        {
            foreach (var message in a.Delivery.Messages)
            {
                batch.Complete(message);
            }

            if (CorrectsDrift(a))
            {
                LogDriftCorrected(a.Delivery.EmployeeId, a.Delivery.RunId, a.Outcome);
            }
            else
            {
                LogApplied(a.Delivery.EmployeeId, a.Delivery.RunId, a.Outcome);
            }

            if (a.Warnings.Count > 0)
            {
                LogWarnings(a.Delivery.EmployeeId, a.Delivery.RunId, string.Join(", ", a.Warnings.Select(w => w.Code)));
            }
        }
    }

    /// <summary>A Moodle write for a snapshot the ledger had already applied: the account had been changed in Moodle.</summary>
    private static bool CorrectsDrift(Applied a) =>
        a.Delivery.Recheck && !a.Delivery.DueRecheck && a.Outcome is Outcome.Created or Outcome.Updated or Outcome.Suspended or Outcome.Reactivated;

    /// <summary>
    /// Parks the snapshot's first copy in the DLQ with its reason (one DLQ message is enough to replay it) and records
    /// it as dead-lettered for every run that sent it; every copy is settled.
    /// </summary>
    public async Task ParkAsync(Delivery delivery, string code, string reason, ConsumerBatch batch, CancellationToken ct)
    {
        await ParkAsync(delivery.Messages[0], delivery.RunId, delivery.EmployeeId, code, reason, batch, ct).ConfigureAwait(false);
        foreach (var runId in delivery.RunIds.Skip(1))
        {
            await RecordAsync(runId, delivery.EmployeeId, Outcome.DeadLettered, code, [], driftCorrected: false, ct).ConfigureAwait(false);
        }

        foreach (var copy in delivery.Messages.Skip(1))
        {
            batch.Parked(copy, code);
        }
    }

    /// <summary>Parks a message that could not be decoded; the run and employee come from its attributes, when present.</summary>
    public async Task ParkAsync(IncomingMessage message, string? runId, string? employeeId, string code, string reason, ConsumerBatch batch, CancellationToken ct)
    {
        await deadLetters.ParkAsync(message.Body, message.Attributes,
            new DeadLetterReason(code, reason, employeeId, runId, message.ReceiveCount), ct).ConfigureAwait(false);
        if (runId is not null && employeeId is not null)
        {
            await RecordAsync(runId, employeeId, Outcome.DeadLettered, code, [], driftCorrected: false, ct).ConfigureAwait(false);
        }

        batch.Parked(message, code);
        LogParked(employeeId ?? "(unknown)", runId ?? "(unknown)", code);
    }

    /// <summary>A transient Moodle failure: retried after <see cref="RetryDelay"/>, or parked as transient_exhausted on the last attempt.</summary>
    public async Task RetryOrParkAsync(IReadOnlyList<Delivery> deliveries, MoodleException ex, ConsumerBatch batch, CancellationToken ct)
    {
        foreach (var delivery in deliveries)
        {
            if (IsLastAttempt(delivery))
            {
                await ParkAsync(delivery, "transient_exhausted",
                    $"Moodle kept failing for employee {delivery.EmployeeId} after {delivery.ReceiveCount} attempts ({ex.ErrorCode}): {ex.Message}", batch, ct).ConfigureAwait(false);
                continue;
            }

            var delay = retryDelay.For(delivery.ReceiveCount);
            LogRetry(delivery.EmployeeId, delivery.RunId, delivery.ReceiveCount, ex.ErrorCode, delay);
            foreach (var message in delivery.Messages)
            {
                batch.Retry(message, delay);
            }
        }
    }

    /// <summary>
    /// Moodle is down: every delivery is retried after <see cref="RetryDelay"/>, whatever its attempt. None is parked,
    /// because nothing about the records failed; the host pauses before the queue's redrive can take them.
    /// </summary>
    public void RetryOutage(IReadOnlyList<Delivery> deliveries, MoodleException ex, ConsumerBatch batch)
    {
        foreach (var delivery in deliveries)
        {
            var delay = retryDelay.For(delivery.ReceiveCount);
            LogRetry(delivery.EmployeeId, delivery.RunId, delivery.ReceiveCount, ex.ErrorCode, delay);
            foreach (var message in delivery.Messages)
            {
                batch.Retry(message, delay);
            }
        }

        batch.ReportOutage(ex.ErrorCode, ex.Message);
    }

    private async Task RecordAsync(
        string runId, string employeeId, Outcome outcome, string? detail, IReadOnlyList<string> warnings, bool driftCorrected, CancellationToken ct)
    {
        if (await outcomes.TryRecordAsync(runId, employeeId, outcome, detail, warnings, driftCorrected, ct).ConfigureAwait(false))
        {
            PipelineTelemetry.Outcomes.Add(1, new KeyValuePair<string, object?>("outcome", outcome.ToString().ToLowerInvariant()));
        }
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Employee {EmployeeId} of run {RunId}: {Outcome}")]
    private partial void LogApplied(string employeeId, string runId, Outcome outcome);

    // Codes only: the messages name the BambooHR field and are in the run's outcomes (`pipeline status`).
    [LoggerMessage(Level = LogLevel.Warning, Message = "Employee {EmployeeId} of run {RunId} synced with warnings: {Codes}")]
    private partial void LogWarnings(string employeeId, string runId, string codes);

    [LoggerMessage(Level = LogLevel.Information, Message = "Employee {EmployeeId} of run {RunId}: {Outcome}, correcting drift (Moodle differed from the snapshot already applied)")]
    private partial void LogDriftCorrected(string employeeId, string runId, Outcome outcome);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Employee {EmployeeId} of run {RunId} parked in the DLQ: {Code}")]
    private partial void LogParked(string employeeId, string runId, string code);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Employee {EmployeeId} of run {RunId}: transient Moodle failure {Code} on attempt {Attempt}; retrying in {Delay}")]
    private partial void LogRetry(string employeeId, string runId, int attempt, string code, TimeSpan delay);
}
