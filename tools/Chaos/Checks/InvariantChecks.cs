using Pipeline.Chaos.Observe;
using Pipeline.Chaos.Report;
using Pipeline.Chaos.Scenario;
using Pipeline.Chaos.Stack;
using Pipeline.LocalStack;

namespace Pipeline.Chaos.Checks;

/// <summary>The invariants, each checked from the sandboxes' admin APIs, DynamoDB and SQS.</summary>
public static class InvariantChecks
{
    public static async Task RunAsync(CheckContext c, AdminApi admin, StackReader reader, Lane lane,
        ChaosResults results, CancellationToken ct)
    {
        var employees = await admin.GetEmployeesAsync(ct).ConfigureAwait(false);
        var users = await admin.GetMoodleUsersAsync(ct).ConfigureAwait(false);
        var stats = await admin.GetMoodleStatsAsync(ct).ConfigureAwait(false);
        var live = users.Where(u => !u.Deleted).ToList();
        var byIdNumber = live.Where(u => u.IdNumber.Length > 0).GroupBy(u => u.IdNumber, StringComparer.Ordinal)
            .ToDictionary(g => g.Key, g => g.ToList(), StringComparer.Ordinal);

        // Every employee (the poison ones are fixed and replayed by now) is in Moodle exactly once and matches, except
        // leavers Moodle never knew: the pipeline does not create an account only to suspend it.
        var missing = new List<string>();
        var mismatched = new List<string>();
        var unexpected = new List<string>();
        var duplicates = 0;
        var leaversNotSuspended = new List<string>();
        var leavers = 0;
        foreach (var e in employees)
        {
            var expected = ExpectedUser.For(e, c.Today);
            var mustExist = !expected.Suspended || c.InMoodleAfterRun1.Contains(e.Id);
            var found = byIdNumber.GetValueOrDefault(e.Id) ?? [];
            duplicates += Math.Max(0, found.Count - 1);
            if (expected.Suspended)
            {
                leavers++;
            }

            if (found.Count == 0)
            {
                if (mustExist)
                {
                    missing.Add(e.Id);
                }

                continue;
            }

            if (!mustExist)
            {
                unexpected.Add(e.Id);
            }

            var diffs = expected.Differences(found[0]);
            if (diffs.Count > 0)
            {
                mismatched.Add($"{e.Id} ({string.Join("; ", diffs)})");
            }

            if (expected.Suspended && !found[0].Suspended)
            {
                leaversNotSuspended.Add(e.Id);
            }
        }

        var knownIds = employees.Select(e => e.Id).ToHashSet(StringComparer.Ordinal);
        var strangers = byIdNumber.Keys.Where(k => !knownIds.Contains(k)).ToList();
        results.DuplicatesInMoodle = duplicates;
        results.Add("valid_employees_in_moodle_once_and_match",
            missing.Count == 0 && mismatched.Count == 0 && duplicates == 0 && unexpected.Count == 0 && strangers.Count == 0,
            $"{employees.Count} employees, {live.Count(u => u.IdNumber.Length > 0)} linked Moodle users; missing {missing.Count}{List(missing)}, " +
            $"mismatched {mismatched.Count}{List(mismatched)}, duplicates {duplicates}, leavers created {unexpected.Count}{List(unexpected)}, unknown idnumbers {strangers.Count}");

        var deletes = stats["calls"]?["core_user_delete_users"]?.GetValue<long>() ?? 0;
        var deletedRows = users.Count(u => u.Deleted);
        results.Add("no_moodle_user_deleted",
            deletes == 0 && c.Monitor.MaxDeleteCalls == 0 && deletedRows == 0 && c.Monitor.MoodleUserDrops == 0 && live.Count >= c.Monitor.MaxMoodleUsers,
            $"core_user_delete_users calls {deletes}, deleted rows {deletedRows}, user count drops {c.Monitor.MoodleUserDrops} (peak {c.Monitor.MaxMoodleUsers}, now {live.Count})");

        var movedLeavers = c.Plan.Changes.Where(x => x.Kind == "leaver").Select(x => x.Id).ToList();
        var rehire = byIdNumber.GetValueOrDefault(c.Plan.LaterRehireId)?.FirstOrDefault();
        var generatorRehire = byIdNumber.GetValueOrDefault(c.Plan.GeneratorRehireId)?.FirstOrDefault();
        results.Add("leavers_suspended",
            leaversNotSuspended.Count == 0 && movedLeavers.All(id => byIdNumber.GetValueOrDefault(id)?.FirstOrDefault()?.Suspended == true)
                && rehire is { Suspended: false } && generatorRehire is { Suspended: false },
            $"{leavers} leavers in BambooHR, {movedLeavers.Count} left between the runs; not suspended: {leaversNotSuspended.Count}{List(leaversNotSuspended)}; " +
            $"rehires active again: {c.Plan.GeneratorRehireId}={(generatorRehire is { Suspended: false } ? "yes" : "NO")}, {c.Plan.LaterRehireId}={(rehire is { Suspended: false } ? "yes" : "NO")}");

        // The DLQ as it stood after both runs: exactly the poison records, each with its reason.
        var wrongCode = c.Parked.Where(p => p.EmployeeId is { } id && c.Plan.ExpectedPoison.TryGetValue(id, out var code) && code != p.FailureCode)
            .Select(p => $"{p.EmployeeId}:{p.FailureCode}").Distinct().ToList();
        var absent = c.Plan.ExpectedPoison.Keys.Where(id => !c.Parked.Any(p => p.EmployeeId == id)).ToList();
        var intruders = c.Parked.Where(p => p.EmployeeId is null || !c.Plan.ExpectedPoison.ContainsKey(p.EmployeeId))
            .Select(p => $"{p.EmployeeId ?? "?"}:{p.FailureCode ?? "(redrive)"}").ToList();
        results.Add("poison_in_dlq_with_reason", wrongCode.Count == 0 && absent.Count == 0,
            $"{c.Plan.ExpectedPoison.Count} poison records; parked with the wrong reason {wrongCode.Count}{List(wrongCode)}; not parked {absent.Count}{List(absent)}");
        results.Add("nothing_else_in_dlq", intruders.Count == 0,
            $"{c.Parked.Count} DLQ messages, {intruders.Count} not poison{List(intruders)} (no transient_exhausted, no redrive_max_receives)");

        // Per run: every changed employee has exactly one recorded outcome (dead_lettered included).
        var lost = 0;
        var runDetails = new List<string>();
        var runsOk = c.Runs.Count == 2;
        foreach (var run in c.Runs)
        {
            var outcomes = await reader.GetOutcomesAsync(run.RunId, ct).ConfigureAwait(false);
            var total = run.TotalChanged ?? -1;
            lost += Math.Max(0, total - outcomes.Count);
            runsOk &= total > 0 && outcomes.Count == total;
            var byKind = outcomes.Values.GroupBy(v => v, StringComparer.Ordinal).OrderBy(g => g.Key, StringComparer.Ordinal).Select(g => $"{g.Key} {g.Count()}");
            runDetails.Add($"{run.RunId}: {total} changed, {run.Published} published by the last producer, {outcomes.Count} outcomes ({string.Join(", ", byKind)})");
        }

        results.Lost = lost;
        results.Add("published_equals_outcomes", runsOk && lost == 0, string.Join("; ", runDetails));

        var moves = c.Monitor.Moves;
        var runIds = c.Runs.Select(r => r.RunId).ToList();
        var movesPerRun = runIds.Select(id => moves.Count(m => m.RunId == id)).ToList();
        var finalState = await reader.GetWatermarkAsync(ct).ConfigureAwait(false);
        results.Add("watermark_moved_once_per_run",
            moves.Count == runIds.Count && movesPerRun.All(n => n == 1) && finalState.Watermark == c.Runs[^1].Latest && finalState.PendingRunId is null,
            $"{moves.Count} moves for {runIds.Count} runs ({string.Join(", ", runIds.Zip(movesPerRun, (id, n) => $"{id}: {n}"))}); final watermark {finalState.Watermark} = last run's latest {c.Runs[^1].Latest}");
        results.WatermarkViolations = moves.Count(m => m.Violation);
        results.Add("watermark_never_moved_in_flight", results.WatermarkViolations == 0 && c.Monitor.Samples > 0,
            $"{c.Monitor.Samples} samples (~250 ms apart, longest gap {c.Monitor.LongestGap.TotalMilliseconds:F0} ms, {c.Monitor.SampleErrors} failed), {results.WatermarkViolations} moves with outcomes < total or the queue not empty");

        var dlqAfter = await reader.GetQueueAsync(lane.DeadLetterQueueUrl, ct).ConfigureAwait(false);
        results.Add("dlq_replay_applied", c.ReplayExitCode == 0 && c.ReplayApplied && dlqAfter.IsEmpty,
            $"`pipeline dlq replay` exit {c.ReplayExitCode}; {c.Plan.Fixes.Count} fixed records in Moodle and matching: {(c.ReplayApplied ? "yes" : "NO")}; DLQ now holds {dlqAfter.Total}");

        var completed = c.Summaries.Count == 2 && c.Summaries.All(s => (string?)s["status"] == "completed");
        results.Add("runs_completed", completed, string.Join("; ", c.Summaries.Select(s => $"{(string?)s["run_id"]}: {(string?)s["status"]}")));

        var faults = stats["faults"];
        long F(string k) => faults?[k]?.GetValue<long>() ?? 0;
        var planned = c.Workers.Kills;
        // Guards against a vacuous pass (faults silently off). Individual kinds are random per call, so only their sum
        // (hundreds of calls at ~20%) is required: fewer than 5 would mean the faults were not on.
        var moodleFaults = F("http500") + F("timeout") + F("dml_error") + c.SlowCalls;
        results.Add("faults_were_injected",
            moodleFaults >= 5 && c.Injector.Sent > 0 && planned == c.PlannedWorkerKills && c.ProducerKilledMidPublish,
            $"moodle http500 {F("http500")}, timeout {F("timeout")}, dml_error {F("dml_error")}, slow {c.SlowCalls}; duplicates sent {c.Injector.Sent}; " +
            $"worker SIGKILLs {planned}/{c.PlannedWorkerKills}; producer SIGKILLed while publishing: {(c.ProducerKilledMidPublish ? "yes" : "NO")}");
    }

    private static string List(IReadOnlyCollection<string> items) =>
        items.Count == 0 ? string.Empty : " [" + string.Join(", ", items.Take(8)) + (items.Count > 8 ? ", …" : string.Empty) + "]";
}
