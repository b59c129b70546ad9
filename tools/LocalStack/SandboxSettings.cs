using Microsoft.AspNetCore.Http;
using Pipeline.Sandbox.BambooHr;
using Pipeline.Sandbox.Moodle;

namespace Pipeline.LocalStack;

/// <summary>How the BambooHR and Moodle stand-ins start.</summary>
public sealed record SandboxSettings
{
    /// <summary>
    /// Run each stand-in as its own process (its own runtime settings, e.g. the BambooHR stand-in's PGO off, and no
    /// share of this process's CPU or GC), rather than inside this process.
    /// </summary>
    public bool AsProcesses { get; init; }

    /// <summary>0: a free port (in-process only).</summary>
    public int BambooHrPort { get; init; }

    /// <summary>0: a free port (in-process only).</summary>
    public int MoodlePort { get; init; }

    public string BambooHrApiKey { get; init; } = "sandbox-key";

    /// <summary>The Moodle site admin's token, which the pipeline uses unless told otherwise.</summary>
    public string MoodleAdminToken { get; init; } = "sandbox-admin-token";

    /// <summary>Called on the BambooHR stand-in's options before it starts (faults, rate limits); in-process only.</summary>
    public Action<SandboxOptions>? ConfigureBambooHr { get; init; }

    /// <summary>Called on the Moodle stand-in's options before it starts; in-process only.</summary>
    public Action<MoodleSandboxOptions>? ConfigureMoodle { get; init; }

    /// <summary>Runs in front of every Moodle request (a fault the stand-in does not have); in-process only.</summary>
    public Func<HttpContext, RequestDelegate, Task>? MoodleMiddleware { get; init; }

    /// <summary>Where the stand-in processes write their output.</summary>
    public string? LogDirectory { get; init; }
}
