using Amazon.DynamoDBv2;
using Amazon.SQS;
using Pipeline.LocalStack;
using Pipeline.Queue;
using Pipeline.State;

namespace Pipeline.TestSupport;

/// <summary>
/// The local SQS (fauxqs) and DynamoDB (dynalite) emulators for xunit: <see cref="Emulators.EnsureRunningAsync"/>
/// starts them with <c>tools/emulators.sh start</c> unless <c>PIPELINE_EMULATORS=reuse</c>, once per test process
/// however many fixtures exist, and never stops them: test.sh (or <c>tools/emulators.sh stop</c>) does, once every
/// assembly is done.
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
    public const string Region = Emulators.Region;

    private Emulators? _emulators;
    private IAmazonDynamoDB? _dynamoDb;

    public Emulators Emulators => _emulators ?? throw new InvalidOperationException("EmulatorFixture.InitializeAsync has not run.");

    public Uri SqsEndpoint { get; } = EmulatorEndpoints.Sqs;

    public Uri DynamoDbEndpoint { get; } = EmulatorEndpoints.DynamoDb;

    public async Task InitializeAsync()
    {
        _emulators = await Emulators.EnsureRunningAsync().ConfigureAwait(false);
        _dynamoDb = _emulators.CreateDynamoDbClient();
    }

    public Task DisposeAsync()
    {
        _dynamoDb?.Dispose();
        return Task.CompletedTask;
    }

    public IAmazonSQS CreateSqsClient() => Emulators.CreateSqsClient();

    public IAmazonDynamoDB CreateDynamoDbClient() => Emulators.CreateDynamoDbClient();

    /// <summary>A uniquely named queue whose messages move to a uniquely named DLQ after <paramref name="maxReceiveCount"/> receives.</summary>
    public async Task<(string QueueUrl, string DlqUrl)> CreateQueuePairAsync(
        string prefix, int maxReceiveCount = 5, int visibilityTimeoutSeconds = 30, CancellationToken ct = default)
    {
        using var sqs = CreateSqsClient();
        return await QueueSetup.EnsureCreatedAsync(sqs, UniqueName.For(prefix, maxLength: 76), maxReceiveCount, visibilityTimeoutSeconds, ct)
            .ConfigureAwait(false);
    }

    /// <summary>A uniquely named, empty state table, created as <see cref="StateTable.EnsureCreatedAsync"/> creates it.</summary>
    public async Task<string> CreateStateTableAsync(string prefix, CancellationToken ct = default)
    {
        var db = _dynamoDb ?? throw new InvalidOperationException("EmulatorFixture.InitializeAsync has not run.");
        var name = UniqueName.For(prefix, maxLength: 200);
        await StateTable.EnsureCreatedAsync(db, name, ct).ConfigureAwait(false);
        return name;
    }
}
