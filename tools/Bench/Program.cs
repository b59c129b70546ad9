using System.Globalization;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Pipeline.BambooHr;
using Pipeline.Bench;
using Pipeline.LocalStack;
using Pipeline.Moodle;

// Pipeline.Bench: drives the local stack (tools/LocalStack: the stand-ins as processes on --bamboo-port/--moodle-port,
// the emulators from AWS_ENDPOINT_URL_* or SQS_PORT/DYNAMODB_PORT, started if needed and never stopped) through the
// scenarios of docs/performance.md and writes artifacts/bench/results.json. Run it through ./bench.sh.
if (args.Contains("--help") || args.Contains("-h"))
{
    Console.WriteLine("Usage: Pipeline.Bench [--quick] [--n N] [--sequential M] [--producer-changes P] [--producer-runs 3] [--consumers 1,2,4,8] [--gather 50]\n" +
                      "                      [--publish-concurrency 4] [--producer-only | --full-sync-only] [--bamboo-port 5280] [--moodle-port 5281] [--out DIR] [--producer-dll FILE] [--consumer-report FILE]");
    return 0;
}

var repoRoot = RepoRoot.Find();
var settings = BenchSettings.Parse(args, repoRoot);
Directory.CreateDirectory(settings.OutputDirectory);
var log = Console.Error;
using var cts = new CancellationTokenSource();
Console.CancelKeyPress += (_, e) =>
{
    e.Cancel = true;
    cts.Cancel();
};
var ct = cts.Token;

// The stand-ins run as processes: their own runtime settings (the BambooHR stand-in's PGO off), and none of this
// process's CPU or GC.
log.WriteLine($"Stand-ins on 127.0.0.1:{settings.BambooPort} (BambooHR) and :{settings.MoodlePort} (Moodle); logs in {Path.Combine(settings.OutputDirectory, "logs")}");
await using var harness = await Harness.StartAsync(new HarnessOptions
{
    Sandboxes = new SandboxSettings { AsProcesses = true, BambooHrPort = settings.BambooPort, MoodlePort = settings.MoodlePort },
    LogDirectory = Path.Combine(settings.OutputDirectory, "logs"),
    SampleUsage = true,
    Producer = settings.ProducerDll,
}, ct).ConfigureAwait(false);
var config = new ConfigurationBuilder().AddInMemoryCollection(harness.Settings(null)).Build();
var services = new ServiceCollection()
    .AddLogging(b => b.AddSimpleConsole().SetMinimumLevel(LogLevel.Warning))
    .AddMoodleClient(config)
    .AddBambooHrClient(config);
await using var provider = services.BuildServiceProvider();
using var http = new HttpClient { Timeout = TimeSpan.FromMinutes(5) };
var admin = new SandboxAdmin(http, settings);
var lanes = new BenchLanes(harness, settings);

try
{
    log.WriteLine($"Bench {(settings.Quick ? "--quick" : "full")}: N={settings.Employees}, consumers {string.Join('/', settings.ConsumerCounts)}, " +
                  $"GatherSize {settings.GatherSize}, producer {settings.ProducerChanges:N0}, run tag {settings.RunTag}");
    var headline = settings.ConsumerCounts.Contains(BenchResults.Headline) ? BenchResults.Headline : settings.ConsumerCounts[^1];
    if (settings.ProducerOnly)
    {
        // For working on the producer: scenario 5, then the one first sync its share is read from; no results.json.
        log.WriteLine($"5. Producer alone, {settings.ProducerChanges:N0} changes...");
        var alone = await new ProducerScenario(settings, lanes, admin, provider.GetRequiredService<IBambooHrClient>(), log).RunAsync(ct).ConfigureAwait(false);
        await admin.SetMoodleProfileAsync(settings.Profile, ct).ConfigureAwait(false);
        await admin.GenerateEmployeesAsync(settings.Employees, 42, ct).ConfigureAwait(false);
        log.WriteLine($"2. First sync of {settings.Employees:N0} employees into an empty Moodle, {headline} consumers (the producer's share)...");
        var syncLane = await lanes.CreateAsync($"c{headline}", ct).ConfigureAwait(false);
        var firstSync = await new PipelineScenarios(harness, settings, admin, log).FirstSyncAsync(syncLane, headline, ct).ConfigureAwait(false);
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"producer alone: {alone.Published:N0} published in {alone.PublishSeconds:F2} s ({alone.MessagesPerSecond:F0} msg/s; median of runs " +
            $"{string.Join(", ", alone.RunPublishSeconds.Select(x => x.ToString("F2", CultureInfo.InvariantCulture)))} s) after {alone.EnumerateSeconds:F1} s of start-up and enumeration, " +
            $"peak RSS {alone.PeakRssMb:F0} MiB, CPU/msg {alone.PublishCpuMicrosecondsPerMessage:F0} µs publishing ({alone.CpuMicrosecondsPerMessage:F0} µs whole process); " +
            $"share of a first sync ({headline} consumers): {Report.ProducerShare(firstSync)}"));
        return 0;
    }

    if (settings.FullSyncOnly)
    {
        // Issue 15: a full run over a company that is already in Moodle, with nothing changed, writes nothing.
        await admin.SetMoodleProfileAsync(settings.Profile, ct).ConfigureAwait(false);
        await admin.GenerateEmployeesAsync(settings.Employees, 42, ct).ConfigureAwait(false);
        var fullScenarios = new PipelineScenarios(harness, settings, admin, log);
        var fullLane = await lanes.CreateAsync($"c{headline}", ct).ConfigureAwait(false);
        log.WriteLine($"2. First sync of {settings.Employees:N0} employees into an empty Moodle (full: no watermark yet), {headline} consumers...");
        await fullScenarios.FirstSyncAsync(fullLane, headline, ct).ConfigureAwait(false);
        log.WriteLine($"3b. Full sync of the same {settings.Employees:N0}, nothing changed, {headline} consumers...");
        var idle = await fullScenarios.FullResyncAsync(fullLane, headline, ct).ConfigureAwait(false);
        Console.WriteLine($"| {Report.FullResyncMeasure(idle)} | {Report.FullResyncResult(idle)} | 0 writes | {(idle.Moodle.TotalWritten == 0 ? "yes" : "**no**")} |");
        return idle.Moodle.TotalWritten == 0 ? 0 : 1;
    }

    await admin.SetMoodleProfileAsync(settings.Profile, ct).ConfigureAwait(false);
    log.WriteLine($"Moodle faults: {await admin.GetMoodleFaultsAsync(ct).ConfigureAwait(false)}");

    var (employees, poison, rehire) = await admin.GenerateEmployeesAsync(settings.Employees, 42, ct).ConfigureAwait(false);
    // Plain active employees: not poison, not the rehire, not the every-10th leaver.
    var eligible = employees
        .Where(e => e.Status == "Active" && !poison.Contains(e.Id) && e.Id != rehire && int.Parse(e.Id, CultureInfo.InvariantCulture) % 10 != 0)
        .Select(e => e.Id)
        .ToList();

    log.WriteLine($"1. Sequential baseline, {settings.SequentialSample} employees per kind...");
    var sequential = await new SequentialBaseline(provider.GetRequiredService<IMoodleClient>(), provider.GetRequiredService<IBambooHrClient>(), admin)
        .RunAsync(eligible.Take(settings.SequentialSample).ToList(), ct).ConfigureAwait(false);
    log.WriteLine($"   joiners {sequential.JoinersEps:F1}/s, movers {sequential.MoversEps:F1}/s, unchanged {sequential.UnchangedEps:F1}/s " +
                  $"({sequential.Calls.Describe()})");

    var scenarios = new PipelineScenarios(harness, settings, admin, log);
    var firstSyncs = new Dictionary<int, SyncMeasure>();
    Lane? headlineLane = null;
    log.WriteLine($"2. First sync of {settings.Employees:N0} employees into an empty Moodle...");
    foreach (var consumers in settings.ConsumerCounts.Where(c => c != headline).Append(headline))
    {
        var lane = await lanes.CreateAsync($"c{consumers}", ct).ConfigureAwait(false);
        firstSyncs[consumers] = await scenarios.FirstSyncAsync(lane, consumers, ct).ConfigureAwait(false);
        if (consumers == headline)
        {
            headlineLane = lane;
        }
        else
        {
            await lanes.RemoveAsync(lane).ConfigureAwait(false);
        }
    }

    var maxInFlight = (await admin.GetMoodleStatsAsync(ct).ConfigureAwait(false)).MaxInFlight;
    log.WriteLine($"3. Unchanged re-sync of the same {settings.Employees:N0} (rewind --days 30), {headline} consumers...");
    var unchanged = await scenarios.UnchangedResyncAsync(headlineLane!, headline, ct).ConfigureAwait(false);

    log.WriteLine($"3b. Full sync of the same {settings.Employees:N0} (`sync --full`), nothing changed, {headline} consumers...");
    var fullResync = await scenarios.FullResyncAsync(headlineLane!, headline, ct).ConfigureAwait(false);

    var inMoodle = await admin.GetMoodleIdNumbersAsync(ct).ConfigureAwait(false);
    var movers = eligible.Where(inMoodle.Contains).Take((int)(settings.Employees * settings.MoverShare)).ToList();
    log.WriteLine($"4. Movers re-sync: {movers.Count} employees change department, {headline} consumers...");
    var moversRun = await scenarios.MoversResyncAsync(headlineLane!, headline, movers, ct).ConfigureAwait(false);
    await lanes.RemoveAsync(headlineLane!).ConfigureAwait(false);

    log.WriteLine($"5. Producer alone, {settings.ProducerChanges:N0} changes...");
    var producer = await new ProducerScenario(settings, lanes, admin, provider.GetRequiredService<IBambooHrClient>(), log).RunAsync(ct).ConfigureAwait(false);

    var cpu = ConsumerCpuReport.Read(settings.ConsumerReport);
    if (cpu.Count == 0)
    {
        log.WriteLine($"6. No consumer CPU report at {settings.ConsumerReport ?? "(not given)"}; run benchmarks/Consumer.Benchmarks (./bench.sh does).");
    }

    var results = new BenchResults(settings, sequential, firstSyncs, unchanged, fullResync, moversRun, movers.Count, producer, cpu, maxInFlight,
        Machine(), DateTimeOffset.UtcNow);
    var json = Report.ToJson(results);
    var markdown = Report.ToMarkdown(results);
    await File.WriteAllTextAsync(Path.Combine(settings.OutputDirectory, "results.json"), json, ct).ConfigureAwait(false);
    await File.WriteAllTextAsync(Path.Combine(settings.OutputDirectory, "results.md"), markdown, ct).ConfigureAwait(false);
    Console.WriteLine(markdown);
    return 0;
}
finally
{
    await lanes.RemoveAllAsync().ConfigureAwait(false);
}

static string Machine()
{
    var cpu = File.Exists("/proc/cpuinfo")
        ? File.ReadLines("/proc/cpuinfo").FirstOrDefault(l => l.StartsWith("model name", StringComparison.Ordinal))?.Split(':', 2)[1].Trim()
        : null;
    var memKb = File.Exists("/proc/meminfo")
        ? long.Parse(File.ReadLines("/proc/meminfo").First().Split(' ', StringSplitOptions.RemoveEmptyEntries)[1], CultureInfo.InvariantCulture)
        : 0;
    return $"{Environment.ProcessorCount} cores{(cpu is null ? string.Empty : $" ({cpu})")}, {memKb / 1024.0 / 1024.0:F0} GB RAM, {System.Runtime.InteropServices.RuntimeInformation.OSDescription}, .NET {Environment.Version}";
}
