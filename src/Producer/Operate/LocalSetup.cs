using System.Text.Json;
using Amazon.SQS;
using Amazon.SQS.Model;
using Pipeline.Producer.Cli;
using Pipeline.Queue;
using Pipeline.ServiceDefaults;
using Pipeline.State;

namespace Pipeline.Producer.Operate;

/// <summary>
/// `pipeline local-setup`: what Terraform creates on AWS (queue, DLQ with redrive, state table), created on the local
/// emulators so the demo, the tests and the chaos run use the same shapes.
/// </summary>
public static class LocalSetup
{
    /// <param name="reset">Delete the queue, the DLQ and the state table first (their messages, watermark and outcomes).</param>
    public static async Task<int> RunAsync(string prefix, int maxReceiveCount, bool reset, CancellationToken ct)
    {
        if (Environment.GetEnvironmentVariable("AWS_ENDPOINT_URL_SQS") is null || Environment.GetEnvironmentVariable("AWS_ENDPOINT_URL_DYNAMODB") is null)
        {
            return CommandRunner.Fail(Sync.ExitCodes.BadArguments,
                "local-setup is for the local emulators: set AWS_ENDPOINT_URL_SQS and AWS_ENDPOINT_URL_DYNAMODB (./demo.sh up prints them). On AWS, Terraform creates these.");
        }

        using var sqs = AwsClientRegistration.CreateSqs();
        using var dynamo = AwsClientRegistration.CreateDynamoDb();
        if (reset)
        {
            await DeleteQueueIfExistsAsync(sqs, prefix, ct).ConfigureAwait(false);
            await DeleteQueueIfExistsAsync(sqs, prefix + "-dlq", ct).ConfigureAwait(false);
            await StateTable.DeleteIfExistsAsync(dynamo, prefix + "-state", ct).ConfigureAwait(false);
        }

        var (queueUrl, dlqUrl) = await QueueSetup.EnsureCreatedAsync(sqs, prefix, maxReceiveCount, visibilityTimeoutSeconds: 60, ct).ConfigureAwait(false);
        var table = prefix + "-state";
        await StateTable.EnsureCreatedAsync(dynamo, table, ct).ConfigureAwait(false);
        Console.Out.WriteLine(JsonSerializer.Serialize(new LocalSetupReport(queueUrl, dlqUrl, table), CliJsonContext.Default.LocalSetupReport));
        return 0;
    }

    private static async Task DeleteQueueIfExistsAsync(IAmazonSQS sqs, string name, CancellationToken ct)
    {
        try
        {
            var url = (await sqs.GetQueueUrlAsync(name, ct).ConfigureAwait(false)).QueueUrl;
            await sqs.DeleteQueueAsync(url, ct).ConfigureAwait(false);
        }
        catch (QueueDoesNotExistException)
        {
            // Nothing to reset.
        }
    }
}
