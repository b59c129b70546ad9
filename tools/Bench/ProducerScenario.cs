using System.Diagnostics;
using System.Globalization;
using Amazon.SQS.Model;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Pipeline.BambooHr;
using Pipeline.Contracts;
using Pipeline.LocalStack;
using Pipeline.Queue;
using Pipeline.Resilience;

namespace Pipeline.Bench;

internal sealed record ProducerResult(
    int Published, double EnumerateSeconds, double PublishSeconds, double WallSeconds, double MessagesPerSecond,
    double PeakRssMb, double CpuSeconds, double PublishCpuSeconds)
{
    /// <summary>Every run's publish time, in run order (this result is the median one).</summary>
    public IReadOnlyList<double> RunPublishSeconds { get; init; } = [];

    /// <summary>The producer process's whole CPU (start-up, enumeration, fetch, encode, send) per message published.</summary>
    public double CpuMicrosecondsPerMessage => Published == 0 ? 0 : CpuSeconds * 1e6 / Published;

    /// <summary>The producer's CPU per message while publishing (fetch, encode, send), without start-up and enumeration.</summary>
    public double PublishCpuMicrosecondsPerMessage => Published == 0 ? 0 : PublishCpuSeconds * 1e6 / Published;
}

/// <summary>
/// The producer alone: enumerate and publish a large change set with no consumer, <see cref="BenchSettings.ProducerRuns"/>
/// times; the run with the median publish time is the figure.
/// </summary>
internal sealed class ProducerScenario(BenchSettings settings, BenchLanes lanes, SandboxAdmin admin, IBambooHrClient bamboo, TextWriter log)
{
    // Enough custom-report calls (of 500 ids) for the sandbox's report code to reach its optimized tier: with 40, the
    // first run still found the sandbox compiling and spending twice its later CPU.
    private const int WarmUpReports = 100;

    // Messages sent to a scratch queue first: the emulator (V8) also optimizes as it goes, and spent ~50% more CPU
    // per message on the first 100,000 it was sent than on later ones.
    private const int EmulatorWarmUpMessages = 20_000;

    // Every measured run waits for an idle machine first, for at most this long.
    private static readonly TimeSpan QuietLimit = TimeSpan.FromSeconds(5);

    public async Task<ProducerResult> RunAsync(CancellationToken ct)
    {
        log.WriteLine($"  generating {settings.ProducerChanges:N0} employees in the BambooHR sandbox...");
        var (employees, _, _) = await admin.GenerateEmployeesAsync(settings.ProducerChanges, 7, ct).ConfigureAwait(false);
        var warmSample = await WarmUpSandboxAsync(employees, ct).ConfigureAwait(false);
        await WarmUpEmulatorAsync(warmSample, ct).ConfigureAwait(false);
        var runs = new List<ProducerResult>(settings.ProducerRuns);
        for (var run = 1; run <= settings.ProducerRuns; run++)
        {
            log.WriteLine($"  run {run}/{settings.ProducerRuns}:");
            runs.Add(await RunOnceAsync(run, ct).ConfigureAwait(false));
        }

        var median = runs.OrderBy(r => r.PublishSeconds).ElementAt(runs.Count / 2);
        log.WriteLine($"  publish times {string.Join(", ", runs.Select(r => r.PublishSeconds.ToString("F2", CultureInfo.InvariantCulture)))} s; the median run is the figure");
        return median with { RunPublishSeconds = [.. runs.Select(r => r.PublishSeconds)] };
    }

    /// <summary>One producer run on a fresh queue and state table, so it enumerates every change.</summary>
    private async Task<ProducerResult> RunOnceAsync(int run, CancellationToken ct)
    {
        var lane = await lanes.CreateAsync($"producer{run}", ct).ConfigureAwait(false);
        await QuietMachine.WaitAsync(log, "the producer run", QuietLimit, ct).ConfigureAwait(false);

        var started = Stopwatch.GetTimestamp();
        var startedAt = DateTimeOffset.UtcNow;
        await using var producer = lanes.Harness.StartProducer($"producer-alone-{run}-producer", settings.PipelineSettings(lanes.Harness, lane), "sync", "--wait", "0s");
        var exit = await producer.ExitCodeAsync(TimeSpan.FromMinutes(30), ct).ConfigureAwait(false);
        var wall = Stopwatch.GetElapsedTime(started).TotalSeconds;
        var (changedAt, publishedAt, published) = ProducerLog.ReadPhases(producer.StderrPath!);
        if (exit != 0 || changedAt is null || publishedAt is null)
        {
            throw new InvalidOperationException($"The producer-alone run failed (exit {exit}); see {producer.LogHint}.");
        }

        var publishSeconds = (publishedAt.Value - changedAt.Value).TotalSeconds;
        var result = new ProducerResult(published, (changedAt.Value - startedAt).TotalSeconds, publishSeconds, wall,
            published / publishSeconds, producer.PeakRssMb, producer.CpuTime.TotalSeconds, producer.CpuBetween(changedAt.Value, publishedAt.Value).TotalSeconds);
        log.WriteLine($"  producer: {published:N0} published in {publishSeconds:F2} s after {result.EnumerateSeconds:F1} s of start-up and enumeration " +
            $"({result.MessagesPerSecond:F0} msg/s), wall {wall:F1} s, peak RSS {result.PeakRssMb:F0} MiB, CPU {result.CpuSeconds:F1} s ({result.PublishCpuSeconds:F1} s publishing)");
        await lanes.RemoveAsync(lane).ConfigureAwait(false); // frees the emulator before the next run
        return result;
    }

    /// <summary>
    /// The real BambooHR is a remote service that is always warm; its stand-in here was just started and shares the
    /// 2 cores with the producer, so it is warmed up first and its JIT is not charged to the producer. Returns a
    /// sample of real messages built from what it answered, to warm the emulator with.
    /// </summary>
    private async Task<List<OutgoingMessage>> WarmUpSandboxAsync(List<SeedEmployee> employees, CancellationToken ct)
    {
        var started = Stopwatch.GetTimestamp();
        var chunks = employees.Select(e => e.Id).Chunk(500).ToList();
        var sample = new List<OutgoingMessage>();
        for (var i = 0; i < WarmUpReports; i++)
        {
            var snapshots = await bamboo.GetSnapshotsAsync(chunks[i % chunks.Count], ct).ConfigureAwait(false);
            foreach (var snapshot in snapshots.Values.Take(Math.Max(0, 500 - sample.Count)))
            {
                var message = EmployeeChanged.Create("warm-up", snapshot.Id, EmployeeAction.Updated, DateTimeOffset.UtcNow, snapshot, DateTimeOffset.UtcNow);
                sample.Add(new OutgoingMessage(snapshot.Id, EmployeeChangedCodec.Encode(message), new Dictionary<string, string>(StringComparer.Ordinal)
                {
                    [MessageAttributes.RunId] = message.RunId,
                    [MessageAttributes.EmployeeId] = snapshot.Id,
                }));
            }
        }

        log.WriteLine($"  sandbox warmed up: {WarmUpReports} custom reports of up to 500, {Stopwatch.GetElapsedTime(started).TotalSeconds:F1} s");
        return sample;
    }

    /// <summary>Like BambooHR, the real SQS is always warm; its stand-in is sent a scratch load through the publisher before anything is measured.</summary>
    private async Task WarmUpEmulatorAsync(List<OutgoingMessage> sample, CancellationToken ct)
    {
        var started = Stopwatch.GetTimestamp();
        var queueUrl = (await lanes.Harness.Sqs.CreateQueueAsync(new CreateQueueRequest { QueueName = $"{settings.RunTag}-warm-up" }, ct).ConfigureAwait(false)).QueueUrl;
        try
        {
            var publisher = new SqsQueuePublisher(lanes.Harness.Sqs, Options.Create(new QueueOptions
            {
                QueueUrl = queueUrl,
                DeadLetterQueueUrl = queueUrl,
                PublishConcurrency = settings.PublishConcurrency,
            }), Options.Create(new RetryOptions()), NullLogger<SqsQueuePublisher>.Instance);
            var messages = Enumerable.Range(0, EmulatorWarmUpMessages).Select(i => sample[i % sample.Count]).ToList();
            var result = await publisher.PublishAsync(messages, ct).ConfigureAwait(false);
            log.WriteLine($"  emulator warmed up: {result.Published:N0} messages to a scratch queue, {Stopwatch.GetElapsedTime(started).TotalSeconds:F1} s");
        }
        finally
        {
            await lanes.Harness.Sqs.DeleteQueueAsync(queueUrl, CancellationToken.None).ConfigureAwait(false);
        }
    }
}
