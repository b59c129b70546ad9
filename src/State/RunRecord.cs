namespace Pipeline.State;

/// <summary>
/// The <c>RUN#&lt;id&gt;/META</c> item. <paramref name="Owner"/> and <paramref name="LeaseExpiresAt"/> say which
/// producer holds the run and until when; a run whose lease has lapsed may be taken over. <paramref name="Full"/>: a
/// full run (every employee BambooHR has), whose <paramref name="Since"/> is only when it began; a take-over publishes
/// the whole company again. <paramref name="ApprovedAt"/>: an operator approved the held run (`pipeline approve`), so the
/// safeguard lets it publish.
/// </summary>
public sealed record RunRecord(
    string RunId,
    string Status,
    DateTimeOffset Since,
    DateTimeOffset? Latest,
    int TotalChanged,
    int Published,
    DateTimeOffset StartedAt,
    string Owner,
    DateTimeOffset LeaseExpiresAt,
    string? Reason,
    bool Full = false,
    DateTimeOffset? ApprovedAt = null);
