namespace Pipeline.Domain;

/// <summary>How an incoming snapshot relates to the one last applied for the same employee.</summary>
public enum Freshness
{
    /// <summary>Newer than (or nothing) applied: apply it.</summary>
    New,
    /// <summary>The same snapshot again (a redelivery or re-run): skip it.</summary>
    Duplicate,
    /// <summary>Older than the applied one: applying it would undo a newer change.</summary>
    Stale,
}
