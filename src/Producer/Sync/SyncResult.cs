using Pipeline.Contracts;

namespace Pipeline.Producer.Sync;

public sealed record SyncResult(RunSummary Summary, int ExitCode);

public static class SyncStatus
{
    public const string Completed = "completed";
    public const string Draining = "draining";
    public const string NothingToDo = "nothing_to_do";
    public const string Failed = "failed";

    /// <summary>The mass-suspension safeguard held the run: nothing published, watermark unmoved, `pipeline approve` lets it go on.</summary>
    public const string Held = "held";
    /// <summary>Drained, but Moodle kept failing for some employees (transient_exhausted in the DLQ): the FAILED notification fires.</summary>
    public const string CompletedWithErrors = "completed_with_errors";
}

public static class ExitCodes
{
    public const int Ok = 0;
    public const int Failed = 1;
    public const int BadArguments = 2;

    /// <summary>`audit --fail-on-orphans` found orphaned Moodle accounts: the audit itself worked.</summary>
    public const int OrphansFound = 3;
    public const int Refused = 4;

    /// <summary>The mass-suspension safeguard held the run (summary status held).</summary>
    public const int Held = 5;
    /// <summary>The run completed with errors (transient_exhausted), or its wait ended undrained because consumers are paused or halted.</summary>
    public const int CompletedWithErrors = 6;

    /// <summary>Stopped by Ctrl-C (the CLI exits 130) or SIGTERM (143), the shell's 128 + signal number.</summary>
    public const int Interrupted = 130;
}
