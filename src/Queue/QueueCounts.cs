namespace Pipeline.Queue;

/// <summary>SQS's approximate counts: visible, received but not yet deleted, and delayed.</summary>
public sealed record QueueCounts(long Visible, long InFlight, long Delayed)
{
    public bool IsEmpty => Visible == 0 && InFlight == 0 && Delayed == 0;
}
