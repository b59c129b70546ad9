namespace Pipeline.Moodle.Tests;

/// <summary>
/// A real Moodle 4.5 lab site, as <c>tools/real-moodle.sh up</c> builds it, named by the environment that
/// <c>tools/real-moodle.sh env</c> prints (./test.sh exports it): PIPELINE_REAL_MOODLE_URL (site root) and
/// PIPELINE_REAL_MOODLE_TOKEN (admin, service with the user and cohort functions), plus the fixture tokens
/// PIPELINE_REAL_MOODLE_TOKEN_USERS_ONLY (admin, service with the six functions of the recorded site),
/// PIPELINE_REAL_MOODLE_TOKEN_NOCAP and PIPELINE_REAL_MOODLE_TOKEN_LIMITED.
/// </summary>
internal sealed record RealMoodleSite(Uri BaseUrl, string AdminToken, string UsersOnlyToken, string NoCapToken, string LimitedToken)
{
    public const string UrlVariable = "PIPELINE_REAL_MOODLE_URL";

    public static string? SkipReason =>
        string.IsNullOrEmpty(Environment.GetEnvironmentVariable(UrlVariable))
            ? $"no real Moodle: {UrlVariable} is not set (start one with tools/real-moodle.sh up and export tools/real-moodle.sh env)"
            : null;

    public static RealMoodleSite FromEnvironment()
    {
        static string Need(string name) => Environment.GetEnvironmentVariable(name) is { Length: > 0 } v
            ? v
            : throw new InvalidOperationException($"{name} is not set; export what 'tools/real-moodle.sh env' prints");
        return new RealMoodleSite(
            new Uri(Need(UrlVariable).TrimEnd('/') + "/"),
            Need("PIPELINE_REAL_MOODLE_TOKEN"),
            Need("PIPELINE_REAL_MOODLE_TOKEN_USERS_ONLY"),
            Need("PIPELINE_REAL_MOODLE_TOKEN_NOCAP"),
            Need("PIPELINE_REAL_MOODLE_TOKEN_LIMITED"));
    }
}

/// <summary>A fact that runs only when a real Moodle is named in the environment; otherwise skipped, saying why.</summary>
[AttributeUsage(AttributeTargets.Method)]
public sealed class RealMoodleFactAttribute : FactAttribute
{
    public RealMoodleFactAttribute()
    {
        if (RealMoodleSite.SkipReason is { } reason)
        {
            Skip = reason;
        }
    }
}
