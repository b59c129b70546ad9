using System.Globalization;

namespace Pipeline.Chaos.Stack;

/// <summary>
/// The environment the producer and consumer processes get: the local stack's addresses, the chaos run's secrets,
/// and the short timings that make faults cheap (5 s Moodle timeout, 1 s retry base, 20 s visibility, 5 s lease).
/// </summary>
public sealed class PipelineEnvironment(string repoRoot, ChaosSettings settings, ChaosSecrets secrets)
{
    public string ProducerDll => Path.Combine(repoRoot, "src/Producer/bin/Release/net10.0/pipeline.dll");

    public string ConsumerDll => Path.Combine(repoRoot, "src/Consumer.Worker/bin/Release/net10.0/Pipeline.Consumer.Worker.dll");

    public string? QueueUrl { get; set; }

    public string? DeadLetterQueueUrl { get; set; }

    public string? TableName { get; set; }

    public Dictionary<string, string> Build()
    {
        var env = new Dictionary<string, string>(StringComparer.Ordinal)
        {
            ["BambooHr__BaseUrl"] = $"http://127.0.0.1:{settings.BambooPort}/api/gateway.php/acme/",
            ["BambooHr__ApiKey"] = secrets.BambooKey,
            ["BambooHr__BulkChunkSize"] = "100",
            ["Moodle__BaseUrl"] = $"http://127.0.0.1:{settings.MoodlePort}/",
            ["Moodle__Token"] = secrets.MoodleToken,
            ["Moodle__Timeout"] = settings.MoodleTimeout.ToString("c", CultureInfo.InvariantCulture),
            ["Sync__StabilityWindow"] = "00:00:03",
            ["Sync__PollInterval"] = "00:00:01",
            ["Sync__Lease"] = settings.Lease.ToString("c", CultureInfo.InvariantCulture),
            ["Consumer__MaxAttempts"] = settings.MaxAttempts.ToString(CultureInfo.InvariantCulture),
            ["Retry__Redelivery__BaseDelay"] = "00:00:01",
            ["Retry__Redelivery__MaxDelay"] = "00:00:04",
            ["Consumer__VisibilityTimeoutSeconds"] = settings.VisibilityTimeoutSeconds.ToString(CultureInfo.InvariantCulture),
            ["Consumer__WaitTimeSeconds"] = "2",
            ["Consumer__Pollers"] = "2",
            ["Consumer__GatherSize"] = "10",
            ["DOTNET_CLI_TELEMETRY_OPTOUT"] = "1",
            ["DOTNET_NOLOGO"] = "1",
        };
        if (QueueUrl is not null)
        {
            env["Queue__QueueUrl"] = QueueUrl;
        }

        if (DeadLetterQueueUrl is not null)
        {
            env["Queue__DeadLetterQueueUrl"] = DeadLetterQueueUrl;
        }

        if (TableName is not null)
        {
            env["State__TableName"] = TableName;
        }

        return env;
    }
}

/// <summary>Distinctive secret values, so the log scan cannot mistake anything else for them.</summary>
public sealed record ChaosSecrets(string MoodleToken, string BambooKey)
{
    public static ChaosSecrets New()
    {
        var salt = Guid.NewGuid().ToString("N");
        return new ChaosSecrets("chaosMoodleTok" + salt[..20], "chaosBambooKey" + salt[12..32]);
    }
}
