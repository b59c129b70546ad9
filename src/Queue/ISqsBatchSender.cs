using Amazon.SQS;
using Amazon.SQS.Model;

namespace Pipeline.Queue;

/// <summary>One SendMessageBatch call. Errors are thrown as the SDK throws them, so callers classify them one way.</summary>
public interface ISqsBatchSender
{
    /// <summary>
    /// Sends <c>messages[indices[i]]</c> as the entry with id <see cref="BatchEntries.Id"/>(i); the answer names entries
    /// by those ids. Empty attribute values are left out (SQS refuses them).
    /// </summary>
    Task<SendMessageBatchResponse> SendAsync(string queueUrl, IReadOnlyList<OutgoingMessage> messages, IReadOnlyList<int> indices, CancellationToken ct);
}

/// <summary>Through the AWS SDK's client (<c>Queue__PublishClient=Sdk</c>, and wherever the direct sender cannot be set up).</summary>
public sealed class SdkBatchSender(IAmazonSQS sqs) : ISqsBatchSender
{
    public Task<SendMessageBatchResponse> SendAsync(string queueUrl, IReadOnlyList<OutgoingMessage> messages, IReadOnlyList<int> indices, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(messages);
        ArgumentNullException.ThrowIfNull(indices);
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

        return sqs.SendMessageBatchAsync(new SendMessageBatchRequest { QueueUrl = queueUrl, Entries = entries }, ct);
    }
}
