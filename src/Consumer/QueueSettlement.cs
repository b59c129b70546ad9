using System.Globalization;
using Amazon.SQS;
using Amazon.SQS.Model;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Pipeline.Consumer.Handling;
using Pipeline.Queue;

namespace Pipeline.Consumer;

/// <summary>
/// What both hosts do on SQS once the handler is through with a batch (fail closed): delete the messages it settled
/// Done, and push every other one back with its delay, the handler's when it asked for a retry, <see cref="RetryDelay"/>'s
/// when it left the message unsettled. Failures here are logged, never thrown: a message whose delete or visibility
/// change failed simply comes back after its visibility timeout, and is settled again as a duplicate.
/// </summary>
public sealed partial class QueueSettlement(IAmazonSQS sqs, IOptions<QueueOptions> queue, RetryDelay retryDelay, ILogger<QueueSettlement> logger)
{
    private readonly string _queueUrl = queue.Value.QueueUrl;

    /// <summary>Deletes the batch's Done messages (the worker always; the Lambda host before it fails a halted invocation).</summary>
    public async Task AcknowledgeAsync(ConsumerBatch batch, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(batch);
        foreach (var chunk in batch.Done.Chunk(10))
        {
            try
            {
                var response = await sqs.DeleteMessageBatchAsync(new DeleteMessageBatchRequest
                {
                    QueueUrl = _queueUrl,
                    Entries = [.. chunk.Select((m, i) => new DeleteMessageBatchRequestEntry(i.ToString(CultureInfo.InvariantCulture), m.ReceiptHandle))],
                }, ct).ConfigureAwait(false);
                foreach (var failed in response.Failed ?? [])
                {
                    LogDeleteFailed(failed.Code ?? "unknown", 1);
                }
            }
            catch (AmazonSQSException ex)
            {
                LogDeleteFailed(ex.ErrorCode ?? "unknown", chunk.Length);
            }
        }
    }

    /// <summary>Every message not settled Done, pushed back by its delay; the Lambda host lists them in batchItemFailures.</summary>
    public async Task<IReadOnlyList<IncomingMessage>> RetryFailedAsync(ConsumerBatch batch, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(batch);
        var failed = batch.Failed(retryDelay);
        var unsettled = failed.Count(f => batch.ResultOf(f.Message.MessageId) is null);
        if (unsettled > 0)
        {
            LogUnsettled(unsettled, batch.Messages.Count);
        }

        await ChangeVisibilityAsync([.. failed.Select(f => (f.Message.ReceiptHandle, f.Delay))], ct).ConfigureAwait(false);
        return [.. failed.Select(f => f.Message)];
    }

    /// <summary>Hides messages for <paramref name="delay"/> (a halt: they must not burn their receives toward the DLQ).</summary>
    public Task HideAsync(IEnumerable<IncomingMessage> messages, TimeSpan delay, CancellationToken ct) =>
        ChangeVisibilityAsync([.. messages.Select(m => (m.ReceiptHandle, delay))], ct);

    private async Task ChangeVisibilityAsync(List<(string ReceiptHandle, TimeSpan Delay)> messages, CancellationToken ct)
    {
        try
        {
            await Visibility.ChangeAsync(sqs, _queueUrl, messages, ct).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is AmazonSQSException or OperationCanceledException)
        {
            LogVisibilityFailed(ex, messages.Count);
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Deleting {Count} settled messages failed ({Code}); a redelivery will be settled as a duplicate")]
    private partial void LogDeleteFailed(string code, int count);

    [LoggerMessage(Level = LogLevel.Warning, Message = "The handler left {Unsettled} of {Count} messages unsettled; they are retried")]
    private partial void LogUnsettled(int unsettled, int count);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Could not push back {Count} messages to retry; they come back when their visibility timeout ends")]
    private partial void LogVisibilityFailed(Exception ex, int count);
}
