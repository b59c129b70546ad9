namespace Pipeline.TestSupport.Pipeline;

/// <summary>What a <see cref="PipelineStack"/> starts with; every setting has a fast, test-friendly default.</summary>
public sealed class StackOptions
{
    /// <summary>Prefix of the queue and table names (a random suffix keeps them unique).</summary>
    public string Prefix { get; set; } = "pipe";

    /// <summary>The main queue's redrive policy.</summary>
    public int MaxReceiveCount { get; set; } = 5;

    /// <summary>The main queue's default visibility timeout.</summary>
    public int VisibilityTimeoutSeconds { get; set; } = 10;

    public string BambooHrApiKey { get; set; } = "stack-bamboo-key";

    public string MoodleAdminToken { get; set; } = "stack-moodle-token";

    /// <summary>The token the pipeline uses; defaults to <see cref="MoodleAdminToken"/>. Set another to simulate a revoked token.</summary>
    public string? PipelineMoodleToken { get; set; }

    /// <summary>Extra or overriding settings (':'-separated keys, e.g. "Sync:Lease"), applied after the defaults.</summary>
    public IDictionary<string, string?> Settings { get; } = new Dictionary<string, string?>(StringComparer.OrdinalIgnoreCase);

    /// <summary>Called on the sandbox's options before it starts (faults, rate limits).</summary>
    public Action<Sandbox.BambooHr.SandboxOptions>? ConfigureBambooHr { get; set; }

    public Action<Sandbox.Moodle.MoodleSandboxOptions>? ConfigureMoodle { get; set; }

    /// <summary>Leave false to keep test output quiet; captured logs are always in <see cref="PipelineStack.Logs"/>.</summary>
    public bool LogToConsole { get; set; }
}
