using System.Globalization;
using Amazon.DynamoDBv2;
using Amazon.SQS;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Pipeline.LocalStack;
using Pipeline.Producer;
using Pipeline.Producer.Sync;
using Pipeline.Queue;
using Pipeline.State;

namespace Pipeline.TestSupport.Pipeline;

/// <summary>
/// The whole pipeline for one test, on the harness of tools/LocalStack: both stand-ins in-process on free 127.0.0.1
/// ports, a fresh lane (queue, DLQ, state table) on the emulators, and producer / consumer hosts built the way the
/// real ones are, pointed at all of it, with fast test timings. Admin helpers live in PipelineStack.Admin.cs, state
/// and queue readers in PipelineStack.Readers.cs, consumers in PipelineStack.Consumers.cs.
/// </summary>
public sealed partial class PipelineStack : IAsyncDisposable
{
    private readonly Harness _harness;
    private readonly ServiceProvider _stores;
    private readonly List<IAsyncDisposable> _owned = [];
    private readonly Dictionary<string, string?> _settings;

    private PipelineStack(EmulatorFixture emulators, StackOptions options, Harness harness, Lane lane)
    {
        Emulators = emulators;
        Options = options;
        _harness = harness;
        QueueUrl = lane.QueueUrl;
        DeadLetterQueueUrl = lane.DeadLetterQueueUrl;
        TableName = lane.TableName;
        BambooHrAdmin = new HttpClient { BaseAddress = new Uri(BambooHrUrl, "_sandbox/bamboohr/") };
        MoodleAdmin = new HttpClient { BaseAddress = new Uri(MoodleUrl, "_sandbox/moodle/") };
        _settings = DefaultSettings(harness.Settings(lane));
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
    public Uri BambooHrUrl => _harness.Sandboxes.BambooHrUrl;

    /// <summary>The Moodle sandbox site root (ends with '/').</summary>
    public Uri MoodleUrl => _harness.Sandboxes.MoodleUrl;

    /// <summary>What the pipeline's BambooHR client is pointed at (the legacy gateway path).</summary>
    public string BambooHrApiBase => _harness.Sandboxes.BambooHrApiBase.ToString();

    public string QueueUrl { get; }

    public string DeadLetterQueueUrl { get; }

    public string TableName { get; }

    /// <summary>The stack's own emulator clients; every in-process host uses these same instances.</summary>
    public IAmazonSQS Sqs => _harness.Sqs;

    public IAmazonDynamoDB DynamoDb => _harness.DynamoDb;

    public HttpClient BambooHrAdmin { get; }

    public HttpClient MoodleAdmin { get; }

    /// <summary>Log lines of every in-process producer, consumer and Lambda host of this stack.</summary>
    public CapturedLogs Logs { get; } = new();

    /// <summary>Every pipeline setting with ':' keys, ready for <c>AddInMemoryCollection</c>. A copy: change settings through <see cref="StackOptions.Settings"/> or the per-host overrides.</summary>
    public IReadOnlyDictionary<string, string?> Settings => new Dictionary<string, string?>(_settings, StringComparer.OrdinalIgnoreCase);

    /// <summary>The same settings as environment variables ("__" keys) plus the AWS SDK's, for pipeline processes.</summary>
    public IReadOnlyDictionary<string, string?> EnvironmentVariables(IReadOnlyDictionary<string, string?>? overrides = null) =>
        _harness.EnvironmentFor(Merge(overrides));

    public IRunStateStore RunState => _stores.GetRequiredService<IRunStateStore>();

    public IOutcomeStore Outcomes => _stores.GetRequiredService<IOutcomeStore>();

    public IIdempotencyLedger Ledger => _stores.GetRequiredService<IIdempotencyLedger>();

    public IDueStore Due => _stores.GetRequiredService<IDueStore>();

    public IDeadLetterQueue DeadLetterQueue => _stores.GetRequiredService<IDeadLetterQueue>();

    public static async Task<PipelineStack> StartAsync(EmulatorFixture emulators, Action<StackOptions>? configure = null)
    {
        ArgumentNullException.ThrowIfNull(emulators);
        var options = new StackOptions();
        configure?.Invoke(options);

        var harness = await Harness.StartAsync(new HarnessOptions
        {
            Sandboxes = new SandboxSettings
            {
                BambooHrApiKey = options.BambooHrApiKey,
                MoodleAdminToken = options.MoodleAdminToken,
                ConfigureBambooHr = options.ConfigureBambooHr,
                ConfigureMoodle = options.ConfigureMoodle,
            },
        }).ConfigureAwait(false);
        try
        {
            var lane = await harness.CreateLaneAsync(UniqueName.For(options.Prefix, maxLength: 76), options.MaxReceiveCount, options.VisibilityTimeoutSeconds)
                .ConfigureAwait(false);
            return new PipelineStack(emulators, options, harness, lane);
        }
        catch
        {
            await harness.DisposeAsync().ConfigureAwait(false);
            throw;
        }
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
    public Task<SyncResult> RunSyncAsync(TimeSpan wait, IReadOnlyDictionary<string, string?>? overrides = null, CancellationToken ct = default) =>
        RunSyncAsync(wait, SyncScope.Auto, overrides, ct);

    /// <summary>As above, with `--full` (<see cref="SyncScope.Full"/>) or `--changes-only`.</summary>
    public async Task<SyncResult> RunSyncAsync(TimeSpan wait, SyncScope scope, IReadOnlyDictionary<string, string?>? overrides = null, CancellationToken ct = default)
    {
        using var host = BuildProducer(Needs.State | Needs.Queue | Needs.BambooHr | Needs.MoodleIfConfigured, overrides);
        await host.StartAsync(ct).ConfigureAwait(false);
        try
        {
            return await host.Services.GetRequiredService<SyncRunner>().RunAsync(wait, scope, ct).ConfigureAwait(false);
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

    /// <summary>The stack's addresses, secrets and lane, with timings that keep a test fast.</summary>
    private Dictionary<string, string?> DefaultSettings(Dictionary<string, string?> stack)
    {
        static string Int(int n) => n.ToString(CultureInfo.InvariantCulture);
        var settings = new Dictionary<string, string?>(stack, StringComparer.OrdinalIgnoreCase)
        {
            ["Retry:BambooHr:MaxAttempts"] = "3",
            ["Retry:BambooHr:BaseDelay"] = "00:00:00.050",
            ["BambooHr:Timeout"] = "00:00:10",
            ["Moodle:Token"] = Options.PipelineMoodleToken ?? Options.MoodleAdminToken,
            ["Moodle:Timeout"] = "00:00:05",
            ["Retry:Moodle:MaxAttempts"] = "3",
            ["Retry:Moodle:BaseDelay"] = "00:00:00.050",
            ["Queue:DeadLetterHoldSeconds"] = "5",
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
        return settings;
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
        // Consumer processes, the stand-ins and the emulator clients.
        await _harness.DisposeAsync().ConfigureAwait(false);
    }
}
