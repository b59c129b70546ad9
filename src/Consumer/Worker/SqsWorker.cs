using Amazon.SQS;
using Amazon.SQS.Model;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Pipeline.Consumer.Handling;
using Pipeline.Queue;

namespace Pipeline.Consumer.Worker;

/// <summary>
/// Imitates Lambda's SQS trigger for local runs and ECS: N long-pollers, each gathering up to GatherSize messages
/// into one handler batch, extending visibility while the batch is slow, deleting what is done and pushing back
/// what must be retried. On SIGTERM it stops receiving and finishes what it holds; a long poll already waiting is
/// let run out (at most WaitTimeSeconds) and whatever it brings is handed straight back to the queue.
/// </summary>
public sealed partial class SqsWorker(
    IAmazonSQS sqs,
    EmployeeBatchHandler handler,
    IOptions<QueueOptions> queueOptions,
    IOptions<ConsumerOptions> consumerOptions,
    IOptions<WorkerOptions> workerOptions,
    IHostApplicationLifetime lifetime,
    TimeProvider time,
    ILogger<SqsWorker> logger) : BackgroundService
{
    private readonly string _queueUrl = queueOptions.Value.QueueUrl;
    private readonly ConsumerOptions _options = consumerOptions.Value;
    private long _lastMessageAt;

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        _lastMessageAt = time.GetTimestamp();
        LogStarting(_options.Pollers, _options.GatherSize);
        // Batches in flight finish on their own token: SIGTERM must not abandon half-applied work.
        using var work = new CancellationTokenSource();
        var pollers = Enumerable.Range(0, _options.Pollers).Select(i => PollAsync(i, stoppingToken, work.Token)).ToArray();
        await Task.WhenAll(pollers).ConfigureAwait(false);
    }

    private async Task PollAsync(int poller, CancellationToken stopping, CancellationToken work)
    {
        while (!stopping.IsCancellationRequested)
        {
            List<Message> messages;
            try
            {
                messages = await GatherAsync().ConfigureAwait(false);
            }
            catch (OperationCanceledException)
            {
                // Our own bound on a receive that hung; the loop checks for stop and polls again.
                continue;
            }
            catch (AmazonSQSException ex)
            {
                LogReceiveFailed(ex, ex.ErrorCode ?? "unknown", _queueUrl);
                try
                {
                    await Task.Delay(TimeSpan.FromSeconds(5), time, stopping).ConfigureAwait(false);
                }
                catch (OperationCanceledException)
                {
                    break;
                }

                continue;
            }

            if (stopping.IsCancellationRequested)
            {
                await ReleaseAsync(messages).ConfigureAwait(false);
                break;
            }

            if (messages.Count == 0)
            {
                if (workerOptions.Value.IdleExitAfter is { } idle && time.GetElapsedTime(Interlocked.Read(ref _lastMessageAt)) >= idle)
                {
                    LogIdleExit(poller);
                    lifetime.StopApplication();
                    break;
                }

                continue;
            }

            Interlocked.Exchange(ref _lastMessageAt, time.GetTimestamp());
            if (!await ProcessAsync(messages, work).ConfigureAwait(false))
            {
                lifetime.StopApplication();
                break;
            }

            Interlocked.Exchange(ref _lastMessageAt, time.GetTimestamp());
        }
    }

    // A receive is never cancelled on stop: SQS (and its emulator) can hand messages to a long poll whose connection
    // the client already dropped, and those stay invisible for the whole visibility timeout. A poll ends by itself
    // within WaitTimeSeconds; the bound below only guards against one that hangs.
    private async Task<List<Message>> GatherAsync()
    {
        var gathered = new List<Message>(_options.GatherSize);
        using var bound = new CancellationTokenSource(TimeSpan.FromSeconds(_options.WaitTimeSeconds + 30), time);
        var ct = bound.Token;
        while (gathered.Count < _options.GatherSize)
        {
            var response = await sqs.ReceiveMessageAsync(new ReceiveMessageRequest
            {
                QueueUrl = _queueUrl,
                MaxNumberOfMessages = Math.Min(10, _options.GatherSize - gathered.Count),
                // Long-poll for the first receive only; top up without waiting when the queue is busy.
                WaitTimeSeconds = gathered.Count == 0 ? _options.WaitTimeSeconds : 0,
                VisibilityTimeout = _options.VisibilityTimeoutSeconds,
                MessageAttributeNames = ["All"],
                MessageSystemAttributeNames = ["ApproximateReceiveCount"],
            }, ct).ConfigureAwait(false);
            var batch = response.Messages ?? [];
            gathered.AddRange(batch);
            if (batch.Count == 0 || gathered.Count == 0)
            {
                break;
            }
        }

        return gathered;
    }

    /// <summary>Received while stopping: visible again at once, for a worker that stays, instead of after the timeout.</summary>
    private async Task ReleaseAsync(List<Message> messages)
    {
        if (messages.Count == 0)
        {
            return;
        }

        try
        {
            await Visibility.ChangeAsync(sqs, _queueUrl, messages.Select(m => (m.ReceiptHandle, TimeSpan.Zero)), CancellationToken.None).ConfigureAwait(false);
            LogReleasedOnStop(messages.Count);
        }
        catch (AmazonSQSException ex)
        {
            LogReleaseFailed(ex, messages.Count, ex.ErrorCode ?? "unknown");
        }
    }

    /// <returns>false when the consumer must halt.</returns>
    private async Task<bool> ProcessAsync(List<Message> messages, CancellationToken ct)
    {
        var incoming = messages.Select(ToIncoming).ToList();
        using var extend = new CancellationTokenSource();
        var extender = ExtendVisibilityAsync(messages, extend.Token);
        BatchResult result;
        try
        {
            result = await handler.HandleAsync(incoming, ct).ConfigureAwait(false);
        }
        catch (ConsumerHaltedException ex)
        {
            LogHalted(ex.Code, ex.Message);
            Environment.ExitCode = 3;
            return false;
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            // A record is failed until it succeeds: the messages reappear after their visibility timeout.
            LogBatchFailed(ex, messages.Count);
            return true;
        }
        finally
        {
            await extend.CancelAsync().ConfigureAwait(false);
            await extender.ConfigureAwait(false);
        }

        await SettleAsync(messages, result, ct).ConfigureAwait(false);
        return true;
    }

    private async Task SettleAsync(List<Message> messages, BatchResult result, CancellationToken ct)
    {
        var done = messages.Where(m => result.Results.TryGetValue(m.MessageId, out var r) && r.Done).ToList();
        foreach (var chunk in done.Chunk(10))
        {
            var response = await sqs.DeleteMessageBatchAsync(new DeleteMessageBatchRequest
            {
                QueueUrl = _queueUrl,
                Entries = chunk.Select((m, i) => new DeleteMessageBatchRequestEntry(i.ToString(System.Globalization.CultureInfo.InvariantCulture), m.ReceiptHandle)).ToList(),
            }, ct).ConfigureAwait(false);
            foreach (var failed in response.Failed ?? [])
            {
                // The outcome is recorded; a redelivery is recognised as a duplicate and settled without Moodle.
                LogDeleteFailed(failed.Code ?? "unknown");
            }
        }

        var retries = messages.Where(m => result.Results.TryGetValue(m.MessageId, out var r) && !r.Done)
            .Select(m => (m.ReceiptHandle, result.Results[m.MessageId].RetryAfter));
        await Visibility.ChangeAsync(sqs, _queueUrl, retries, ct).ConfigureAwait(false);
    }

    private async Task ExtendVisibilityAsync(List<Message> messages, CancellationToken ct)
    {
        var every = TimeSpan.FromSeconds(Math.Max(5, _options.VisibilityTimeoutSeconds / 2));
        try
        {
            while (true)
            {
                await Task.Delay(every, time, ct).ConfigureAwait(false);
                await Visibility.ChangeAsync(sqs, _queueUrl,
                    messages.Select(m => (m.ReceiptHandle, TimeSpan.FromSeconds(_options.VisibilityTimeoutSeconds))), ct).ConfigureAwait(false);
            }
        }
        catch (OperationCanceledException)
        {
            // The batch finished.
        }
    }

    private static IncomingMessage ToIncoming(Message m)
    {
        var attributes = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var (name, value) in m.MessageAttributes ?? [])
        {
            if (value.StringValue is { } s)
            {
                attributes[name] = s;
            }
        }

        var receiveCount = m.Attributes is not null && m.Attributes.TryGetValue("ApproximateReceiveCount", out var rc)
            && int.TryParse(rc, System.Globalization.CultureInfo.InvariantCulture, out var n) ? n : 1;
        return new IncomingMessage(m.MessageId, m.ReceiptHandle, m.Body, receiveCount, attributes);
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Stopping: handed {Count} messages received during the last long poll back to the queue")]
    private partial void LogReleasedOnStop(int count);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Stopping: could not hand {Count} messages back to the queue ({ErrorCode}); they reappear when their visibility timeout ends")]
    private partial void LogReleaseFailed(Exception ex, int count, string errorCode);

    [LoggerMessage(Level = LogLevel.Information, Message = "Consumer worker starting: {Pollers} pollers, batches of up to {GatherSize}")]
    private partial void LogStarting(int pollers, int gatherSize);

    [LoggerMessage(Level = LogLevel.Error, Message = "Receiving from {QueueUrl} failed ({Code}); retrying in 5 s")]
    private partial void LogReceiveFailed(Exception ex, string code, string queueUrl);

    [LoggerMessage(Level = LogLevel.Critical, Message = "Consumer halted ({Code}): {Reason}")]
    private partial void LogHalted(string code, string reason);

    [LoggerMessage(Level = LogLevel.Error, Message = "A batch of {Count} messages failed; they will be received again after their visibility timeout")]
    private partial void LogBatchFailed(Exception ex, int count);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Deleting a settled message failed ({Code}); its redelivery will be settled as a duplicate")]
    private partial void LogDeleteFailed(string code);

    [LoggerMessage(Level = LogLevel.Information, Message = "Poller {Poller}: queue idle, exiting")]
    private partial void LogIdleExit(int poller);
}
