using Amazon.SQS;
using Amazon.SQS.Model;

namespace Pipeline.Chaos.Checks;

public sealed record ParkedMessage(string MessageId, string? EmployeeId, string? RunId, string? FailureCode);

/// <summary>Reads every DLQ message (hiding each briefly) and makes them all visible again for `pipeline dlq replay`.</summary>
public static class DeadLetterScan
{
    public static async Task<List<ParkedMessage>> ReadAllAsync(IAmazonSQS sqs, string dlqUrl, CancellationToken ct)
    {
        var seen = new Dictionary<string, (ParkedMessage Parked, string Receipt)>(StringComparer.Ordinal);
        var empty = 0;
        while (empty < 3)
        {
            var response = await sqs.ReceiveMessageAsync(new ReceiveMessageRequest
            {
                QueueUrl = dlqUrl,
                MaxNumberOfMessages = 10,
                VisibilityTimeout = 60,
                WaitTimeSeconds = 1,
                MessageAttributeNames = ["All"],
            }, ct).ConfigureAwait(false);
            var batch = response.Messages ?? [];
            if (batch.Count == 0)
            {
                empty++;
                continue;
            }

            foreach (var m in batch)
            {
                string? Attr(string name) => m.MessageAttributes is { } a && a.TryGetValue(name, out var v) ? v.StringValue : null;
                seen[m.MessageId] = (new ParkedMessage(m.MessageId, Attr("employee_id"), Attr("run_id"), Attr("failure_code")), m.ReceiptHandle);
            }
        }

        foreach (var chunk in seen.Values.Chunk(10))
        {
            await sqs.ChangeMessageVisibilityBatchAsync(new ChangeMessageVisibilityBatchRequest
            {
                QueueUrl = dlqUrl,
                Entries = chunk.Select((m, i) => new ChangeMessageVisibilityBatchRequestEntry
                {
                    Id = "m" + i.ToString(System.Globalization.CultureInfo.InvariantCulture),
                    ReceiptHandle = m.Receipt,
                    VisibilityTimeout = 0,
                }).ToList(),
            }, ct).ConfigureAwait(false);
        }

        return seen.Values.Select(v => v.Parked).ToList();
    }
}
