using System.Diagnostics;
using System.Globalization;
using System.Text.Json.Nodes;
using Amazon.DynamoDBv2.Model;
using Pipeline.Chaos.Faults;
using Pipeline.Chaos.Observe;
using Pipeline.Chaos.Report;
using Pipeline.Chaos.Stack;
using Pipeline.LocalStack;

namespace Pipeline.Chaos;

/// <summary>
/// `./chaos.sh --outage`: one sync with the default 5 attempts (the queue's maxReceiveCount too), and Moodle down (HTTP
/// 500 to every call) for <see cref="ChaosSettings.OutageDuration"/> once a third of the run is settled. The consumers
/// must pause instead of spending the messages' attempts: nothing dead-lettered, a paused state recorded in the state
/// table while Moodle is down, and the run completed (exit 0) after it comes back.
/// </summary>
public sealed class OutageRun(ChaosSettings settings, string repoRoot)
{
    private const int Attempts = 5;

    private readonly Stopwatch _clock = Stopwatch.StartNew();
    private readonly string _logDir = Path.Combine(repoRoot, "artifacts", "chaos", "logs");

    public async Task<ChaosResults> RunAsync(CancellationToken ct)
    {
        if (Directory.Exists(_logDir))
        {
            Directory.Delete(_logDir, recursive: true);
        }

        Directory.CreateDirectory(_logDir);
        var results = new ChaosResults { Mode = settings.Mode, Employees = settings.Employees };
        var secrets = ChaosSecrets.New();
        Say($"Outage run: {settings.Employees} employees, {settings.Workers} workers, Moodle down {settings.OutageDuration.TotalSeconds:F0} s mid-run, {Attempts} attempts");
        await using var harness = await Harness.StartAsync(new HarnessOptions
        {
            LogDirectory = _logDir,
            Sandboxes = new SandboxSettings
            {
                BambooHrPort = settings.BambooPort,
                MoodlePort = settings.MoodlePort,
                BambooHrApiKey = secrets.BambooKey,
                MoodleAdminToken = secrets.MoodleToken,
                ConfigureMoodle = o => o.MinimumLogLevel = Microsoft.Extensions.Logging.LogLevel.Error,
            },
        }, ct).ConfigureAwait(false);
        var prefix = "outage-" + Guid.NewGuid().ToString("N")[..10];
        var lane = await harness.CreateLaneAsync(prefix, Attempts, ct: ct).ConfigureAwait(false);
        var env = PipelineSettings.For(harness, lane, settings with { MaxAttempts = Attempts });
        env["Consumer:OutageProbeMax"] = "00:00:05";
        using var admin = new AdminApi(new HttpClient { Timeout = TimeSpan.FromSeconds(60) }, harness.Sandboxes);
        var reader = new StackReader(harness.DynamoDb, harness.Sqs, lane.TableName, lane.QueueUrl);
        await admin.GenerateAsync(settings.Employees, settings.GeneratorSeed, ct).ConfigureAwait(false);
        await admin.ResetMoodleAsync(ct).ConfigureAwait(false);

        await using var workers = new WorkerPool(harness, env, settings.Workers, new Random(settings.ChaosSeed));
        workers.Start();
        await using var producer = harness.StartProducer("producer-outage", env, "sync", "--wait", "10m");

        // Moodle goes down once a third of the run is settled, and comes back after the outage.
        string? runId = null;
        var total = 0;
        while (!producer.HasExited)
        {
            var state = await reader.GetWatermarkAsync(ct).ConfigureAwait(false);
            if (state.PendingRunId is { } pending && (await reader.GetRunAsync(pending, ct).ConfigureAwait(false)).TotalChanged is > 0 and var t)
            {
                (runId, total) = (pending, t);
                if (await reader.CountOutcomesAsync(pending, ct).ConfigureAwait(false) >= t / 3)
                {
                    break;
                }
            }

            await Task.Delay(200, ct).ConfigureAwait(false);
        }

        var outageStarted = _clock.Elapsed;
        var settledBefore = runId is null ? 0 : await reader.CountOutcomesAsync(runId, ct).ConfigureAwait(false);
        await admin.SetMoodleFaultsAsync(new JsonObject { ["http500_rate"] = 1.0 }, ct).ConfigureAwait(false);
        Say($"Moodle DOWN at {Elapsed} (run {runId}: {settledBefore}/{total} settled)");
        var pausedSeen = false;
        var longestHold = 0;
        while (_clock.Elapsed - outageStarted < settings.OutageDuration)
        {
            pausedSeen |= await AnyPausedAsync(harness, lane.TableName, ct).ConfigureAwait(false);
            longestHold = Math.Max(longestHold, (int)(await reader.GetMainQueueAsync(ct).ConfigureAwait(false)).InFlight);
            workers.RestartExited();
            await Task.Delay(1000, ct).ConfigureAwait(false);
        }

        var settledDuring = (runId is null ? 0 : await reader.CountOutcomesAsync(runId, ct).ConfigureAwait(false)) - settledBefore;
        await admin.SetMoodleFaultsAsync(new JsonObject(), ct).ConfigureAwait(false);
        Say($"Moodle UP at {Elapsed}; consumers seen paused: {pausedSeen}; {settledDuring} outcomes recorded while down");

        var deadline = _clock.Elapsed + settings.RunTimeout;
        while (!producer.HasExited && _clock.Elapsed < deadline)
        {
            workers.RestartExited();
            await Task.Delay(500, ct).ConfigureAwait(false);
        }

        if (!producer.HasExited)
        {
            producer.Kill();
        }

        var exit = await producer.WaitForExitAsync(ct).ConfigureAwait(false);
        await workers.StopAsync().ConfigureAwait(false);
        var summary = JsonNode.Parse(producer.StdoutLines.LastOrDefault(l => l.StartsWith('{')) ?? "{}")!;
        var parked = await Checks.DeadLetterScan.ReadAllAsync(harness.Sqs, lane.DeadLetterQueueUrl, ct).ConfigureAwait(false);
        var stats = await admin.GetMoodleStatsAsync(ct).ConfigureAwait(false);
        var faults = stats["faults"]!.AsObject().Sum(kv => kv.Value?.GetValue<long>() ?? 0);
        Say($"Run ended at {Elapsed}: exit {exit}, status {(string?)summary["status"]}, DLQ {parked.Count}, faults injected {faults}");

        results.Add("outage_happened", faults > 0 && settledBefore < total,
            $"{faults} Moodle calls answered 500 during the {settings.OutageDuration.TotalSeconds:F0} s outage, begun at {settledBefore}/{total} settled");
        results.Add("outage_consumers_paused", pausedSeen,
            pausedSeen ? "a consumer recorded state paused in the state table while Moodle was down" : "no consumer recorded paused while Moodle was down");
        // The generator's own poison (a missing or invalid e-mail, an idnumber clash) is parked whatever Moodle does.
        var outageParked = parked.Where(p => p.FailureCode is null or "transient_exhausted" or "redrive_max_receives").ToList();
        results.Add("outage_nothing_dead_lettered", outageParked.Count == 0,
            (outageParked.Count == 0 ? "nothing parked for the outage" : $"{outageParked.Count} parked for the outage: " + string.Join(", ", outageParked.Select(p => $"{p.EmployeeId}={p.FailureCode ?? "redrive"}").Take(10)))
            + $"; data poison parked: {parked.Count - outageParked.Count} ({string.Join(", ", parked.Except(outageParked).Select(p => p.FailureCode).Distinct())})");
        results.Add("outage_run_completed", exit == 0 && (string?)summary["status"] == "completed",
            $"sync exit {exit}, status {(string?)summary["status"]}, {(int?)summary["published"]} published, {(int?)summary["created"]} created");
        results.FaultsInjected["moodle_outage_seconds"] = settings.OutageDuration.TotalSeconds;
        results.FaultsInjected["moodle_http500"] = faults;
        results.Extra["prefix"] = prefix;
        results.Extra["outcomes_while_down"] = settledDuring;
        results.Extra["most_messages_held_in_flight"] = longestHold;
        results.Extra["summary"] = summary.DeepClone();
        results.DurationSeconds = _clock.Elapsed.TotalSeconds;
        return results;
    }

    private static async Task<bool> AnyPausedAsync(Harness harness, string table, CancellationToken ct)
    {
        var response = await harness.DynamoDb.QueryAsync(new QueryRequest
        {
            TableName = table,
            KeyConditionExpression = "pk = :pk",
            ExpressionAttributeValues = new() { [":pk"] = new AttributeValue { S = "CONSUMERS" } },
        }, ct).ConfigureAwait(false);
        return (response.Items ?? []).Any(i => i.TryGetValue("state", out var s) && s.S == "paused");
    }

    private string Elapsed => string.Create(CultureInfo.InvariantCulture, $"{_clock.Elapsed.TotalSeconds:F0}s");

    private void Say(string message) => Console.Error.WriteLine($"[chaos {_clock.Elapsed.TotalSeconds,6:F1}s] {message}");
}
