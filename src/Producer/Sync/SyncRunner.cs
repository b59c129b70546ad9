using System.Diagnostics;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Pipeline.BambooHr;
using Pipeline.Contracts;
using Pipeline.Domain;
using Pipeline.Moodle;
using Pipeline.Producer.Operate;
using Pipeline.Queue;
using Pipeline.ServiceDefaults;
using Pipeline.State;

namespace Pipeline.Producer.Sync;

/// <summary>
/// One `sync`: finish the pending run if there is one, otherwise claim a new run, publish one message per changed
/// employee (or, for a full run, per employee BambooHR has), wait for the drain and only then move the watermark.
/// See README "The run's state machine".
/// </summary>
public sealed partial class SyncRunner(
    IRunStateStore state,
    IBambooHrClient bamboo,
    SnapshotPublisher publisher,
    DrainWatcher drain,
    IOptions<SyncOptions> options,
    IDueStore dues,
    IOptions<CalendarOptions> calendar,
    TimeProvider time,
    ILogger<SyncRunner> logger,
    OrphanAudit? orphans = null,
    SuspensionCounter? safeguard = null,
    IConsumerStateStore? consumers = null)
{
    /// <summary>After Ctrl-C or SIGTERM the process should end within about 2 s: this is what the last state write may take.</summary>
    private static readonly TimeSpan InterruptedWriteBudget = TimeSpan.FromSeconds(1);

    private readonly SyncOptions _options = options.Value;
    private readonly string _owner = $"{Environment.MachineName}/{Environment.ProcessId}/{Guid.NewGuid().ToString("N")[..8]}";

    public Task<SyncResult> RunAsync(TimeSpan wait, CancellationToken ct) => RunAsync(wait, SyncScope.Auto, ct);

    public async Task<SyncResult> RunAsync(TimeSpan wait, SyncScope scope, CancellationToken ct)
    {
        var started = time.GetTimestamp();
        using var span = PipelineTelemetry.Source.StartActivity("pipeline.sync", ActivityKind.Internal);
        var current = await state.GetStateAsync(ct).ConfigureAwait(false);

        if (current.PendingRunId is { } pendingId)
        {
            var pending = await state.GetRunAsync(pendingId, ct).ConfigureAwait(false);
            if (pending is not null && pending.Status == RunStatus.Draining)
            {
                // A live producer is waiting for this drain (it renews its lease while it waits): one waiter is enough,
                // and two would both finalize. A producer that died or stopped waiting has let its lease lapse.
                if (pending.LeaseExpiresAt > time.GetUtcNow() || !await state.TryTakeOverRunAsync(pendingId, _owner, _options.Lease, ct).ConfigureAwait(false))
                {
                    return Refused(pendingId, pending.Owner, pending.LeaseExpiresAt, started, draining: true);
                }

                LogResuming(pendingId);
                if (scope == SyncScope.Full && !pending.Full)
                {
                    LogFullDeferred(pendingId);
                }

                return await DrainAndFinalizeAsync(pending, wait, started, ct).ConfigureAwait(false);
            }

            if (pending is not null && pending.Status == RunStatus.Held)
            {
                // Looked at again: published if approved or now within the limits (BambooHR was put right), else held again.
                if (!await state.TryResumeHeldRunAsync(pendingId, _owner, _options.Lease, ct).ConfigureAwait(false))
                {
                    return Refused(pendingId, pending.Owner, pending.LeaseExpiresAt, started);
                }

                LogResumingHeld(pendingId, pending.ApprovedAt is not null);
                return await PublishAndDrainAsync(pendingId, pending.Since, pending.Full, current.Watermark, wait, started, ct, approved: pending.ApprovedAt is not null)
                    .ConfigureAwait(false);
            }

            if (pending is not null && pending.LeaseExpiresAt > time.GetUtcNow())
            {
                return Refused(pendingId, pending.Owner, pending.LeaseExpiresAt, started);
            }

            // Its producer died while publishing: take the run over and publish its window again (repeats are harmless).
            if (!await state.TryTakeOverRunAsync(pendingId, _owner, _options.Lease, ct).ConfigureAwait(false))
            {
                return Refused(pendingId, pending?.Owner ?? "another producer", pending?.LeaseExpiresAt, started);
            }

            LogTakeOver(pendingId);
            var since = pending?.Since ?? SinceFor(current.Watermark);
            return await PublishAndDrainAsync(pendingId, since, pending?.Full ?? false, current.Watermark, wait, started, ct, approved: pending?.ApprovedAt is not null)
                .ConfigureAwait(false);
        }

        var runId = RunIds.New(time.GetUtcNow());
        // The first run ever is full unless told otherwise: a company adopting the pipeline gets every employee, not
        // only those changed lately. A full run has no window; its record keeps when it began.
        var full = scope == SyncScope.Full || (scope == SyncScope.Auto && current.Watermark is null);
        var windowStart = full ? time.GetUtcNow() : SinceFor(current.Watermark);
        if (!await state.TryClaimRunAsync(runId, windowStart, full, _owner, _options.Lease, ct).ConfigureAwait(false))
        {
            var now = await state.GetStateAsync(ct).ConfigureAwait(false);
            return Refused(now.PendingRunId ?? "(unknown)", "another producer", null, started);
        }

        span?.SetTag("pipeline.run_id", runId);
        span?.SetTag("pipeline.full", full);
        return await PublishAndDrainAsync(runId, windowStart, full, current.Watermark, wait, started, ct).ConfigureAwait(false);
    }

    /// <summary>Renews the claim at most every quarter lease: often enough never to lose it, rarely enough to cost nothing.</summary>
    private Func<CancellationToken, Task> LeaseKeeper(string runId)
    {
        var renewed = time.GetTimestamp();
        return async c =>
        {
            // Chunks run in parallel: one of them renews, the others see the fresh timestamp.
            var last = Interlocked.Read(ref renewed);
            if (time.GetElapsedTime(last) >= _options.Lease / 4 && Interlocked.CompareExchange(ref renewed, time.GetTimestamp(), last) == last)
            {
                await state.RenewLeaseAsync(runId, _owner, _options.Lease, c).ConfigureAwait(false);
            }
        };
    }

    private DateTimeOffset SinceFor(DateTimeOffset? watermark) =>
        watermark is { } w ? w - _options.Overlap : time.GetUtcNow().AddDays(-_options.InitialLookbackDays);

    /// <param name="approved">An operator approved the held run (`pipeline approve`): the safeguard does not stop it again.</param>
    private async Task<SyncResult> PublishAndDrainAsync(string runId, DateTimeOffset since, bool full, DateTimeOffset? watermark, TimeSpan wait, long started,
        CancellationToken ct, bool approved = false)
    {
        Activity.Current?.SetTag("pipeline.run_id", runId);
        using var scope = logger.BeginScope("Run {run_id}", runId);
        var shown = new RunShape(full, since);
        ChangeSet changes;
        int published;
        try
        {
            changes = full ? await EveryEmployeeAsync(since, watermark, ct).ConfigureAwait(false) : await ChangesAsync(since, ct).ConfigureAwait(false);
            if (full)
            {
                LogFull(runId, changes.Employees.Count);
            }
            else
            {
                LogChanges(runId, changes.Employees.Count, since);
            }

            var (employees, due) = await WithDueAsync(runId, changes.Employees, ct).ConfigureAwait(false);
            changes = changes with { Employees = employees };

            if (changes.Employees.Count == 0)
            {
                // Nothing changed: the watermark stays where it is (BambooHR gives no `latest` to move it to);
                // on the very first run it is set to the window's start, so the next run looks no further back.
                var keep = watermark ?? since;
                var nothing = Summary(runId, SyncStatus.NothingToDo, shown, keep, 0, 0, null, started);
                await state.TryFinalizeRunAsync(runId, keep, nothing, ct).ConfigureAwait(false);
                return new SyncResult(nothing, ExitCodes.Ok);
            }

            if (!approved && safeguard is not null
                && await safeguard.CountAsync(runId, changes.Employees, full, ct).ConfigureAwait(false) is { } count
                && SuspensionSafeguard.Judge(count, _options.SuspendLimitPercent, _options.SuspendLimitCount) is { Held: true } verdict)
            {
                var held = Summary(runId, SyncStatus.Held, shown, null, changes.Employees.Count, 0, null, started) with
                {
                    Reason = $"held: {verdict.Reason}. Nothing was published and the watermark did not move. Check BambooHR; if the suspensions are right, " +
                             $"`pipeline approve {runId}` and the next sync publishes the run (a sync after BambooHR is put right publishes it without approval).",
                    WouldSuspend = count.WouldSuspend,
                    ActiveLinked = count.ActiveLinked,
                };
                await state.HoldRunAsync(runId, _owner, held, ct).ConfigureAwait(false);
                LogHeld(runId, count.WouldSuspend, count.ActiveLinked);
                return new SyncResult(held, ExitCodes.Held);
            }

            published = await publisher.PublishAsync(runId, changes.Employees, full, due, LeaseKeeper(runId), ct).ConfigureAwait(false);
            await state.MarkPublishedAsync(runId, changes.Latest, changes.Employees.Count, published, ct).ConfigureAwait(false);
            LogPublished(runId, published, changes.Employees.Count);
        }
        catch (Exception ex) when (ex is BambooHrException or PublishFailedException or Amazon.Runtime.AmazonServiceException or HttpRequestException
                                       or MoodleException or LeaseLostException)
        {
            // A safeguard that cannot count (Moodle unreadable) fails the run closed: nothing is published unchecked.
            LogFailed(ex, runId, ex.Message);
            var failed = Summary(runId, SyncStatus.Failed, shown, null, 0, 0, null, started) with { Errors = 1, Reason = ex.Message };
            await state.AbandonRunAsync(runId, ex.Message, failed, CancellationToken.None).ConfigureAwait(false);
            return new SyncResult(failed, ExitCodes.Failed);
        }
        catch (OperationCanceledException) when (ct.IsCancellationRequested)
        {
            // Interrupted before the run was draining: abandon it as a failure would, so the next sync starts at once
            // (instead of waiting for the lease to lapse) and publishes the same window again; repeats are harmless.
            const string reason = "stopped by Ctrl-C or SIGTERM while fetching or publishing; the run was abandoned and the next sync publishes its window again";
            LogInterruptedPublishing(runId);
            var interrupted = Summary(runId, SyncStatus.Failed, shown, null, 0, 0, null, started) with { Errors = 1, Reason = reason };
            using var budget = new CancellationTokenSource(InterruptedWriteBudget);
            await state.AbandonRunAsync(runId, reason, interrupted, budget.Token).ConfigureAwait(false);
            return new SyncResult(interrupted, ExitCodes.Interrupted);
        }

        RunRecord run;
        try
        {
            run = await state.GetRunAsync(runId, ct).ConfigureAwait(false)
                ?? throw new InvalidOperationException($"Run {runId} vanished from the state table after publishing.");
        }
        catch (OperationCanceledException) when (ct.IsCancellationRequested)
        {
            // Already marked published: the run is draining, as after an interrupted wait.
            return StillDraining(runId, shown, changes.Employees.Count, published, null, started, interrupted: true);
        }

        return await DrainAndFinalizeAsync(run, wait, started, ct).ConfigureAwait(false);
    }

    /// <summary>
    /// Adds the employees whose date has arrived (<see cref="IDueStore"/>) to the run, each once: their snapshot is read
    /// from BambooHR again like any other's, and their message says it is due so the consumer decides it again.
    /// </summary>
    private async Task<(IReadOnlyList<EmployeeChange> Employees, IReadOnlySet<string> Due)> WithDueAsync(
        string runId, IReadOnlyList<EmployeeChange> changed, CancellationToken ct)
    {
        var today = calendar.Value.Today(time);
        var arrived = await dues.GetDueAsync(today, ct).ConfigureAwait(false);
        var ids = new HashSet<string>(arrived.Select(d => d.EmployeeId), StringComparer.Ordinal);
        if (ids.Count == 0)
        {
            return (changed, ids);
        }

        var all = new List<EmployeeChange>(changed);
        var present = new HashSet<string>(changed.Select(c => c.Id), StringComparer.Ordinal);
        // The newest lastChanged remembered for the employee orders the re-publish like the message it follows.
        foreach (var d in arrived.GroupBy(d => d.EmployeeId, StringComparer.Ordinal).Select(g => g.MaxBy(d => d.LastChanged)!))
        {
            if (present.Add(d.EmployeeId))
            {
                all.Add(new EmployeeChange(d.EmployeeId, EmployeeAction.Updated, d.LastChanged));
            }
        }

        LogDue(runId, ids.Count, today);
        return (all, ids);
    }

    /// <summary>
    /// Once a run has settled every message, the due items it published are forgotten: those due by the day the run
    /// began (a later item was not due when it read them). A run that fails or is interrupted before this leaves them
    /// for the next run; a failure here only publishes them once more next time, which is harmless.
    /// </summary>
    private async Task ForgetDueAsync(RunRecord run, CancellationToken ct)
    {
        var through = EffectiveDates.Today(run.StartedAt, calendar.Value.ResolveZone());
        try
        {
            var removed = await dues.RemoveThroughAsync(through, ct).ConfigureAwait(false);
            if (removed > 0)
            {
                LogDueForgotten(run.RunId, removed, through);
            }
        }
        catch (Exception ex) when (ex is Amazon.Runtime.AmazonServiceException or HttpRequestException or OperationCanceledException)
        {
            LogDueNotForgotten(run.RunId, ex.Message);
        }
    }

    private async Task<ChangeSet> ChangesAsync(DateTimeOffset since, CancellationToken ct)
    {
        using (PipelineTelemetry.Source.StartActivity("bamboohr.changed"))
        {
            return await bamboo.GetChangesSinceAsync(since, ct).ConfigureAwait(false);
        }
    }

    /// <summary>
    /// A full run's employees. Their newest lastChanged (BambooHR's clock, as `latest` is for changes) becomes the
    /// watermark, never earlier than the current one: a change after the roster was read is newer and is found by
    /// the next run. With no dated row and no watermark, the run's start is the next window's start.
    /// </summary>
    private async Task<ChangeSet> EveryEmployeeAsync(DateTimeOffset began, DateTimeOffset? watermark, CancellationToken ct)
    {
        IReadOnlyList<EmployeeChange> roster;
        using (PipelineTelemetry.Source.StartActivity("bamboohr.roster"))
        {
            roster = await bamboo.GetAllEmployeesAsync(ct).ConfigureAwait(false);
        }

        var newest = roster.Where(e => e.LastChanged > DateTimeOffset.UnixEpoch).Select(e => (DateTimeOffset?)e.LastChanged).Max();
        var latest = (newest, watermark) switch
        {
            ({ } n, { } w) => n > w ? n : w,
            ({ } n, null) => n,
            (null, { } w) => w,
            _ => began,
        };
        return new ChangeSet(latest, roster);
    }

    private async Task<SyncResult> DrainAndFinalizeAsync(RunRecord run, TimeSpan wait, long started, CancellationToken ct)
    {
        DrainState drained;
        try
        {
            drained = await drain.WaitAsync(run, wait, LeaseKeeper(run.RunId), ct).ConfigureAwait(false);
        }
        catch (LeaseLostException)
        {
            // Our lease lapsed (a long pause) and another sync took the run over: it waits and finalizes, not us.
            var now = await state.GetRunAsync(run.RunId, CancellationToken.None).ConfigureAwait(false);
            return Refused(run.RunId, now?.Owner ?? "another producer", now?.LeaseExpiresAt, started, draining: true);
        }

        var counts = drained.Counts;
        var shown = new RunShape(run.Full, run.Since);
        if (!drained.IsDrained)
        {
            // Stopped waiting: the next sync may take the run over at once instead of being refused until the lease lapses.
            using (var budget = CancellationTokenSource.CreateLinkedTokenSource(drained.Interrupted ? CancellationToken.None : ct))
            {
                budget.CancelAfter(InterruptedWriteBudget);
                await ReleaseLeaseQuietlyAsync(run.RunId, budget.Token).ConfigureAwait(false);
            }

            var draining = StillDraining(run.RunId, shown, run.TotalChanged, run.Published, counts, started, drained.Interrupted, drained.DriftCorrected);
            return drained.Interrupted ? draining : await WithStoppedConsumersAsync(draining, ct).ConfigureAwait(false);
        }

        var latest = run.Latest ?? run.Since + _options.Overlap;
        var exhausted = drained.TransientExhausted;
        var summary = Summary(run.RunId, exhausted > 0 ? SyncStatus.CompletedWithErrors : SyncStatus.Completed, shown, latest, run.TotalChanged, run.Published, counts, started) with
        {
            DriftCorrected = drained.DriftCorrected,
            Orphans = run.Full ? await CountOrphansAsync(run.RunId, ct).ConfigureAwait(false) : null,
            Errors = exhausted,
            Reason = exhausted > 0
                ? $"{exhausted} employee(s) dead-lettered as transient_exhausted: Moodle kept failing for them. Replay them once Moodle is healthy (`pipeline dlq peek`, `pipeline dlq replay`)."
                : null,
        };
        if (!await state.TryFinalizeRunAsync(run.RunId, latest, summary, ct).ConfigureAwait(false))
        {
            // Another producer finalized it between our check and our write: same result, reported as such.
            LogFinalizedElsewhere(run.RunId);
        }
        else
        {
            await ForgetDueAsync(run, ct).ConfigureAwait(false);
        }

        PipelineTelemetry.WatermarkLag.Record((time.GetUtcNow() - latest).TotalSeconds);
        LogCompleted(run.RunId, latest);
        return new SyncResult(summary, exhausted > 0 ? ExitCodes.CompletedWithErrors : ExitCodes.Ok);
    }

    /// <summary>
    /// A full run's orphans, counted after the drain (consumers link accounts while it drains). Only a count for the
    /// summary: a failure here leaves it out (null) and never fails a run whose employees are all settled.
    /// </summary>
    private async Task<int?> CountOrphansAsync(string runId, CancellationToken ct)
    {
        if (orphans is null)
        {
            LogOrphansNotCounted(runId, "Moodle is not configured for the producer (Moodle__BaseUrl, Moodle__Token)");
            return null;
        }

        try
        {
            return (await orphans.AuditAsync(ct).ConfigureAwait(false)).Count;
        }
        catch (Exception ex) when (ex is MoodleException or BambooHrException or HttpRequestException)
        {
            LogOrphansNotCounted(runId, ex.Message);
            return null;
        }
    }

    /// <summary>The run stays draining: the next sync finalizes it. Interrupted or not, nothing is lost by stopping here.</summary>
    private SyncResult StillDraining(string runId, RunShape shown, int total, int published, OutcomeCounts? counts, long started, bool interrupted,
        int driftCorrected = 0)
    {
        var draining = Summary(runId, SyncStatus.Draining, shown, null, total, published, counts, started) with { DriftCorrected = driftCorrected };
        LogStillDraining(runId, counts?.Settled ?? 0, total);
        return new SyncResult(draining, interrupted ? ExitCodes.Interrupted : ExitCodes.Ok);
    }

    /// <summary>
    /// A wait that ended undrained because consumers are paused (Moodle down) or halted (a refused token) is an error
    /// the operator must hear of: the summary says which and why, and the exit code is not 0. Consumers that are
    /// running (only slow) leave the draining result as it is.
    /// </summary>
    private async Task<SyncResult> WithStoppedConsumersAsync(SyncResult draining, CancellationToken ct)
    {
        if (consumers is null)
        {
            return draining;
        }

        IReadOnlyList<ConsumerRecord> stopped;
        try
        {
            stopped = StoppedConsumers.From(await consumers.ListAsync(ct).ConfigureAwait(false));
        }
        catch (Exception ex) when (ex is Amazon.Runtime.AmazonServiceException or HttpRequestException)
        {
            LogConsumersUnknown(draining.Summary.RunId, ex.Message);
            return draining;
        }

        if (stopped.Count == 0)
        {
            return draining;
        }

        var now = time.GetUtcNow();
        var reason = "Consumers stopped, the run cannot drain: " + string.Join("; ", stopped.Select(r => StoppedConsumers.Describe(r, now)).Distinct()) +
                     ". Paused consumers resume by themselves when Moodle answers; halted ones need the fix named, then a restart. The next sync finalizes the run.";
        return draining with { Summary = draining.Summary with { Reason = reason, Errors = stopped.Count }, ExitCode = ExitCodes.CompletedWithErrors };
    }


    private async Task ReleaseLeaseQuietlyAsync(string runId, CancellationToken ct)
    {
        try
        {
            await state.ReleaseLeaseAsync(runId, _owner, ct).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is OperationCanceledException or Amazon.Runtime.AmazonServiceException or HttpRequestException)
        {
            // The lease then lapses by itself; the next sync is refused until it does.
            LogLeaseNotReleased(runId, ex.Message);
        }
    }

    private SyncResult Refused(string runId, string owner, DateTimeOffset? until, long started, bool draining = false)
    {
        var what = draining ? "draining and another producer is waiting for it" : "being published by another producer";
        var reason = $"Run {runId} is {what} ({owner}{(until is { } u ? $", claim valid until {u:O}" : string.Empty)}). " +
                     "Nothing was done. Wait for it to finish, or check `pipeline status`.";
        LogRefused(runId);
        return new SyncResult(Summary(runId, SyncStatus.Failed, null, null, 0, 0, null, started) with { Reason = reason, Errors = 1 }, ExitCodes.Refused);
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Run {RunId}: could not read the consumers' states ({Error}); reported as draining")]
    private partial void LogConsumersUnknown(string runId, string error);

    /// <summary>How the summary shows a run: a full run has no window (`since` null, `full` true).</summary>
    private sealed record RunShape(bool Full, DateTimeOffset Since);

    private RunSummary Summary(string runId, string status, RunShape? shown, DateTimeOffset? next, int total, int published,
        OutcomeCounts? counts, long started)
    {
        int Get(Outcome o) => counts?[o] ?? 0;
        return new RunSummary
        {
            RunId = runId,
            Status = status,
            Full = shown?.Full ?? false,
            Since = shown is { Full: false } ? shown.Since : null,
            NextSince = next,
            TotalChanged = total,
            Published = published,
            Created = Get(Outcome.Created),
            Updated = Get(Outcome.Updated),
            Suspended = Get(Outcome.Suspended),
            Reactivated = Get(Outcome.Reactivated),
            Unchanged = Get(Outcome.Unchanged),
            Stale = Get(Outcome.Stale),
            DeadLettered = Get(Outcome.DeadLettered),
            Warnings = counts?.Warnings ?? 0,
            Errors = 0,
            DurationMs = (long)time.GetElapsedTime(started).TotalMilliseconds,
        };
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Run {RunId}: resuming the drain of the pending run")]
    private partial void LogResuming(string runId);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Run {RunId} held by the mass-suspension safeguard: it would suspend {WouldSuspend} of {ActiveLinked} active linked accounts; nothing published")]
    private partial void LogHeld(string runId, int wouldSuspend, int activeLinked);

    [LoggerMessage(Level = LogLevel.Information, Message = "Run {RunId} was held; looking at it again (approved: {Approved})")]
    private partial void LogResumingHeld(string runId, bool approved);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Run {RunId} is pending and is finished first; this sync does not start a full run: run `pipeline sync --full` again afterwards")]
    private partial void LogFullDeferred(string runId);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Run {RunId}: its producer stopped while publishing; taking it over and publishing its window again")]
    private partial void LogTakeOver(string runId);

    [LoggerMessage(Level = LogLevel.Information, Message = "Run {RunId}: {Count} employees changed since {Since:O}")]
    private partial void LogChanges(string runId, int count, DateTimeOffset since);

    [LoggerMessage(Level = LogLevel.Information, Message = "Run {RunId}: full run over the {Count} employees BambooHR has, every status")]
    private partial void LogFull(string runId, int count);

    [LoggerMessage(Level = LogLevel.Information, Message = "Run {RunId}: published {Published} of {Total} messages; waiting for the drain")]
    private partial void LogPublished(string runId, int published, int total);

    [LoggerMessage(Level = LogLevel.Error, Message = "Run {RunId} failed; the watermark is unchanged: {Reason}")]
    private partial void LogFailed(Exception ex, string runId, string reason);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Run {RunId}: still draining ({Settled} of {Total} settled); the next sync finalizes it")]
    private partial void LogStillDraining(string runId, int settled, int total);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Run {RunId}: interrupted while fetching or publishing; abandoning it so the next sync publishes its window again")]
    private partial void LogInterruptedPublishing(string runId);

    [LoggerMessage(Level = LogLevel.Information, Message = "Run {RunId}: finalized by another producer")]
    private partial void LogFinalizedElsewhere(string runId);

    [LoggerMessage(Level = LogLevel.Information, Message = "Run {RunId} completed; watermark is now {Watermark:O}")]
    private partial void LogCompleted(string runId, DateTimeOffset watermark);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Refused to start: run {RunId} is in progress")]
    private partial void LogRefused(string runId);

    [LoggerMessage(Level = LogLevel.Information, Message = "Run {RunId}: {Count} employees have a date that has arrived (by {Today}); they are published again")]
    private partial void LogDue(string runId, int count, DateOnly today);

    [LoggerMessage(Level = LogLevel.Information, Message = "Run {RunId}: {Count} due employees settled and forgotten (due by {Through})")]
    private partial void LogDueForgotten(string runId, int count, DateOnly through);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Run {RunId}: due employees not forgotten ({Reason}); the next run publishes them again")]
    private partial void LogDueNotForgotten(string runId, string reason);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Run {RunId}: could not release the lease ({Reason}); the next sync waits for it to lapse")]
    private partial void LogLeaseNotReleased(string runId, string reason);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Run {RunId}: orphans not counted ({Reason}); `pipeline audit` lists them")]
    private partial void LogOrphansNotCounted(string runId, string reason);
}
