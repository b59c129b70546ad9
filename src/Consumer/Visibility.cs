using System.Globalization;
using Amazon.SQS;
using Amazon.SQS.Model;

namespace Pipeline.Consumer;

/// <summary>ChangeMessageVisibilityBatch in chunks of ten: how both hosts extend slow batches and push back retries.</summary>
internal static class Visibility
{
    // SQS refuses visibility timeouts above 12 hours.
    private const int MaxSeconds = 43_200;

    public static async Task ChangeAsync(IAmazonSQS sqs, string queueUrl, IEnumerable<(string ReceiptHandle, TimeSpan Timeout)> messages, CancellationToken ct)
    {
        foreach (var chunk in messages.Chunk(10))
        {
            await sqs.ChangeMessageVisibilityBatchAsync(new ChangeMessageVisibilityBatchRequest
            {
                QueueUrl = queueUrl,
                Entries = chunk.Select((m, i) => new ChangeMessageVisibilityBatchRequestEntry
                {
                    Id = i.ToString(CultureInfo.InvariantCulture),
                    ReceiptHandle = m.ReceiptHandle,
                    VisibilityTimeout = (int)Math.Clamp(m.Timeout.TotalSeconds, 0, MaxSeconds),
                }).ToList(),
            }, ct).ConfigureAwait(false);
        }
    }
}
