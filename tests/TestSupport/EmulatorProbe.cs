using Amazon.DynamoDBv2;
using Amazon.DynamoDBv2.Model;
using Amazon.Runtime;
using Amazon.SQS;
using Amazon.SQS.Model;

namespace Pipeline.TestSupport;

/// <summary>Proves each emulator answers a real API call, so a test failure is never "connection refused" in disguise.</summary>
internal static class EmulatorProbe
{
    private static readonly TimeSpan ProbeTimeout = TimeSpan.FromSeconds(10);

    public static async Task EnsureAnsweringAsync(Uri sqsEndpoint, Uri dynamoDbEndpoint, bool reuse)
    {
        var credentials = new BasicAWSCredentials("test", "test");
        var hint = reuse
            ? "PIPELINE_EMULATORS=reuse expects them running: start them with tools/emulators.sh start, or unset PIPELINE_EMULATORS."
            : "tools/emulators.sh start reported success; see .run/*.log.";

        using (var sqs = new AmazonSQSClient(credentials, new AmazonSQSConfig
        {
            ServiceURL = sqsEndpoint.ToString(),
            AuthenticationRegion = EmulatorFixture.Region,
            MaxErrorRetry = 0,
        }))
        using (var timeout = new CancellationTokenSource(ProbeTimeout))
        {
            try
            {
                await sqs.ListQueuesAsync(new ListQueuesRequest(), timeout.Token).ConfigureAwait(false);
            }
            catch (Exception ex) when (ex is AmazonServiceException or HttpRequestException or OperationCanceledException)
            {
                throw new InvalidOperationException($"The SQS emulator does not answer at {sqsEndpoint}. {hint}", ex);
            }
        }

        using (var dynamoDb = new AmazonDynamoDBClient(credentials, new AmazonDynamoDBConfig
        {
            ServiceURL = dynamoDbEndpoint.ToString(),
            AuthenticationRegion = EmulatorFixture.Region,
            MaxErrorRetry = 0,
        }))
        using (var timeout = new CancellationTokenSource(ProbeTimeout))
        {
            try
            {
                await dynamoDb.ListTablesAsync(new ListTablesRequest(), timeout.Token).ConfigureAwait(false);
            }
            catch (Exception ex) when (ex is AmazonServiceException or HttpRequestException or OperationCanceledException)
            {
                throw new InvalidOperationException($"The DynamoDB emulator does not answer at {dynamoDbEndpoint}. {hint}", ex);
            }
        }
    }
}
