using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Pipeline.BambooHr;
using Pipeline.Contracts;
using Pipeline.Domain;
using Pipeline.Moodle;
using Pipeline.State;

namespace Pipeline.Producer.Sync;

/// <summary>
/// Counts, before a run publishes anything, how many active linked Moodle accounts it would suspend
/// (<see cref="SuspensionSafeguard"/> judges the count). Leavers are the run's employees the mapping calls leavers
/// (as the consumer will), and deletions.
/// <para>
/// With Moodle configured for the producer (as in AWS), Moodle is the source: one read of every account, and a leaver
/// counts when an active account holds its idnumber. Without it, the ledger is: a leaver counts when the ledger has
/// linked it to a Moodle account and has not applied this very snapshot yet (an earlier leaver snapshot may already
/// have suspended it, so this over-counts rather than under-counts), and the active linked accounts are taken to be
/// BambooHR's active employees plus those leavers.
/// </para>
/// </summary>
public sealed partial class SuspensionCounter(
    IBambooHrClient bamboo,
    IIdempotencyLedger ledger,
    IOptions<MappingOptions> mapping,
    IOptions<SyncOptions> options,
    TimeProvider time,
    ILogger<SuspensionCounter> logger,
    IMoodleClient? moodle = null)
{
    /// <summary>Matches every account Moodle has not deleted (as the orphan audit reads them).</summary>
    private static readonly Dictionary<string, string> EveryAccount = new(StringComparer.Ordinal) { ["email"] = "%" };

    /// <summary>
    /// Null when the run cannot trip the safeguard, so nothing is read: a changes-only run of at most
    /// Sync:SuspendLimitCount employees cannot suspend more than that many.
    /// </summary>
    public async Task<SuspensionCount?> CountAsync(string runId, IReadOnlyList<EmployeeChange> employees, bool full, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(employees);
        if (!full && employees.Count <= options.Value.SuspendLimitCount)
        {
            return null;
        }

        var source = mapping.Value.IdNumberSource;
        var snapshots = full || moodle is null
            ? await bamboo.GetAllSnapshotsAsync(ct).ConfigureAwait(false)
            : await bamboo.GetSnapshotsAsync(employees.Where(e => e.Action != EmployeeAction.Deleted).Select(e => e.Id).ToList(), ct).ConfigureAwait(false);
        var leavers = Leavers(employees, snapshots, source);

        // Moodle down is an outage, not a reason to skip the check or fail the run: count from the ledger instead (it errs
        // towards holding), publish if within the limits, and let the consumers pause until Moodle answers.
        IReadOnlyList<MoodleUser>? users = null;
        if (moodle is not null)
        {
            try
            {
                users = await moodle.GetUsersAsync(EveryAccount, ct).ConfigureAwait(false);
            }
            catch (MoodleException ex) when (ex.Kind == MoodleErrorKind.Transient)
            {
                LogMoodleUnavailable(runId, ex.ErrorCode);
            }
        }

        SuspensionCount count;
        if (users is not null)
        {
            var active = users.Where(u => !string.IsNullOrEmpty(u.IdNumber) && !u.Suspended).Select(u => u.IdNumber!).ToHashSet(StringComparer.Ordinal);
            var wouldSuspend = leavers.Count(l => l.IdNumber is { } id && active.Contains(id));
            int? seen = full
                ? snapshots.Values.Select(s => EmployeeIdNumber.Of(s, source)).Where(id => id is not null && active.Contains(id)).Distinct(StringComparer.Ordinal).Count()
                : null;
            count = new SuspensionCount(wouldSuspend, active.Count, seen);
        }
        else
        {
            var entries = await ledger.GetManyAsync(leavers.Select(l => l.EmployeeId).ToList(), ct).ConfigureAwait(false);
            var wouldSuspend = leavers.Count(l => entries.TryGetValue(l.EmployeeId, out var e) && e.MoodleUserId is not null
                && e.ContentHash is not null && e.ContentHash != l.Hash);
            var leaverIds = leavers.Select(l => l.EmployeeId).ToHashSet(StringComparer.Ordinal);
            var today = DateOnly.FromDateTime(time.GetUtcNow().UtcDateTime);
            var activeEmployees = snapshots.Values.Count(s => !leaverIds.Contains(s.Id) && !IsLeaver(s, today));
            count = new SuspensionCount(wouldSuspend, activeEmployees + wouldSuspend);
        }

        LogCounted(runId, count.WouldSuspend, count.ActiveLinked, count.Seen, users is null ? "ledger" : "moodle");
        return count;
    }

    private List<Leaver> Leavers(IReadOnlyList<EmployeeChange> employees, IReadOnlyDictionary<string, EmployeeSnapshot> snapshots, IdNumberSource source)
    {
        var today = DateOnly.FromDateTime(time.GetUtcNow().UtcDateTime);
        var leavers = new List<Leaver>();
        foreach (var e in employees)
        {
            if (e.Action == EmployeeAction.Deleted)
            {
                // No snapshot: only an idnumber that is the employee id can be known.
                leavers.Add(new Leaver(e.Id, source == IdNumberSource.Id ? e.Id : null, null));
            }
            else if (snapshots.TryGetValue(e.Id, out var snapshot) && IsLeaver(snapshot, today))
            {
                leavers.Add(new Leaver(e.Id, EmployeeIdNumber.Of(snapshot, source), SnapshotHash.Compute(snapshot)));
            }
        }

        return leavers;
    }

    /// <summary>As the reconciler sees it: a mapped leaver, or a poisoned one whose idnumber it still suspends by.</summary>
    private bool IsLeaver(EmployeeSnapshot snapshot, DateOnly today)
    {
        var mapped = DesiredUserMapper.Map(snapshot, mapping.Value, today);
        return mapped.IsPoison ? mapped.LeaverIdNumber is not null : mapped.User.IsLeaver;
    }

    private sealed record Leaver(string EmployeeId, string? IdNumber, string? Hash);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Run {RunId}: Moodle did not answer the safeguard's count ({Code}); counting from the ledger instead")]
    private partial void LogMoodleUnavailable(string runId, string code);

    [LoggerMessage(Level = LogLevel.Information, Message = "Run {RunId}: would suspend {WouldSuspend} of {ActiveLinked} active linked accounts (full run sees {Seen}; counted from the {Source})")]
    private partial void LogCounted(string runId, int wouldSuspend, int activeLinked, int? seen, string source);
}
