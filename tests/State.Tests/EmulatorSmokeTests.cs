using Amazon.DynamoDBv2;
using Amazon.DynamoDBv2.Model;
using Amazon.SQS;
using Amazon.SQS.Model;
using Pipeline.TestSupport;

namespace Pipeline.State.Tests;

/// <summary>The emulator behaviours the pipeline relies on, checked from C# through the same SDKs the pipeline uses.</summary>
public sealed class EmulatorSmokeTests(EmulatorFixture emulators) : IClassFixture<EmulatorFixture>
{
    [Fact]
    public async Task A_message_received_maxReceiveCount_times_moves_to_the_dead_letter_queue()
    {
        const int maxReceiveCount = 3;
        var (queueUrl, dlqUrl) = await emulators.CreateQueuePairAsync("smoke-redrive", maxReceiveCount);
        using var sqs = emulators.CreateSqsClient();
        await sqs.SendMessageAsync(new SendMessageRequest { QueueUrl = queueUrl, MessageBody = "poison" });

        for (var receive = 1; receive <= maxReceiveCount; receive++)
        {
            var message = Assert.Single(await ReceiveAsync(sqs, queueUrl));
            Assert.Equal("poison", message.Body);
            // Give it straight back, as a consumer that fails the message would after its visibility lapses.
            await sqs.ChangeMessageVisibilityAsync(new ChangeMessageVisibilityRequest
            {
                QueueUrl = queueUrl,
                ReceiptHandle = message.ReceiptHandle,
                VisibilityTimeout = 0,
            });
        }

        Assert.Empty(await ReceiveAsync(sqs, queueUrl));
        var parked = Assert.Single(await ReceiveAsync(sqs, dlqUrl));
        Assert.Equal("poison", parked.Body);
    }

    [Fact]
    public async Task A_conditional_put_refuses_the_second_writer()
    {
        var table = await emulators.CreateStateTableAsync("smoke-conditional");
        using var db = emulators.CreateDynamoDbClient();

        PutItemRequest Put(string writer) => new()
        {
            TableName = table,
            Item = new()
            {
                ["pk"] = new AttributeValue { S = "LOCK" },
                ["sk"] = new AttributeValue { S = "ONE" },
                ["writer"] = new AttributeValue { S = writer },
            },
            ConditionExpression = "attribute_not_exists(pk)",
        };

        await db.PutItemAsync(Put("first"));
        await Assert.ThrowsAsync<ConditionalCheckFailedException>(() => db.PutItemAsync(Put("second")));

        var stored = await db.GetItemAsync(new GetItemRequest
        {
            TableName = table,
            Key = new() { ["pk"] = new AttributeValue { S = "LOCK" }, ["sk"] = new AttributeValue { S = "ONE" } },
            ConsistentRead = true,
        });
        Assert.Equal("first", stored.Item["writer"].S);
    }

    private static async Task<List<Message>> ReceiveAsync(IAmazonSQS sqs, string queueUrl)
    {
        var response = await sqs.ReceiveMessageAsync(new ReceiveMessageRequest
        {
            QueueUrl = queueUrl,
            MaxNumberOfMessages = 10,
            WaitTimeSeconds = 1,
        });
        return response.Messages ?? [];
    }
}
