using System.Globalization;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace Pipeline.Bench;

/// <summary>Everything one bench run measured.</summary>
internal sealed record BenchResults(
    BenchSettings Settings,
    SequentialResult Sequential,
    IReadOnlyDictionary<int, SyncMeasure> FirstSyncs,
    SyncMeasure Unchanged,
    SyncMeasure FullResync,
    SyncMeasure Movers,
    int MoversChanged,
    ProducerResult Producer,
    IReadOnlyList<ConsumerCpu> ConsumerCpu,
    int MoodleMaxInFlight,
    string Machine,
    DateTimeOffset Date)
{
    public const int Headline = 4;

    public SyncMeasure HeadlineSync => FirstSyncs.TryGetValue(Headline, out var m) ? m : FirstSyncs.Values.Last();

    public double Speedup4 => HeadlineSync.EmployeesPerSecond / Sequential.JoinersEps;

    public double UnchangedSpeedup => Unchanged.EmployeesPerSecond / Sequential.UnchangedEps;

    /// <summary>The producer's share of the headline first sync's wall time (null if its log had no "published" line).</summary>
    public double? ProducerShareOfFirstSync => HeadlineSync.ProducerShare;

    public double? CpuUsPerMessage => ConsumerCpu.Count == 0 ? null : ConsumerCpu.Max(c => c.MicrosecondsPerMessage);
}

/// <summary>results.json (the keys the README table is built from) and the markdown table.</summary>
internal static class Report
{
    /// <summary>
    /// Moodle, not the producer, bounds a sync: the producer's part (start-up, enumeration, publishing) should stay a
    /// small slice of a first sync's wall time.
    /// </summary>
    public const double MaxProducerShare = 0.10;

    private static readonly JsonSerializerOptions Indented = new() { WriteIndented = true };

    public static string ToJson(BenchResults r)
    {
        var s = r.Settings;
        var pipeline = new JsonObject();
        foreach (var (c, m) in r.FirstSyncs.OrderBy(kv => kv.Key))
        {
            pipeline[c.ToString(CultureInfo.InvariantCulture)] = Round(m.EmployeesPerSecond);
        }

        var details = new JsonObject();
        foreach (var m in r.FirstSyncs.Values.Append(r.Unchanged).Append(r.FullResync).Append(r.Movers))
        {
            details[m.Name] = new JsonObject
            {
                ["consumers"] = m.Consumers,
                ["seconds"] = Round(m.Seconds),
                ["in_process_seconds"] = Round(m.InProcessSeconds),
                ["in_process_eps"] = Round(m.InProcessEmployeesPerSecond),
                ["employees"] = m.TotalChanged,
                ["eps"] = Round(m.EmployeesPerSecond),
                ["created"] = m.Created,
                ["updated"] = m.Updated,
                ["unchanged"] = m.Unchanged,
                ["dead_lettered"] = m.DeadLettered,
                ["drift_corrected"] = m.DriftCorrected,
                ["moodle_calls"] = m.Moodle.TotalCalls,
                ["moodle_writes"] = m.Moodle.TotalWritten,
                ["moodle_calls_by_function"] = Counters(m.Moodle.Calls),
            };
        }

        var root = new JsonObject
        {
            ["profile"] = s.Profile,
            ["mode"] = s.Quick ? "quick" : "full",
            ["n"] = s.Employees,
            ["gather_size"] = s.GatherSize,
            ["sequential"] = new JsonObject
            {
                ["joiners_eps"] = Round(r.Sequential.JoinersEps),
                ["movers_eps"] = Round(r.Sequential.MoversEps),
                ["unchanged_eps"] = Round(r.Sequential.UnchangedEps),
                ["sample"] = r.Sequential.Sample,
            },
            ["pipeline"] = pipeline,
            ["speedup_4"] = Round(r.Speedup4),
            ["moodle_calls_per_employee_first_sync"] = Round(r.HeadlineSync.CallsPerEmployee, 4),
            ["moodle_writes_per_employee_first_sync"] = Round((double)r.HeadlineSync.Moodle.TotalWritten / r.HeadlineSync.TotalChanged, 4),
            ["moodle_writes_unchanged_resync"] = r.Unchanged.Moodle.TotalWritten,
            ["moodle_calls_unchanged_resync"] = r.Unchanged.Moodle.TotalCalls,
            ["unchanged_resync_eps"] = Round(r.Unchanged.EmployeesPerSecond),
            ["unchanged_speedup"] = Round(r.UnchangedSpeedup),
            ["moodle_writes_full_resync"] = r.FullResync.Moodle.TotalWritten,
            ["moodle_calls_full_resync"] = r.FullResync.Moodle.TotalCalls,
            ["full_resync_eps"] = Round(r.FullResync.EmployeesPerSecond),
            ["movers"] = r.MoversChanged,
            ["movers_writes"] = r.Movers.Moodle.TotalWritten,
            ["movers_resync_eps"] = Round(r.Movers.EmployeesPerSecond),
            ["movers_resync_employees"] = r.Movers.TotalChanged,
            ["producer_changes"] = r.Producer.Published,
            ["producer_msgs_per_s"] = Round(r.Producer.MessagesPerSecond),
            ["producer_peak_rss_mb"] = Round(r.Producer.PeakRssMb),
            ["producer_publish_seconds"] = Round(r.Producer.PublishSeconds),
            ["producer_publish_seconds_runs"] = new JsonArray([.. r.Producer.RunPublishSeconds.Select(x => (JsonNode?)Round(x))]),
            ["producer_startup_and_enumeration_seconds"] = Round(r.Producer.EnumerateSeconds),
            ["producer_cpu_us_per_msg"] = Round(r.Producer.CpuMicrosecondsPerMessage, 1),
            ["producer_publish_cpu_us_per_msg"] = Round(r.Producer.PublishCpuMicrosecondsPerMessage, 1),
            ["producer_first_sync_seconds"] = r.HeadlineSync.ProducerSeconds is { } producerSeconds ? Round(producerSeconds) : null,
            ["producer_share_of_first_sync"] = r.ProducerShareOfFirstSync is { } share ? Round(share, 4) : null,
            ["publish_concurrency"] = s.PublishConcurrency,
            ["consumer_cpu_us_per_msg"] = r.CpuUsPerMessage is { } cpu ? Round(cpu, 2) : null,
            ["consumer_cpu"] = new JsonArray([.. r.ConsumerCpu.Select(c => (JsonNode)new JsonObject
            {
                ["benchmark"] = c.Method,
                ["us_per_msg"] = Round(c.MicrosecondsPerMessage, 2),
                ["bytes_per_msg"] = double.IsNaN(c.BytesPerMessage) ? null : Math.Round(c.BytesPerMessage),
            })]),
            ["moodle_max_in_flight"] = r.MoodleMaxInFlight,
            ["runs"] = details,
            ["date"] = r.Date.ToString("yyyy-MM-ddTHH:mm:ssZ", CultureInfo.InvariantCulture),
            ["machine"] = r.Machine,
        };
        return root.ToJsonString(Indented);
    }

    public static string ToMarkdown(BenchResults r)
    {
        var s = r.Settings;
        var sb = new StringBuilder();
        var inv = CultureInfo.InvariantCulture;
        sb.AppendLine(inv, $"Bench ({(s.Quick ? "quick" : "full")}), {r.Date:yyyy-MM-dd HH:mm} UTC, {r.Machine}; Moodle sandbox profile `{s.Profile}` (max in flight seen: {r.MoodleMaxInFlight}); N = {s.Employees:N0}, GatherSize {s.GatherSize}, Pollers 1 per consumer.");
        sb.AppendLine();
        sb.AppendLine("| Measure | Result | Target | Met |");
        sb.AppendLine("| --- | --- | --- | --- |");
        void Row(string measure, string result, string target, bool? met) =>
            sb.AppendLine(inv, $"| {measure} | {result} | {target} | {(met is null ? "–" : met.Value ? "yes" : "**no**")} |");

        Row($"Sequential baseline (one at a time, {r.Sequential.Sample} each)",
            $"joiners {r.Sequential.JoinersEps:F1}/s, movers {r.Sequential.MoversEps:F1}/s, unchanged {r.Sequential.UnchangedEps:F1}/s", "(reference: real 14 / 14 / 27 per s)", null);
        foreach (var (c, m) in r.FirstSyncs.OrderBy(kv => kv.Key))
        {
            Row($"First sync, {c} consumer{(c == 1 ? string.Empty : "s")}", $"{m.EmployeesPerSecond:F1}/s ({m.Seconds:F1} s wall; {m.InProcessEmployeesPerSecond:F1}/s by the producer's own clock; {m.Moodle.TotalCalls} Moodle calls)",
                c == BenchResults.Headline ? $"≥ 5 × joiners = {5 * r.Sequential.JoinersEps:F1}/s" : string.Empty,
                c == BenchResults.Headline ? r.Speedup4 >= 5 : null);
        }

        Row("Speed-up, 4 consumers vs sequential joiners", $"{r.Speedup4:F1}×", "≥ 5×", r.Speedup4 >= 5);
        Row("Moodle calls per employee, first sync (4 consumers)",
            $"{r.HeadlineSync.CallsPerEmployee:F3} ({r.HeadlineSync.Moodle.Describe()}); writes {(double)r.HeadlineSync.Moodle.TotalWritten / r.HeadlineSync.TotalChanged:F3}/employee", "≤ 0.25", r.HeadlineSync.CallsPerEmployee <= 0.25);
        Row("Unchanged re-sync (rewind 30 days), 4 consumers",
            $"{r.Unchanged.EmployeesPerSecond:F1}/s = {r.UnchangedSpeedup:F1}× baseline unchanged; {r.Unchanged.Moodle.TotalCalls} Moodle calls, {r.Unchanged.Moodle.TotalWritten} writes",
            "0 writes, ≥ 10×", r.Unchanged.Moodle.TotalWritten == 0 && r.UnchangedSpeedup >= 10);
        Row(FullResyncMeasure(r.FullResync), FullResyncResult(r.FullResync), "0 writes", r.FullResync.Moodle.TotalWritten == 0);
        Row($"10% movers re-sync ({r.MoversChanged} movers), 4 consumers",
            $"{r.Movers.EmployeesPerSecond:F1}/s ({r.Movers.TotalChanged} enumerated, {r.Movers.Seconds:F1} s); {r.Movers.Moodle.TotalWritten} writes, {r.Movers.Moodle.TotalCalls} calls",
            "writes = movers", r.Movers.Moodle.TotalWritten == r.MoversChanged);
        Row($"Producer alone, {r.Producer.Published:N0} changes",
            $"published in {r.Producer.PublishSeconds:F2} s = {r.Producer.MessagesPerSecond:F0} msg/s " +
            $"(median of {r.Producer.RunPublishSeconds.Count} runs: {string.Join(", ", r.Producer.RunPublishSeconds.Select(x => x.ToString("F2", CultureInfo.InvariantCulture)))} s; " +
            $"{r.Producer.EnumerateSeconds:F1} s of start-up and enumeration before; CPU per message: {r.Producer.PublishCpuMicrosecondsPerMessage:F0} µs publishing, " +
            $"{r.Producer.CpuMicrosecondsPerMessage:F0} µs for its whole process)",
            "(reported)", null);
        Row($"Producer's share of the first sync, {r.HeadlineSync.Consumers} consumers", ProducerShare(r.HeadlineSync),
            $"≤ {MaxProducerShare * 100:F0}%", r.ProducerShareOfFirstSync is { } share ? share <= MaxProducerShare : null);
        Row("Producer peak RSS (VmHWM)", $"{r.Producer.PeakRssMb:F0} MiB at {r.Producer.Published:N0} changes", "≤ 400 MB at 100,000",
            s.ProducerChanges >= 100_000 ? r.Producer.PeakRssMb <= 400 : null);
        foreach (var c in r.ConsumerCpu)
        {
            Row($"Consumer CPU per message: {c.Method}", $"{c.MicrosecondsPerMessage:F1} µs, {c.BytesPerMessage / 1024:F1} KiB allocated", "≤ 1 ms", c.MicrosecondsPerMessage <= 1000);
        }

        return sb.ToString();
    }

    public static string FullResyncMeasure(SyncMeasure m) =>
        string.Create(CultureInfo.InvariantCulture, $"Full sync, nothing to change (`sync --full`, {m.TotalChanged:N0} employees), {m.Consumers} consumers");

    public static string FullResyncResult(SyncMeasure m) => string.Create(CultureInfo.InvariantCulture,
        $"{m.EmployeesPerSecond:F1}/s ({m.Seconds:F1} s); {m.Moodle.TotalCalls} Moodle calls ({m.Moodle.Describe()}), {m.Moodle.TotalWritten} writes, drift corrected {m.DriftCorrected}");

    /// <summary>The producer's share of one sync in words, for the table and for <c>--producer-only</c>.</summary>
    public static string ProducerShare(SyncMeasure sync) => sync is { ProducerSeconds: { } seconds, ProducerShare: { } share }
        ? string.Create(CultureInfo.InvariantCulture, $"{share * 100:F1}%: all {sync.TotalChanged:N0} published {seconds:F2} s after the producer started, of the sync's {sync.Seconds:F1} s")
        : "the producer logged no \"published\" line";

    private static JsonObject Counters(IReadOnlyDictionary<string, long> counters)
    {
        var o = new JsonObject();
        foreach (var (k, v) in counters.Where(kv => kv.Value != 0).OrderBy(kv => kv.Key, StringComparer.Ordinal))
        {
            o[k] = v;
        }

        return o;
    }

    private static double Round(double v, int digits = 2) => Math.Round(v, digits);
}
