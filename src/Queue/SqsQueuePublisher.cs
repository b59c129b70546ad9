using System.Runtime.ExceptionServices;
using Amazon.Runtime;
using Amazon.SQS;
using Amazon.SQS.Model;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Pipeline.Queue;

/// <summary>
/// Publishes with the SDK's SendMessageBatch, <see cref="QueueOptions.PublishConcurrency"/> calls in flight. Transient
/// failures (whole call or single entries) are retried with backoff; whatever still fails is reported by message id.
/// </summary>
public sealed class SqsQueuePublisher(IAmazonSQS sqs, IOptions<QueueOptions> options, ILogger<SqsQueuePublisher> logger)
    : IQueuePublisher
{
    private const string ConfigKey = "Queue__QueueUrl";

    private readonly QueueOptions _options = options.Value;

    public async Task<PublishResult> PublishAsync(IReadOnlyList<OutgoingMessage> messages, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(messages);
        if (messages.Count == 0)
        {
            return new PublishResult(0, []);
        }

        var run = new Run(messages, new PublishBatcher(messages));
        using var stopAll = CancellationTokenSource.CreateLinkedTokenSource(ct);
        var workers = Math.Min(_options.PublishConcurrency, (messages.Count + PublishBatcher.MaxEntries - 1) / PublishBatcher.MaxEntries);
        var tasks = new Task[workers];
        for (var i = 0; i < workers; i++)
        {
            tasks[i] = WorkAsync(run, stopAll);
        }

        try
        {
            await Task.WhenAll(tasks).ConfigureAwait(false);
        }
        catch (Exception) when (run.Fatal is not null)
        {
            // Other workers were cancelled because of it: the first real cause is what the caller needs to see.
            run.Fatal.Throw();
        }

        return new PublishResult(run.Published, run.Failures, run.PossibleDuplicates);
    }

    private async Task WorkAsync(Run run, CancellationTokenSource stopAll)
    {
        var indices = new List<int>(PublishBatcher.MaxEntries);
        try
        {
            while (run.Batcher.TryTake(indices))
            {
                await SendAsync(run, indices, firstAttempt: 1, stopAll.Token).ConfigureAwait(false);
            }
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            run.SetFatal(ex);
            await stopAll.CancelAsync().ConfigureAwait(false);
            throw;
        }
    }

    private async Task SendAsync(Run run, List<int> indices, int firstAttempt, CancellationToken ct)
    {
        var current = indices;
        for (var attempt = firstAttempt; ; attempt++)
        {
            SendMessageBatchResponse response;
            try
            {
                response = await sqs.SendMessageBatchAsync(Request(run.Messages, current), ct).ConfigureAwait(false);
            }
            catch (Exception ex) when (SqsErrors.IsTransient(ex, ct) || SqsErrors.IsUnclearAnswer(ex))
            {
                var code = Code(ex);
                if (attempt >= _options.MaxPublishAttempts)
                {
                    run.FailAll(current, code, ex.Message, attempt, logger);
                    return;
                }

                var delay = Backoff.After(attempt);
                if (SqsErrors.MayHaveBeenApplied(ex))
                {
                    // At least once beats at most once here: a lost employee waits for the next change in BambooHR,
                    // a duplicate is absorbed by the consumers' idempotency.
                    run.AddPossibleDuplicates(current.Count);
                    QueueLog.BatchResendingMaybeApplied(logger, current.Count, code, attempt, _options.MaxPublishAttempts, (long)delay.TotalMilliseconds);
                }
                else
                {
                    QueueLog.BatchRetrying(logger, current.Count, code, attempt, _options.MaxPublishAttempts, (long)delay.TotalMilliseconds);
                }

                await Task.Delay(delay, ct).ConfigureAwait(false);
                continue;
            }
            catch (AmazonServiceException ex) when (SqsErrors.ToOperatorError(ex, "SendMessageBatch", _options.QueueUrl, ConfigKey) is { } operatorError)
            {
                throw operatorError;
            }
            catch (AmazonServiceException ex) when (current.Count > 1)
            {
                // The whole batch was refused (a 4xx: unclear answers and 5xx were handled above) (too large, one invalid attribute, ...): send each message alone so
                // only the bad one fails.
                QueueLog.BatchRejectedSplitting(logger, current.Count, ex.ErrorCode ?? ex.GetType().Name);
                foreach (var index in current)
                {
                    await SendAsync(run, [index], attempt, ct).ConfigureAwait(false);
                }

                return;
            }
            catch (AmazonServiceException ex)
            {
                run.FailAll(current, ex.ErrorCode ?? ex.GetType().Name, ex.Message, attempt, logger);
                return;
            }

            var retry = Settle(run, current, response, attempt);
            if (retry is null)
            {
                return;
            }

            var wait = Backoff.After(attempt);
            QueueLog.EntriesRetrying(logger, retry.Indices.Count, retry.Code, attempt, _options.MaxPublishAttempts, (long)wait.TotalMilliseconds);
            await Task.Delay(wait, ct).ConfigureAwait(false);
            current = retry.Indices;
        }
    }

    /// <summary>Counts successes, records permanent failures, and returns the entries to try again (null if none).</summary>
    private Retry? Settle(Run run, List<int> current, SendMessageBatchResponse response, int attempt)
    {
        Span<bool> settled = stackalloc bool[PublishBatcher.MaxEntries];
        var successes = 0;
        foreach (var ok in response.Successful ?? [])
        {
            if (BatchEntries.TryPosition(ok.Id, current.Count, out var position) && !settled[position])
            {
                settled[position] = true;
                successes++;
            }
        }

        run.AddPublished(successes);

        Retry? retry = null;
        foreach (var failed in response.Failed ?? [])
        {
            if (!BatchEntries.TryPosition(failed.Id, current.Count, out var position) || settled[position])
            {
                continue;
            }

            settled[position] = true;
            var code = failed.Code ?? "Unknown";
            if (SqsErrors.IsTransientEntry(failed) && attempt < _options.MaxPublishAttempts)
            {
                retry ??= new Retry(new List<int>(current.Count), code);
                retry.Indices.Add(current[position]);
            }
            else
            {
                run.Fail(current[position], code, failed.Message ?? code, attempt, logger);
            }
        }

        // SQS answers for every entry; an entry it did not mention is retried rather than assumed sent.
        for (var position = 0; position < current.Count; position++)
        {
            if (settled[position])
            {
                continue;
            }

            if (attempt < _options.MaxPublishAttempts)
            {
                retry ??= new Retry(new List<int>(current.Count), "MissingFromResponse");
                retry.Indices.Add(current[position]);
            }
            else
            {
                run.Fail(current[position], "MissingFromResponse", "SQS did not report this batch entry as sent or failed.", attempt, logger);
            }
        }

        return retry;
    }

    /// <summary>
    /// <c>messages[indices[i]]</c> goes as the entry with id <see cref="BatchEntries.Id"/>(i): the answer names entries
    /// by those ids.
    /// </summary>
    private SendMessageBatchRequest Request(IReadOnlyList<OutgoingMessage> messages, List<int> indices)
    {
        var entries = new List<SendMessageBatchRequestEntry>(indices.Count);
        for (var position = 0; position < indices.Count; position++)
        {
            var message = messages[indices[position]];
            entries.Add(new SendMessageBatchRequestEntry
            {
                Id = BatchEntries.Id(position),
                MessageBody = message.Body,
                MessageAttributes = SqsAttributes.ToSqs(message.Attributes),
            });
        }

        return new SendMessageBatchRequest { QueueUrl = _options.QueueUrl, Entries = entries };
    }

    private static string Code(Exception ex) =>
        (ex as AmazonServiceException)?.ErrorCode is { Length: > 0 } code ? code : ex.GetType().Name;

    private sealed record Retry(List<int> Indices, string Code);

    private sealed class Run(IReadOnlyList<OutgoingMessage> messages, PublishBatcher batcher)
    {
        private readonly Lock _gate = new();
        private readonly List<PublishFailure> _failures = [];
        private int _published;
        private int _possibleDuplicates;

        public IReadOnlyList<OutgoingMessage> Messages => messages;

        public PublishBatcher Batcher => batcher;

        public int Published => Volatile.Read(ref _published);

        public ExceptionDispatchInfo? Fatal { get; private set; }

        public IReadOnlyList<PublishFailure> Failures
        {
            get
            {
                lock (_gate)
                {
                    return [.. _failures];
                }
            }
        }

        public int PossibleDuplicates => Volatile.Read(ref _possibleDuplicates);

        public void AddPublished(int count) => Interlocked.Add(ref _published, count);

        public void AddPossibleDuplicates(int count) => Interlocked.Add(ref _possibleDuplicates, count);

        public void Fail(int index, string code, string message, int attempts, ILogger logger)
        {
            var id = messages[index].Id;
            QueueLog.EntryFailed(logger, id, attempts, code);
            lock (_gate)
            {
                _failures.Add(new PublishFailure(id, code, message));
            }
        }

        public void FailAll(List<int> indices, string code, string message, int attempts, ILogger logger)
        {
            foreach (var index in indices)
            {
                Fail(index, code, message, attempts, logger);
            }
        }

        public void SetFatal(Exception exception)
        {
            lock (_gate)
            {
                Fatal ??= ExceptionDispatchInfo.Capture(exception);
            }
        }
    }
}
