namespace Pipeline.LocalStack;

/// <summary>What a <see cref="Harness"/> starts with.</summary>
public sealed record HarnessOptions
{
    public SandboxSettings Sandboxes { get; init; } = new();

    /// <summary>Where every process of the stack writes its output (numbered in start order); null: kept in memory.</summary>
    public string? LogDirectory { get; init; }

    /// <summary>Sample every process's peak memory and CPU (<see cref="ProcessStart.SampleUsage"/>).</summary>
    public bool SampleUsage { get; init; }

    /// <summary>The <c>pipeline</c> CLI to run instead of the build output (e.g. the bench's native, published one).</summary>
    public string? Producer { get; init; }
}
