using System.Globalization;
using Amazon.DynamoDBv2;
using Amazon.SQS;
using Amazon.SQS.Model;
using Pipeline.State;

namespace Pipeline.LocalStack;

/// <summary>
/// One run's own queue, its DLQ and its state table on the emulators, shaped as Terraform and
/// <c>pipeline local-setup</c> make them: NAME, NAME-dlq (redrive after <c>maxReceiveCount</c> receives, 14 days'
/// retention) and NAME-state.
/// </summary>
public sealed record Lane(string Name, string QueueUrl, string DeadLetterQueueUrl, string TableName)
{
    /// <summary>Creates the three (or finds them, if they exist). <paramref name="name"/> is used as it is: make it unique.</summary>
    public static async Task<Lane> CreateAsync(
        IAmazonSQS sqs, IAmazonDynamoDB dynamoDb, string name, int maxReceiveCount = 5, int visibilityTimeoutSeconds = 60, CancellationToken ct = default)
    {
        var (queue, dlq) = await CreateQueuePairAsync(sqs, name, maxReceiveCount, visibilityTimeoutSeconds, ct).ConfigureAwait(false);
        var table = name + "-state";
        await StateTable.EnsureCreatedAsync(dynamoDb, table, ct).ConfigureAwait(false);
        return new Lane(name, queue, dlq, table);
    }

    /// <summary>The queue NAME, whose messages move to NAME-dlq after <paramref name="maxReceiveCount"/> receives.</summary>
    public static async Task<(string QueueUrl, string DlqUrl)> CreateQueuePairAsync(
        IAmazonSQS sqs, string name, int maxReceiveCount, int visibilityTimeoutSeconds, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(sqs);
        var dlq = await sqs.CreateQueueAsync(new CreateQueueRequest
        {
            QueueName = name + "-dlq",
            Attributes = new Dictionary<string, string> { ["MessageRetentionPeriod"] = "1209600" },
        }, ct).ConfigureAwait(false);
        var dlqArn = (await sqs.GetQueueAttributesAsync(dlq.QueueUrl, ["QueueArn"], ct).ConfigureAwait(false)).Attributes["QueueArn"];
        var queue = await sqs.CreateQueueAsync(new CreateQueueRequest
        {
            QueueName = name,
            Attributes = new Dictionary<string, string>
            {
                ["RedrivePolicy"] = $$"""{"deadLetterTargetArn":"{{dlqArn}}","maxReceiveCount":{{maxReceiveCount.ToString(CultureInfo.InvariantCulture)}}}""",
                ["VisibilityTimeout"] = visibilityTimeoutSeconds.ToString(CultureInfo.InvariantCulture),
            },
        }, ct).ConfigureAwait(false);
        return (queue.QueueUrl, dlq.QueueUrl);
    }

    /// <summary>Deletes the queues and the table; what is already gone is skipped.</summary>
    public async Task DeleteAsync(IAmazonSQS sqs, IAmazonDynamoDB dynamoDb, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(sqs);
        foreach (var url in new[] { QueueUrl, DeadLetterQueueUrl })
        {
            try
            {
                await sqs.DeleteQueueAsync(url, ct).ConfigureAwait(false);
            }
            catch (AmazonSQSException)
            {
                // Already gone: nothing to clean.
            }
        }

        await StateTable.DeleteIfExistsAsync(dynamoDb, TableName, ct).ConfigureAwait(false);
    }
}
