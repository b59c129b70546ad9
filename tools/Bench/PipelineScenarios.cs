using System.Diagnostics;
using System.Globalization;
using System.Text.Json;
using Pipeline.LocalStack;

namespace Pipeline.Bench;

/// <summary>One `pipeline sync` with N consumer workers, timed from the producer's start to its exit with the run completed.</summary>
internal sealed record SyncMeasure(
    string Name, int Consumers, double Seconds, double InProcessSeconds, string Status, int TotalChanged, int Created, int Updated, int Unchanged,
    int DeadLettered, MoodleStats Moodle)
{
    /// <summary>From the producer's start to its log line "published N of M" (start-up, enumeration, publish); null if it logged none.</summary>
    public double? ProducerSeconds { get; init; }

    /// <summary>The producer's share of the sync's wall time: the rest is the consumers and Moodle, and the drain.</summary>
    public double? ProducerShare => ProducerSeconds / Seconds;

    public double EmployeesPerSecond => TotalChanged / Seconds;

    /// <summary>The same run timed by the producer itself (its summary's duration_ms): no process start-up.</summary>
    public double InProcessEmployeesPerSecond => InProcessSeconds <= 0 ? 0 : TotalChanged / InProcessSeconds;

    public double CallsPerEmployee => TotalChanged == 0 ? 0 : (double)Moodle.TotalCalls / TotalChanged;

    /// <summary>The summary's drift_corrected: writes for snapshots the ledger had already applied.</summary>
    public int DriftCorrected { get; init; }
}

/// <summary>First sync into an empty Moodle per consumer count, then the unchanged and the movers re-sync.</summary>
internal sealed class PipelineScenarios(Harness harness, BenchSettings settings, SandboxAdmin admin, TextWriter log)
{
    public async Task<SyncMeasure> FirstSyncAsync(Lane lane, int consumers, CancellationToken ct)
    {
        await admin.ResetMoodleAsync(ct).ConfigureAwait(false);
        return await SyncAsync(lane, consumers, $"first-sync-{consumers}c", [], ct).ConfigureAwait(false);
    }

    public async Task<SyncMeasure> UnchangedResyncAsync(Lane lane, int consumers, CancellationToken ct)
    {
        await using (var rewind = await harness.RunProducerAsync("rewind", settings.PipelineSettings(harness, lane), TimeSpan.FromMinutes(2), ct, "rewind", "--days", "30").ConfigureAwait(false))
        {
            if (rewind.ExitCode != 0)
            {
                throw new InvalidOperationException($"pipeline rewind --days 30 exited {rewind.ExitCode}; see {rewind.LogHint}.");
            }
        }

        return await SyncAsync(lane, consumers, $"unchanged-resync-{consumers}c", [], ct).ConfigureAwait(false);
    }

    /// <summary>
    /// `sync --full` over a company already in Moodle with nothing changed since: every employee is published and compared
    /// with Moodle itself, and nothing may be written.
    /// </summary>
    public Task<SyncMeasure> FullResyncAsync(Lane lane, int consumers, CancellationToken ct) =>
        SyncAsync(lane, consumers, $"full-resync-{consumers}c", ["--full"], ct);

    public async Task<SyncMeasure> MoversResyncAsync(Lane lane, int consumers, IReadOnlyList<string> movers, CancellationToken ct)
    {
        foreach (var id in movers)
        {
            await admin.SetDepartmentAsync(id, "Relocated " + id, ct).ConfigureAwait(false);
        }

        // BambooHR timestamps are whole seconds and the watermark is inclusive: let the movers' second pass.
        await Task.Delay(TimeSpan.FromSeconds(1.1), ct).ConfigureAwait(false);
        return await SyncAsync(lane, consumers, $"movers-resync-{consumers}c", [], ct).ConfigureAwait(false);
    }

    private async Task<SyncMeasure> SyncAsync(Lane lane, int consumers, string name, string[] extra, CancellationToken ct)
    {
        log.WriteLine($"  {name}: starting {consumers} consumer worker(s)...");
        var workerSettings = settings.PipelineSettings(harness, lane);
        workerSettings["Consumer:Pollers"] = "1";
        workerSettings["Consumer:GatherSize"] = settings.GatherSize.ToString(CultureInfo.InvariantCulture);
        var workers = harness.StartConsumerWorkers(consumers, $"{name}-consumer", workerSettings);
        try
        {
            // Worker start-up is not part of the sync (they are long-running in production), and on 2 cores their
            // JIT would otherwise slow the producer's own start.
            await WaitReadyAsync(workers, ct).ConfigureAwait(false);

            var before = await admin.GetMoodleStatsAsync(ct).ConfigureAwait(false);
            var started = Stopwatch.GetTimestamp();
            var startedAt = DateTimeOffset.UtcNow;
            await using var producer = harness.StartProducer(name + "-producer", settings.PipelineSettings(harness, lane), ["sync", "--wait", "40m", .. extra]);
            var exit = await producer.ExitCodeAsync(TimeSpan.FromMinutes(45), ct).ConfigureAwait(false);
            var seconds = Stopwatch.GetElapsedTime(started).TotalSeconds;
            var moodle = (await admin.GetMoodleStatsAsync(ct).ConfigureAwait(false)).Minus(before);
            var summary = producer.StdoutLines.LastOrDefault(l => l.StartsWith('{'))
                ?? throw new InvalidOperationException($"{name}: the producer printed no summary (exit {exit}); see {producer.LogHint}.");
            using var doc = JsonDocument.Parse(summary);
            var r = doc.RootElement;
            int Get(string p) => r.TryGetProperty(p, out var v) ? v.GetInt32() : 0;
            var status = r.GetProperty("status").GetString() ?? "?";
            var measure = new SyncMeasure(name, consumers, seconds, Get("duration_ms") / 1000.0, status, Get("total_changed"), Get("created"), Get("updated"),
                Get("unchanged"), Get("dead_lettered"), moodle)
            {
                ProducerSeconds = ProducerLog.ReadPhases(producer.StderrPath!).Published is { } publishedAt ? (publishedAt - startedAt).TotalSeconds : null,
                DriftCorrected = Get("drift_corrected"),
            };
            log.WriteLine($"  {name}: {status} in {seconds:F1} s, {measure.TotalChanged} employees ({measure.EmployeesPerSecond:F1}/s; in-process {measure.InProcessSeconds:F1} s, {measure.InProcessEmployeesPerSecond:F1}/s), " +
                $"producer done publishing after {measure.ProducerSeconds:F2} s, " +
                $"created {measure.Created}, updated {measure.Updated}, unchanged {measure.Unchanged}, dead-lettered {measure.DeadLettered}, drift corrected {measure.DriftCorrected}; " +
                $"Moodle calls {moodle.TotalCalls} ({moodle.Describe()}), users written {moodle.TotalWritten}, max in flight {moodle.MaxInFlight}");
            if (status != "completed")
            {
                throw new InvalidOperationException($"{name}: the sync ended {status}, not completed; see {producer.LogHint}.");
            }

            return measure;
        }
        finally
        {
            foreach (var w in workers)
            {
                await w.DisposeAsync().ConfigureAwait(false);
            }
        }
    }

    private static async Task WaitReadyAsync(IReadOnlyList<ChildProcess> workers, CancellationToken ct)
    {
        var deadline = DateTime.UtcNow.AddMinutes(1);
        foreach (var w in workers)
        {
            while (!(File.Exists(w.StderrPath) && File.ReadLines(w.StderrPath!).Any(l => l.Contains("Consumer worker starting", StringComparison.Ordinal))))
            {
                if (w.HasExited)
                {
                    throw new InvalidOperationException($"A consumer worker exited at start; see {w.LogHint}.");
                }

                if (DateTime.UtcNow > deadline)
                {
                    throw new TimeoutException($"A consumer worker did not start within a minute; see {w.LogHint}.");
                }

                await Task.Delay(200, ct).ConfigureAwait(false);
            }
        }

        await Task.Delay(TimeSpan.FromSeconds(1.5), ct).ConfigureAwait(false);
    }
}
