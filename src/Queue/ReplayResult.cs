namespace Pipeline.Queue;

/// <summary>
/// <see cref="Examined"/> DLQ messages were looked at, <see cref="Selected"/> matched the filter (listed in
/// <see cref="Messages"/>), <see cref="Replayed"/> were sent to the main queue and deleted from the DLQ.
/// </summary>
public sealed record ReplayResult(int Examined, int Selected, int Replayed, IReadOnlyList<DeadLetter> Messages);
