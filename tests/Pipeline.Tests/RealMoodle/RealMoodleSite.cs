namespace Pipeline.Pipeline.Tests.RealMoodle;

/// <summary>
/// The real Moodle 4.5 that <c>tools/real-moodle.sh up</c> runs, named by what <c>tools/real-moodle.sh env</c> prints
/// (./test.sh exports it): PIPELINE_REAL_MOODLE_URL (site root) and PIPELINE_REAL_MOODLE_TOKEN (the site admin's
/// token for the service with the user functions).
/// </summary>
internal sealed record RealMoodleSite(Uri BaseUrl, string Token)
{
    public const string UrlVariable = "PIPELINE_REAL_MOODLE_URL";
    public const string TokenVariable = "PIPELINE_REAL_MOODLE_TOKEN";

    public static string? SkipReason =>
        string.IsNullOrEmpty(Environment.GetEnvironmentVariable(UrlVariable))
            ? $"no real Moodle: {UrlVariable} is not set (start one with tools/real-moodle.sh up and export tools/real-moodle.sh env)"
            : null;

    public static RealMoodleSite FromEnvironment()
    {
        static string Need(string name) => Environment.GetEnvironmentVariable(name) is { Length: > 0 } v
            ? v
            : throw new InvalidOperationException($"{name} is not set; export what 'tools/real-moodle.sh env' prints");
        return new RealMoodleSite(new Uri(Need(UrlVariable).TrimEnd('/') + "/"), Need(TokenVariable));
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
