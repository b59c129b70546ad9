using System.Globalization;
using Amazon.DynamoDBv2;
using Amazon.Runtime;
using Amazon.SQS;
using Amazon.SQS.Model;
using Pipeline.State;

namespace Pipeline.TestSupport;

/// <summary>
/// The local SQS (fauxqs) and DynamoDB (dynalite) emulators, started by <c>tools/emulators.sh start</c> unless
/// <c>PIPELINE_EMULATORS=reuse</c>, in which case they must already answer. The script is idempotent and takes a
/// lock, so parallel test assemblies may all start it; it runs once per test process however many fixtures exist.
/// The fixture never stops the emulators: test.sh (or <c>tools/emulators.sh stop</c>) does, once every assembly is done.
/// <para>
/// Use it as <c>IClassFixture&lt;EmulatorFixture&gt;</c> so test classes still run in parallel, and give every test
/// its own queues and table (<see cref="CreateQueuePairAsync"/>, <see cref="CreateStateTableAsync"/>).
/// For a collection fixture, xunit 2 needs the <c>[CollectionDefinition]</c> in the test assembly itself:
/// <c>[CollectionDefinition(EmulatorFixture.CollectionName)] public sealed class EmulatorCollection : ICollectionFixture&lt;EmulatorFixture&gt;;</c>
/// </para>
/// </summary>
public sealed class EmulatorFixture : IAsyncLifetime
{
    public const string CollectionName = "emulators";
    public const string Region = "eu-west-2";

    private static readonly SemaphoreSlim StartGate = new(1, 1);
    private static Task? s_ready;

    private AmazonDynamoDBClient? _dynamoDb;

    public Uri SqsEndpoint { get; } = EmulatorEndpoints.Sqs;

    public Uri DynamoDbEndpoint { get; } = EmulatorEndpoints.DynamoDb;

    public async Task InitializeAsync()
    {
        await EnsureReadyAsync(SqsEndpoint, DynamoDbEndpoint).ConfigureAwait(false);
        _dynamoDb = (AmazonDynamoDBClient)CreateDynamoDbClient();
    }

    public Task DisposeAsync()
    {
        _dynamoDb?.Dispose();
        return Task.CompletedTask;
    }

    // Credentials in the config, as the hosts set them.
    public IAmazonSQS CreateSqsClient() =>
        new AmazonSQSClient(new AmazonSQSConfig
        {
            ServiceURL = SqsEndpoint.ToString(),
            AuthenticationRegion = Region,
            DefaultAWSCredentials = Credentials(),
        });

    public IAmazonDynamoDB CreateDynamoDbClient() =>
        new AmazonDynamoDBClient(Credentials(), new AmazonDynamoDBConfig
        {
            ServiceURL = DynamoDbEndpoint.ToString(),
            AuthenticationRegion = Region,
        });

    /// <summary>A uniquely named queue whose messages move to a uniquely named DLQ after <paramref name="maxReceiveCount"/> receives.</summary>
    public async Task<(string QueueUrl, string DlqUrl)> CreateQueuePairAsync(
        string prefix, int maxReceiveCount = 5, int visibilityTimeoutSeconds = 30, CancellationToken ct = default)
    {
        using var sqs = CreateSqsClient();
        var name = UniqueName.For(prefix, maxLength: 76);
        var dlq = await sqs.CreateQueueAsync(new CreateQueueRequest { QueueName = name + "-dlq" }, ct).ConfigureAwait(false);
        var dlqAttributes = await sqs.GetQueueAttributesAsync(new GetQueueAttributesRequest
        {
            QueueUrl = dlq.QueueUrl,
            AttributeNames = ["QueueArn"],
        }, ct).ConfigureAwait(false);
        var dlqArn = dlqAttributes.Attributes["QueueArn"];

        var queue = await sqs.CreateQueueAsync(new CreateQueueRequest
        {
            QueueName = name,
            Attributes = new Dictionary<string, string>
            {
                ["RedrivePolicy"] = $$"""{"deadLetterTargetArn":"{{dlqArn}}","maxReceiveCount":"{{maxReceiveCount.ToString(CultureInfo.InvariantCulture)}}"}""",
                ["VisibilityTimeout"] = visibilityTimeoutSeconds.ToString(CultureInfo.InvariantCulture),
            },
        }, ct).ConfigureAwait(false);
        return (queue.QueueUrl, dlq.QueueUrl);
    }

    /// <summary>A uniquely named, empty state table, created as <see cref="StateTable.EnsureCreatedAsync"/> creates it.</summary>
    public async Task<string> CreateStateTableAsync(string prefix, CancellationToken ct = default)
    {
        var db = _dynamoDb ?? throw new InvalidOperationException("EmulatorFixture.InitializeAsync has not run.");
        var name = UniqueName.For(prefix, maxLength: 200);
        await StateTable.EnsureCreatedAsync(db, name, ct).ConfigureAwait(false);
        return name;
    }

    private static BasicAWSCredentials Credentials() => new("test", "test");

    private static async Task EnsureReadyAsync(Uri sqs, Uri dynamoDb)
    {
        await StartGate.WaitAsync().ConfigureAwait(false);
        try
        {
            // A failed start is not cached: the next fixture tries again and reports its own error.
            if (s_ready is null || s_ready.IsFaulted || s_ready.IsCanceled)
            {
                s_ready = StartOrCheckAsync(sqs, dynamoDb);
            }
        }
        finally
        {
            StartGate.Release();
        }

        await s_ready.ConfigureAwait(false);
    }

    private static async Task StartOrCheckAsync(Uri sqs, Uri dynamoDb)
    {
        var reuse = string.Equals(Environment.GetEnvironmentVariable("PIPELINE_EMULATORS"), "reuse", StringComparison.OrdinalIgnoreCase);
        if (!reuse)
        {
            await EmulatorScript.StartAsync(sqs.Port, dynamoDb.Port).ConfigureAwait(false);
        }

        await EmulatorProbe.EnsureAnsweringAsync(sqs, dynamoDb, reuse).ConfigureAwait(false);
    }
}
