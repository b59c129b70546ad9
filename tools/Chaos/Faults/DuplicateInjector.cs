using Amazon.SQS;
using Amazon.SQS.Model;

namespace Pipeline.Chaos.Faults;

/// <summary>
/// Sends copies of queue messages (same body, same attributes), as an at-least-once queue or a double publish would.
/// The originals are only hidden while copied and are made visible again, so the queue is never empty in between
/// and the run cannot drain before the copies are consumed.
/// </summary>
public sealed class DuplicateInjector(IAmazonSQS sqs, string queueUrl)
{
    public int Sent { get; private set; }

    public async Task InjectAsync(int wanted, CancellationToken ct)
    {
        var copied = new HashSet<string>(StringComparer.Ordinal);
        var emptyReceives = 0;
        while (copied.Count < wanted && emptyReceives < 20)
        {
            var response = await sqs.ReceiveMessageAsync(new ReceiveMessageRequest
            {
                QueueUrl = queueUrl,
                MaxNumberOfMessages = Math.Min(10, wanted - copied.Count),
                VisibilityTimeout = 30,
                WaitTimeSeconds = 1,
                MessageAttributeNames = ["All"],
            }, ct).ConfigureAwait(false);
            var messages = (response.Messages ?? []).Where(m => copied.Add(m.MessageId)).ToList();
            if (messages.Count == 0)
            {
                emptyReceives++;
                continue;
            }

            var sent = await sqs.SendMessageBatchAsync(new SendMessageBatchRequest
            {
                QueueUrl = queueUrl,
                Entries = messages.Select((m, i) => new SendMessageBatchRequestEntry
                {
                    Id = "c" + i.ToString(System.Globalization.CultureInfo.InvariantCulture),
                    MessageBody = m.Body,
                    MessageAttributes = m.MessageAttributes,
                }).ToList(),
            }, ct).ConfigureAwait(false);
            Sent += sent.Successful?.Count ?? 0;
            await sqs.ChangeMessageVisibilityBatchAsync(new ChangeMessageVisibilityBatchRequest
            {
                QueueUrl = queueUrl,
                Entries = messages.Select((m, i) => new ChangeMessageVisibilityBatchRequestEntry
                {
                    Id = "v" + i.ToString(System.Globalization.CultureInfo.InvariantCulture),
                    ReceiptHandle = m.ReceiptHandle,
                    VisibilityTimeout = 0,
                }).ToList(),
            }, ct).ConfigureAwait(false);
        }
    }
}
