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
/// into one handler batch, extending visibility while the batch is slow, deleting what the handler settled done and
/// pushing back everything else (fail closed: <see cref="QueueSettlement"/>). On SIGTERM it stops receiving and
/// finishes what it holds; a long poll already waiting is let run out (at most WaitTimeSeconds) and whatever it brings
/// is handed straight back to the queue.
/// </summary>
public sealed partial class SqsWorker(
    IAmazonSQS sqs,
    IBatchHandler handler,
    QueueSettlement settlement,
    OutageGate outage,
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
        await outage.StartedAsync(stoppingToken).ConfigureAwait(false);
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
                // Paused on a Moodle outage: every receive would only spend an attempt of the messages it brings.
                await outage.WaitAsync(stopping).ConfigureAwait(false);
                messages = await GatherAsync().ConfigureAwait(false);
            }
            catch (OperationCanceledException)
            {
                // Our own bound on a receive that hung, or a stop while paused; the loop checks for stop and polls again.
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
            if (!await ProcessAsync(messages, stopping, work).ConfigureAwait(false))
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
    private async Task<bool> ProcessAsync(List<Message> messages, CancellationToken stopping, CancellationToken ct)
    {
        var held = messages.Select(IncomingMessage.From).ToList();
        using var extend = new CancellationTokenSource();
        // Extends whatever the batch still holds, through a pause too: a held message spends no receive.
        var extender = ExtendVisibilityAsync(() => [.. held.Select(m => m.ReceiptHandle)], extend.Token);
        var pauses = 0;
        while (true)
        {
            // A batch that fails after as many pauses as a message has attempts is not the outage's alone: it is
            // handled as any transient failure, so it cannot be held for ever.
            var batch = new ConsumerBatch(held) { ParkOutages = pauses >= _options.MaxAttempts };
            try
            {
                await handler.HandleAsync(batch, ct).ConfigureAwait(false);
            }
            catch (ConsumerHaltedException ex)
            {
                LogHalted(ex.Code, ex.Message);
                Environment.ExitCode = 3;
                await outage.HaltedAsync(ex.Code, CancellationToken.None).ConfigureAwait(false);
                // What was settled stays settled; the rest reappears after its visibility timeout, for a fixed consumer.
                await StopExtendingAsync().ConfigureAwait(false);
                await settlement.AcknowledgeAsync(batch, ct).ConfigureAwait(false);
                return false;
            }
            catch (Exception ex)
            {
                // Fail closed: whatever the handler had not settled when it threw is retried below, never deleted.
                LogBatchFailed(ex, held.Count);
            }

            if (batch.Outage is null)
            {
                outage.Succeeded();
            }
            else if (outage.Failed(batch.Outage, held.Any(m => !batch.IsDone(m) && m.ReceiveCount >= _options.MaxAttempts), stopping))
            {
                await settlement.AcknowledgeAsync(batch, ct).ConfigureAwait(false);
                held = [.. held.Where(m => !batch.IsDone(m))];
                try
                {
                    await outage.WaitAsync(stopping).ConfigureAwait(false);
                    pauses++;
                    continue;
                }
                catch (OperationCanceledException)
                {
                    // Stopping while paused: the held messages go back for a consumer that stays.
                    await StopExtendingAsync().ConfigureAwait(false);
                    await ReleaseAsync([.. messages.Where(m => held.Any(h => h.MessageId == m.MessageId))]).ConfigureAwait(false);
                    return true;
                }
            }

            await StopExtendingAsync().ConfigureAwait(false);
            await settlement.AcknowledgeAsync(batch, ct).ConfigureAwait(false);
            await settlement.RetryFailedAsync(batch, ct).ConfigureAwait(false);
            return true;
        }

        async Task StopExtendingAsync()
        {
            await extend.CancelAsync().ConfigureAwait(false);
            await extender.ConfigureAwait(false);
        }
    }

    private async Task ExtendVisibilityAsync(Func<List<string>> receiptHandles, CancellationToken ct)
    {
        var every = TimeSpan.FromSeconds(Math.Max(5, _options.VisibilityTimeoutSeconds / 2));
        try
        {
            while (true)
            {
                await Task.Delay(every, time, ct).ConfigureAwait(false);
                try
                {
                    await Visibility.ChangeAsync(sqs, _queueUrl,
                        receiptHandles().Select(h => (h, TimeSpan.FromSeconds(_options.VisibilityTimeoutSeconds))), ct).ConfigureAwait(false);
                }
                catch (AmazonSQSException ex)
                {
                    // The next round tries again; a message whose timeout ran out meanwhile is settled as a duplicate.
                    LogExtendFailed(ex, ex.ErrorCode ?? "unknown");
                }
            }
        }
        catch (OperationCanceledException)
        {
            // The batch finished.
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Extending the visibility of a batch failed ({Code}); trying again at the next round")]
    private partial void LogExtendFailed(Exception ex, string code);

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

    [LoggerMessage(Level = LogLevel.Error, Message = "A batch of {Count} messages failed; the messages it had not settled are retried")]
    private partial void LogBatchFailed(Exception ex, int count);

    [LoggerMessage(Level = LogLevel.Information, Message = "Poller {Poller}: queue idle, exiting")]
    private partial void LogIdleExit(int poller);
}
