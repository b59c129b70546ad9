using System.Text.Json;
using Amazon.DynamoDBv2;
using Amazon.DynamoDBv2.Model;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Pipeline.Contracts;
using static Pipeline.State.AttributeValues;

namespace Pipeline.State;

/// <summary>
/// <see cref="IRunStateStore"/> on the state table. No transactions (the local emulator has none): where two items
/// change, the write that guards the watermark goes first so a crash between the two leaves the watermark right
/// and at worst a run record with a stale status.
/// </summary>
public sealed class DynamoRunStateStore(
    IAmazonDynamoDB db,
    IOptions<StateOptions> options,
    TimeProvider time,
    ILogger<DynamoRunStateStore> logger) : IRunStateStore
{
    private const int RewindAttempts = 3;

    private static readonly Dictionary<string, string> Names = new()
    {
        ["#wm"] = StateKeys.Watermark,
        ["#pending"] = StateKeys.PendingRunId,
        ["#last"] = StateKeys.LastSummary,
        ["#version"] = StateKeys.Version,
        ["#status"] = StateKeys.Status,
        ["#latest"] = StateKeys.Latest,
        ["#total"] = StateKeys.TotalChanged,
        ["#published"] = StateKeys.Published,
        ["#owner"] = StateKeys.Owner,
        ["#lease"] = StateKeys.LeaseExpiresAt,
        ["#reason"] = StateKeys.Reason,
        ["#summary"] = StateKeys.Summary,
        ["#finished"] = StateKeys.FinishedAt,
        ["#expires"] = StateKeys.ExpiresAt,
        ["#approved"] = StateKeys.ApprovedAt,
    };

    private readonly string _table = options.Value.TableName;
    private readonly TimeSpan _ttl = TimeSpan.FromDays(options.Value.RunRecordTtlDays);

    public async Task<PipelineState> GetStateAsync(CancellationToken ct)
    {
        var item = await GetItemAsync(StateKeys.StatePk, StateKeys.WatermarkSk, ct).ConfigureAwait(false);
        if (item is null)
        {
            return new PipelineState(null, null, null, 0);
        }

        var summaryJson = item.GetString(StateKeys.LastSummary);
        return new PipelineState(
            item.GetTime(StateKeys.Watermark),
            item.GetString(StateKeys.PendingRunId),
            summaryJson is null ? null : JsonSerializer.Deserialize(summaryJson, ContractsJsonContext.Default.RunSummary),
            item.GetLong(StateKeys.Version) ?? 0);
    }

    public Task<bool> TryClaimRunAsync(string runId, DateTimeOffset since, string owner, TimeSpan lease, CancellationToken ct) =>
        TryClaimRunAsync(runId, since, full: false, owner, lease, ct);

    public async Task<bool> TryClaimRunAsync(string runId, DateTimeOffset since, bool full, string owner, TimeSpan lease, CancellationToken ct)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(runId);
        ArgumentException.ThrowIfNullOrWhiteSpace(owner);
        var now = time.GetUtcNow();

        // The run record first: if we crash after it, an unclaimed record is harmless and expires;
        // a claim without its record could not be taken over.
        var meta = Key(StateKeys.RunPk(runId), StateKeys.MetaSk);
        meta[StateKeys.Status] = S(RunStatus.Publishing);
        meta[StateKeys.Since] = Time(since);
        meta[StateKeys.StartedAt] = Time(now);
        meta[StateKeys.Owner] = S(owner);
        meta[StateKeys.LeaseExpiresAt] = Time(now + lease);
        meta[StateKeys.TotalChanged] = N(0);
        meta[StateKeys.Published] = N(0);
        meta[StateKeys.ExpiresAt] = ExpiresAt(now);
        if (full)
        {
            meta[StateKeys.Full] = True();
        }

        try
        {
            await db.PutItemAsync(new PutItemRequest
            {
                TableName = _table,
                Item = meta,
                ConditionExpression = "attribute_not_exists(pk)",
            }, ct).ConfigureAwait(false);
        }
        catch (ConditionalCheckFailedException ex)
        {
            throw new InvalidOperationException(
                $"Run {runId} already has a run record; run ids must be unique. Start the sync again to get a new run id.", ex);
        }

        try
        {
            await db.UpdateItemAsync(new UpdateItemRequest
            {
                TableName = _table,
                Key = Key(StateKeys.StatePk, StateKeys.WatermarkSk),
                UpdateExpression = "SET #pending = :run ADD #version :one",
                ConditionExpression = "attribute_not_exists(#pending)",
                ExpressionAttributeNames = Pick("#pending", "#version"),
                ExpressionAttributeValues = new() { [":run"] = S(runId), [":one"] = N(1) },
            }, ct).ConfigureAwait(false);
        }
        catch (ConditionalCheckFailedException)
        {
            await db.DeleteItemAsync(new DeleteItemRequest
            {
                TableName = _table,
                Key = Key(StateKeys.RunPk(runId), StateKeys.MetaSk),
            }, ct).ConfigureAwait(false);
            var state = await GetStateAsync(ct).ConfigureAwait(false);
            logger.ClaimRefused(runId, state.PendingRunId);
            return false;
        }

        logger.RunClaimed(runId, owner, since);
        return true;
    }

    public async Task<RunRecord?> GetRunAsync(string runId, CancellationToken ct)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(runId);
        var item = await GetItemAsync(StateKeys.RunPk(runId), StateKeys.MetaSk, ct).ConfigureAwait(false);
        return item is null
            ? null
            : new RunRecord(
                runId,
                item.GetRequiredString(StateKeys.Status),
                item.GetRequiredTime(StateKeys.Since),
                item.GetTime(StateKeys.Latest),
                item.GetInt(StateKeys.TotalChanged),
                item.GetInt(StateKeys.Published),
                item.GetRequiredTime(StateKeys.StartedAt),
                item.GetRequiredString(StateKeys.Owner),
                item.GetRequiredTime(StateKeys.LeaseExpiresAt),
                item.GetString(StateKeys.Reason),
                item.GetFlag(StateKeys.Full),
                item.GetTime(StateKeys.ApprovedAt));
    }

    public async Task RenewLeaseAsync(string runId, string owner, TimeSpan lease, CancellationToken ct)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(runId);
        ArgumentException.ThrowIfNullOrWhiteSpace(owner);
        try
        {
            await db.UpdateItemAsync(new UpdateItemRequest
            {
                TableName = _table,
                Key = Key(StateKeys.RunPk(runId), StateKeys.MetaSk),
                UpdateExpression = "SET #lease = :lease",
                ConditionExpression = "#owner = :owner AND #status IN (:publishing, :draining)",
                ExpressionAttributeNames = Pick("#lease", "#owner", "#status"),
                ExpressionAttributeValues = new()
                {
                    [":lease"] = Time(time.GetUtcNow() + lease),
                    [":owner"] = S(owner),
                    [":publishing"] = S(RunStatus.Publishing),
                    [":draining"] = S(RunStatus.Draining),
                },
            }, ct).ConfigureAwait(false);
        }
        catch (ConditionalCheckFailedException ex)
        {
            throw new LeaseLostException(
                runId,
                $"Run {runId}: owner {owner} no longer holds the run (it was taken over after a lapsed lease, finalized or abandoned). " +
                "Stop publishing for this run; `pipeline status` shows who holds it.",
                ex);
        }
    }

    public async Task ReleaseLeaseAsync(string runId, string owner, CancellationToken ct)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(runId);
        ArgumentException.ThrowIfNullOrWhiteSpace(owner);
        try
        {
            await db.UpdateItemAsync(new UpdateItemRequest
            {
                TableName = _table,
                Key = Key(StateKeys.RunPk(runId), StateKeys.MetaSk),
                UpdateExpression = "SET #lease = :now",
                ConditionExpression = "#owner = :owner",
                ExpressionAttributeNames = Pick("#lease", "#owner"),
                ExpressionAttributeValues = new() { [":now"] = Time(time.GetUtcNow()), [":owner"] = S(owner) },
            }, ct).ConfigureAwait(false);
        }
        catch (ConditionalCheckFailedException)
        {
            // Taken over or gone already: nothing of ours to release.
        }
    }

    public async Task<bool> TryTakeOverRunAsync(string runId, string newOwner, TimeSpan lease, CancellationToken ct)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(runId);
        ArgumentException.ThrowIfNullOrWhiteSpace(newOwner);

        // The claim lives on another item; without transactions this read is the best check, and a run that stops
        // being pending after it can no longer finalize, so a late take-over does no harm.
        var state = await GetStateAsync(ct).ConfigureAwait(false);
        if (state.PendingRunId != runId)
        {
            logger.TakeOverRefused(runId, newOwner, "it is not the pending run");
            return false;
        }

        var now = time.GetUtcNow();
        try
        {
            await db.UpdateItemAsync(new UpdateItemRequest
            {
                TableName = _table,
                Key = Key(StateKeys.RunPk(runId), StateKeys.MetaSk),
                UpdateExpression = "SET #owner = :owner, #lease = :lease",
                ConditionExpression = "#status IN (:publishing, :draining) AND #lease < :now",
                ExpressionAttributeNames = Pick("#owner", "#lease", "#status"),
                ExpressionAttributeValues = new()
                {
                    [":owner"] = S(newOwner),
                    [":lease"] = Time(now + lease),
                    [":now"] = Time(now),
                    [":publishing"] = S(RunStatus.Publishing),
                    [":draining"] = S(RunStatus.Draining),
                },
            }, ct).ConfigureAwait(false);
        }
        catch (ConditionalCheckFailedException)
        {
            logger.TakeOverRefused(runId, newOwner, "its lease has not lapsed, or it has no run record");
            return false;
        }

        logger.RunTakenOver(runId, newOwner);
        return true;
    }

    public async Task MarkPublishedAsync(string runId, DateTimeOffset latest, int totalChanged, int published, CancellationToken ct)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(runId);
        try
        {
            await db.UpdateItemAsync(new UpdateItemRequest
            {
                TableName = _table,
                Key = Key(StateKeys.RunPk(runId), StateKeys.MetaSk),
                UpdateExpression = "SET #status = :draining, #latest = :latest, #total = :total, #published = :published",
                ConditionExpression = "#status IN (:publishing, :draining)",
                ExpressionAttributeNames = Pick("#status", "#latest", "#total", "#published"),
                ExpressionAttributeValues = new()
                {
                    [":draining"] = S(RunStatus.Draining),
                    [":publishing"] = S(RunStatus.Publishing),
                    [":latest"] = Time(latest),
                    [":total"] = N(totalChanged),
                    [":published"] = N(published),
                },
            }, ct).ConfigureAwait(false);
        }
        catch (ConditionalCheckFailedException ex)
        {
            throw new InvalidOperationException(
                $"Run {runId} cannot be marked published: it has no run record or is already completed or failed. " +
                "`pipeline status` shows the pending run.", ex);
        }
    }

    public async Task<bool> TryFinalizeRunAsync(string runId, DateTimeOffset newWatermark, RunSummary summary, CancellationToken ct)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(runId);
        ArgumentNullException.ThrowIfNull(summary);
        var json = JsonSerializer.Serialize(summary, ContractsJsonContext.Default.RunSummary);
        try
        {
            await db.UpdateItemAsync(new UpdateItemRequest
            {
                TableName = _table,
                Key = Key(StateKeys.StatePk, StateKeys.WatermarkSk),
                UpdateExpression = "SET #wm = :wm, #last = :summary REMOVE #pending ADD #version :one",
                ConditionExpression = "#pending = :run",
                ExpressionAttributeNames = Pick("#wm", "#last", "#pending", "#version"),
                ExpressionAttributeValues = new()
                {
                    [":wm"] = Time(newWatermark),
                    [":summary"] = S(json),
                    [":run"] = S(runId),
                    [":one"] = N(1),
                },
            }, ct).ConfigureAwait(false);
        }
        catch (ConditionalCheckFailedException)
        {
            logger.FinalizeRefused(runId);
            return false;
        }

        logger.RunFinalized(runId, newWatermark);
        await FinishRunRecordAsync(runId, RunStatus.Completed, reason: null, json, ct).ConfigureAwait(false);
        return true;
    }

    public async Task AbandonRunAsync(string runId, string reason, RunSummary? summary, CancellationToken ct)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(runId);
        ArgumentException.ThrowIfNullOrWhiteSpace(reason);
        var json = summary is null ? null : JsonSerializer.Serialize(summary, ContractsJsonContext.Default.RunSummary);
        var values = new Dictionary<string, AttributeValue> { [":run"] = S(runId), [":one"] = N(1) };
        if (json is not null)
        {
            values[":summary"] = S(json);
        }

        try
        {
            await db.UpdateItemAsync(new UpdateItemRequest
            {
                TableName = _table,
                Key = Key(StateKeys.StatePk, StateKeys.WatermarkSk),
                UpdateExpression = (json is null ? string.Empty : "SET #last = :summary ") + "REMOVE #pending ADD #version :one",
                ConditionExpression = "#pending = :run",
                ExpressionAttributeNames = json is null ? Pick("#pending", "#version") : Pick("#last", "#pending", "#version"),
                ExpressionAttributeValues = values,
            }, ct).ConfigureAwait(false);
        }
        catch (ConditionalCheckFailedException ex)
        {
            throw new InvalidOperationException(
                $"Run {runId} is not the pending run, so there is nothing to abandon. `pipeline status` shows the pending run.", ex);
        }

        logger.RunAbandoned(runId, reason);
        await FinishRunRecordAsync(runId, RunStatus.Failed, reason, json, ct).ConfigureAwait(false);
    }

    public async Task HoldRunAsync(string runId, string owner, RunSummary summary, CancellationToken ct)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(runId);
        ArgumentException.ThrowIfNullOrWhiteSpace(owner);
        ArgumentNullException.ThrowIfNull(summary);
        var json = JsonSerializer.Serialize(summary, ContractsJsonContext.Default.RunSummary);
        try
        {
            // The lease ends now: the next sync need not wait to look at the held run again.
            await db.UpdateItemAsync(new UpdateItemRequest
            {
                TableName = _table,
                Key = Key(StateKeys.RunPk(runId), StateKeys.MetaSk),
                UpdateExpression = "SET #status = :held, #lease = :now, #summary = :summary, #reason = :reason",
                ConditionExpression = "#owner = :owner AND #status = :publishing",
                ExpressionAttributeNames = Pick("#status", "#lease", "#summary", "#reason", "#owner"),
                ExpressionAttributeValues = new()
                {
                    [":held"] = S(RunStatus.Held),
                    [":publishing"] = S(RunStatus.Publishing),
                    [":now"] = Time(time.GetUtcNow()),
                    [":summary"] = S(json),
                    [":reason"] = S(summary.Reason ?? "held by the mass-suspension safeguard"),
                    [":owner"] = S(owner),
                },
            }, ct).ConfigureAwait(false);
        }
        catch (ConditionalCheckFailedException ex)
        {
            throw new LeaseLostException(runId, $"Run {runId}: owner {owner} no longer holds the run, so it cannot be held. `pipeline status` shows who does.", ex);
        }

        // The watermark stays; the summary is the last run's, for `pipeline status` and the notification.
        await db.UpdateItemAsync(new UpdateItemRequest
        {
            TableName = _table,
            Key = Key(StateKeys.StatePk, StateKeys.WatermarkSk),
            UpdateExpression = "SET #last = :summary ADD #version :one",
            ConditionExpression = "#pending = :run",
            ExpressionAttributeNames = Pick("#last", "#version", "#pending"),
            ExpressionAttributeValues = new() { [":summary"] = S(json), [":run"] = S(runId), [":one"] = N(1) },
        }, ct).ConfigureAwait(false);
        logger.RunHeld(runId);
    }

    public async Task<bool> TryResumeHeldRunAsync(string runId, string owner, TimeSpan lease, CancellationToken ct)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(runId);
        ArgumentException.ThrowIfNullOrWhiteSpace(owner);
        var state = await GetStateAsync(ct).ConfigureAwait(false);
        if (state.PendingRunId != runId)
        {
            return false;
        }

        var now = time.GetUtcNow();
        try
        {
            await db.UpdateItemAsync(new UpdateItemRequest
            {
                TableName = _table,
                Key = Key(StateKeys.RunPk(runId), StateKeys.MetaSk),
                UpdateExpression = "SET #status = :publishing, #owner = :owner, #lease = :lease",
                ConditionExpression = "#status = :held AND #lease < :now",
                ExpressionAttributeNames = Pick("#status", "#owner", "#lease"),
                ExpressionAttributeValues = new()
                {
                    [":publishing"] = S(RunStatus.Publishing),
                    [":held"] = S(RunStatus.Held),
                    [":owner"] = S(owner),
                    [":lease"] = Time(now + lease),
                    [":now"] = Time(now),
                },
            }, ct).ConfigureAwait(false);
        }
        catch (ConditionalCheckFailedException)
        {
            logger.TakeOverRefused(runId, owner, "it is not held, or another producer resumed it first");
            return false;
        }

        return true;
    }

    public async Task<string?> ApproveRunAsync(string runId, CancellationToken ct)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(runId);
        var state = await GetStateAsync(ct).ConfigureAwait(false);
        if (state.PendingRunId != runId)
        {
            return state.PendingRunId is { } pending
                ? $"run {runId} is not the pending run (run {pending} is)"
                : $"run {runId} is not pending (no run is); only a held run can be approved";
        }

        try
        {
            await db.UpdateItemAsync(new UpdateItemRequest
            {
                TableName = _table,
                Key = Key(StateKeys.RunPk(runId), StateKeys.MetaSk),
                UpdateExpression = "SET #approved = :now",
                ConditionExpression = "#status = :held",
                ExpressionAttributeNames = Pick("#approved", "#status"),
                ExpressionAttributeValues = new() { [":now"] = Time(time.GetUtcNow()), [":held"] = S(RunStatus.Held) },
            }, ct).ConfigureAwait(false);
        }
        catch (ConditionalCheckFailedException)
        {
            return $"run {runId} is not held (it is being published or drained); only a held run can be approved";
        }

        logger.RunApproved(runId);
        return null;
    }

    public async Task<RewindResult> RewindAsync(DateTimeOffset to, bool force, CancellationToken ct)
    {
        for (var attempt = 1; attempt <= RewindAttempts; attempt++)
        {
            var state = await GetStateAsync(ct).ConfigureAwait(false);
            if (state.PendingRunId is { } pending && !force)
            {
                logger.RewindRefused(to, pending);
                return new RewindResult(false, state.Watermark, to, pending,
                    $"Run {pending} is pending. Wait for it to finish, abandon it, or rewind with --force (which marks it failed).");
            }

            if (state.Watermark is { } current && to > current && !force)
            {
                // Forward skips every change between the two: never by accident.
                logger.RewindForwardRefused(to, current);
                return new RewindResult(false, state.Watermark, to, state.PendingRunId,
                    $"{Timestamps.Format(to)} is after the watermark {Timestamps.Format(current)}: moving it forward would skip every change in between. Give --force if that is meant");
            }

            var values = new Dictionary<string, AttributeValue> { [":to"] = Time(to), [":one"] = N(1) };
            string condition;
            if (state.Version == 0)
            {
                condition = "attribute_not_exists(#version)";
            }
            else
            {
                // Optimistic lock: nothing may have claimed, finalized or rewound since we read the state.
                condition = "#version = :expected";
                values[":expected"] = N(state.Version);
            }

            try
            {
                await db.UpdateItemAsync(new UpdateItemRequest
                {
                    TableName = _table,
                    Key = Key(StateKeys.StatePk, StateKeys.WatermarkSk),
                    UpdateExpression = "SET #wm = :to REMOVE #pending ADD #version :one",
                    ConditionExpression = condition,
                    ExpressionAttributeNames = Pick("#wm", "#pending", "#version"),
                    ExpressionAttributeValues = values,
                }, ct).ConfigureAwait(false);
            }
            catch (ConditionalCheckFailedException)
            {
                continue;
            }

            logger.Rewound(state.PendingRunId is null ? LogLevel.Information : LogLevel.Warning, state.Watermark, to, state.PendingRunId);
            if (state.PendingRunId is { } released)
            {
                await FinishRunRecordAsync(released, RunStatus.Failed, $"superseded by a forced rewind to {Timestamps.Format(to)}", summaryJson: null, ct)
                    .ConfigureAwait(false);
            }

            return new RewindResult(true, state.Watermark, to, state.PendingRunId, null);
        }

        throw new InvalidOperationException(
            $"The pipeline state changed {RewindAttempts} times while rewinding (a run is being claimed or finalized right now). " +
            "Run `pipeline status`, then retry the rewind.");
    }

    private async Task FinishRunRecordAsync(string runId, string status, string? reason, string? summaryJson, CancellationToken ct)
    {
        var now = time.GetUtcNow();
        var set = new List<string> { "#status = :status", "#finished = :now", "#expires = :expires" };
        var names = Pick("#status", "#finished", "#expires");
        var values = new Dictionary<string, AttributeValue>
        {
            [":status"] = S(status),
            [":now"] = Time(now),
            [":expires"] = ExpiresAt(now),
        };
        if (reason is not null)
        {
            set.Add("#reason = :reason");
            names["#reason"] = StateKeys.Reason;
            values[":reason"] = S(reason);
        }

        if (summaryJson is not null)
        {
            set.Add("#summary = :summary");
            names["#summary"] = StateKeys.Summary;
            values[":summary"] = S(summaryJson);
        }

        try
        {
            await db.UpdateItemAsync(new UpdateItemRequest
            {
                TableName = _table,
                Key = Key(StateKeys.RunPk(runId), StateKeys.MetaSk),
                UpdateExpression = "SET " + string.Join(", ", set),
                ConditionExpression = "attribute_exists(pk)",
                ExpressionAttributeNames = names,
                ExpressionAttributeValues = values,
            }, ct).ConfigureAwait(false);
        }
        catch (ConditionalCheckFailedException)
        {
            // The watermark item already says what matters; a run record that expired is only history.
            logger.RunRecordMissing(runId, status);
        }
    }

    private async Task<Dictionary<string, AttributeValue>?> GetItemAsync(string pk, string sk, CancellationToken ct)
    {
        var response = await db.GetItemAsync(new GetItemRequest
        {
            TableName = _table,
            Key = Key(pk, sk),
            ConsistentRead = true,
        }, ct).ConfigureAwait(false);
        return response.Item is { Count: > 0 } item ? item : null;
    }

    private AttributeValue ExpiresAt(DateTimeOffset now) => new() { N = Timestamps.EpochSeconds(now + _ttl) };

    private static Dictionary<string, string> Pick(params string[] placeholders) =>
        placeholders.ToDictionary(p => p, p => Names[p]);
}
