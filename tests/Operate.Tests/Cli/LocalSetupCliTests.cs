using System.Text.Json;
using Amazon.DynamoDBv2.Model;
using Amazon.SQS.Model;
using Pipeline.TestSupport;

namespace Pipeline.Operate.Tests.Cli;

/// <summary>`pipeline local-setup`: idempotent by default, a fresh local world with --reset (what `./demo.sh up` uses).</summary>
public sealed class LocalSetupCliTests(EmulatorFixture emulators) : IClassFixture<EmulatorFixture>
{
    [Fact]
    public async Task Local_setup_keeps_what_is_there_and_reset_empties_the_queue_the_dlq_and_the_state_table()
    {
        var prefix = "ls-" + Guid.NewGuid().ToString("N")[..8];
        var env = new Dictionary<string, string?>
        {
            ["AWS_ENDPOINT_URL_SQS"] = emulators.SqsEndpoint.ToString(),
            ["AWS_ENDPOINT_URL_DYNAMODB"] = emulators.DynamoDbEndpoint.ToString(),
            ["AWS_REGION"] = EmulatorFixture.Region,
            ["AWS_ACCESS_KEY_ID"] = "test",
            ["AWS_SECRET_ACCESS_KEY"] = "test",
        };
        using var sqs = emulators.CreateSqsClient();
        using var dynamo = emulators.CreateDynamoDbClient();

        var first = await PipelineProcess.RunAsync(env, "local-setup", "--prefix", prefix);
        Assert.True(first.ExitCode == 0, first.ToString());
        var (queueUrl, dlqUrl, table) = Read(first);
        await sqs.SendMessageAsync(queueUrl, "left over");
        await sqs.SendMessageAsync(dlqUrl, "parked");
        await dynamo.PutItemAsync(table, new Dictionary<string, AttributeValue> { ["pk"] = new("STATE"), ["sk"] = new("STATE") });

        var again = await PipelineProcess.RunAsync(env, "local-setup", "--prefix", prefix);
        Assert.True(again.ExitCode == 0, again.ToString());
        Assert.Equal(1, await CountAsync(sqs, queueUrl));
        Assert.Single((await dynamo.ScanAsync(new ScanRequest(table))).Items);

        var reset = await PipelineProcess.RunAsync(env, "local-setup", "--prefix", prefix, "--reset");
        Assert.True(reset.ExitCode == 0, reset.ToString());
        var (queueAfter, dlqAfter, tableAfter) = Read(reset);
        Assert.Equal((queueUrl, dlqUrl, table), (queueAfter, dlqAfter, tableAfter));
        Assert.Equal(0, await CountAsync(sqs, queueAfter));
        Assert.Equal(0, await CountAsync(sqs, dlqAfter));
        Assert.Empty((await dynamo.ScanAsync(new ScanRequest(tableAfter))).Items);

        // The redrive policy is back on the new queue.
        var attributes = await sqs.GetQueueAttributesAsync(queueAfter, ["RedrivePolicy"]);
        Assert.Contains("maxReceiveCount", attributes.Attributes["RedrivePolicy"], StringComparison.Ordinal);

        await sqs.DeleteQueueAsync(queueAfter);
        await sqs.DeleteQueueAsync(dlqAfter);
        await dynamo.DeleteTableAsync(tableAfter);
    }

    private static (string Queue, string Dlq, string Table) Read(CliRun run)
    {
        using var doc = JsonDocument.Parse(run.StdOut.Trim().Split('\n')[^1]);
        var root = doc.RootElement;
        return (root.GetProperty("queue_url").GetString()!, root.GetProperty("dead_letter_queue_url").GetString()!, root.GetProperty("table_name").GetString()!);
    }

    private static async Task<int> CountAsync(Amazon.SQS.IAmazonSQS sqs, string queueUrl)
    {
        var received = await sqs.ReceiveMessageAsync(new ReceiveMessageRequest { QueueUrl = queueUrl, MaxNumberOfMessages = 10, WaitTimeSeconds = 1, VisibilityTimeout = 0 });
        return received.Messages?.Count ?? 0;
    }
}
