using System.Globalization;
using Amazon.DynamoDBv2;
using Amazon.SQS;

namespace Pipeline.LocalStack;

/// <summary>
/// The local stack the tests, the bench and the chaos run drive: the emulators (started if needed), the BambooHR and
/// Moodle stand-ins, lanes (queue, DLQ and state table) on the emulators, and the pipeline's own processes pointed
/// at all of it: consumer workers and the <c>pipeline</c> CLI. Processes it started and that still run are killed
/// when it is disposed; lanes stay unless removed (<see cref="RemoveLaneAsync"/>).
/// </summary>
public sealed class Harness : IAsyncDisposable
{
    /// <summary>
    /// Inherited variables a pipeline process never gets: its settings, log levels and output width come from the stack
    /// alone, so a developer's shell cannot leak into a run.
    /// </summary>
    public static IReadOnlyList<string> PipelineVariables { get; } = ["BambooHr__", "Moodle__", "Queue__", "State__", "Sync__", "Consumer__", "Retry__", "Secrets__", "Logging__", "AWS_", "OTEL_", "COLUMNS"];

    private readonly HarnessOptions _options;
    private readonly List<ChildProcess> _processes = [];
    private int _logCounter;

    private Harness(HarnessOptions options, Emulators emulators, Sandboxes sandboxes)
    {
        _options = options;
        Emulators = emulators;
        Sandboxes = sandboxes;
        Sqs = emulators.CreateSqsClient();
        DynamoDb = emulators.CreateDynamoDbClient();
    }

    public Emulators Emulators { get; }

    public Sandboxes Sandboxes { get; }

    /// <summary>The stack's own emulator clients.</summary>
    public IAmazonSQS Sqs { get; }

    public IAmazonDynamoDB DynamoDb { get; }

    public static async Task<Harness> StartAsync(HarnessOptions options, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(options);
        var emulators = await Emulators.EnsureRunningAsync().ConfigureAwait(false);
        var sandboxes = await Sandboxes.StartAsync(options.Sandboxes with { LogDirectory = options.Sandboxes.LogDirectory ?? options.LogDirectory }, ct)
            .ConfigureAwait(false);
        return new Harness(options, emulators, sandboxes);
    }

    /// <summary>A queue, its DLQ and a state table named after <paramref name="name"/> (see <see cref="Lane"/>).</summary>
    public Task<Lane> CreateLaneAsync(string name, int maxReceiveCount = 5, int visibilityTimeoutSeconds = 60, CancellationToken ct = default) =>
        Lane.CreateAsync(Sqs, DynamoDb, name, maxReceiveCount, visibilityTimeoutSeconds, ct);

    /// <summary>Deletes what the lane created on the shared emulators; the emulators themselves keep running.</summary>
    public Task RemoveLaneAsync(Lane lane, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(lane);
        return lane.DeleteAsync(Sqs, DynamoDb, ct);
    }

    /// <summary>
    /// The settings (':' keys, as <c>AddInMemoryCollection</c> takes them) a pipeline host needs to work on this stack:
    /// the stand-ins' addresses and secrets and, given a lane, its queue, DLQ and table. Add timings on top.
    /// </summary>
    public Dictionary<string, string?> Settings(Lane? lane)
    {
        var settings = new Dictionary<string, string?>(StringComparer.OrdinalIgnoreCase)
        {
            ["BambooHr:BaseUrl"] = Sandboxes.BambooHrApiBase.ToString(),
            ["BambooHr:ApiKey"] = Sandboxes.Settings.BambooHrApiKey,
            ["Moodle:BaseUrl"] = Sandboxes.MoodleUrl.ToString(),
            ["Moodle:Token"] = Sandboxes.Settings.MoodleAdminToken,
        };
        if (lane is not null)
        {
            settings["Queue:QueueUrl"] = lane.QueueUrl;
            settings["Queue:DeadLetterQueueUrl"] = lane.DeadLetterQueueUrl;
            settings["State:TableName"] = lane.TableName;
        }

        return settings;
    }

    /// <summary>
    /// A pipeline process's environment: <paramref name="settings"/> with "__" for ':' (other variables as they are,
    /// a null value unsets one) and the AWS SDK's variables for the emulators.
    /// </summary>
    public IReadOnlyDictionary<string, string?> EnvironmentFor(IReadOnlyDictionary<string, string?> settings)
    {
        ArgumentNullException.ThrowIfNull(settings);
        var env = new Dictionary<string, string?>(StringComparer.Ordinal);
        foreach (var (key, value) in settings)
        {
            env[key.Replace(":", "__", StringComparison.Ordinal)] = value;
        }

        foreach (var (key, value) in Emulators.EnvironmentVariables)
        {
            env[key] = value;
        }

        return env;
    }

    /// <summary>One consumer worker process (<see cref="ConsumerWorker"/>) with <paramref name="settings"/> (':' keys).</summary>
    public ChildProcess StartConsumerWorker(string name, IReadOnlyDictionary<string, string?> settings) =>
        Start(name, ConsumerWorker.Executable(), settings, ConsumerWorker.Arguments);

    /// <summary><paramref name="count"/> consumer worker processes, named NAME-1..NAME-count.</summary>
    public IReadOnlyList<ChildProcess> StartConsumerWorkers(int count, string name, IReadOnlyDictionary<string, string?> settings) =>
        [.. Enumerable.Range(1, count).Select(i => StartConsumerWorker($"{name}-{i.ToString(CultureInfo.InvariantCulture)}", settings))];

    /// <summary>The <c>pipeline</c> CLI with <paramref name="arguments"/>, e.g. <c>sync --wait 10m</c>.</summary>
    public ChildProcess StartProducer(string name, IReadOnlyDictionary<string, string?> settings, params string[] arguments) =>
        Start(name, _options.Producer ?? Binaries.Producer(), settings, arguments);

    /// <summary>
    /// Runs the <c>pipeline</c> CLI to its end (killed after <paramref name="timeout"/>); returns the process, exited,
    /// for its exit code and output. Dispose it.
    /// </summary>
    public async Task<ChildProcess> RunProducerAsync(
        string name, IReadOnlyDictionary<string, string?> settings, TimeSpan timeout, CancellationToken ct, params string[] arguments)
    {
        var process = StartProducer(name, settings, arguments);
        await process.ExitCodeAsync(timeout, ct).ConfigureAwait(false);
        return process;
    }

    /// <summary>Any program as a pipeline process of this stack: its environment, its log directory, its usage sampling.</summary>
    public ChildProcess Start(string name, string program, IReadOnlyDictionary<string, string?> settings, IReadOnlyList<string> arguments)
    {
        var process = ChildProcess.Start(new ProcessStart
        {
            Program = program,
            Arguments = arguments,
            Environment = EnvironmentFor(settings),
            RemoveInherited = PipelineVariables,
            Name = _options.LogDirectory is null ? name : $"{Interlocked.Increment(ref _logCounter):D2}-{name}",
            LogDirectory = _options.LogDirectory,
            SampleUsage = _options.SampleUsage,
        });
        lock (_processes)
        {
            _processes.Add(process);
        }

        return process;
    }

    public async ValueTask DisposeAsync()
    {
        List<ChildProcess> processes;
        lock (_processes)
        {
            processes = [.. _processes];
            _processes.Clear();
        }

        foreach (var process in processes)
        {
            await process.DisposeAsync().ConfigureAwait(false);
        }

        await Sandboxes.DisposeAsync().ConfigureAwait(false);
        Sqs.Dispose();
        DynamoDb.Dispose();
    }
}
