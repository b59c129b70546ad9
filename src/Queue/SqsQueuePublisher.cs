using System.Runtime.ExceptionServices;
using Amazon.Runtime;
using Amazon.SQS;
using Amazon.SQS.Model;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Pipeline.Resilience;
using Polly;
using Polly.Retry;

namespace Pipeline.Queue;

/// <summary>
/// Publishes with the SDK's SendMessageBatch, <see cref="QueueOptions.PublishConcurrency"/> calls in flight. Transient
/// failures (whole call or single entries) are retried by the Retry:Sqs rule; whatever still fails is reported by message id.
/// </summary>
public sealed class SqsQueuePublisher(
    IAmazonSQS sqs, IOptions<QueueOptions> options, IOptions<RetryOptions> retry, ILogger<SqsQueuePublisher> logger)
    : IQueuePublisher
{
    private const string ConfigKey = "Queue__QueueUrl";

    private readonly QueueOptions _options = options.Value;
    private readonly int _maxAttempts = retry.Value.Sqs.MaxAttempts;
    private readonly ResiliencePipeline<Send> _pipeline = new ResiliencePipelineBuilder<Send>()
        .AddRetry(retry.Value.Sqs, args => args.Outcome.Result is { Pending.Count: > 0, Split: false }, args => OnRetry(args, logger))
        .Build();

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

    private static ValueTask OnRetry(OnRetryArguments<Send> args, ILogger logger)
    {
        var send = args.Outcome.Result!;
        var delay = (long)args.RetryDelay.TotalMilliseconds;
        if (!send.WholeCall)
        {
            QueueLog.EntriesRetrying(logger, send.Pending.Count, send.Reasons[0].Code, send.Attempt, send.MaxAttempts, delay);
        }
        else if (send.MayHaveBeenApplied)
        {
            // At least once beats at most once here: a lost employee waits for the next change in BambooHR,
            // a duplicate is absorbed by the consumers' idempotency.
            send.Run.AddPossibleDuplicates(send.Pending.Count);
            QueueLog.BatchResendingMaybeApplied(logger, send.Pending.Count, send.Reasons[0].Code, send.Attempt, send.MaxAttempts, delay);
        }
        else
        {
            QueueLog.BatchRetrying(logger, send.Pending.Count, send.Reasons[0].Code, send.Attempt, send.MaxAttempts, delay);
        }

        return default;
    }

    private async Task WorkAsync(Run run, CancellationTokenSource stopAll)
    {
        var indices = new List<int>(PublishBatcher.MaxEntries);
        try
        {
            while (run.Batcher.TryTake(indices))
            {
                await SendAsync(run, indices, stopAll.Token).ConfigureAwait(false);
            }
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            run.SetFatal(ex);
            await stopAll.CancelAsync().ConfigureAwait(false);
            throw;
        }
    }

    private async Task SendAsync(Run run, List<int> indices, CancellationToken ct)
    {
        var send = await _pipeline.ExecuteAsync(
            static (state, c) => state.Publisher.AttemptAsync(state.Send, c),
            (Publisher: this, Send: new Send(run, indices, _maxAttempts)),
            ct).ConfigureAwait(false);

        // Polly hands back the last answer when the publish is stopped between attempts: stopped is not failed.
        ct.ThrowIfCancellationRequested();
        if (send.Split)
        {
            // Each message then gets attempts of its own: sending it alone is a new question, not the batch again.
            foreach (var index in send.Pending)
            {
                await SendAsync(run, [index], ct).ConfigureAwait(false);
            }

            return;
        }

        // Still pending once the attempts are spent.
        for (var i = 0; i < send.Pending.Count; i++)
        {
            run.Fail(send.Pending[i], send.Reasons[i].Code, send.Reasons[i].Message, send.Attempt, logger);
        }
    }

    /// <summary>One SendMessageBatch call; leaves in <paramref name="send"/> what is still to send and why.</summary>
    private async ValueTask<Send> AttemptAsync(Send send, CancellationToken ct)
    {
        send.Attempt++;
        SendMessageBatchResponse response;
        try
        {
            response = await sqs.SendMessageBatchAsync(Request(send.Run.Messages, send.Pending), ct).ConfigureAwait(false);
        }
        catch (Exception ex) when (SqsErrors.IsTransient(ex, ct) || SqsErrors.IsUnclearAnswer(ex))
        {
            send.WholeCallFailed(Code(ex), ex.Message, SqsErrors.MayHaveBeenApplied(ex));
            return send;
        }
        catch (AmazonServiceException ex) when (SqsErrors.ToOperatorError(ex, "SendMessageBatch", _options.QueueUrl, ConfigKey) is { } operatorError)
        {
            throw operatorError;
        }
        catch (AmazonServiceException ex) when (send.Pending.Count > 1)
        {
            // The whole batch was refused (a 4xx: unclear answers and 5xx were handled above) (too large, one invalid
            // attribute, ...): send each message alone so only the bad one fails.
            QueueLog.BatchRejectedSplitting(logger, send.Pending.Count, ex.ErrorCode ?? ex.GetType().Name);
            send.Split = true;
            return send;
        }
        catch (AmazonServiceException ex)
        {
            send.Run.FailAll(send.Pending, ex.ErrorCode ?? ex.GetType().Name, ex.Message, send.Attempt, logger);
            send.Done();
            return send;
        }

        Settle(send, response);
        return send;
    }

    /// <summary>Counts successes, records refused entries, and leaves in <paramref name="send"/> the entries to try again.</summary>
    private void Settle(Send send, SendMessageBatchResponse response)
    {
        var run = send.Run;
        var current = send.Pending;
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

        List<int>? again = null;
        List<(string Code, string Message)>? reasons = null;
        foreach (var failed in response.Failed ?? [])
        {
            if (!BatchEntries.TryPosition(failed.Id, current.Count, out var position) || settled[position])
            {
                continue;
            }

            settled[position] = true;
            var code = failed.Code ?? "Unknown";
            if (SqsErrors.IsTransientEntry(failed))
            {
                (again ??= new List<int>(current.Count)).Add(current[position]);
                (reasons ??= new(current.Count)).Add((code, failed.Message ?? code));
            }
            else
            {
                run.Fail(current[position], code, failed.Message ?? code, send.Attempt, logger);
            }
        }

        // SQS answers for every entry; an entry it did not mention is retried rather than assumed sent.
        for (var position = 0; position < current.Count; position++)
        {
            if (!settled[position])
            {
                (again ??= new List<int>(current.Count)).Add(current[position]);
                (reasons ??= new(current.Count)).Add(("MissingFromResponse", "SQS did not report this batch entry as sent or failed."));
            }
        }

        if (again is null)
        {
            send.Done();
        }
        else
        {
            send.EntriesFailed(again, reasons!);
        }
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

    /// <summary>One batch on its way: the entries still to send, why the last attempt left them, and how.</summary>
    private sealed class Send(Run run, List<int> pending, int maxAttempts)
    {
        public Run Run => run;

        public int MaxAttempts => maxAttempts;

        public int Attempt { get; set; }

        public List<int> Pending { get; private set; } = pending;

        /// <summary>For each pending entry, in the same order: the error code and message it last failed with.</summary>
        public List<(string Code, string Message)> Reasons { get; private set; } = [];

        /// <summary>The last attempt failed as a whole call (an exception), not entry by entry.</summary>
        public bool WholeCall { get; private set; }

        public bool MayHaveBeenApplied { get; private set; }

        /// <summary>SQS refused the batch as a whole: its messages are to be sent one by one.</summary>
        public bool Split { get; set; }

        public void WholeCallFailed(string code, string message, bool mayHaveBeenApplied)
        {
            WholeCall = true;
            MayHaveBeenApplied = mayHaveBeenApplied;
            Reasons = [.. Enumerable.Repeat((code, message), Pending.Count)];
        }

        public void EntriesFailed(List<int> again, List<(string Code, string Message)> reasons)
        {
            WholeCall = false;
            MayHaveBeenApplied = false;
            Pending = again;
            Reasons = reasons;
        }

        public void Done()
        {
            Pending = [];
            Reasons = [];
        }
    }

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
