using System.Text.Json.Serialization;

namespace Pipeline.Sandbox.Moodle.Admin;

/// <summary>A user as the admin endpoints show and accept it (Moodle's column names).</summary>
public sealed record SandboxUserView
{
    /// <summary>Null when preloading: the next id is used.</summary>
    public long? Id { get; init; }
    public required string Username { get; init; }
    public string Auth { get; init; } = "manual";
    public bool Suspended { get; init; }
    public bool Deleted { get; init; }
    public bool Confirmed { get; init; } = true;
    public string Firstname { get; init; } = string.Empty;
    public string Lastname { get; init; } = string.Empty;
    public string Email { get; init; } = string.Empty;
    public string Idnumber { get; init; } = string.Empty;
    public string Institution { get; init; } = string.Empty;
    public string Department { get; init; } = string.Empty;
    public string City { get; init; } = string.Empty;
    public string Country { get; init; } = string.Empty;
    public string Lang { get; init; } = "en";
    public bool Siteadmin { get; init; }
    public bool Forcepasswordchange { get; init; }
    public long Timecreated { get; init; }
    public long Timemodified { get; init; }
    public Dictionary<string, string>? Customfields { get; init; }
}

public sealed record SandboxSettings(bool Debug);

public sealed record AdminError(string Error);

[JsonSourceGenerationOptions(PropertyNamingPolicy = JsonKnownNamingPolicy.SnakeCaseLower)]
[JsonSerializable(typeof(List<SandboxUserView>))]
[JsonSerializable(typeof(MoodleFaultSettings))]
[JsonSerializable(typeof(StatsDto))]
[JsonSerializable(typeof(List<RecordedRequest>))]
[JsonSerializable(typeof(SandboxSettings))]
[JsonSerializable(typeof(AdminError))]
public sealed partial class SandboxAdminJsonContext : JsonSerializerContext;
