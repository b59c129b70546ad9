using System.Diagnostics;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Pipeline.Consumer.Handling.Stages;
using Pipeline.Contracts;
using Pipeline.Domain;
using Pipeline.Moodle;
using Pipeline.Queue;
using Pipeline.Resilience;
using Pipeline.ServiceDefaults;
using Pipeline.State;

namespace Pipeline.Consumer.Handling;

/// <summary>
/// The one batch handler both hosts call, as five stages (Handling/Stages): decode and park, freshness (one ledger
/// read), decide (one Moodle lookup by idnumber, plus one by e-mail and one by username for those not linked yet),
/// write (one create call, one update call and one read-back of the updated users) and settle. Every message it
/// settles ends Done (applied, unchanged, stale, or parked in the DLQ with its reason) or Retry (transient failure;
/// when Moodle as a whole is down, never parked, and the batch says so: <see cref="ConsumerBatch.Outage"/>);
/// one it does not settle, the host retries.
/// </summary>
public sealed class EmployeeBatchHandler : IBatchHandler
{
    private readonly Settler _settler;
    private readonly DecodeStage _decode;
    private readonly FreshnessStage _freshness;
    private readonly DecideStage _decide;
    private readonly CreateWriter _creates;
    private readonly UpdateWriter _updates;

    public EmployeeBatchHandler(
        IMoodleClient moodle,
        IIdempotencyLedger ledger,
        IOutcomeStore outcomes,
        IDeadLetterQueue deadLetters,
        IOptions<MappingOptions> mappingOptions,
        IOptions<ConsumerOptions> consumerOptions,
        RetryDelay retryDelay,
        TimeProvider time,
        ILogger<EmployeeBatchHandler> logger,
        IOptions<CalendarOptions>? calendar = null)
    {
        _settler = new Settler(ledger, outcomes, deadLetters, retryDelay, consumerOptions, logger);
        _decode = new DecodeStage(_settler);
        _freshness = new FreshnessStage(ledger);
        _decide = new DecideStage(moodle, mappingOptions, time, calendar?.Value ?? new CalendarOptions());
        _creates = new CreateWriter(moodle, _settler);
        _updates = new UpdateWriter(moodle, _settler);
    }

    public async Task HandleAsync(ConsumerBatch batch, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(batch);
        PipelineTelemetry.BatchSize.Record(batch.Messages.Count);
        var spans = batch.Messages.Select(m => (m.MessageId, Span: StartSpan(m))).ToList();
        try
        {
            var decoded = await _decode.DecodeAsync(batch, ct).ConfigureAwait(false);
            var freshness = await _freshness.SortAsync(decoded, ct).ConfigureAwait(false);
            await _settler.ApplyAsync(freshness.Settled, batch, ct).ConfigureAwait(false);
            await ReconcileAsync(freshness.Fresh, batch, ct).ConfigureAwait(false);
        }
        finally
        {
            foreach (var (id, span) in spans)
            {
                if (span is not null)
                {
                    var result = batch.ResultOf(id);
                    span.SetTag("pipeline.message.result", result is null ? "failed" : result.Value.Done ? "done" : "retry");
                    if (result?.DeadLetterCode is { } code)
                    {
                        span.SetTag("pipeline.dead_letter.code", code);
                    }

                    span.Dispose();
                }
            }
        }
    }

    private async Task ReconcileAsync(IReadOnlyList<Delivery> fresh, ConsumerBatch batch, CancellationToken ct)
    {
        try
        {
            var decisions = IdNumberClaims.WithoutClashes(await _decide.DecideAsync(fresh, ct).ConfigureAwait(false));
            foreach (var poison in decisions.Poison)
            {
                await _settler.ParkAsync(poison.Delivery, poison.Decision.Code, poison.Decision.Message, batch, ct).ConfigureAwait(false);
            }

            await _settler.ApplyAsync(decisions.Unchanged, batch, ct).ConfigureAwait(false);
            // Refused joiners found to have an account after all (an e-mail differing only in case) are linked in the same update call.
            var found = await _creates.WriteAsync(decisions.Creates, batch, ct).ConfigureAwait(false);
            await _updates.WriteAsync([.. decisions.Updates, .. found], batch, ct).ConfigureAwait(false);
        }
        catch (MoodleException ex) when (ex.Kind == MoodleErrorKind.Fatal)
        {
            throw new ConsumerHaltedException(ex.ErrorCode,
                $"Moodle refused the web-service call ({ex.ErrorCode}): {ex.Message} " +
                "This fails every record, so the consumer stops and dead-letters nothing. Fix the token or the service's functions and capabilities (runbook: Troubleshooting), then restart.",
                ex);
        }
        catch (MoodleException ex) when (ex.Kind == MoodleErrorKind.Transient && FailureClassifier.IsMoodleOutage(ex.ErrorCode) && !batch.ParkOutages)
        {
            _settler.RetryOutage([.. fresh.Where(d => !batch.IsSettled(d.Messages[0]))], ex, batch);
        }
        catch (MoodleException ex) when (ex.Kind == MoodleErrorKind.Transient)
        {
            await _settler.RetryOrParkAsync([.. fresh.Where(d => !batch.IsSettled(d.Messages[0]))], ex, batch, ct).ConfigureAwait(false);
        }
    }

    private static Activity? StartSpan(IncomingMessage message)
    {
        var parent = TraceContext.Extract(message.Attributes);
        var links = parent == default ? null : new[] { new ActivityLink(parent) };
        var span = PipelineTelemetry.Source.StartActivity(
            ActivityKind.Consumer, parent, tags: null, links: links, name: "pipeline.consume employee");
        span?.SetTag("messaging.system", "aws_sqs");
        span?.SetTag("messaging.message.id", message.MessageId);
        if (message.Attributes.TryGetValue(MessageAttributes.EmployeeId, out var employeeId))
        {
            span?.SetTag("pipeline.employee_id", employeeId);
        }

        if (message.Attributes.TryGetValue(MessageAttributes.RunId, out var runId))
        {
            span?.SetTag("pipeline.run_id", runId);
        }

        return span;
    }
}
