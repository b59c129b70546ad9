using System.Diagnostics;
using System.Globalization;
using System.Text.Json;
using Amazon.SQS;
using Amazon.SQS.Model;

namespace Pipeline.Bench;

internal sealed record ProducerResult(
    int Published, double EnumerateSeconds, double PublishSeconds, double WallSeconds, double MessagesPerSecond,
    double PeakRssMb, double RawMessagesPerSecond, int RawSent)
{
    public double RatioToRaw => RawMessagesPerSecond == 0 ? 0 : MessagesPerSecond / RawMessagesPerSecond;
}

/// <summary>
/// The producer alone: enumerate and publish a large change set with no consumer, then the same emulator's raw
/// SendMessageBatch rate for the same bodies, batch size and concurrency.
/// </summary>
internal sealed class ProducerScenario(BenchSettings settings, PipelineStack stack, SandboxAdmin admin, TextWriter log)
{
    public async Task<ProducerResult> RunAsync(CancellationToken ct)
    {
        log.WriteLine($"  generating {settings.ProducerChanges:N0} employees in the BambooHR sandbox...");
        await admin.GenerateEmployeesAsync(settings.ProducerChanges, 7, ct).ConfigureAwait(false);
        var lane = await stack.CreateLaneAsync("producer", ct).ConfigureAwait(false);

        var started = Stopwatch.GetTimestamp();
        var startedAt = DateTimeOffset.UtcNow;
        ProducerResult partial;
        using (var producer = stack.StartProducer(lane, "producer-alone", "sync", "--wait", "0s"))
        {
            var exit = await producer.WaitAsync(TimeSpan.FromMinutes(30), ct).ConfigureAwait(false);
            var wall = Stopwatch.GetElapsedTime(started).TotalSeconds;
            var (changedAt, publishedAt, published) = ReadPhases(producer.StderrPath);
            if (exit != 0 || changedAt is null || publishedAt is null)
            {
                throw new InvalidOperationException($"The producer-alone run failed (exit {exit}); see {producer.StderrPath}.");
            }

            var publishSeconds = (publishedAt.Value - changedAt.Value).TotalSeconds;
            partial = new ProducerResult(published, (changedAt.Value - startedAt).TotalSeconds, publishSeconds, wall,
                published / publishSeconds, producer.PeakRssMb, 0, 0);
            log.WriteLine($"  producer: {published:N0} published in {publishSeconds:F1} s after {partial.EnumerateSeconds:F1} s of start-up and enumeration " +
                $"({partial.MessagesPerSecond:F0} msg/s), wall {wall:F1} s, peak RSS {partial.PeakRssMb:F0} MiB");
        }

        var sample = await SampleAsync(lane.QueueUrl, ct).ConfigureAwait(false);
        await stack.RemoveLaneAsync(lane).ConfigureAwait(false); // frees the emulator before the raw loop

        var raw = await RawSendAsync(sample, settings.ProducerChanges, ct).ConfigureAwait(false);
        log.WriteLine($"  raw SendMessageBatch: {settings.ProducerChanges:N0} in {raw.Seconds:F1} s ({raw.Rate:F0} msg/s), concurrency {settings.PublishConcurrency}");
        return partial with { RawMessagesPerSecond = raw.Rate, RawSent = settings.ProducerChanges };
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

    /// <summary>Real messages the producer sent (bodies and attributes), to replay in the raw loop.</summary>
    private async Task<List<SendMessageBatchRequestEntry>> SampleAsync(string queueUrl, CancellationToken ct)
    {
        var sample = new List<SendMessageBatchRequestEntry>();
        for (var i = 0; i < 100 && sample.Count < 1000; i++)
        {
            var received = await stack.Sqs.ReceiveMessageAsync(new ReceiveMessageRequest
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

            sample.AddRange(received.Messages.Select(m => new SendMessageBatchRequestEntry
            {
                MessageBody = m.Body,
                MessageAttributes = m.MessageAttributes?.ToDictionary(kv => kv.Key,
                    kv => new MessageAttributeValue { DataType = kv.Value.DataType, StringValue = kv.Value.StringValue }, StringComparer.Ordinal) ?? [],
            }));
        }

        return sample.Count > 0 ? sample : throw new InvalidOperationException("Could not read back any message the producer published.");
    }

    private async Task<(double Seconds, double Rate)> RawSendAsync(List<SendMessageBatchRequestEntry> sample, int total, CancellationToken ct)
    {
        var queueUrl = (await stack.Sqs.CreateQueueAsync(new CreateQueueRequest { QueueName = settings.RunTag + "-raw" }, ct).ConfigureAwait(false)).QueueUrl;
        try
        {
            var batches = (total + 9) / 10;
            var next = -1;
            var started = Stopwatch.GetTimestamp();
            var workers = Enumerable.Range(0, settings.PublishConcurrency).Select(async _ =>
            {
                int b;
                while ((b = Interlocked.Increment(ref next)) < batches)
                {
                    var entries = new List<SendMessageBatchRequestEntry>(10);
                    for (var i = 0; i < 10 && (b * 10) + i < total; i++)
                    {
                        var s = sample[((b * 10) + i) % sample.Count];
                        entries.Add(new SendMessageBatchRequestEntry
                        {
                            Id = i.ToString(CultureInfo.InvariantCulture),
                            MessageBody = s.MessageBody,
                            MessageAttributes = s.MessageAttributes,
                        });
                    }

                    var response = await stack.Sqs.SendMessageBatchAsync(new SendMessageBatchRequest { QueueUrl = queueUrl, Entries = entries }, ct).ConfigureAwait(false);
                    if (response.Failed is { Count: > 0 } failed)
                    {
                        throw new InvalidOperationException($"Raw SendMessageBatch: {failed.Count} entries failed ({failed[0].Code}).");
                    }
                }
            }).ToList();
            await Task.WhenAll(workers).ConfigureAwait(false);
            var seconds = Stopwatch.GetElapsedTime(started).TotalSeconds;
            return (seconds, total / seconds);
        }
        finally
        {
            await stack.Sqs.DeleteQueueAsync(queueUrl, CancellationToken.None).ConfigureAwait(false);
        }
    }
}
