namespace Pipeline.Producer.Sync;

/// <summary>What a new run publishes. A pending run keeps the scope it was claimed with.</summary>
public enum SyncScope
{
    /// <summary>Changes since the watermark; the first run ever (no watermark yet) is full.</summary>
    Auto,

    /// <summary>`sync --full`: every employee BambooHR has, each compared with Moodle itself.</summary>
    Full,

    /// <summary>`sync --changes-only`: changes only, even on the first run (which then looks back Sync:InitialLookbackDays).</summary>
    ChangesOnly,
}
