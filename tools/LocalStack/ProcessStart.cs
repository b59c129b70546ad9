namespace Pipeline.LocalStack;

/// <summary>What <see cref="ChildProcess.Start"/> runs, with which environment, and where its output goes.</summary>
public sealed record ProcessStart
{
    /// <summary>A framework-dependent build (<c>.dll</c>, run with <c>dotnet</c>), or anything else, run as it is.</summary>
    public required string Program { get; init; }

    public IReadOnlyList<string> Arguments { get; init; } = [];

    /// <summary>Set on top of what the process inherits; a null value removes the variable.</summary>
    public IReadOnlyDictionary<string, string?> Environment { get; init; } = new Dictionary<string, string?>();

    /// <summary>
    /// Inherited variables starting with one of these are removed before <see cref="Environment"/> applies, so a
    /// developer's shell (an exported <c>Moodle__Token</c>, an AWS profile) cannot leak into a run.
    /// </summary>
    public IReadOnlyList<string> RemoveInherited { get; init; } = [];

    public string? WorkingDirectory { get; init; }

    /// <summary>Names the process in messages and its log files (<c>NAME.stdout.log</c>, <c>NAME.stderr.log</c>).</summary>
    public string? Name { get; init; }

    /// <summary>
    /// Where stdout and stderr are written as they come. Without one, stderr is kept in memory instead (see
    /// <see cref="ChildProcess.Output"/>); stdout lines are always kept too (summaries are one JSON line).
    /// </summary>
    public string? LogDirectory { get; init; }

    /// <summary>Sample peak resident memory and CPU time from /proc every 50 ms (the bench's figures).</summary>
    public bool SampleUsage { get; init; }
}
