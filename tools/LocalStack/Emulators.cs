using System.Globalization;
using Amazon.DynamoDBv2;
using Amazon.DynamoDBv2.Model;
using Amazon.Runtime;
using Amazon.SQS;
using Amazon.SQS.Model;

namespace Pipeline.LocalStack;

/// <summary>
/// The local SQS (fauxqs) and DynamoDB (dynalite) emulators: where they answer (<see cref="EmulatorEndpoints"/>),
/// clients and process environment for them, and making sure they run. They are shared by every run on the machine
/// and never stopped here: test.sh (or <c>tools/emulators.sh stop</c>) does that.
/// </summary>
public sealed class Emulators
{
    public const string Region = "eu-west-2";

    // The emulators accept any key; the processes get the same ones as the clients in this process.
    private const string AccessKey = "local";
    private const string SecretKey = "local";

    // The first run on a fresh clone includes `npm ci` (Node 22 is a ~30 MB download).
    private static readonly TimeSpan ScriptTimeout = TimeSpan.FromMinutes(5);
    private static readonly TimeSpan ProbeTimeout = TimeSpan.FromSeconds(10);
    private static readonly SemaphoreSlim StartGate = new(1, 1);
    private static Task? s_ready;

    private Emulators(Uri sqs, Uri dynamoDb)
    {
        SqsEndpoint = sqs;
        DynamoDbEndpoint = dynamoDb;
    }

    public Uri SqsEndpoint { get; }

    public Uri DynamoDbEndpoint { get; }

    /// <summary>AWS_ENDPOINT_URL_*, the region and keys: what a pipeline process needs to reach them.</summary>
    public IReadOnlyDictionary<string, string?> EnvironmentVariables => new Dictionary<string, string?>(StringComparer.Ordinal)
    {
        ["AWS_ENDPOINT_URL_SQS"] = SqsEndpoint.ToString(),
        ["AWS_ENDPOINT_URL_DYNAMODB"] = DynamoDbEndpoint.ToString(),
        ["AWS_REGION"] = Region,
        ["AWS_ACCESS_KEY_ID"] = AccessKey,
        ["AWS_SECRET_ACCESS_KEY"] = SecretKey,
    };

    /// <summary>
    /// Runs <c>tools/emulators.sh start</c> (idempotent, locked: parallel test assemblies may all call it) unless
    /// <c>PIPELINE_EMULATORS=reuse</c>, in which case they must already answer; either way each must answer a real API
    /// call, so a later failure is never "connection refused" in disguise. Runs once per process.
    /// </summary>
    public static async Task<Emulators> EnsureRunningAsync()
    {
        var emulators = new Emulators(EmulatorEndpoints.Sqs, EmulatorEndpoints.DynamoDb);
        await StartGate.WaitAsync().ConfigureAwait(false);
        try
        {
            // A failed start is not cached: the next caller tries again and reports its own error.
            if (s_ready is null || s_ready.IsFaulted || s_ready.IsCanceled)
            {
                s_ready = emulators.StartOrCheckAsync();
            }
        }
        finally
        {
            StartGate.Release();
        }

        await s_ready.ConfigureAwait(false);
        return emulators;
    }

    // Credentials in the config (as the hosts do), where anything reading the client's config finds them too.
    public IAmazonSQS CreateSqsClient(int? maxErrorRetry = null)
    {
        var config = new AmazonSQSConfig
        {
            ServiceURL = SqsEndpoint.ToString(),
            AuthenticationRegion = Region,
            DefaultAWSCredentials = new BasicAWSCredentials(AccessKey, SecretKey),
        };
        if (maxErrorRetry is { } retries)
        {
            config.MaxErrorRetry = retries;
        }

        return new AmazonSQSClient(config);
    }

    public IAmazonDynamoDB CreateDynamoDbClient(int? maxErrorRetry = null)
    {
        var config = new AmazonDynamoDBConfig
        {
            ServiceURL = DynamoDbEndpoint.ToString(),
            AuthenticationRegion = Region,
        };
        if (maxErrorRetry is { } retries)
        {
            config.MaxErrorRetry = retries;
        }

        return new AmazonDynamoDBClient(new BasicAWSCredentials(AccessKey, SecretKey), config);
    }

    private async Task StartOrCheckAsync()
    {
        var reuse = string.Equals(Environment.GetEnvironmentVariable("PIPELINE_EMULATORS"), "reuse", StringComparison.OrdinalIgnoreCase);
        if (!reuse)
        {
            await RunScriptAsync().ConfigureAwait(false);
        }

        var hint = reuse
            ? "PIPELINE_EMULATORS=reuse expects them running: start them with tools/emulators.sh start, or unset PIPELINE_EMULATORS."
            : "tools/emulators.sh start reported success; see .run/*.log.";
        using var sqs = CreateSqsClient(maxErrorRetry: 0);
        await ProbeAsync("SQS", SqsEndpoint, ct => sqs.ListQueuesAsync(new ListQueuesRequest(), ct), hint).ConfigureAwait(false);
        using var dynamoDb = CreateDynamoDbClient(maxErrorRetry: 0);
        await ProbeAsync("DynamoDB", DynamoDbEndpoint, ct => dynamoDb.ListTablesAsync(new ListTablesRequest(), ct), hint).ConfigureAwait(false);
    }

    private async Task RunScriptAsync()
    {
        var root = RepoRoot.Find();
        await using var script = ChildProcess.Start(new ProcessStart
        {
            Program = "bash",
            Arguments = [Path.Combine(root, "tools", "emulators.sh"), "start"],
            WorkingDirectory = root,
            Name = "emulators.sh",
            Environment = new Dictionary<string, string?>
            {
                ["SQS_PORT"] = SqsEndpoint.Port.ToString(CultureInfo.InvariantCulture),
                ["DYNAMODB_PORT"] = DynamoDbEndpoint.Port.ToString(CultureInfo.InvariantCulture),
            },
        });
        int exit;
        try
        {
            // On a timeout only the script is killed: emulators it already launched run in their own session and
            // stay recorded in .run/.
            exit = await script.ExitCodeAsync(ScriptTimeout).ConfigureAwait(false);
        }
        catch (TimeoutException e)
        {
            throw new TimeoutException($"tools/emulators.sh start did not finish within {ScriptTimeout.TotalMinutes} minutes. " +
                $"See {Path.Combine(root, ".run")} for the emulator logs.", e);
        }

        if (exit != 0)
        {
            throw new InvalidOperationException(
                $"tools/emulators.sh start failed (exit {exit.ToString(CultureInfo.InvariantCulture)}):{Environment.NewLine}{script.Output}");
        }
    }

    private static async Task ProbeAsync(string service, Uri endpoint, Func<CancellationToken, Task> call, string hint)
    {
        using var timeout = new CancellationTokenSource(ProbeTimeout);
        try
        {
            await call(timeout.Token).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is AmazonServiceException or HttpRequestException or OperationCanceledException)
        {
            throw new InvalidOperationException($"The {service} emulator does not answer at {endpoint}. {hint}", ex);
        }
    }
}
