namespace Pipeline.Domain;

/// <summary>Orders snapshots of one employee by BambooHR's lastChanged, so an older one never overwrites a newer.</summary>
public static class SnapshotOrdering
{
    /// <remarks>
    /// lastChanged has one-second resolution: the same instant with a different hash is a second change
    /// within that second and is applied (<see cref="Freshness.New"/>), since it cannot be ordered.
    /// </remarks>
    public static Freshness IsStale(
        DateTimeOffset incomingLastChanged, string? incomingHash, DateTimeOffset? appliedLastChanged, string? appliedHash)
    {
        if (appliedLastChanged is not { } applied)
        {
            return Freshness.New;
        }

        if (incomingLastChanged < applied)
        {
            return Freshness.Stale;
        }

        if (incomingLastChanged == applied && string.Equals(incomingHash, appliedHash, StringComparison.Ordinal))
        {
            return Freshness.Duplicate;
        }

        return Freshness.New;
    }
}
