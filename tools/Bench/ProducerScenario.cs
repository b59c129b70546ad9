using System.Diagnostics;
using System.Globalization;
using System.Text.Json;
using Amazon.SQS;
using Amazon.SQS.Model;
using Pipeline.BambooHr;
using Pipeline.Contracts;
using Pipeline.LocalStack;
using Pipeline.Queue;

namespace Pipeline.Bench;

internal sealed record ProducerResult(
    int Published, double EnumerateSeconds, double PublishSeconds, double WallSeconds, double MessagesPerSecond,
    double PeakRssMb, double CpuSeconds, double PublishCpuSeconds, RawLoopResult? Raw = null, RawLoopResult? RawWarm = null, RawLoopResult? RawWarmDirect = null)
{
    /// <summary>Every paired run's ratio, in run order (this result is the median one).</summary>
    public IReadOnlyList<double> RunRatios { get; init; } = [];

    /// <summary>
    /// The figure: against the faster of the two raw loops (a fresh process started like the producer, and the same
    /// loop inside the warm bench process), so neither the emulator's noise nor JIT warm-up can flatter the producer.
    /// </summary>
    public double RatioToRaw => RawMessagesPerSecond > 0 ? MessagesPerSecond / RawMessagesPerSecond : 0;

    public double RawMessagesPerSecond => Math.Max(Raw?.Rate ?? 0, RawWarm?.Rate ?? 0);

    public double FreshRawMessagesPerSecond => Raw?.Rate ?? 0;

    /// <summary>
    /// The warm loop sending with the producer's own direct client rather than the SDK's: not the reference (that is
    /// the SDK's SendMessageBatch), reported so that the producer's cost beyond sending can be read too.
    /// </summary>
    public double WarmDirectRawMessagesPerSecond => RawWarmDirect?.Rate ?? 0;

    public double RatioToDirectRaw => WarmDirectRawMessagesPerSecond > 0 ? MessagesPerSecond / WarmDirectRawMessagesPerSecond : 0;

    /// <summary>Every paired run's ratio to the direct-client loop, in run order.</summary>
    public IReadOnlyList<double> DirectRunRatios { get; init; } = [];

    public double WarmRawMessagesPerSecond => RawWarm?.Rate ?? 0;

    /// <summary>The producer process's whole CPU (start-up, enumeration, fetch, encode, send) per message published.</summary>
    public double CpuMicrosecondsPerMessage => Published == 0 ? 0 : CpuSeconds * 1e6 / Published;

    /// <summary>The producer's CPU per message while publishing (fetch, encode, send), without start-up and enumeration.</summary>
    public double PublishCpuMicrosecondsPerMessage => Published == 0 ? 0 : PublishCpuSeconds * 1e6 / Published;

    /// <summary>The fresh raw loop process's CPU (SDK marshalling, signing, HTTP) per message sent.</summary>
    public double RawCpuMicrosecondsPerMessage => Raw is { Sent: > 0 } r ? r.CpuSeconds * 1e6 / r.Sent : 0;
}

/// <summary>
/// The producer alone: enumerate and publish a large change set with no consumer, then the same emulator's raw
/// SendMessageBatch rate for the same bodies, batch size and concurrency, measured by <see cref="RawSendLoop"/> twice:
/// in a fresh process like the producer's and inside this warm process; the faster of the two is the reference.
/// </summary>
internal sealed class ProducerScenario(BenchSettings settings, BenchLanes lanes, SandboxAdmin admin, IBambooHrClient bamboo, TextWriter log)
{
    // Enough custom-report calls (of 500 ids) for the sandbox's report code to reach its optimized tier: with 40, the
    // first paired run still found the sandbox compiling and spending twice its later CPU.
    private const int WarmUpReports = 100;

    // Messages sent to a scratch queue first: the emulator (V8) also optimizes as it goes, and spent ~50% more CPU
    // per message on the first 100,000 it was sent than on later ones.
    private const int EmulatorWarmUpMessages = 20_000;

    // Every measured run waits for an idle machine first, for at most this long (15 waits in all: at most 75 s).
    private static readonly TimeSpan QuietLimit = TimeSpan.FromSeconds(5);

    private DirectSqsBatchSender? _direct;

    public async Task<ProducerResult> RunAsync(CancellationToken ct)
    {
        log.WriteLine($"  generating {settings.ProducerChanges:N0} employees in the BambooHR sandbox...");
        var (employees, _, _) = await admin.GenerateEmployeesAsync(settings.ProducerChanges, 7, ct).ConfigureAwait(false);
        var warmSample = await WarmUpSandboxAsync(employees, ct).ConfigureAwait(false);
        await WarmUpEmulatorAsync(warmSample, ct).ConfigureAwait(false);
        var runs = new List<ProducerResult>(settings.ProducerRuns);
        for (var run = 1; run <= settings.ProducerRuns; run++)
        {
            log.WriteLine($"  paired run {run}/{settings.ProducerRuns}:");
            runs.Add(await RunPairAsync(run, ct).ConfigureAwait(false));
        }

        var ratios = runs.Select(r => r.RatioToRaw).ToList();
        var median = runs.OrderBy(r => r.RatioToRaw).ElementAt(runs.Count / 2);
        log.WriteLine($"  ratios {string.Join(", ", ratios.Select(x => x.ToString("F2", CultureInfo.InvariantCulture)))}; the median run is the figure");
        return median with { RunRatios = ratios, DirectRunRatios = [.. runs.Select(r => r.RatioToDirectRaw)] };
    }

    /// <summary>One producer run on a fresh queue and state table (so it enumerates every change), then both raw loops.</summary>
    private async Task<ProducerResult> RunPairAsync(int run, CancellationToken ct)
    {
        var lane = await lanes.CreateAsync($"producer{run}", ct).ConfigureAwait(false);
        await QuietMachine.WaitAsync(log, "the producer run", QuietLimit, ct).ConfigureAwait(false);

        var started = Stopwatch.GetTimestamp();
        var startedAt = DateTimeOffset.UtcNow;
        ProducerResult partial;
        await using (var producer = lanes.Harness.StartProducer($"producer-alone-{run}-producer", settings.PipelineSettings(lanes.Harness, lane), "sync", "--wait", "0s"))
        {
            var exit = await producer.ExitCodeAsync(TimeSpan.FromMinutes(30), ct).ConfigureAwait(false);
            var wall = Stopwatch.GetElapsedTime(started).TotalSeconds;
            var (changedAt, publishedAt, published) = ReadPhases(producer.StderrPath!);
            if (exit != 0 || changedAt is null || publishedAt is null)
            {
                throw new InvalidOperationException($"The producer-alone run failed (exit {exit}); see {producer.LogHint}.");
            }

            var publishSeconds = (publishedAt.Value - changedAt.Value).TotalSeconds;
            partial = new ProducerResult(published, (changedAt.Value - startedAt).TotalSeconds, publishSeconds, wall,
                published / publishSeconds, producer.PeakRssMb, producer.CpuTime.TotalSeconds, producer.CpuBetween(changedAt.Value, publishedAt.Value).TotalSeconds);
            log.WriteLine($"  producer: {published:N0} published in {publishSeconds:F1} s after {partial.EnumerateSeconds:F1} s of start-up and enumeration " +
                $"({partial.MessagesPerSecond:F0} msg/s), wall {wall:F1} s, peak RSS {partial.PeakRssMb:F0} MiB, CPU {partial.CpuSeconds:F1} s ({partial.PublishCpuSeconds:F1} s publishing)");
        }

        var sample = await SampleAsync(lane.QueueUrl, ct).ConfigureAwait(false);
        await lanes.RemoveAsync(lane).ConfigureAwait(false); // frees the emulator before the raw loops

        await QuietMachine.WaitAsync(log, "the fresh raw loop", QuietLimit, ct).ConfigureAwait(false);
        var fresh = await FreshRawAsync(sample, run, ct).ConfigureAwait(false);
        log.WriteLine($"  raw SendMessageBatch, fresh process: {fresh.Sent:N0} in {fresh.Seconds:F1} s ({fresh.Rate:F0} msg/s), concurrency {settings.PublishConcurrency}, CPU {fresh.CpuSeconds:F1} s");
        await QuietMachine.WaitAsync(log, "the warm raw loop", QuietLimit, ct).ConfigureAwait(false);
        var warm = await WithQueueAsync($"raw-warm{run}", url => RawSendLoop.RunAsync(lanes.Harness.Sqs, url, sample, settings.ProducerChanges, settings.PublishConcurrency, ct), ct).ConfigureAwait(false);
        log.WriteLine($"  raw SendMessageBatch, inside the bench process: {warm.Sent:N0} in {warm.Seconds:F1} s ({warm.Rate:F0} msg/s), CPU {warm.CpuSeconds:F1} s");
        await QuietMachine.WaitAsync(log, "the warm direct-client loop", QuietLimit, ct).ConfigureAwait(false);
        var direct = await WithQueueAsync($"raw-direct{run}", url => RawSendLoop.RunDirectAsync(DirectSender, url, sample, settings.ProducerChanges, settings.PublishConcurrency, ct), ct).ConfigureAwait(false);
        log.WriteLine($"  the same loop with the producer's direct client, inside the bench process: {direct.Sent:N0} in {direct.Seconds:F1} s ({direct.Rate:F0} msg/s), CPU {direct.CpuSeconds:F1} s");
        return partial with { Raw = fresh, RawWarm = warm, RawWarmDirect = direct };
    }

    /// <summary>
    /// The real BambooHR is a remote service that is always warm; its stand-in here was just started and shares the
    /// 2 cores with the producer, so it is warmed up first and its JIT is not charged to the producer. Returns a
    /// sample of real message bodies built from what it answered, to warm the emulator with.
    /// </summary>
    private async Task<List<RawSample>> WarmUpSandboxAsync(List<SeedEmployee> employees, CancellationToken ct)
    {
        var started = Stopwatch.GetTimestamp();
        var chunks = employees.Select(e => e.Id).Chunk(500).ToList();
        var sample = new List<RawSample>();
        for (var i = 0; i < WarmUpReports; i++)
        {
            var snapshots = await bamboo.GetSnapshotsAsync(chunks[i % chunks.Count], ct).ConfigureAwait(false);
            foreach (var snapshot in snapshots.Values.Take(Math.Max(0, 500 - sample.Count)))
            {
                var message = EmployeeChanged.Create("warm-up", snapshot.Id, EmployeeAction.Updated, DateTimeOffset.UtcNow, snapshot, DateTimeOffset.UtcNow);
                sample.Add(new RawSample(EmployeeChangedCodec.Encode(message), new Dictionary<string, string>(StringComparer.Ordinal)
                {
                    [MessageAttributes.RunId] = message.RunId,
                    [MessageAttributes.EmployeeId] = snapshot.Id,
                }));
            }
        }

        log.WriteLine($"  sandbox warmed up: {WarmUpReports} custom reports of up to 500, {Stopwatch.GetElapsedTime(started).TotalSeconds:F1} s");
        return sample;
    }

    /// <summary>Like BambooHR, the real SQS is always warm; its stand-in is sent a scratch load before anything is measured.</summary>
    private async Task WarmUpEmulatorAsync(List<RawSample> sample, CancellationToken ct)
    {
        var warm = await WithQueueAsync("warm-up", url => RawSendLoop.RunAsync(lanes.Harness.Sqs, url, sample, EmulatorWarmUpMessages, settings.PublishConcurrency, ct), ct).ConfigureAwait(false);
        var direct = await WithQueueAsync("warm-up-direct", url => RawSendLoop.RunDirectAsync(DirectSender, url, sample, EmulatorWarmUpMessages / 2, settings.PublishConcurrency, ct), ct).ConfigureAwait(false);
        log.WriteLine($"  emulator warmed up: {warm.Sent + direct.Sent:N0} messages to scratch queues, {warm.Seconds + direct.Seconds:F1} s");
    }

    private DirectSqsBatchSender DirectSender => _direct ??= DirectSqsBatchSender.TryCreate(lanes.Harness.Sqs, new HttpClient(), TimeProvider.System)
        ?? throw new InvalidOperationException("The direct SQS client could not be set up from the bench's SQS client (AWS_REGION unset?).");

    private Task<RawLoopResult> FreshRawAsync(List<RawSample> sample, int run, CancellationToken ct) => WithQueueAsync($"raw{run}", async url =>
    {
        var file = Path.Combine(settings.OutputDirectory, "raw-sample.json");
        await File.WriteAllTextAsync(file, JsonSerializer.Serialize(sample, RawJsonContext.Default.ListRawSample), ct).ConfigureAwait(false);
        await using var loop = RawSendLoop.Start(lanes.Harness, url, file, settings.ProducerChanges, settings.PublishConcurrency);
        var exit = await loop.ExitCodeAsync(TimeSpan.FromMinutes(10), ct).ConfigureAwait(false);
        var line = loop.StdoutLines.LastOrDefault(l => l.StartsWith('{'));
        return exit == 0 && line is not null
            ? JsonSerializer.Deserialize(line, RawJsonContext.Default.RawLoopResult)!
            : throw new InvalidOperationException($"The raw SendMessageBatch loop failed (exit {exit}); see {loop.LogHint}.");
    }, ct);

    private async Task<RawLoopResult> WithQueueAsync(string name, Func<string, Task<RawLoopResult>> run, CancellationToken ct)
    {
        var queueUrl = (await lanes.Harness.Sqs.CreateQueueAsync(new CreateQueueRequest { QueueName = $"{settings.RunTag}-{name}" }, ct).ConfigureAwait(false)).QueueUrl;
        try
        {
            return await run(queueUrl).ConfigureAwait(false);
        }
        finally
        {
            await lanes.Harness.Sqs.DeleteQueueAsync(queueUrl, CancellationToken.None).ConfigureAwait(false);
        }
    }

    /// <summary>The producer's own log lines mark enumeration done ("N employees changed") and publishing done ("published").</summary>
    private static (DateTimeOffset? Changed, DateTimeOffset? Published, int Count) ReadPhases(string stderrPath)
    {
        DateTimeOffset? changed = null, published = null;
        var count = 0;
        foreach (var line in File.ReadLines(stderrPath))
        {
            if (!line.StartsWith('{'))
            {
                continue;
            }

            using var doc = JsonDocument.Parse(line);
            var r = doc.RootElement;
            if (!r.TryGetProperty("Message", out var m) || !r.TryGetProperty("Timestamp", out var t))
            {
                continue;
            }

            var message = m.GetString() ?? string.Empty;
            var at = DateTimeOffset.Parse(t.GetString()!, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal);
            if (message.Contains(" employees changed since ", StringComparison.Ordinal))
            {
                changed = at;
            }
            else if (message.Contains(": published ", StringComparison.Ordinal) && r.TryGetProperty("State", out var state)
                && state.TryGetProperty("Published", out var p))
            {
                published = at;
                count = p.ValueKind == JsonValueKind.Number ? p.GetInt32() : int.Parse(p.GetString()!, CultureInfo.InvariantCulture);
            }
        }

        return (changed, published, count);
    }

    /// <summary>Real messages the producer sent (bodies and attributes), to replay in the raw loops.</summary>
    private async Task<List<RawSample>> SampleAsync(string queueUrl, CancellationToken ct)
    {
        var sample = new List<RawSample>();
        for (var i = 0; i < 100 && sample.Count < 1000; i++)
        {
            var received = await lanes.Harness.Sqs.ReceiveMessageAsync(new ReceiveMessageRequest
            {
                QueueUrl = queueUrl,
                MaxNumberOfMessages = 10,
                MessageAttributeNames = ["All"],
                VisibilityTimeout = 600,
            }, ct).ConfigureAwait(false);
            if (received.Messages is not { Count: > 0 })
            {
                break;
            }

            sample.AddRange(received.Messages.Select(m => new RawSample(m.Body,
                m.MessageAttributes?.Where(kv => kv.Value.StringValue is not null)
                    .ToDictionary(kv => kv.Key, kv => kv.Value.StringValue!, StringComparer.Ordinal) ?? [])));
        }

        return sample.Count > 0 ? sample : throw new InvalidOperationException("Could not read back any message the producer published.");
    }
}
