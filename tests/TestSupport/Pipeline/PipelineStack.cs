using System.Globalization;
using Amazon.DynamoDBv2;
using Amazon.SQS;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Pipeline.Producer;
using Pipeline.Producer.Sync;
using Pipeline.Queue;
using Pipeline.Sandbox.BambooHr;
using Pipeline.Sandbox.Moodle;
using Pipeline.State;

namespace Pipeline.TestSupport.Pipeline;

/// <summary>
/// The whole pipeline for one test: both sandboxes in-process on free 127.0.0.1 ports, a fresh queue pair and state
/// table on the emulators, and producer / consumer hosts built the way the real ones are, pointed at all of it.
/// Admin helpers live in PipelineStack.Admin.cs, state and queue readers in PipelineStack.Readers.cs.
/// </summary>
public sealed partial class PipelineStack : IAsyncDisposable
{
    private readonly WebApplication _bamboo;
    private readonly WebApplication _moodle;
    private readonly ServiceProvider _stores;
    private readonly List<IAsyncDisposable> _owned = [];
    private readonly Dictionary<string, string?> _settings;

    private PipelineStack(
        EmulatorFixture emulators, StackOptions options, WebApplication bamboo, WebApplication moodle,
        (string Queue, string Dlq) queues, string table)
    {
        Emulators = emulators;
        Options = options;
        _bamboo = bamboo;
        _moodle = moodle;
        BambooHrUrl = new Uri(bamboo.Urls.Single().TrimEnd('/') + "/");
        MoodleUrl = new Uri(moodle.Urls.Single().TrimEnd('/') + "/");
        QueueUrl = queues.Queue;
        DeadLetterQueueUrl = queues.Dlq;
        TableName = table;
        Sqs = emulators.CreateSqsClient();
        DynamoDb = emulators.CreateDynamoDbClient();
        BambooHrAdmin = new HttpClient { BaseAddress = new Uri(BambooHrUrl, "_sandbox/bamboohr/") };
        MoodleAdmin = new HttpClient { BaseAddress = new Uri(MoodleUrl, "_sandbox/moodle/") };
        _settings = DefaultSettings();
        foreach (var (key, value) in options.Settings)
        {
            _settings[key] = value;
        }

        var config = new ConfigurationBuilder().AddInMemoryCollection(_settings).Build();
        var stores = new ServiceCollection()
            .AddLogging(l => l.AddProvider(Logs))
            .AddSingleton(Sqs)
            .AddSingleton(DynamoDb);
        stores.AddPipelineState(config);
        stores.AddPipelineQueue(config);
        _stores = stores.BuildServiceProvider();
    }

    public EmulatorFixture Emulators { get; }

    public StackOptions Options { get; }

    /// <summary>The BambooHR sandbox root (ends with '/').</summary>
    public Uri BambooHrUrl { get; }

    /// <summary>The Moodle sandbox site root (ends with '/').</summary>
    public Uri MoodleUrl { get; }

    /// <summary>What the pipeline's BambooHR client is pointed at (the legacy gateway path).</summary>
    public string BambooHrApiBase => new Uri(BambooHrUrl, "api/gateway.php/acme/").ToString();

    public string QueueUrl { get; }

    public string DeadLetterQueueUrl { get; }

    public string TableName { get; }

    /// <summary>The stack's own emulator clients; every in-process host uses these same instances.</summary>
    public IAmazonSQS Sqs { get; }

    public IAmazonDynamoDB DynamoDb { get; }

    public HttpClient BambooHrAdmin { get; }

    public HttpClient MoodleAdmin { get; }

    /// <summary>Log lines of every in-process producer, consumer and Lambda host of this stack.</summary>
    public CapturedLogs Logs { get; } = new();

    /// <summary>Every pipeline setting with ':' keys, ready for <c>AddInMemoryCollection</c>. A copy: change settings through <see cref="StackOptions.Settings"/> or the per-host overrides.</summary>
    public IReadOnlyDictionary<string, string?> Settings => new Dictionary<string, string?>(_settings, StringComparer.OrdinalIgnoreCase);

    /// <summary>The same settings as environment variables ("__" keys) plus the AWS SDK's, for pipeline processes.</summary>
    public IReadOnlyDictionary<string, string?> EnvironmentVariables(IReadOnlyDictionary<string, string?>? overrides = null)
    {
        var env = new Dictionary<string, string?>(StringComparer.Ordinal);
        foreach (var (key, value) in Merge(overrides))
        {
            env[key.Replace(":", "__", StringComparison.Ordinal)] = value;
        }

        env["AWS_ENDPOINT_URL_SQS"] = Emulators.SqsEndpoint.ToString();
        env["AWS_ENDPOINT_URL_DYNAMODB"] = Emulators.DynamoDbEndpoint.ToString();
        env["AWS_REGION"] = EmulatorFixture.Region;
        env["AWS_ACCESS_KEY_ID"] = "test";
        env["AWS_SECRET_ACCESS_KEY"] = "test";
        env["OTEL_EXPORTER_OTLP_ENDPOINT"] = null;
        return env;
    }

    public IRunStateStore RunState => _stores.GetRequiredService<IRunStateStore>();

    public IOutcomeStore Outcomes => _stores.GetRequiredService<IOutcomeStore>();

    public IIdempotencyLedger Ledger => _stores.GetRequiredService<IIdempotencyLedger>();

    public IDeadLetterQueue DeadLetterQueue => _stores.GetRequiredService<IDeadLetterQueue>();

    public static async Task<PipelineStack> StartAsync(EmulatorFixture emulators, Action<StackOptions>? configure = null)
    {
        ArgumentNullException.ThrowIfNull(emulators);
        var options = new StackOptions();
        configure?.Invoke(options);

        var queues = await emulators.CreateQueuePairAsync(options.Prefix, options.MaxReceiveCount, options.VisibilityTimeoutSeconds).ConfigureAwait(false);
        var table = await emulators.CreateStateTableAsync(options.Prefix).ConfigureAwait(false);

        var bamboo = BambooHrSandbox.Build(
            ["--urls", "http://127.0.0.1:0", "--Logging:LogLevel:Default=Warning", "--Logging:LogLevel:Microsoft=Warning"],
            o =>
            {
                o.ApiKey = options.BambooHrApiKey;
                options.ConfigureBambooHr?.Invoke(o);
            });
        var moodle = MoodleSandbox.Build([], o =>
        {
            o.Urls = "http://127.0.0.1:0";
            o.AdminToken = options.MoodleAdminToken;
            o.MinimumLogLevel = LogLevel.Warning;
            options.ConfigureMoodle?.Invoke(o);
        });
        try
        {
            await bamboo.StartAsync().ConfigureAwait(false);
            await moodle.StartAsync().ConfigureAwait(false);
        }
        catch
        {
            await bamboo.DisposeAsync().ConfigureAwait(false);
            await moodle.DisposeAsync().ConfigureAwait(false);
            throw;
        }

        return new PipelineStack(emulators, options, bamboo, moodle, queues, table);
    }

    /// <summary>
    /// A producer host exactly as <c>pipeline</c> builds it (<see cref="ProducerHost.Build"/>), configured with this
    /// stack's settings (plus <paramref name="overrides"/>) and emulator clients. Not started.
    /// </summary>
    public IHost BuildProducer(Needs needs = Needs.State | Needs.Queue | Needs.BambooHr | Needs.Moodle,
        IReadOnlyDictionary<string, string?>? overrides = null) =>
        ProducerHost.Build(needs, null, ConfigureHost(overrides));

    /// <summary>The host configuration this stack applies; also usable as <c>CommandRunner.ConfigureForTests</c>.</summary>
    public Action<IHostApplicationBuilder> ConfigureHost(IReadOnlyDictionary<string, string?>? overrides = null) => builder =>
    {
        builder.Configuration.AddInMemoryCollection(Merge(overrides));
        builder.Services.AddSingleton(Sqs);
        builder.Services.AddSingleton(DynamoDb);
        builder.Logging.ClearProviders();
        builder.Logging.SetMinimumLevel(LogLevel.Debug);
        builder.Logging.AddFilter("Microsoft", LogLevel.Warning);
        builder.Logging.AddFilter("System.Net.Http", LogLevel.Warning);
        builder.Logging.AddProvider(Logs);
        if (Options.LogToConsole)
        {
            builder.Logging.AddSimpleConsole();
        }
    };

    /// <summary>One `pipeline sync --wait <paramref name="wait"/>` in-process: a fresh producer host, run, stopped.</summary>
    public async Task<SyncResult> RunSyncAsync(TimeSpan wait, IReadOnlyDictionary<string, string?>? overrides = null, CancellationToken ct = default)
    {
        using var host = BuildProducer(Needs.State | Needs.Queue | Needs.BambooHr, overrides);
        await host.StartAsync(ct).ConfigureAwait(false);
        try
        {
            return await host.Services.GetRequiredService<SyncRunner>().RunAsync(wait, ct).ConfigureAwait(false);
        }
        finally
        {
            await host.StopAsync(CancellationToken.None).ConfigureAwait(false);
        }
    }

    internal IReadOnlyDictionary<string, string?> Merge(IReadOnlyDictionary<string, string?>? overrides)
    {
        var merged = new Dictionary<string, string?>(_settings, StringComparer.OrdinalIgnoreCase);
        foreach (var (key, value) in overrides ?? new Dictionary<string, string?>())
        {
            merged[key] = value;
        }

        return merged;
    }

    internal void Own(IAsyncDisposable disposable)
    {
        lock (_owned)
        {
            _owned.Add(disposable);
        }
    }

    private Dictionary<string, string?> DefaultSettings()
    {
        static string Int(int n) => n.ToString(CultureInfo.InvariantCulture);
        return new Dictionary<string, string?>(StringComparer.OrdinalIgnoreCase)
        {
            ["BambooHr:BaseUrl"] = BambooHrApiBase,
            ["BambooHr:ApiKey"] = Options.BambooHrApiKey,
            ["Retry:BambooHr:MaxAttempts"] = "3",
            ["Retry:BambooHr:BaseDelay"] = "00:00:00.050",
            ["BambooHr:Timeout"] = "00:00:10",
            ["Moodle:BaseUrl"] = MoodleUrl.ToString(),
            ["Moodle:Token"] = Options.PipelineMoodleToken ?? Options.MoodleAdminToken,
            ["Moodle:Timeout"] = "00:00:05",
            ["Retry:Moodle:MaxAttempts"] = "3",
            ["Retry:Moodle:BaseDelay"] = "00:00:00.050",
            ["Queue:QueueUrl"] = QueueUrl,
            ["Queue:DeadLetterQueueUrl"] = DeadLetterQueueUrl,
            ["Queue:DeadLetterHoldSeconds"] = "5",
            ["State:TableName"] = TableName,
            ["Sync:StabilityWindow"] = "00:00:01",
            ["Sync:PollInterval"] = "00:00:00.2",
            ["Sync:Lease"] = "00:00:30",
            ["Sync:Wait"] = "00:02:00",
            ["Consumer:WaitTimeSeconds"] = "1",
            ["Retry:Redelivery:BaseDelay"] = "00:00:01",
            ["Retry:Redelivery:MaxDelay"] = "00:00:04",
            ["Consumer:MaxAttempts"] = Int(Options.MaxReceiveCount),
            ["Consumer:VisibilityTimeoutSeconds"] = Int(Math.Max(10, Options.VisibilityTimeoutSeconds)),
            ["Consumer:Pollers"] = "2",
            ["Consumer:GatherSize"] = "10",
            ["Consumer:HaltBackoff"] = "00:00:05",
        };
    }

    public async ValueTask DisposeAsync()
    {
        List<IAsyncDisposable> owned;
        lock (_owned)
        {
            owned = [.. _owned];
            _owned.Clear();
        }

        foreach (var disposable in Enumerable.Reverse(owned))
        {
            await disposable.DisposeAsync().ConfigureAwait(false);
        }

        BambooHrAdmin.Dispose();
        MoodleAdmin.Dispose();
        await _stores.DisposeAsync().ConfigureAwait(false);
        await _bamboo.StopAsync().ConfigureAwait(false);
        await _bamboo.DisposeAsync().ConfigureAwait(false);
        await _moodle.StopAsync().ConfigureAwait(false);
        await _moodle.DisposeAsync().ConfigureAwait(false);
        Sqs.Dispose();
        DynamoDb.Dispose();
    }
}
