using System.Text.Json;
using Pipeline.Producer.Sync;
using Pipeline.Sandbox.BambooHr;
using Pipeline.TestSupport;
using Pipeline.TestSupport.Pipeline;

namespace Pipeline.Operate.Tests.Cli;

/// <summary>
/// `pipeline status` and `pipeline dlq peek|replay` as real processes against a whole stack (sandboxes in-process,
/// fresh queues and table on the emulators, in-process consumer workers): a poison record is parked, looked at,
/// fixed in BambooHR, replayed, and lands in Moodle.
/// </summary>
public sealed class DlqCliTests(EmulatorFixture emulators) : IClassFixture<EmulatorFixture>
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(60);

    [Fact]
    public async Task A_parked_poison_record_is_shown_without_personal_data_replayed_after_a_fix_and_then_reaches_moodle()
    {
        await using var stack = await PipelineStack.StartAsync(emulators, o => o.Prefix = "cli-dlq");
        var seed = await stack.GenerateAsync(24, seed: 7);
        var invalid = seed.Poison!.Single(p => p.Reason.Contains("invalid", StringComparison.Ordinal)).Id;
        var missing = seed.Poison!.Single(p => p.Reason.Contains("missing", StringComparison.Ordinal)).Id;
        await stack.StartConsumersAsync(2);

        var sync = await stack.RunSyncAsync(TimeSpan.FromMinutes(2));
        Assert.Equal(SyncStatus.Completed, sync.Summary.Status);
        Assert.True(sync.Summary.DeadLettered >= 2, $"dead-lettered {sync.Summary.DeadLettered}");
        var env = stack.EnvironmentVariables();
        var parkedCount = await WaitForDlqAsync(stack, n => n == sync.Summary.DeadLettered);

        // status: watermark, queue and DLQ depth, the last run's summary.
        var status = (await PipelineProcess.RunAsync(env, "status")).Sample("status-after-run");
        Assert.True(status.ExitCode == 0, status.ToString());
        Assert.Contains(sync.Summary.RunId, status.StdOut, StringComparison.Ordinal);
        Assert.Contains("Dead-letter queue", status.StdOut, StringComparison.Ordinal);
        var statusJson = (await PipelineProcess.RunAsync(env, "status", "--json")).Sample("status-json-after-run");
        using (var doc = JsonDocument.Parse(statusJson.StdOut))
        {
            var root = doc.RootElement;
            Assert.Equal(JsonValueKind.String, root.GetProperty("watermark").ValueKind);
            Assert.Equal(JsonValueKind.Null, root.GetProperty("pending_run").ValueKind);
            Assert.Equal(parkedCount, root.GetProperty("dead_letter_queue").GetProperty("visible").GetInt64());
            Assert.Equal(0, root.GetProperty("main_queue").GetProperty("visible").GetInt64());
            var last = root.GetProperty("last_summary");
            Assert.Equal(sync.Summary.RunId, last.GetProperty("run_id").GetString());
            Assert.Equal("completed", last.GetProperty("status").GetString());
            Assert.Equal(sync.Summary.Created, last.GetProperty("created").GetInt32());
            Assert.Equal(sync.Summary.DeadLettered, last.GetProperty("dead_lettered").GetInt32());
        }

        // dlq peek: who, which run, why, how often, when; deletes nothing; no personal data.
        var peek = (await PipelineProcess.RunAsync(env, "dlq", "peek")).Sample("dlq-peek");
        Assert.True(peek.ExitCode == 0, peek.ToString());
        Assert.Contains(invalid, peek.StdOut, StringComparison.Ordinal);
        Assert.Contains("invalid_email", peek.StdOut, StringComparison.Ordinal);
        var peekJson = (await PipelineProcess.RunAsync(env, "dlq", "peek", "--json")).Sample("dlq-peek-json");
        using (var doc = JsonDocument.Parse(peekJson.StdOut))
        {
            var messages = doc.RootElement.GetProperty("messages").EnumerateArray().ToList();
            Assert.Equal(parkedCount, messages.Count);
            var bad = messages.Single(m => m.GetProperty("employee_id").GetString() == invalid);
            Assert.Equal(sync.Summary.RunId, bad.GetProperty("run_id").GetString());
            Assert.Equal("invalid_email", bad.GetProperty("code").GetString());
            Assert.Contains("Work Email", bad.GetProperty("message").GetString(), StringComparison.Ordinal);
            Assert.True(bad.GetProperty("attempts").GetInt32() >= 1);
            var failedAt = bad.GetProperty("failed_at").GetDateTimeOffset();
            Assert.InRange(failedAt, DateTimeOffset.UtcNow.AddMinutes(-5), DateTimeOffset.UtcNow.AddMinutes(1));
        }

        Assert.Equal(parkedCount, await DlqTotalAsync(stack));
        AssertNoPersonalData(seed, peek, peekJson);

        // replay --dry-run in every selection form: reports, changes nothing.
        var dryAll = (await PipelineProcess.RunAsync(env, "dlq", "replay", "--dry-run", "--no-refresh", "--json")).Sample("dlq-replay-dry-run-json");
        using (var doc = JsonDocument.Parse(dryAll.StdOut))
        {
            Assert.True(doc.RootElement.GetProperty("dry_run").GetBoolean());
            Assert.Equal(parkedCount, doc.RootElement.GetProperty("selected").GetInt32());
            Assert.Equal(0, doc.RootElement.GetProperty("replayed").GetInt32());
        }

        var dryReason = (await PipelineProcess.RunAsync(env, "dlq", "replay", "--reason", "invalid_email", "--dry-run")).Sample("dlq-replay-reason-dry-run");
        Assert.True(dryReason.ExitCode == 0, dryReason.ToString());
        Assert.Contains("Would replay 1 of", dryReason.StdOut, StringComparison.Ordinal);
        Assert.Contains($"employee {invalid} ", dryReason.StdOut, StringComparison.Ordinal);
        Assert.DoesNotContain($"employee {missing} ", dryReason.StdOut, StringComparison.Ordinal);

        var dryMax = await PipelineProcess.RunAsync(env, "dlq", "replay", "--max", "1", "--dry-run", "--json");
        using (var doc = JsonDocument.Parse(dryMax.StdOut))
        {
            Assert.Equal(1, doc.RootElement.GetProperty("selected").GetInt32());
        }

        Assert.Equal(parkedCount, await DlqTotalAsync(stack));
        Assert.Null(await stack.MoodleUserAsync(invalid));
        AssertNoPersonalData(seed, dryAll, dryReason, dryMax);

        // Fix the e-mail in BambooHR, replay just that employee: the consumers apply it.
        const string fixedEmail = "fixed.address.for.replay@example.com";
        await stack.PutEmployeeAsync(invalid, new Dictionary<string, string?> { ["workEmail"] = fixedEmail });
        var replay = (await PipelineProcess.RunAsync(env, "dlq", "replay", "--employee", invalid)).Sample("dlq-replay-employee");
        Assert.True(replay.ExitCode == 0, replay.ToString());
        Assert.Contains("Replayed 1 of", replay.StdOut, StringComparison.Ordinal);
        Assert.Contains("re-read from BambooHR", replay.StdOut, StringComparison.Ordinal);

        var user = await Eventually.WaitAsync(() => stack.MoodleUserAsync(invalid), u => u is not null, Patience, $"employee {invalid} in Moodle");
        Assert.Equal(fixedEmail, user!.Email);
        Assert.Equal(parkedCount - 1, await WaitForDlqAsync(stack, n => n == parkedCount - 1));
        var after = await stack.DeadLettersAsync();
        Assert.DoesNotContain(after, d => d.EmployeeId == invalid);

        // With no run pending, rewind --days prints where the watermark was and where it is now.
        var before = (await stack.GetStateAsync()).Watermark;
        var rewind = (await PipelineProcess.RunAsync(env, "rewind", "--days", "2")).Sample("rewind-days");
        Assert.True(rewind.ExitCode == 0, rewind.ToString());
        Assert.Contains($"Watermark moved: {before!.Value.ToUniversalTime().ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", System.Globalization.CultureInfo.InvariantCulture)} → ", rewind.StdOut, StringComparison.Ordinal);
        var moved = (await stack.GetStateAsync()).Watermark;
        Assert.NotNull(moved);
        Assert.InRange(moved!.Value, DateTimeOffset.UtcNow.AddDays(-2).AddMinutes(-2), DateTimeOffset.UtcNow.AddDays(-2).AddMinutes(2));

        // Forward (here: 1 day back from now is after the watermark) would skip changes: refused, exit 4, unless --force.
        var forward = (await PipelineProcess.RunAsync(env, "rewind", "--days", "1")).Sample("rewind-forward-refused");
        Assert.True(forward.ExitCode == 4, forward.ToString());
        Assert.StartsWith("Refused: ", forward.StdOut, StringComparison.Ordinal);
        Assert.Contains("is after the watermark", forward.StdOut, StringComparison.Ordinal);
        Assert.Equal(moved, (await stack.GetStateAsync()).Watermark);
        var forced = (await PipelineProcess.RunAsync(env, "rewind", "--since", "2030-01-01T00:00:00+01:00", "--force")).Sample("rewind-forward-forced");
        Assert.True(forced.ExitCode == 0, forced.ToString());
        Assert.Equal(new DateTimeOffset(2029, 12, 31, 23, 0, 0, TimeSpan.Zero), (await stack.GetStateAsync()).Watermark);

        // Only the held pending run can be approved; here nothing is pending.
        var approve = (await PipelineProcess.RunAsync(env, "approve", "r-20261201T000000Z-000000")).Sample("approve-not-held");
        Assert.True(approve.ExitCode == 4, approve.ToString());
        Assert.Equal("Refused: run r-20261201T000000Z-000000 is not pending (no run is); only a held run can be approved. Nothing changed.", approve.StdOut.Trim());
    }

    internal static void AssertNoPersonalData(SeedDocument seed, params CliRun[] runs)
    {
        var text = string.Join('\n', runs.Select(r => r.StdOut + "\n" + r.StdErr));
        foreach (var e in seed.Employees)
        {
            foreach (var value in new[] { e.WorkEmail, e.LastName })
            {
                if (value is { Length: >= 4 })
                {
                    Assert.False(text.Contains(value, StringComparison.OrdinalIgnoreCase), $"employee {e.Id}'s data '{value}' appears in CLI output");
                }
            }
        }
    }

    private static async Task<long> DlqTotalAsync(PipelineStack stack)
    {
        var counts = await stack.DeadLetterCountsAsync();
        return counts.Visible + counts.InFlight;
    }

    private static async Task<int> WaitForDlqAsync(PipelineStack stack, Func<long, bool> done) =>
        (int)await Eventually.WaitAsync(() => DlqTotalAsync(stack), done, Patience, "the DLQ depth");
}
