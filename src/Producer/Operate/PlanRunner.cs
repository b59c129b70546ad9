using Microsoft.Extensions.Options;
using Pipeline.BambooHr;
using Pipeline.Consumer.Handling;
using Pipeline.Contracts;
using Pipeline.Domain;
using Pipeline.Moodle;
using Pipeline.Producer.Sync;
using Pipeline.State;

namespace Pipeline.Producer.Operate;

public sealed record PlanFieldChange(string Field, string? Old, string? New);

/// <param name="Drift">The ledger has applied this snapshot, yet Moodle differs: someone changed the account in Moodle (full runs only).</param>
public sealed record PlanLine(string EmployeeId, string Action, string Decision, long? MoodleUserId, IReadOnlyList<PlanFieldChange> Changes, string? Reason,
    bool Drift = false);

/// <summary>The mass-suspension safeguard's count and verdict for the planned run (`sync` would hold it when <paramref name="Held"/>).</summary>
public sealed record PlanSafeguard(int WouldSuspend, int ActiveLinked, int? Seen, bool Held, string? Reason, int LimitPercent, int LimitCount);

/// <param name="Since">Null for a full plan: every employee BambooHR has, not a window.</param>
/// <param name="Safeguard">Null when the run is too small to trip the safeguard (no more employees than Sync:SuspendLimitCount).</param>
public sealed record PlanReport(DateTimeOffset? Since, int TotalChanged, IReadOnlyDictionary<string, int> Totals, IReadOnlyList<PlanLine> Employees,
    bool Full = false, PlanSafeguard? Safeguard = null);

/// <summary>
/// `sync --plan`: what the consumer would do, decided by the consumer's own lookup and reconcile code, with only
/// reads: BambooHR changed-since (or, for a full plan, the whole company) and bulk snapshots, the ledger, and Moodle
/// get_users_by_field. Nothing is written. A full plan, as a full run, compares every employee with Moodle even when
/// the ledger has applied its snapshot, so it shows the drift a full run would correct.
/// </summary>
public sealed class PlanRunner(
    IRunStateStore state,
    IIdempotencyLedger ledger,
    IBambooHrClient bamboo,
    IMoodleClient moodle,
    IOptions<MappingOptions> mapping,
    IOptions<SyncOptions> sync,
    TimeProvider time,
    IOptions<CalendarOptions>? calendar = null,
    SuspensionCounter? safeguard = null)
{
    public Task<PlanReport> PlanAsync(CancellationToken ct) => PlanAsync(SyncScope.Auto, ct);

    /// <param name="scope">As for `sync`: the first plan ever (no watermark) is full unless changes only are asked for.</param>
    public async Task<PlanReport> PlanAsync(SyncScope scope, CancellationToken ct)
    {
        var current = await state.GetStateAsync(ct).ConfigureAwait(false);
        var full = scope == SyncScope.Full || (scope == SyncScope.Auto && current.Watermark is null);
        DateTimeOffset? since = full ? null
            : current.Watermark is { } w ? w - sync.Value.Overlap : time.GetUtcNow().AddDays(-sync.Value.InitialLookbackDays);
        var employees = since is { } from
            ? (await bamboo.GetChangesSinceAsync(from, ct).ConfigureAwait(false)).Employees
            : await bamboo.GetAllEmployeesAsync(ct).ConfigureAwait(false);
        var lines = new List<PlanLine>(employees.Count);
        var today = (calendar?.Value ?? new CalendarOptions()).Today(time);

        foreach (var chunk in employees.Chunk(500))
        {
            var rechecked = new HashSet<string>(StringComparer.Ordinal);
            var wanted = chunk.Where(c => c.Action != EmployeeAction.Deleted).Select(c => c.Id).ToList();
            var snapshots = wanted.Count == 0 ? new Dictionary<string, EmployeeSnapshot>() : await bamboo.GetSnapshotsAsync(wanted, ct).ConfigureAwait(false);
            var applied = await ledger.GetManyAsync(chunk.Select(c => c.Id).ToList(), ct).ConfigureAwait(false);
            var items = new List<ReconcileCandidate>();
            foreach (var change in chunk)
            {
                snapshots.TryGetValue(change.Id, out var snapshot);
                if (change.Action != EmployeeAction.Deleted && snapshot is null)
                {
                    lines.Add(new PlanLine(change.Id, change.Action.ToString(), "poison", null, [], "snapshot_missing: BambooHR returned no fields for this employee"));
                    continue;
                }

                var hash = snapshot is null ? null : SnapshotHash.Compute(snapshot);
                applied.TryGetValue(change.Id, out var entry);
                var freshness = SnapshotOrdering.IsStale(change.LastChanged, hash, entry?.LastChanged, entry?.ContentHash);
                if (freshness == Freshness.Duplicate && full)
                {
                    rechecked.Add(change.Id);
                }
                else if (freshness != Freshness.New)
                {
                    lines.Add(new PlanLine(change.Id, change.Action.ToString(), freshness == Freshness.Duplicate ? "unchanged" : "stale", entry?.MoodleUserId, [], "already applied (ledger)"));
                    continue;
                }

                var mapped = snapshot is null ? null : DesiredUserMapper.Map(snapshot, mapping.Value, today);
                items.Add(new ReconcileCandidate(change.Id, change.Action, mapped));
            }

            var lookup = new MoodleLookup(moodle);
            // A plan is read by people deciding whether to sync: it looks up every username, as a retry would.
            await lookup.LoadAsync(items, thorough: true, ct).ConfigureAwait(false);
            var decisions = items.Select(item => Decide(item, lookup)).ToList();

            // The sync finds an account whose e-mail differs only in case when Moodle refuses the create; a plan
            // cannot try, so it searches each planned joiner's e-mail ignoring case (one call each) and decides again.
            var creates = items.Where((_, i) => decisions[i] is Decision.Create).ToList();
            if (creates.Count > 0)
            {
                var anyCase = new MoodleLookup(moodle);
                await anyCase.LoadAsync(creates, thorough: true, anyCase: true, ct).ConfigureAwait(false);
                for (var i = 0; i < items.Count; i++)
                {
                    if (decisions[i] is Decision.Create)
                    {
                        decisions[i] = Decide(items[i], anyCase);
                    }
                }
            }

            for (var i = 0; i < items.Count; i++)
            {
                var (item, decision) = (items[i], decisions[i]);
                var line = ToLine(item, decision);
                lines.Add(rechecked.Contains(item.EmployeeId) && decision is Decision.Create or Decision.Update ? line with { Drift = true } : line);
            }
        }

        var totals = lines.GroupBy(l => l.Decision).ToDictionary(g => g.Key, g => g.Count());
        PlanSafeguard? verdict = null;
        if (safeguard is not null && await safeguard.CountAsync("plan", employees, full, ct).ConfigureAwait(false) is { } count)
        {
            var (percent, limit) = (sync.Value.SuspendLimitPercent, sync.Value.SuspendLimitCount);
            var judged = SuspensionSafeguard.Judge(count, percent, limit);
            verdict = new PlanSafeguard(count.WouldSuspend, count.ActiveLinked, count.Seen, judged.Held, judged.Reason, percent, limit);
        }

        return new PlanReport(since, employees.Count, totals, lines, full, verdict);
    }

    private static Decision Decide(ReconcileCandidate item, MoodleLookup lookup) => item.Mapping is { IsPoison: true }
        ? new Decision.Poison(item.Mapping.PoisonCode, item.Mapping.PoisonMessage)
        : Reconciler.Decide(item.Action, item.Mapping, lookup.Match(item), item.EmployeeId);

    private static PlanLine ToLine(ReconcileCandidate item, Decision decision) => decision switch
    {
        Decision.Create c => new PlanLine(item.EmployeeId, item.Action.ToString(), "create", null,
            [new PlanFieldChange("username", null, c.User.Username), new PlanFieldChange("idnumber", null, c.User.IdNumber)], null),
        Decision.Update u => new PlanLine(item.EmployeeId, item.Action.ToString(), u.Kind switch
        {
            DecisionKind.Suspended => "suspend",
            DecisionKind.Reactivated => "reactivate",
            _ => "update",
        }, u.UserId, u.Changes.Select(f => new PlanFieldChange(f.Field, f.Old, f.New)).ToList(), null),
        Decision.NoChange n => new PlanLine(item.EmployeeId, item.Action.ToString(), "unchanged", null, [], n.Reason),
        Decision.Poison p => new PlanLine(item.EmployeeId, item.Action.ToString(), "poison", null, [], $"{p.Code}: {p.Message}"),
        _ => throw new InvalidOperationException($"Unknown decision {decision.GetType().Name}."),
    };
}
