namespace Pipeline.Sandbox.Moodle;

/// <summary>Added service time for one function: <c>base_ms + per_user_ms × users in the call</c>.</summary>
public sealed record LatencySpec(double BaseMs, double PerUserMs);

/// <summary>
/// Faults and latency, as set at start or by <c>PUT /_sandbox/moodle/faults</c> (snake_case JSON). A PUT replaces
/// the whole setting. A <see cref="Profile"/> supplies latency and concurrency; explicit fields override it.
/// </summary>
public sealed class MoodleFaultSettings
{
    /// <summary><c>none</c> (default) or <c>real-moodle-4.5-2core</c>.</summary>
    public string? Profile { get; set; }

    /// <summary>Per function name; the key <c>*</c> applies to calls that fail before reaching a function.</summary>
    public Dictionary<string, LatencySpec>? Latency { get; set; }

    /// <summary>Requests served at once; the rest queue. Null: no limit (or the profile's).</summary>
    public int? MaxConcurrency { get; set; }

    /// <summary>Share of calls answered HTTP 500 without running.</summary>
    public double Http500Rate { get; set; }

    /// <summary>Share of calls that run (writes are applied) and then never answer in time.</summary>
    public double TimeoutRate { get; set; }

    /// <summary><c>hang</c> (hold the response for <see cref="TimeoutHangMs"/> or until the client leaves) or <c>close</c> (drop the connection).</summary>
    public string TimeoutMode { get; set; } = "hang";

    public int TimeoutHangMs { get; set; } = 120_000;

    /// <summary>Share of calls refused with dml_write_exception (writes) or dml_read_exception (reads), HTTP 200, nothing applied.</summary>
    public double DmlErrorRate { get; set; }

    /// <summary>Seed for the fault dice; the same seed and call order give the same faults.</summary>
    public int? Seed { get; set; }
}
