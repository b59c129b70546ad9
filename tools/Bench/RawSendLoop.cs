using System.Diagnostics;
using System.Globalization;
using System.Text.Json;
using System.Text.Json.Serialization;
using Amazon.SQS;
using Amazon.SQS.Model;
using Pipeline.Contracts;
using Pipeline.LocalStack;
using Pipeline.Queue;
using Pipeline.ServiceDefaults;

namespace Pipeline.Bench;

/// <summary>A message the producer really sent, kept to be sent again by the raw loop.</summary>
internal sealed record RawSample(string Body, Dictionary<string, string> Attributes);

/// <summary>What one raw loop measured: wall seconds from its first send to its last answer, and its CPU.</summary>
internal sealed record RawLoopResult(double Seconds, double CpuSeconds, int Sent)
{
    public double Rate => Seconds == 0 ? 0 : Sent / Seconds;
}

[JsonSourceGenerationOptions(PropertyNamingPolicy = JsonKnownNamingPolicy.SnakeCaseLower)]
[JsonSerializable(typeof(List<RawSample>))]
[JsonSerializable(typeof(RawLoopResult))]
internal sealed partial class RawJsonContext : JsonSerializerContext;

/// <summary>
/// The minimal SendMessageBatch loop the producer is compared with: 10 entries per call, a fixed number of calls in
/// flight, the producer's own bodies and attributes, nothing else. It runs either inside the bench process (warm: the
/// bench has used the SDK for minutes) or as its own fresh process (<c>Pipeline.Bench raw-send</c>), started and
/// configured like the producer, so that both pay the same JIT warm-up for the same SDK calls.
/// </summary>
internal static class RawSendLoop
{
    public static Task<RawLoopResult> RunAsync(IAmazonSQS sqs, string queueUrl, IReadOnlyList<RawSample> sample, int total, int concurrency, CancellationToken ct) =>
        LoopAsync(total, concurrency, async (first, count) =>
        {
            var entries = new List<SendMessageBatchRequestEntry>(count);
            for (var i = 0; i < count; i++)
            {
                var s = sample[(first + i) % sample.Count];
                entries.Add(new SendMessageBatchRequestEntry
                {
                    Id = i.ToString(CultureInfo.InvariantCulture),
                    MessageBody = s.Body,
                    MessageAttributes = s.Attributes.ToDictionary(kv => kv.Key,
                        kv => new MessageAttributeValue { DataType = "String", StringValue = kv.Value }, StringComparer.Ordinal),
                });
            }

            return await sqs.SendMessageBatchAsync(new SendMessageBatchRequest { QueueUrl = queueUrl, Entries = entries }, ct).ConfigureAwait(false);
        });

    /// <summary>The same loop sending with the producer's own direct client instead of the SDK's (reported next to the reference, not part of it).</summary>
    public static Task<RawLoopResult> RunDirectAsync(ISqsBatchSender sender, string queueUrl, IReadOnlyList<RawSample> sample, int total, int concurrency, CancellationToken ct)
    {
        var messages = sample.Select(s => new OutgoingMessage(s.Attributes.GetValueOrDefault(MessageAttributes.EmployeeId) ?? "raw", s.Body, s.Attributes)).ToList();
        return LoopAsync(total, concurrency, (first, count) =>
        {
            var indices = new int[count];
            for (var i = 0; i < count; i++)
            {
                indices[i] = (first + i) % messages.Count;
            }

            return sender.SendAsync(queueUrl, messages, indices, ct);
        });
    }

    private static async Task<RawLoopResult> LoopAsync(int total, int concurrency, Func<int, int, Task<SendMessageBatchResponse>> send)
    {
        var batches = (total + 9) / 10;
        var next = -1;
        using var self = Process.GetCurrentProcess();
        var cpuBefore = self.TotalProcessorTime;
        var started = Stopwatch.GetTimestamp();
        var workers = Enumerable.Range(0, concurrency).Select(async _ =>
        {
            int b;
            while ((b = Interlocked.Increment(ref next)) < batches)
            {
                var response = await send(b * 10, Math.Min(10, total - (b * 10))).ConfigureAwait(false);
                if (response.Failed is { Count: > 0 } failed)
                {
                    throw new InvalidOperationException($"Raw SendMessageBatch: {failed.Count} entries failed ({failed[0].Code}).");
                }
            }
        }).ToList();
        await Task.WhenAll(workers).ConfigureAwait(false);
        var seconds = Stopwatch.GetElapsedTime(started).TotalSeconds;
        self.Refresh();
        return new RawLoopResult(seconds, (self.TotalProcessorTime - cpuBefore).TotalSeconds, total);
    }

    /// <summary>
    /// The loop in its own fresh process, with the producer's runtime setting (dynamic PGO off, see
    /// src/Producer/Producer.csproj) so the comparison never favours the producer.
    /// </summary>
    public static ChildProcess Start(Harness harness, string queueUrl, string sampleFile, int count, int concurrency)
    {
        var settings = harness.Settings(null);
        settings["DOTNET_TieredPGO"] = "0";
        return harness.Start("raw-send", typeof(RawSendLoop).Assembly.Location, settings,
            ["raw-send", queueUrl, sampleFile, count.ToString(CultureInfo.InvariantCulture), concurrency.ToString(CultureInfo.InvariantCulture)]);
    }

    /// <summary>
    /// <c>Pipeline.Bench raw-send QUEUE_URL SAMPLE_FILE COUNT CONCURRENCY</c>: the loop in a fresh process; prints its
    /// result as one JSON line. The SQS client comes from AWS_ENDPOINT_URL_SQS, as the producer's does.
    /// </summary>
    public static async Task<int> MainAsync(IReadOnlyList<string> args)
    {
        if (args.Count != 5)
        {
            await Console.Error.WriteLineAsync("Usage: Pipeline.Bench raw-send QUEUE_URL SAMPLE_FILE COUNT CONCURRENCY").ConfigureAwait(false);
            return 2;
        }

        var sample = JsonSerializer.Deserialize(await File.ReadAllTextAsync(args[2]).ConfigureAwait(false), RawJsonContext.Default.ListRawSample)
            ?? throw new InvalidOperationException($"{args[2]} holds no sample.");
        using var sqs = AwsClientRegistration.CreateSqs();
        var result = await RunAsync(sqs, args[1], sample, int.Parse(args[3], CultureInfo.InvariantCulture),
            int.Parse(args[4], CultureInfo.InvariantCulture), CancellationToken.None).ConfigureAwait(false);
        Console.WriteLine(JsonSerializer.Serialize(result, RawJsonContext.Default.RawLoopResult));
        return 0;
    }
}
