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

    /// <summary>Stopped by Ctrl-C (the CLI exits 130) or SIGTERM (143), the shell's 128 + signal number.</summary>
    public const int Interrupted = 130;
}
