using Pipeline.Contracts;

namespace Pipeline.Consumer.Handling.Stages;

/// <summary>
/// One snapshot of one employee and every message of the batch that carries it (at-least-once delivery brings copies,
/// and a later run may republish the same snapshot): whatever settles the snapshot settles every copy, and records the
/// outcome for every run in <see cref="RunIds"/>, so no copy and no run is left behind.
/// </summary>
internal sealed record Delivery(EmployeeChanged Change, IReadOnlyList<IncomingMessage> Messages, IReadOnlyList<string> RunIds)
{
    public Delivery(IncomingMessage message, EmployeeChanged change)
        : this(change, [message], [change.RunId])
    {
    }

    public string EmployeeId => Change.EmployeeId;

    /// <summary>
    /// The ledger has already applied this snapshot, yet a full run sent it: it goes on to be compared with Moodle, and
    /// a write it then needs puts right an edit made in Moodle itself (drift), recorded as such.
    /// </summary>
    public bool Recheck { get; init; }

    /// <summary>A recheck because the employee's date arrived (<see cref="EmployeeChanged.Due"/>): its write is the date taking effect, not drift.</summary>
    public bool DueRecheck { get; init; }

    public string RunId => Change.RunId;

    /// <summary>Receives of the first copy: what attempts and the thorough lookup are counted by.</summary>
    public int ReceiveCount => Messages[0].ReceiveCount;

    /// <summary>Copies of one snapshot as one delivery, represented by the first.</summary>
    public static Delivery Merge(IReadOnlyList<Delivery> copies)
    {
        ArgumentOutOfRangeException.ThrowIfZero(copies.Count);
        return copies.Count == 1
            ? copies[0]
            : new Delivery(copies[0].Change, [.. copies.SelectMany(c => c.Messages)], [.. copies.SelectMany(c => c.RunIds).Distinct(StringComparer.Ordinal)]);
    }
}
