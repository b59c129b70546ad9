namespace Pipeline.Contracts;

/// <summary>The terminal outcome a consumer records for one message of one run.</summary>
public enum Outcome
{
    Created,
    Updated,
    Suspended,
    Reactivated,
    Unchanged,
    Stale,
    DeadLettered,
}
