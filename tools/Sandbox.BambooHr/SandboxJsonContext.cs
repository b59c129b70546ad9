using System.Text.Json.Serialization;

namespace Pipeline.Sandbox.BambooHr;

[JsonSourceGenerationOptions(
    PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase,
    UnmappedMemberHandling = JsonUnmappedMemberHandling.Disallow,
    NumberHandling = JsonNumberHandling.Strict,
    WriteIndented = false)]
[JsonSerializable(typeof(SeedDocument))]
[JsonSerializable(typeof(Dictionary<string, string?>))]
[JsonSerializable(typeof(DirectoryResponse))]
[JsonSerializable(typeof(FaultSettings))]
[JsonSerializable(typeof(StatsResponse))]
[JsonSerializable(typeof(AdminEmployeeList))]
[JsonSerializable(typeof(CalendarSettings))]
internal sealed partial class SandboxJsonContext : JsonSerializerContext;

internal sealed record FieldDescriptor(string Id, string Type, string Name);

internal sealed record DirectoryResponse(IReadOnlyList<FieldDescriptor> Fields, IReadOnlyList<Dictionary<string, string?>> Employees);

internal sealed record StatsResponse(IReadOnlyDictionary<string, int> Calls, IReadOnlyDictionary<string, int> Statuses);

internal sealed record AdminEmployeeList(IReadOnlyList<Dictionary<string, string?>> Employees, IReadOnlyList<Dictionary<string, string?>> Deleted);

/// <summary>Runtime fault settings (PUT /_sandbox/bamboohr/faults); absent members keep their value.</summary>
public sealed class FaultSettings
{
    public int? RateLimit { get; set; }
    public double? RateLimitWindowSeconds { get; set; }
    public double? FailureRate503 { get; set; }
    public int? LatencyMs { get; set; }

    /// <summary>The next N API calls answer 503 with Retry-After: 1 (deterministic, for tests).</summary>
    public int? Fail503Next { get; set; }
}

/// <summary>
/// PUT /_sandbox/bamboohr/calendar. With <see cref="TerminationsTakeEffect"/>, an Active employee whose termination date
/// has arrived reads as Inactive while its lastChanged stays as it was: the worst case for a sync that only asks
/// BambooHR for changes. <see cref="Today"/> (yyyy-mm-dd) pins the sandbox's date; absent, it is today in UTC.
/// </summary>
public sealed class CalendarSettings
{
    public bool TerminationsTakeEffect { get; set; }

    public string? Today { get; set; }
}
