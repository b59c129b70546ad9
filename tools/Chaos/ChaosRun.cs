using System.Diagnostics;
using System.Globalization;
using System.Text.Json.Nodes;
using Pipeline.Chaos.Faults;
using Pipeline.Chaos.Observe;
using Pipeline.Chaos.Report;
using Pipeline.Chaos.Scenario;
using Pipeline.Chaos.Stack;
using Pipeline.LocalStack;

namespace Pipeline.Chaos;

/// <summary>
/// The chaos run: two syncs over the local stack while Moodle fails, workers and the producer are SIGKILLed and
/// messages are sent twice; then the DLQ replay of the fixed poison records; then the invariants, checked by machine.
/// </summary>
public sealed partial class ChaosRun(ChaosSettings settings, string repoRoot)
{
    private readonly Stopwatch _clock = Stopwatch.StartNew();
    private readonly string _outDir = Path.Combine(repoRoot, "artifacts", "chaos");
    private readonly ChaosSecrets _secrets = ChaosSecrets.New();
    private readonly Random _dice = new(settings.ChaosSeed);
    private readonly DateOnly _today = DateOnly.FromDateTime(DateTime.UtcNow);
    private readonly List<JsonNode> _summaries = [];
    private string LogDir => Path.Combine(_outDir, "logs");

    public async Task<ChaosResults> RunAsync(CancellationToken ct)
    {
        if (Directory.Exists(LogDir))
        {
            Directory.Delete(LogDir, recursive: true);
        }

        Directory.CreateDirectory(LogDir);
        var results = new ChaosResults { Mode = settings.Mode, Employees = settings.Employees };
        Say($"Chaos run ({settings.Mode}): {settings.Employees} employees, {settings.Workers} consumer workers, {settings.WorkerKills} worker kills + 1 producer kill");
        Say($"Consumer__MaxAttempts = queue maxReceiveCount = {settings.MaxAttempts} (raised from 5 together, so a transient fault can never exhaust a message: see ChaosSettings.MaxAttempts)");

        // The harness starts the emulators if needed (never stops them) and both stand-ins in this process, on the chaos
        // ports, with this run's secrets and the slow-call fault in front of Moodle.
        var slow = new SlowMoodleCalls(settings);
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
                MoodleMiddleware = slow.InvokeAsync,
            },
        }, ct).ConfigureAwait(false);
        var lane = await CreateLaneAsync(harness, ct).ConfigureAwait(false);
        var env = PipelineSettings.For(harness, lane, settings);
        using var admin = new AdminApi(new HttpClient { Timeout = TimeSpan.FromSeconds(60) }, harness.Sandboxes);
        var sqs = harness.Sqs;
        var reader = new StackReader(harness.DynamoDb, sqs, lane.TableName, lane.QueueUrl);

        // Data: generator (fixed seed) + hostile records; Moodle already holds three accounts.
        var generated = await admin.GenerateAsync(settings.Employees, settings.GeneratorSeed, ct).ConfigureAwait(false);
        var plan = ScenarioPlan.Build(generated, settings, _today);
        foreach (var h in plan.Hostile)
        {
            await admin.PutEmployeeAsync(h.Id, h.Fields, ct).ConfigureAwait(false);
        }

        await admin.ResetMoodleAsync(ct).ConfigureAwait(false);
        await admin.PreloadMoodleUsersAsync(plan.PreloadedMoodleUsers(_today), ct).ConfigureAwait(false);
        Say($"Poison records (expected DLQ reason): {string.Join(", ", plan.ExpectedPoison.Select(p => $"{p.Key}={p.Value}"))}");

        await SetMoodleFaultsAsync(admin, slow, ct).ConfigureAwait(false);
        var monitor = new RunMonitor(reader, admin);
        using var stopMonitor = CancellationTokenSource.CreateLinkedTokenSource(ct);
        var monitoring = monitor.RunAsync(stopMonitor.Token);

        await using var workers = new WorkerPool(harness, env, settings.Workers, _dice);
        workers.Start();
        var injector = new DuplicateInjector(sqs, lane.QueueUrl);

        var run1Kills = settings.WorkerKills - (settings.WorkerKills / 2);
        var run1 = await SyncAsync(1, harness, env, admin, reader, monitor, workers, injector, killProducer: true, run1Kills, settings.Employees, null, ct).ConfigureAwait(false);
        var afterRun1 = (await admin.GetMoodleUsersAsync(ct).ConfigureAwait(false)).Where(u => !u.Deleted && u.IdNumber.Length > 0)
            .Select(u => u.IdNumber).ToHashSet(StringComparer.Ordinal);

        foreach (var change in plan.Changes)
        {
            await admin.PutEmployeeAsync(change.Id, change.Fields, ct).ConfigureAwait(false);
        }

        Say($"BambooHR changed {plan.Changes.Count} employees: {plan.Changes.Count(c => c.Kind == "mover")} movers, {plan.Changes.Count(c => c.Kind == "leaver")} leavers, 1 rehire ({plan.LaterRehireId})");
        var run2 = await SyncAsync(2, harness, env, admin, reader, monitor, workers, injector, killProducer: false, settings.WorkerKills / 2, plan.Changes.Count + plan.Hostile.Count, run1, ct).ConfigureAwait(false);

        var parked = await Checks.DeadLetterScan.ReadAllAsync(sqs, lane.DeadLetterQueueUrl, ct).ConfigureAwait(false);
        Say($"DLQ holds {parked.Count} messages for {parked.Select(p => p.EmployeeId).Distinct().Count()} employees");

        foreach (var fix in plan.Fixes)
        {
            await admin.PutEmployeeAsync(fix.Id, fix.Fields, ct).ConfigureAwait(false);
        }

        var replay = await RunPipelineAsync(harness, "dlq-replay", env, ct, "dlq", "replay", "--json").ConfigureAwait(false);
        Say($"dlq replay: exit {replay.ExitCode}: {Truncate(replay.LastLine, 160)}");
        var replayApplied = await WaitForFixesAsync(plan, admin, reader, workers, ct).ConfigureAwait(false);

        await workers.StopAsync().ConfigureAwait(false);
        await stopMonitor.CancelAsync().ConfigureAwait(false);
        await monitoring.ConfigureAwait(false);

        var context = new CheckContext(plan, parked, afterRun1, [run1, run2], replay.ExitCode, replayApplied, monitor, workers, injector, _summaries, _today)
        {
            SlowCalls = slow.SlowCalls,
            PlannedWorkerKills = settings.WorkerKills,
            ProducerKilledMidPublish = _producerKilledMidPublish,
        };
        await Checks.InvariantChecks.RunAsync(context, admin, reader, lane, results, ct).ConfigureAwait(false);

        var (leaks, files, bytes) = Checks.SecretScan.Scan(LogDir, _secrets.MoodleToken, _secrets.BambooKey);
        results.Add("no_secrets_in_logs", leaks.Count == 0 && files > 0 && bytes > 0,
            leaks.Count == 0 ? $"{files} log files, {bytes / 1024} KB scanned for the Moodle token and BambooHR key: none found" : "secret found in " + string.Join(", ", leaks));

        var moodleStats = await admin.GetMoodleStatsAsync(ct).ConfigureAwait(false);
        var faults = moodleStats["faults"]!.AsObject();
        foreach (var (k, v) in faults)
        {
            results.FaultsInjected["moodle_" + k] = v?.DeepClone();
        }

        results.FaultsInjected["moodle_slow"] = slow.SlowCalls;
        results.FaultsInjected["worker_sigkills"] = workers.Kills;
        results.FaultsInjected["producer_sigkills"] = 1;
        results.FaultsInjected["duplicate_messages_sent"] = injector.Sent;
        results.Kills = workers.Kills + 1;
        results.Extra["prefix"] = _prefix;
        results.Extra["max_attempts_and_max_receive_count"] = settings.MaxAttempts;
        results.Extra["moodle_timeout"] = settings.MoodleTimeout.ToString("c", CultureInfo.InvariantCulture);
        results.Extra["moodle_calls"] = moodleStats["calls"]?.DeepClone();
        results.Extra["worker_kill_log"] = new JsonArray(workers.KillLog.Select(k => (JsonNode?)JsonValue.Create(k)).ToArray());
        results.Extra["watermark_moves"] = new JsonArray(monitor.Moves.Select(m => (JsonNode?)JsonValue.Create($"{m.At.TotalSeconds:F1}s run {m.RunId}: {m.From ?? "(none)"} -> {m.To} (outcomes {m.Outcomes}/{m.Total}, queue empty before {m.QueueEmptyBefore}, after {m.QueueEmptyAfter})")).ToArray());
        results.Extra["monitor_samples"] = monitor.Samples;
        results.Extra["monitor_longest_gap_ms"] = (long)monitor.LongestGap.TotalMilliseconds;
        results.Extra["summaries"] = new JsonArray(_summaries.Select(s => s.DeepClone()).ToArray());
        results.Extra["machine_cores"] = Environment.ProcessorCount;
        results.Extra["date_utc"] = DateTimeOffset.UtcNow.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture);
        results.DurationSeconds = _clock.Elapsed.TotalSeconds;
        return results;
    }

    private string _prefix = string.Empty;
    private bool _producerKilledMidPublish;

    private async Task<RunMeta> SyncAsync(int run, Harness harness, IReadOnlyDictionary<string, string?> env, AdminApi admin, StackReader reader, RunMonitor monitor, WorkerPool workers,
        DuplicateInjector injector, bool killProducer, int kills, int expected, RunMeta? previous, CancellationToken ct)
    {
        Say($"== Run {run}: sync with {settings.Workers} workers; {kills} worker kills{(killProducer ? ", producer killed mid-publish" : string.Empty)} ==");
        var attempt = 1;
        if (killProducer)
        {
            // Slow BambooHR answers (and 100-id chunks, see Stack/PipelineSettings.cs) keep the producer publishing for
            // seconds: the first messages appear, then it waits 700 ms for the next chunk, and is killed meanwhile.
            await admin.SetBambooLatencyAsync(700, ct).ConfigureAwait(false);
        }

        var producer = StartProducer(harness, env, run, attempt);
        if (killProducer)
        {
            while (!producer.HasExited && (await reader.GetMainQueueAsync(ct).ConfigureAwait(false)).Total == 0)
            {
                await Task.Delay(50, ct).ConfigureAwait(false);
            }

            producer.Kill();
            await producer.WaitForExitAsync(ct).ConfigureAwait(false);
            var state = await reader.GetWatermarkAsync(ct).ConfigureAwait(false);
            var meta = state.PendingRunId is { } p ? await reader.GetRunAsync(p, ct).ConfigureAwait(false) : null;
            _producerKilledMidPublish = meta?.Status == "publishing";
            Say($"Producer SIGKILLed at {Elapsed} (run {meta?.RunId}, status {meta?.Status}); restarting after its {settings.Lease.TotalSeconds:F0} s lease");
            await admin.SetBambooLatencyAsync(0, ct).ConfigureAwait(false);
            await Task.Delay(settings.Lease + TimeSpan.FromSeconds(1), ct).ConfigureAwait(false);
            producer = StartProducer(harness, env, run, ++attempt);
        }

        var killsDone = 0;
        Task? duplicates = null;
        var deadline = _clock.Elapsed + settings.RunTimeout;
        while (true)
        {
            var latest = monitor.Latest;
            var mine = latest is not null && latest.TrackedRun is not null && latest.TrackedRun != previous?.RunId ? latest : null;
            if (mine is not null && duplicates is null && mine.Queue.Visible >= 10)
            {
                var wanted = Math.Max(10, (int)(expected * settings.DuplicateShare));
                duplicates = injector.InjectAsync(wanted, ct);
            }

            // META's total_changed is 0 until the run is published (and again after a take-over): wait for the real one.
            if (mine is { Total: > 0 and var total } && killsDone < kills && mine.Outcomes >= total * (killsDone + 1) / (kills + 1) * 8 / 10)
            {
                workers.KillOne($"run {run} at {Elapsed}, {mine.Outcomes}/{total} outcomes");
                killsDone++;
                Say($"Worker SIGKILLed ({workers.KillLog[^1]})");
            }

            workers.RestartExited();
            if (producer.HasExited)
            {
                var code = await producer.WaitForExitAsync(ct).ConfigureAwait(false);
                if (code == 4)
                {
                    // Refused: a claim is still valid (the killed producer's lease). Try again shortly.
                    await Task.Delay(1000, ct).ConfigureAwait(false);
                    producer = StartProducer(harness, env, run, ++attempt);
                    continue;
                }

                break;
            }

            if (_clock.Elapsed > deadline)
            {
                producer.Kill();
                throw new TimeoutException($"Run {run} did not finish within {settings.RunTimeout}.");
            }

            await Task.Delay(200, ct).ConfigureAwait(false);
        }

        while (killsDone < kills)
        {
            // Only if the run outran the monitor: the kill still happens, and the log says it came late.
            workers.KillOne($"run {run} after it ended, at {Elapsed}");
            killsDone++;
            Say($"Worker SIGKILLed late ({workers.KillLog[^1]})");
        }

        if (duplicates is not null)
        {
            await duplicates.ConfigureAwait(false);
        }

        var summaryLine = producer.StdoutLines.LastOrDefault(l => l.StartsWith('{')) ?? "{}";
        var summary = JsonNode.Parse(summaryLine)!;
        _summaries.Add(summary);
        var runId = (string?)summary["run_id"] ?? "(unknown)";
        var meta2 = await reader.GetRunAsync(runId, ct).ConfigureAwait(false);
        Say($"Run {run} ({runId}) ended at {Elapsed}: status {(string?)summary["status"]}, {meta2.TotalChanged} changed; kills {killsDone}; duplicates sent so far {injector.Sent}");
        return meta2;
    }

    private static ChildProcess StartProducer(Harness harness, IReadOnlyDictionary<string, string?> env, int run, int attempt) =>
        harness.StartProducer($"producer-run{run}-{attempt}", env, "sync", "--wait", "10m");

    private async Task<bool> WaitForFixesAsync(ScenarioPlan plan, AdminApi admin, StackReader reader, WorkerPool workers, CancellationToken ct)
    {
        var deadline = _clock.Elapsed + TimeSpan.FromMinutes(4);
        while (_clock.Elapsed < deadline)
        {
            workers.RestartExited();
            var employees = (await admin.GetEmployeesAsync(ct).ConfigureAwait(false)).ToDictionary(e => e.Id, StringComparer.Ordinal);
            var users = await admin.GetMoodleUsersAsync(ct).ConfigureAwait(false);
            var queue = await reader.GetMainQueueAsync(ct).ConfigureAwait(false);
            var applied = plan.ExpectedPoison.Keys.All(id =>
                users.Count(u => u.IdNumber == id && !u.Deleted) == 1
                && ExpectedUser.For(employees[id], _today).Differences(users.First(u => u.IdNumber == id && !u.Deleted)).Count == 0);
            if (applied && queue.IsEmpty)
            {
                Say($"Replayed poison records applied at {Elapsed}");
                return true;
            }

            await Task.Delay(1000, ct).ConfigureAwait(false);
        }

        return false;
    }

    private async Task<Lane> CreateLaneAsync(Harness harness, CancellationToken ct)
    {
        _prefix = "chaos-" + Guid.NewGuid().ToString("N")[..10];
        var lane = await harness.CreateLaneAsync(_prefix, settings.MaxAttempts, ct: ct).ConfigureAwait(false);
        Say($"Queue {lane.QueueUrl}, DLQ {lane.DeadLetterQueueUrl}, table {lane.TableName} (maxReceiveCount {settings.MaxAttempts}, visibility {settings.VisibilityTimeoutSeconds} s per receive)");
        return lane;
    }

    private static async Task<(int ExitCode, string LastLine)> RunPipelineAsync(
        Harness harness, string name, IReadOnlyDictionary<string, string?> env, CancellationToken ct, params string[] args)
    {
        await using var p = harness.StartProducer(name, env, args);
        var code = await p.WaitForExitAsync(ct).ConfigureAwait(false);
        var last = p.StdoutLines.LastOrDefault(l => l.Length > 0) ?? string.Empty;
        return (code, last);
    }

    private async Task SetMoodleFaultsAsync(AdminApi admin, SlowMoodleCalls slow, CancellationToken ct)
    {
        await admin.SetMoodleFaultsAsync(new JsonObject
        {
            ["profile"] = "real-moodle-4.5-2core",
            ["http500_rate"] = settings.Http500Rate,
            ["timeout_rate"] = settings.TimeoutRate,
            ["timeout_mode"] = "hang",
            ["timeout_hang_ms"] = 60_000,
            ["dml_error_rate"] = settings.DmlErrorRate,
            ["seed"] = settings.FaultSeed,
        }, ct).ConfigureAwait(false);
        slow.SetRate(settings.SlowRate);
        Say($"Moodle faults on: HTTP 500 {settings.Http500Rate:P0}, timeouts {settings.TimeoutRate:P0} (consumer Moodle__Timeout {settings.MoodleTimeout.TotalSeconds:F0} s), slow {settings.SlowRate:P0} (+{settings.SlowDelay.TotalSeconds:F0} s), dml errors {settings.DmlErrorRate:P0}, latency profile real-moodle-4.5-2core");
    }

    private string Elapsed => string.Create(CultureInfo.InvariantCulture, $"{_clock.Elapsed.TotalSeconds:F0}s");

    private static string Truncate(string s, int n) => s.Length <= n ? s : s[..n] + "…";

    private void Say(string message) => Console.Error.WriteLine($"[chaos {_clock.Elapsed.TotalSeconds,6:F1}s] {message}");
}

/// <summary>What the invariant checks need from the run.</summary>
public sealed record CheckContext(
    ScenarioPlan Plan, List<Checks.ParkedMessage> Parked, HashSet<string> InMoodleAfterRun1, List<RunMeta> Runs,
    int ReplayExitCode, bool ReplayApplied, RunMonitor Monitor, WorkerPool Workers, DuplicateInjector Injector,
    List<JsonNode> Summaries, DateOnly Today)
{
    public long SlowCalls { get; init; }

    public int PlannedWorkerKills { get; init; }

    public bool ProducerKilledMidPublish { get; init; }
}
