using System.Globalization;
using System.Text.Json;
using Amazon.DynamoDBv2;
using Amazon.SQS;
using Pipeline.ServiceDefaults;

namespace Pipeline.Bench;

/// <summary>One queue + DLQ + state table created by `pipeline local-setup` for one scenario.</summary>
internal sealed record Lane(string Prefix, string QueueUrl, string DeadLetterQueueUrl, string TableName);

/// <summary>Starts the pipeline's own processes (Release builds) against the sandboxes and the shared emulators.</summary>
internal sealed class PipelineStack(BenchSettings settings) : IDisposable
{
    private readonly List<Lane> _lanes = [];
    private readonly IAmazonSQS _sqs = AwsClientRegistration.CreateSqs();
    private readonly IAmazonDynamoDB _dynamo = AwsClientRegistration.CreateDynamoDb();
    private int _logCounter;

    public IAmazonSQS Sqs => _sqs;

    private string ProducerDll => settings.ProducerDll ?? Path.Combine(settings.RepoRoot, "src/Producer/bin/Release/net10.0/pipeline.dll");

    private string ConsumerDll => Path.Combine(settings.RepoRoot, "src/Consumer.Worker/bin/Release/net10.0/Pipeline.Consumer.Worker.dll");

    public async Task<Lane> CreateLaneAsync(string name, CancellationToken ct)
    {
        var prefix = $"{settings.RunTag}-{name}";
        using var setup = ChildProcess.Start(ProducerDll, ["local-setup", "--prefix", prefix], BaseEnvironment(null), LogBase("setup-" + name));
        var exit = await setup.WaitAsync(TimeSpan.FromMinutes(2), ct).ConfigureAwait(false);
        var line = setup.StdoutLines.LastOrDefault(l => l.StartsWith('{'));
        if (exit != 0 || line is null)
        {
            throw new InvalidOperationException($"pipeline local-setup --prefix {prefix} failed ({exit}); see {setup.StderrPath}.");
        }

        using var doc = JsonDocument.Parse(line);
        var lane = new Lane(prefix, doc.RootElement.GetProperty("queue_url").GetString()!,
            doc.RootElement.GetProperty("dead_letter_queue_url").GetString()!, doc.RootElement.GetProperty("table_name").GetString()!);
        _lanes.Add(lane);
        return lane;
    }

    public List<ChildProcess> StartConsumers(Lane lane, int count, string name)
    {
        var env = BaseEnvironment(lane);
        env["Consumer__Pollers"] = "1";
        env["Consumer__GatherSize"] = settings.GatherSize.ToString(CultureInfo.InvariantCulture);
        return [.. Enumerable.Range(1, count).Select(i => ChildProcess.Start(ConsumerDll, ["worker"], env, LogBase($"{name}-consumer{i}")))];
    }

    public ChildProcess StartProducer(Lane lane, string name, params string[] args) =>
        ChildProcess.Start(ProducerDll, args, BaseEnvironment(lane), LogBase(name + "-producer"));

    public async Task RunCliAsync(Lane lane, string name, params string[] args)
    {
        using var cli = ChildProcess.Start(ProducerDll, args, BaseEnvironment(lane), LogBase(name));
        var exit = await cli.WaitAsync(TimeSpan.FromMinutes(2), CancellationToken.None).ConfigureAwait(false);
        if (exit != 0)
        {
            throw new InvalidOperationException($"pipeline {string.Join(' ', args)} exited {exit}; see {cli.StderrPath}.");
        }
    }

    /// <summary>Deletes what this run created on the shared emulators; the emulators themselves keep running.</summary>
    public async Task RemoveLaneAsync(Lane lane)
    {
        foreach (var url in new[] { lane.QueueUrl, lane.DeadLetterQueueUrl })
        {
            try
            {
                await _sqs.DeleteQueueAsync(url).ConfigureAwait(false);
            }
            catch (AmazonSQSException)
            {
                // Already gone: nothing to clean.
            }
        }

        try
        {
            await _dynamo.DeleteTableAsync(lane.TableName).ConfigureAwait(false);
        }
        catch (AmazonDynamoDBException)
        {
            // Already gone: nothing to clean.
        }

        _lanes.Remove(lane);
    }

    public async Task RemoveAllAsync()
    {
        foreach (var lane in _lanes.ToList())
        {
            await RemoveLaneAsync(lane).ConfigureAwait(false);
        }
    }

    public void Dispose()
    {
        _sqs.Dispose();
        _dynamo.Dispose();
    }

    private string LogBase(string name)
    {
        var dir = Path.Combine(settings.OutputDirectory, "logs");
        Directory.CreateDirectory(dir);
        return Path.Combine(dir, $"{Interlocked.Increment(ref _logCounter):D2}-{name}");
    }

    private Dictionary<string, string> BaseEnvironment(Lane? lane)
    {
        var env = new Dictionary<string, string>(StringComparer.Ordinal)
        {
            ["BambooHr__BaseUrl"] = new Uri(settings.BambooRoot, "api/gateway.php/acme/").ToString(),
            ["BambooHr__ApiKey"] = "sandbox-key",
            ["Moodle__BaseUrl"] = settings.MoodleRoot.ToString(),
            ["Moodle__Token"] = "sandbox-admin-token",
            ["Queue__PublishConcurrency"] = settings.PublishConcurrency.ToString(CultureInfo.InvariantCulture),
            // The drain check's own latency is part of "end to end"; keep it small next to the work measured.
            ["Sync__StabilityWindow"] = "00:00:01",
            ["Sync__PollInterval"] = "00:00:00.500",
            ["Sync__InitialLookbackDays"] = "14",
            ["Consumer__WaitTimeSeconds"] = "1",
            ["Retry__Redelivery__BaseDelay"] = "00:00:02",
            ["Logging__LogLevel__Default"] = "Information",
        };
        if (lane is not null)
        {
            env["Queue__QueueUrl"] = lane.QueueUrl;
            env["Queue__DeadLetterQueueUrl"] = lane.DeadLetterQueueUrl;
            env["State__TableName"] = lane.TableName;
        }

        return env;
    }
}
