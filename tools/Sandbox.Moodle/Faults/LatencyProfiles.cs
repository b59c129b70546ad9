namespace Pipeline.Sandbox.Moodle.Faults;

/// <summary>Named latency profiles.</summary>
internal static class LatencyProfiles
{
    public const string None = "none";
    public const string RealMoodle45TwoCore = "real-moodle-4.5-2core";

    /// <summary>
    /// Fitted to medians measured on a real Moodle 4.5 on 2 cores: create 1/10/50 users = 46/167/786 ms,
    /// update 10/50 = 44/125 ms, get_users_by_field 10/50 values = 82/270 ms; errors ≈ 20 ms; 2 requests at once.
    /// </summary>
    private static readonly Dictionary<string, LatencySpec> RealMoodle = new(StringComparer.Ordinal)
    {
        ["core_user_create_users"] = new(30, 15.2),
        ["core_user_update_users"] = new(24, 2.0),
        ["core_user_get_users_by_field"] = new(35.5, 4.7),
        ["core_user_get_users"] = new(40, 0),
        ["core_user_delete_users"] = new(80, 12),
        ["core_webservice_get_site_info"] = new(30, 0),
        ["*"] = new(20, 0),
    };

    public static (Dictionary<string, LatencySpec> Latency, int? MaxConcurrency) Resolve(string? profile) => profile switch
    {
        null or "" or None => (new Dictionary<string, LatencySpec>(StringComparer.Ordinal), null),
        RealMoodle45TwoCore => (new Dictionary<string, LatencySpec>(RealMoodle, StringComparer.Ordinal), 2),
        _ => throw new ArgumentException($"Unknown latency profile '{profile}'. Known: {None}, {RealMoodle45TwoCore}."),
    };
}
