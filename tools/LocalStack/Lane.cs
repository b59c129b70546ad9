using Amazon.DynamoDBv2;
using Amazon.SQS;
using Pipeline.Queue;
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
        var (queue, dlq) = await QueueSetup.EnsureCreatedAsync(sqs, name, maxReceiveCount, visibilityTimeoutSeconds, ct).ConfigureAwait(false);
        var table = name + "-state";
        await StateTable.EnsureCreatedAsync(dynamoDb, table, ct).ConfigureAwait(false);
        return new Lane(name, queue, dlq, table);
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
