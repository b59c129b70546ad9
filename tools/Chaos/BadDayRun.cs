using System.Diagnostics;
using System.Globalization;
using System.Text.Json.Nodes;
using Pipeline.Chaos.Faults;
using Pipeline.Chaos.Observe;
using Pipeline.Chaos.Report;
using Pipeline.Chaos.Stack;
using Pipeline.LocalStack;

namespace Pipeline.Chaos;

/// <summary>
/// `./chaos.sh --bad-day`: BambooHR wrongly reports half the company terminated. The mass-suspension safeguard must
/// hold the run (exit 5, status held): nothing published, nobody suspended, the watermark where it was. Then an
/// operator approves it and the next sync suspends exactly those employees. Not part of --quick.
/// </summary>
public sealed class BadDayRun(ChaosSettings settings, string repoRoot)
{
    private readonly Stopwatch _clock = Stopwatch.StartNew();
    private readonly ChaosSecrets _secrets = ChaosSecrets.New();
    private string LogDir => Path.Combine(repoRoot, "artifacts", "chaos", "logs-bad-day");

    public async Task<ChaosResults> RunAsync(CancellationToken ct)
    {
        if (Directory.Exists(LogDir))
        {
            Directory.Delete(LogDir, recursive: true);
        }

        Directory.CreateDirectory(LogDir);
        var results = new ChaosResults { Mode = "bad-day", Employees = settings.Employees };
        await using var harness = await Harness.StartAsync(new HarnessOptions
        {
            LogDirectory = LogDir,
            Sandboxes = new SandboxSettings
            {
                BambooHrPort = settings.BambooPort,
                MoodlePort = settings.MoodlePort,
                BambooHrApiKey = _secrets.BambooKey,
                MoodleAdminToken = _secrets.MoodleToken,
                ConfigureMoodle = o => o.MinimumLogLevel = Microsoft.Extensions.Logging.LogLevel.Error,
            },
        }, ct).ConfigureAwait(false);
        var prefix = "chaos-bad-" + Guid.NewGuid().ToString("N")[..8];
        var lane = await harness.CreateLaneAsync(prefix, settings.MaxAttempts, ct: ct).ConfigureAwait(false);
        var env = PipelineSettings.For(harness, lane, settings);
        using var admin = new AdminApi(new HttpClient { Timeout = TimeSpan.FromSeconds(60) }, harness.Sandboxes);
        var reader = new StackReader(harness.DynamoDb, harness.Sqs, lane.TableName, lane.QueueUrl);
        await admin.GenerateAsync(settings.Employees, settings.GeneratorSeed, ct).ConfigureAwait(false);
        await admin.ResetMoodleAsync(ct).ConfigureAwait(false);
        await using var workers = new WorkerPool(harness, env, settings.Workers, new Random(settings.ChaosSeed));
        workers.Start();

        var first = await SyncAsync(harness, env, "first", ct).ConfigureAwait(false);
        Say($"First (full) run: exit {first.Code}, status {first.Status}");
        var before = await admin.GetMoodleUsersAsync(ct).ConfigureAwait(false);
        var active = before.Where(u => !u.Deleted && !u.Suspended && u.IdNumber.Length > 0).Select(u => u.IdNumber).Order(StringComparer.Ordinal).ToList();
        var watermark = (await reader.GetWatermarkAsync(ct).ConfigureAwait(false)).Watermark;

        // The bad day: every other active employee reported terminated yesterday.
        var yesterday = DateOnly.FromDateTime(DateTime.UtcNow).AddDays(-1).ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
        var terminated = active.Where((_, i) => i % 2 == 0).ToHashSet(StringComparer.Ordinal);
        foreach (var id in terminated)
        {
            await admin.PutEmployeeAsync(id, new Dictionary<string, string?> { ["status"] = "Inactive", ["terminationDate"] = yesterday }, ct).ConfigureAwait(false);
        }

        Say($"BambooHR now reports {terminated.Count} of {active.Count} active linked employees terminated");
        var held = await SyncAsync(harness, env, "held", ct).ConfigureAwait(false);
        var state = await reader.GetWatermarkAsync(ct).ConfigureAwait(false);
        var queue = await reader.GetMainQueueAsync(ct).ConfigureAwait(false);
        var afterHeld = await admin.GetMoodleUsersAsync(ct).ConfigureAwait(false);
        var suspendedWhileHeld = afterHeld.Count(u => terminated.Contains(u.IdNumber) && u.Suspended);
        results.Add("first_run_completed", first.Code == 0 && first.Status == "completed", $"exit {first.Code}, status {first.Status}, {active.Count} active linked accounts");
        results.Add("bad_day_held", held.Code == 5 && held.Status == "held",
            $"exit {held.Code}, status {held.Status}, would_suspend {held.Summary["would_suspend"]}, active_linked {held.Summary["active_linked"]}");
        results.Add("held_counts_right", (int?)held.Summary["would_suspend"] == terminated.Count && (int?)held.Summary["active_linked"] == active.Count,
            $"would_suspend {held.Summary["would_suspend"]} (expected {terminated.Count}), active_linked {held.Summary["active_linked"]} (expected {active.Count})");
        results.Add("nothing_published", (int?)held.Summary["published"] == 0 && queue.IsEmpty, $"published {held.Summary["published"]}, queue {queue}");
        results.Add("nothing_suspended", suspendedWhileHeld == 0, $"{suspendedWhileHeld} of the {terminated.Count} wrongly terminated suspended while held");
        results.Add("watermark_unmoved", state.Watermark == watermark && state.PendingRunId == held.RunId,
            $"watermark {state.Watermark} (before {watermark}), pending {state.PendingRunId}");

        var approve = await PipelineAsync(harness, "approve", env, ct, "approve", held.RunId).ConfigureAwait(false);
        var approved = await SyncAsync(harness, env, "approved", ct).ConfigureAwait(false);
        var after = await admin.GetMoodleUsersAsync(ct).ConfigureAwait(false);
        var suspended = after.Count(u => terminated.Contains(u.IdNumber) && u.Suspended);
        var othersSuspended = after.Count(u => !terminated.Contains(u.IdNumber) && active.Contains(u.IdNumber) && u.Suspended);
        results.Add("approved_run_suspends_exactly_them", approve.Code == 0 && approved.Status == "completed" && approved.RunId == held.RunId
            && suspended == terminated.Count && othersSuspended == 0,
            $"approve exit {approve.Code}; run {approved.RunId} {approved.Status}; {suspended}/{terminated.Count} suspended, {othersSuspended} others");

        await workers.StopAsync().ConfigureAwait(false);
        var (leaks, files, _) = Checks.SecretScan.Scan(LogDir, _secrets.MoodleToken, _secrets.BambooKey);
        results.Add("no_secrets_in_logs", leaks.Count == 0 && files > 0, leaks.Count == 0 ? $"{files} log files scanned: no secret" : "secret found in " + string.Join(", ", leaks));
        results.Extra["prefix"] = prefix;
        results.Extra["summaries"] = new JsonArray(first.Summary.DeepClone(), held.Summary.DeepClone(), approved.Summary.DeepClone());
        results.DurationSeconds = _clock.Elapsed.TotalSeconds;
        return results;
    }

    private async Task<(int Code, string? Status, string RunId, JsonNode Summary)> SyncAsync(Harness harness, IReadOnlyDictionary<string, string?> env, string name, CancellationToken ct)
    {
        var (code, last) = await PipelineAsync(harness, "producer-" + name, env, ct, "sync", "--wait", "10m").ConfigureAwait(false);
        var summary = last.StartsWith('{') ? JsonNode.Parse(last)! : new JsonObject();
        Say($"sync ({name}): exit {code}, {(last.Length > 200 ? last[..200] + "…" : last)}");
        return (code, (string?)summary["status"], (string?)summary["run_id"] ?? "(none)", summary);
    }

    private static async Task<(int Code, string Last)> PipelineAsync(Harness harness, string name, IReadOnlyDictionary<string, string?> env, CancellationToken ct, params string[] args)
    {
        await using var p = harness.StartProducer(name, env, args);
        var code = await p.WaitForExitAsync(ct).ConfigureAwait(false);
        return (code, p.StdoutLines.LastOrDefault(l => l.Length > 0) ?? string.Empty);
    }

    private void Say(string message) => Console.Error.WriteLine($"[bad-day {_clock.Elapsed.TotalSeconds,6:F1}s] {message}");
}
