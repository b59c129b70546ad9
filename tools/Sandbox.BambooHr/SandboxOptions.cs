namespace Pipeline.Sandbox.BambooHr;

/// <summary>
/// How the sandbox behaves. Bound from the "Sandbox" configuration section (e.g. --Sandbox:RateLimit=5)
/// and then from the optional configure callback of <see cref="BambooHrSandbox.Build"/>.
/// </summary>
public sealed class SandboxOptions
{
    public const string SectionName = "Sandbox";

    /// <summary>Company domain served under /api/gateway.php/{company}/v1 and implied by /api/v1.</summary>
    public string Company { get; set; } = "acme";

    /// <summary>The API key with full access (Basic auth user name).</summary>
    public string ApiKey { get; set; } = "sandbox-key";

    /// <summary>Keys that are recognised but belong to a disabled user: every call answers 403.</summary>
    public ICollection<string> DeniedKeys { get; } = new List<string>();

    /// <summary>
    /// Extra valid keys whose owner may not see the listed fields (e.g. "workEmail"); BambooHR omits such
    /// fields silently, so the sandbox does too.
    /// </summary>
    public IDictionary<string, string[]> RestrictedKeys { get; } = new Dictionary<string, string[]>(StringComparer.Ordinal);

    /// <summary>Requests allowed per <see cref="RateLimitWindow"/> before 429 + Retry-After; 0 = unlimited.</summary>
    public int RateLimit { get; set; }

    public TimeSpan RateLimitWindow { get; set; } = TimeSpan.FromSeconds(1);

    /// <summary>Probability (0..1) that an API call answers 503 with Retry-After: 1.</summary>
    public double FailureRate503 { get; set; }

    /// <summary>Delay added before every API answer.</summary>
    public int LatencyMs { get; set; }

    /// <summary>Optional seed document loaded at start.</summary>
    public string? SeedPath { get; set; }
}
