namespace Pipeline.Sandbox.Moodle;

/// <summary>Start-up settings of the Moodle sandbox. Configuration keys: <c>MoodleSandbox:&lt;Property&gt;</c>.</summary>
public sealed class MoodleSandboxOptions
{
    public string Urls { get; set; } = "http://127.0.0.1:5081";

    /// <summary>A site admin's token: every capability.</summary>
    public string AdminToken { get; set; } = "sandbox-admin-token";

    /// <summary>A token whose user lacks webservice/rest:use (every call: accessexception). Null: no such token.</summary>
    public string? NoCapabilityToken { get; set; } = "sandbox-nocap-token";

    /// <summary>A token whose user has webservice/rest:use only (create/update/delete: nopermissions). Null: no such token.</summary>
    public string? LimitedToken { get; set; } = "sandbox-limited-token";

    /// <summary>As <c>$CFG->debug = DEBUG_DEVELOPER</c>: errors carry <c>debuginfo</c>. Can be changed at run time.</summary>
    public bool Debug { get; set; }

    public string SiteName { get; set; } = "Moodle Sandbox";

    /// <summary>Site URL used in responses; null: taken from the request's scheme and host.</summary>
    public string? SiteUrl { get; set; }

    /// <summary>Functions of the external service the tokens belong to.</summary>
    public IList<string> ServiceFunctions { get; } =
    [
        "core_webservice_get_site_info", "core_user_get_users_by_field", "core_user_get_users",
        "core_user_create_users", "core_user_update_users", "core_user_delete_users",
    ];

    /// <summary>Custom profile fields (shortname to display name); values for other shortnames are ignored, as Moodle does.</summary>
    public IDictionary<string, string> CustomProfileFields { get; } = new Dictionary<string, string>(StringComparer.Ordinal)
    {
        ["costcenter"] = "Cost center",
    };

    public MoodleFaultSettings Faults { get; set; } = new();

    public TimeProvider TimeProvider { get; set; } = TimeProvider.System;

    public int MaxRecordedRequests { get; set; } = 10_000;

    /// <summary>Tests turn request logging down with <c>LogLevel.Warning</c>.</summary>
    public LogLevel MinimumLogLevel { get; set; } = LogLevel.Information;
}
