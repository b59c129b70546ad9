using System.Diagnostics;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Pipeline.Contracts;
using Pipeline.Domain;
using Pipeline.Moodle;
using Pipeline.Queue;
using Pipeline.Resilience;
using Pipeline.ServiceDefaults;
using Pipeline.State;

namespace Pipeline.Consumer.Handling;

/// <summary>
/// The one batch handler both hosts call. For a batch of messages it makes at most: one idempotency-ledger
/// read, one Moodle lookup by idnumber (plus one by email and one by username for those not yet linked),
/// one create call, one update call and one re-read of the updated users. Every message ends Done
/// (applied, unchanged, stale, or parked in the DLQ with its reason) or Retry (transient failure).
/// </summary>
public sealed partial class EmployeeBatchHandler(
    IMoodleClient moodle,
    IIdempotencyLedger ledger,
    IOutcomeStore outcomes,
    IDeadLetterQueue deadLetters,
    IOptions<MappingOptions> mappingOptions,
    IOptions<ConsumerOptions> consumerOptions,
    IOptions<RetryOptions> retryOptions,
    TimeProvider time,
    ILogger<EmployeeBatchHandler> logger)
{
    private readonly MappingOptions _mapping = mappingOptions.Value;
    private readonly ConsumerOptions _options = consumerOptions.Value;

    public async Task<BatchResult> HandleAsync(IReadOnlyList<IncomingMessage> messages, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(messages);
        PipelineTelemetry.BatchSize.Record(messages.Count);
        var results = new Dictionary<string, MessageResult>(messages.Count, StringComparer.Ordinal);
        var spans = new Dictionary<string, Activity?>(StringComparer.Ordinal);
        try
        {
            var items = new List<WorkItem>(messages.Count);
            foreach (var message in messages)
            {
                spans[message.MessageId] = StartSpan(message);
                var item = await DecodeAsync(message, ct).ConfigureAwait(false);
                if (item is null)
                {
                    results[message.MessageId] = MessageResult.Completed;
                }
                else
                {
                    items.Add(item);
                }
            }

            var fresh = await FilterFreshAsync(items, results, ct).ConfigureAwait(false);
            var mapped = Map(fresh);
            await ReconcileAsync(mapped, results, ct).ConfigureAwait(false);
            return new BatchResult(results);
        }
        finally
        {
            foreach (var (id, span) in spans)
            {
                if (span is not null)
                {
                    var outcome = results.TryGetValue(id, out var r) ? (r.Done ? "done" : "retry") : "failed";
                    span.SetTag("pipeline.message.result", outcome);
                    span.Dispose();
                }
            }
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

    private async Task<WorkItem?> DecodeAsync(IncomingMessage message, CancellationToken ct)
    {
        try
        {
            var change = EmployeeChangedCodec.Decode(message.Body);
            if (message.Attributes.TryGetValue(MessageAttributes.EmployeeId, out var attrEmployee)
                && !string.Equals(attrEmployee, change.EmployeeId, StringComparison.Ordinal))
            {
                throw new InvalidMessageException("attribute_mismatch",
                    $"The message's employee_id attribute ({attrEmployee}) does not match its body ({change.EmployeeId}).");
            }

            if (message.Attributes.ContainsKey(MessageAttributes.FailureCode))
            {
                // A DLQ reason on a main-queue message means someone sent it by hand dressed as a replay; replay strips them.
                throw new InvalidMessageException("forged_attributes",
                    "The message carries dead-letter attributes on the main queue. Use `pipeline dlq replay` to move messages back.");
            }

            return new WorkItem(message, change);
        }
        catch (InvalidMessageException ex)
        {
            message.Attributes.TryGetValue(MessageAttributes.RunId, out var runId);
            message.Attributes.TryGetValue(MessageAttributes.EmployeeId, out var employeeId);
            await ParkAsync(message, runId, employeeId, ex.Code, ex.Message, ct).ConfigureAwait(false);
            return null;
        }
    }

    /// <summary>Duplicates of what the ledger says is applied, and older snapshots, are settled without Moodle.</summary>
    private async Task<List<WorkItem>> FilterFreshAsync(List<WorkItem> items, Dictionary<string, MessageResult> results, CancellationToken ct)
    {
        if (items.Count == 0)
        {
            return items;
        }

        var ids = items.Select(i => i.EmployeeId).Distinct(StringComparer.Ordinal).ToList();
        var applied = await ledger.GetManyAsync(ids, ct).ConfigureAwait(false);
        var fresh = new List<WorkItem>(items.Count);
        var settled = new List<Settlement>();

        // Within a batch, only the newest snapshot of an employee goes on; the others are duplicates or stale.
        foreach (var group in items.GroupBy(i => i.EmployeeId, StringComparer.Ordinal))
        {
            var ordered = group.OrderByDescending(i => i.Change.LastChanged).ToList();
            var newest = ordered[0];
            applied.TryGetValue(newest.EmployeeId, out var entry);
            var freshness = SnapshotOrdering.IsStale(newest.Change.LastChanged, newest.Change.ContentHash, entry?.LastChanged, entry?.ContentHash);
            switch (freshness)
            {
                case Freshness.New:
                    fresh.Add(newest);
                    break;
                case Freshness.Duplicate:
                    settled.Add(new Settlement(newest, Outcome.Unchanged, "duplicate of the applied snapshot", AdvanceLedger: false));
                    break;
                default:
                    settled.Add(new Settlement(newest, Outcome.Stale, "older than the applied snapshot", AdvanceLedger: false));
                    break;
            }

            foreach (var older in ordered.Skip(1))
            {
                var sameAsNewest = older.Change.LastChanged == newest.Change.LastChanged && older.Change.ContentHash == newest.Change.ContentHash;
                if (sameAsNewest && freshness == Freshness.New)
                {
                    // Settled together with the newest once it is applied (same run and employee → same outcome record).
                    newest.Duplicates.Add(older);
                }
                else
                {
                    settled.Add(new Settlement(older, sameAsNewest ? Outcome.Unchanged : Outcome.Stale, "superseded in the same batch", AdvanceLedger: false));
                }
            }
        }

        await SettleAllAsync(settled, results, ct).ConfigureAwait(false);
        return fresh;
    }

    private List<WorkItem> Map(List<WorkItem> items)
    {
        var today = DateOnly.FromDateTime(time.GetUtcNow().UtcDateTime);
        foreach (var item in items)
        {
            // Poisoned mappings still go to the reconciler: a leaver with bad data must still be suspended.
            var mapping = item.Change.Action == EmployeeAction.Deleted || item.Change.Snapshot is null
                ? null
                : DesiredUserMapper.Map(item.Change.Snapshot, _mapping, today);
            item.Candidate = new ReconcileCandidate(item.EmployeeId, item.Change.Action, mapping);
        }

        return items;
    }

    private async Task ReconcileAsync(List<WorkItem> items, Dictionary<string, MessageResult> results, CancellationToken ct)
    {
        if (items.Count == 0)
        {
            return;
        }

        try
        {
            var lookup = new MoodleLookup(moodle);
            // A redelivered message may be here because its create was refused (a username held under another
            // e-mail): look everything up for its batch.
            var thorough = items.Any(i => i.Message.ReceiveCount > 1);
            await lookup.LoadAsync(items.Select(i => i.Candidate).ToList(), thorough, ct).ConfigureAwait(false);

            var creates = new List<WorkItem>();
            var updates = new List<WorkItem>();
            var unchanged = new List<Settlement>();
            foreach (var item in items)
            {
                var match = lookup.Match(item.Candidate);
                var decision = Reconciler.Decide(item.Change.Action, item.Candidate.Mapping, match, item.EmployeeId);
                item.Decision = decision;
                switch (decision)
                {
                    case Decision.Poison p:
                        await ParkAsync(item, p.Code, p.Message, results, ct).ConfigureAwait(false);
                        break;
                    case Decision.NoChange:
                        item.MoodleUserId = (match as MatchResult.Found)?.User.Id;
                        unchanged.Add(new Settlement(item, Outcome.Unchanged, null, AdvanceLedger: true));
                        break;
                    case Decision.Create:
                        creates.Add(item);
                        break;
                    case Decision.Update u:
                        item.MoodleUserId = u.UserId;
                        updates.Add(item);
                        break;
                }
            }

            await SettleAllAsync(unchanged, results, ct).ConfigureAwait(false);
            await CreateAsync(creates, results, ct).ConfigureAwait(false);
            await UpdateAsync(updates, results, ct).ConfigureAwait(false);
        }
        catch (MoodleException ex) when (ex.Kind == MoodleErrorKind.Fatal)
        {
            throw new ConsumerHaltedException(ex.ErrorCode,
                $"Moodle refused the web-service call ({ex.ErrorCode}): {ex.Message} " +
                "This fails every record, so the consumer stops and dead-letters nothing. Fix the token or the service's functions and capabilities (runbook: Troubleshooting), then restart.",
                ex);
        }
        catch (MoodleException ex) when (ex.Kind == MoodleErrorKind.Transient)
        {
            await RetryOrParkAsync(items.Where(i => !results.ContainsKey(i.Message.MessageId)), ex, results, ct).ConfigureAwait(false);
        }
    }

    private async Task CreateAsync(List<WorkItem> creates, Dictionary<string, MessageResult> results, CancellationToken ct)
    {
        if (creates.Count == 0)
        {
            return;
        }

        try
        {
            var created = await TimedAsync("core_user_create_users",
                () => moodle.CreateUsersAsync(creates.Select(c => MoodleRequests.ToNewUser(((Decision.Create)c.Decision!).User)).ToList(), ct)).ConfigureAwait(false);
            var byUsername = created.ToDictionary(c => c.Username, c => c.Id, StringComparer.Ordinal);
            foreach (var item in creates)
            {
                item.MoodleUserId = byUsername.TryGetValue(((Decision.Create)item.Decision!).User.Username, out var id) ? id : null;
            }

            await SettleAllAsync(creates.Select(c => new Settlement(c, Outcome.Created, null, AdvanceLedger: true)).ToList(), results, ct).ConfigureAwait(false);
        }
        catch (MoodleException ex) when (ex.Kind == MoodleErrorKind.InvalidRecord)
        {
            if (creates.Count == 1)
            {
                await ResolveFailedCreateAsync(creates[0], ex, results, ct).ConfigureAwait(false);
                return;
            }

            // Moodle rolls the whole call back for one bad user: halve until the bad ones stand alone.
            var half = creates.Count / 2;
            await CreateAsync(creates.GetRange(0, half), results, ct).ConfigureAwait(false);
            await CreateAsync(creates.GetRange(half, creates.Count - half), results, ct).ConfigureAwait(false);
        }
    }

    /// <summary>
    /// A single create Moodle refused. If a user now matches (a concurrent consumer created it, or an earlier
    /// attempt succeeded after a timeout), retry so the next attempt links or updates it; otherwise it is poison.
    /// </summary>
    private async Task ResolveFailedCreateAsync(WorkItem item, MoodleException ex, Dictionary<string, MessageResult> results, CancellationToken ct)
    {
        var lookup = new MoodleLookup(moodle);
        await lookup.LoadAsync([item.Candidate], thorough: true, ct).ConfigureAwait(false);
        var match = lookup.Match(item.Candidate);
        if (match is MatchResult.None || item.Message.ReceiveCount >= _options.MaxAttempts)
        {
            await ParkAsync(item, "moodle_" + ex.ErrorCode, $"Moodle refused to create the user for employee {item.EmployeeId}: {ex.Message}", results, ct).ConfigureAwait(false);
            return;
        }

        results[item.Message.MessageId] = MessageResult.RetryIn(TimeSpan.Zero);
    }

    private async Task UpdateAsync(List<WorkItem> updates, Dictionary<string, MessageResult> results, CancellationToken ct)
    {
        if (updates.Count == 0)
        {
            return;
        }

        var requests = updates.Select(u => MoodleRequests.ToUpdate(((Decision.Update)u.Decision!).UserId, ((Decision.Update)u.Decision!).Changes)).ToList();
        IReadOnlyList<MoodleWarning> warnings;
        try
        {
            warnings = await TimedAsync("core_user_update_users", () => moodle.UpdateUsersAsync(requests, ct)).ConfigureAwait(false);
        }
        catch (MoodleException ex) when (ex.Kind == MoodleErrorKind.InvalidRecord && updates.Count > 1)
        {
            // Malformed params fail the whole call (unlike per-user warnings): isolate the offender.
            var half = updates.Count / 2;
            await UpdateAsync(updates.GetRange(0, half), results, ct).ConfigureAwait(false);
            await UpdateAsync(updates.GetRange(half, updates.Count - half), results, ct).ConfigureAwait(false);
            return;
        }
        catch (MoodleException ex) when (ex.Kind == MoodleErrorKind.InvalidRecord)
        {
            await ParkAsync(updates[0], "moodle_" + ex.ErrorCode, $"Moodle refused to update the user for employee {updates[0].EmployeeId}: {ex.Message}", results, ct).ConfigureAwait(false);
            return;
        }

        var warned = new Dictionary<long, MoodleWarning>();
        foreach (var w in warnings)
        {
            if (w.ItemId is { } id)
            {
                warned[id] = w;
            }
        }

        var accepted = new List<WorkItem>(updates.Count);
        foreach (var item in updates)
        {
            if (warned.TryGetValue(item.MoodleUserId!.Value, out var w))
            {
                await ParkAsync(item, "moodle_" + w.WarningCode, $"Moodle did not update the user for employee {item.EmployeeId}: {w.Message}", results, ct).ConfigureAwait(false);
            }
            else
            {
                accepted.Add(item);
            }
        }

        if (accepted.Count == 0)
        {
            return;
        }

        // Moodle skips some updates without a warning; read back and check the decision now finds nothing to do.
        var reread = await TimedAsync("core_user_get_users_by_field",
            () => moodle.GetUsersByFieldAsync("id", accepted.Select(a => a.MoodleUserId!.Value.ToString(System.Globalization.CultureInfo.InvariantCulture)).ToList(), ct)).ConfigureAwait(false);
        var byId = reread.ToDictionary(u => u.Id);
        var applied = new List<Settlement>(accepted.Count);
        foreach (var item in accepted)
        {
            var kind = ((Decision.Update)item.Decision!).Kind;
            if (!byId.TryGetValue(item.MoodleUserId!.Value, out var now))
            {
                await ParkAsync(item, "moodle_user_vanished", $"The Moodle user for employee {item.EmployeeId} could not be read back after the update.", results, ct).ConfigureAwait(false);
                continue;
            }

            var again = Reconciler.Decide(item.Change.Action, item.Candidate.Mapping, new MatchResult.Found(MoodleRequests.ToState(now), MatchLink.IdNumber), item.EmployeeId);
            if (again is Decision.NoChange)
            {
                applied.Add(new Settlement(item, ToOutcome(kind), null, AdvanceLedger: true));
            }
            else
            {
                await ParkAsync(item, "moodle_update_skipped",
                    $"Moodle accepted the update for employee {item.EmployeeId} but did not apply it (fields: {string.Join(", ", ChangedFields(again))}).", results, ct).ConfigureAwait(false);
            }
        }

        await SettleAllAsync(applied, results, ct).ConfigureAwait(false);
    }

    private static IEnumerable<string> ChangedFields(Decision d) =>
        d is Decision.Update u ? u.Changes.Select(c => c.Field) : [d.GetType().Name];

    private static Outcome ToOutcome(DecisionKind kind) => kind switch
    {
        DecisionKind.Created => Outcome.Created,
        DecisionKind.Suspended => Outcome.Suspended,
        DecisionKind.Reactivated => Outcome.Reactivated,
        _ => Outcome.Updated,
    };

    private async Task RetryOrParkAsync(IEnumerable<WorkItem> items, MoodleException ex, Dictionary<string, MessageResult> results, CancellationToken ct)
    {
        foreach (var item in items.ToList())
        {
            if (item.Message.ReceiveCount >= _options.MaxAttempts)
            {
                await ParkAsync(item, "transient_exhausted",
                    $"Moodle kept failing for employee {item.EmployeeId} after {item.Message.ReceiveCount} attempts ({ex.ErrorCode}): {ex.Message}", results, ct).ConfigureAwait(false);
            }
            else
            {
                var delay = retryOptions.Value.Redelivery.DelayForAttempt(item.Message.ReceiveCount);
                LogRetry(item.EmployeeId, item.Change.RunId, item.Message.ReceiveCount, ex.ErrorCode, delay);
                results[item.Message.MessageId] = MessageResult.RetryIn(delay);
                foreach (var dup in item.Duplicates)
                {
                    results[dup.Message.MessageId] = MessageResult.RetryIn(delay);
                }
            }
        }
    }

    /// <summary>
    /// Records the outcomes (and, for applied ones, advances the ledger) of a batch in parallel: these are independent
    /// DynamoDB writes, and doing them one after another was most of the time of an unchanged re-sync.
    /// Order per item matters: Moodle first (done by now), then the run's outcome, then the ledger. A crash in between is
    /// repaired by the redelivery: Moodle already matches (no write), the outcome is already there (no double count).
    /// </summary>
    private async Task SettleAllAsync(List<Settlement> settled, Dictionary<string, MessageResult> results, CancellationToken ct)
    {
        if (settled.Count == 0)
        {
            return;
        }

        await Parallel.ForEachAsync(settled, new ParallelOptions { MaxDegreeOfParallelism = 16, CancellationToken = ct }, async (s, c) =>
        {
            await RecordAsync(s.Item.Change.RunId, s.Item.EmployeeId, s.Outcome, s.Detail, c).ConfigureAwait(false);
            if (s.AdvanceLedger)
            {
                await ledger.TryAdvanceAsync(new LedgerEntry(s.Item.EmployeeId, s.Item.Change.LastChanged, s.Item.Change.ContentHash, s.Item.MoodleUserId), c).ConfigureAwait(false);
            }
        }).ConfigureAwait(false);

        foreach (var s in settled)
        {
            MarkDone(s.Item, results);
            LogApplied(s.Item.EmployeeId, s.Item.Change.RunId, s.Outcome);
        }
    }

    private sealed record Settlement(WorkItem Item, Outcome Outcome, string? Detail, bool AdvanceLedger);

    private async Task ParkAsync(WorkItem item, string code, string message, Dictionary<string, MessageResult> results, CancellationToken ct)
    {
        await ParkAsync(item.Message, item.Change.RunId, item.EmployeeId, code, message, ct).ConfigureAwait(false);
        foreach (var dup in item.Duplicates)
        {
            results[dup.Message.MessageId] = MessageResult.Completed;
        }

        results[item.Message.MessageId] = MessageResult.Completed;
    }

    private async Task ParkAsync(IncomingMessage message, string? runId, string? employeeId, string code, string reason, CancellationToken ct)
    {
        await deadLetters.ParkAsync(message.Body, message.Attributes,
            new DeadLetterReason(code, reason, employeeId, runId, message.ReceiveCount), ct).ConfigureAwait(false);
        if (runId is not null && employeeId is not null)
        {
            await RecordAsync(runId, employeeId, Outcome.DeadLettered, code, ct).ConfigureAwait(false);
        }

        LogParked(employeeId ?? "(unknown)", runId ?? "(unknown)", code);
        Activity.Current?.SetTag("pipeline.dead_letter.code", code);
    }

    private async Task RecordAsync(string runId, string employeeId, Outcome outcome, string? detail, CancellationToken ct)
    {
        if (await outcomes.TryRecordAsync(runId, employeeId, outcome, detail, ct).ConfigureAwait(false))
        {
            PipelineTelemetry.Outcomes.Add(1, new KeyValuePair<string, object?>("outcome", outcome.ToString().ToLowerInvariant()));
        }
    }

    private static void MarkDone(WorkItem item, Dictionary<string, MessageResult> results)
    {
        results[item.Message.MessageId] = MessageResult.Completed;
        foreach (var dup in item.Duplicates)
        {
            results[dup.Message.MessageId] = MessageResult.Completed;
        }
    }

    private static async Task<T> TimedAsync<T>(string function, Func<Task<T>> call)
    {
        var started = Stopwatch.GetTimestamp();
        try
        {
            return await call().ConfigureAwait(false);
        }
        finally
        {
            PipelineTelemetry.MoodleCallDuration.Record(Stopwatch.GetElapsedTime(started).TotalSeconds,
                new KeyValuePair<string, object?>("function", function));
        }
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Employee {EmployeeId} of run {RunId}: {Outcome}")]
    private partial void LogApplied(string employeeId, string runId, Outcome outcome);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Employee {EmployeeId} of run {RunId} parked in the DLQ: {Code}")]
    private partial void LogParked(string employeeId, string runId, string code);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Employee {EmployeeId} of run {RunId}: transient Moodle failure {Code} on attempt {Attempt}; retrying in {Delay}")]
    private partial void LogRetry(string employeeId, string runId, int attempt, string code, TimeSpan delay);
}
