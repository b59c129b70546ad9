using System.Globalization;
using Pipeline.LocalStack;

namespace Pipeline.Chaos.Stack;

/// <summary>
/// The settings the producer and consumer processes get: the harness's addresses, secrets and lane, and the short
/// timings that make faults cheap (5 s Moodle timeout, 1 s retry base, 20 s visibility, 5 s lease).
/// </summary>
public static class PipelineSettings
{
    public static Dictionary<string, string?> For(Harness harness, Lane lane, ChaosSettings settings)
    {
        ArgumentNullException.ThrowIfNull(harness);
        ArgumentNullException.ThrowIfNull(settings);
        var s = harness.Settings(lane);
        s["BambooHr:BulkChunkSize"] = "100";
        s["Moodle:Timeout"] = settings.MoodleTimeout.ToString("c", CultureInfo.InvariantCulture);
        s["Sync:StabilityWindow"] = "00:00:03";
        s["Sync:PollInterval"] = "00:00:01";
        s["Sync:Lease"] = settings.Lease.ToString("c", CultureInfo.InvariantCulture);
        s["Consumer:MaxAttempts"] = settings.MaxAttempts.ToString(CultureInfo.InvariantCulture);
        s["Retry:Redelivery:BaseDelay"] = "00:00:01";
        s["Retry:Redelivery:MaxDelay"] = "00:00:04";
        s["Consumer:VisibilityTimeoutSeconds"] = settings.VisibilityTimeoutSeconds.ToString(CultureInfo.InvariantCulture);
        s["Consumer:WaitTimeSeconds"] = "2";
        s["Consumer:Pollers"] = "2";
        s["Consumer:GatherSize"] = "10";
        s["DOTNET_CLI_TELEMETRY_OPTOUT"] = "1";
        s["DOTNET_NOLOGO"] = "1";
        return s;
    }
}
