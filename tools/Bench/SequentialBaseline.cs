using System.Diagnostics;
using Pipeline.BambooHr;
using Pipeline.Consumer.Handling;
using Pipeline.Contracts;
using Pipeline.Domain;
using Pipeline.Moodle;

namespace Pipeline.Bench;

/// <summary>Employees per second of the one-at-a-time sync, per kind of change.</summary>
internal sealed record SequentialResult(double JoinersEps, double MoversEps, double UnchangedEps, int Sample, MoodleStats Calls);

/// <summary>
/// Today's sync, as the issue describes it: one process, one employee at a time: look the user up in Moodle by
/// idnumber (one get_users_by_field call with one value), decide, then create or update that one user.
/// Uses the production Moodle client and domain code against the sandbox, so only the batching differs.
/// </summary>
internal sealed class SequentialBaseline(IMoodleClient moodle, IBambooHrClient bamboo, SandboxAdmin admin)
{
    public async Task<SequentialResult> RunAsync(IReadOnlyList<string> employeeIds, CancellationToken ct)
    {
        var snapshots = await bamboo.GetSnapshotsAsync(employeeIds, ct).ConfigureAwait(false);
        var options = new MappingOptions();
        var today = DateOnly.FromDateTime(DateTime.UtcNow);
        var mapped = employeeIds.Where(snapshots.ContainsKey)
            .Select(id => snapshots[id])
            .Select(s => (Snapshot: s, Mapping: DesiredUserMapper.Map(s, options, today)))
            .Where(x => !x.Mapping.IsPoison)
            .ToList();

        await admin.ResetMoodleAsync(ct).ConfigureAwait(false);
        var before = await admin.GetMoodleStatsAsync(ct).ConfigureAwait(false);

        var joiners = await TimeAsync(mapped.Select(x => (x.Snapshot.Id, EmployeeAction.Inserted, x.Mapping)), ct).ConfigureAwait(false);
        var movers = await TimeAsync(mapped.Select(x => (x.Snapshot.Id, EmployeeAction.Updated,
            DesiredUserMapper.Map(x.Snapshot with { Department = "Moved " + x.Snapshot.Department }, options, today))), ct).ConfigureAwait(false);
        var unchanged = await TimeAsync(mapped.Select(x => (x.Snapshot.Id, EmployeeAction.Updated,
            DesiredUserMapper.Map(x.Snapshot with { Department = "Moved " + x.Snapshot.Department }, options, today))), ct).ConfigureAwait(false);

        var calls = (await admin.GetMoodleStatsAsync(ct).ConfigureAwait(false)).Minus(before);
        await admin.ResetMoodleAsync(ct).ConfigureAwait(false);
        return new SequentialResult(joiners, movers, unchanged, mapped.Count, calls);
    }

    private async Task<double> TimeAsync(IEnumerable<(string Id, EmployeeAction Action, MappingResult Mapping)> employees, CancellationToken ct)
    {
        var list = employees.ToList();
        var started = Stopwatch.GetTimestamp();
        foreach (var (id, action, mapping) in list)
        {
            await SyncOneAsync(id, action, mapping, ct).ConfigureAwait(false);
        }

        return list.Count / Stopwatch.GetElapsedTime(started).TotalSeconds;
    }

    private async Task SyncOneAsync(string employeeId, EmployeeAction action, MappingResult mapping, CancellationToken ct)
    {
        var desired = mapping.User!;
        var found = await moodle.GetUsersByFieldAsync("idnumber", [desired.IdNumber], ct).ConfigureAwait(false);
        var match = UserMatcher.Match(desired.IdNumber, desired.Email, desired.Username, found.Select(MoodleRequests.ToState), desired.UsernameFromEmail);
        switch (Reconciler.Decide(action, mapping, match, employeeId))
        {
            case Decision.Create c:
                await moodle.CreateUsersAsync([MoodleRequests.ToNewUser(c.User)], ct).ConfigureAwait(false);
                break;
            case Decision.Update u:
                var warnings = await moodle.UpdateUsersAsync([MoodleRequests.ToUpdate(u.UserId, u.Changes)], ct).ConfigureAwait(false);
                if (warnings.Count > 0)
                {
                    throw new InvalidOperationException($"Moodle refused the baseline update of employee {employeeId}: {warnings[0].WarningCode}.");
                }

                break;
            case Decision.Poison p:
                throw new InvalidOperationException($"Baseline employee {employeeId} is poison ({p.Code}); the sample should exclude it.");
        }
    }
}
