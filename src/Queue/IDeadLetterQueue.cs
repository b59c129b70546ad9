namespace Pipeline.Queue;

public interface IDeadLetterQueue
{
    /// <summary>Sends the original body and attributes to the DLQ, annotated with the failure.</summary>
    Task ParkAsync(string body, IReadOnlyDictionary<string, string> originalAttributes, DeadLetterReason reason, CancellationToken ct);

    /// <summary>Lists up to <paramref name="max"/> DLQ messages and leaves them all in the DLQ, visible.</summary>
    Task<IReadOnlyList<DeadLetter>> PeekAsync(int max, CancellationToken ct);

    /// <summary>
    /// Sends selected messages back to the main queue (failure_* removed, replayed_at added), then deletes
    /// them from the DLQ. A crash between the two gives a duplicate, never a loss.
    /// </summary>
    Task<ReplayResult> ReplayAsync(ReplayFilter filter, bool dryRun, CancellationToken ct);

    /// <summary>
    /// As <see cref="ReplayAsync(ReplayFilter, bool, CancellationToken)"/>, but <paramref name="rewrite"/> may supply, per DLQ
    /// message id, a fresh message to send in its place (body and attributes); messages it leaves out go back as they were.
    /// </summary>
    Task<ReplayResult> ReplayAsync(ReplayFilter filter, bool dryRun, ReplayRewrite? rewrite, CancellationToken ct);
}

/// <summary>Given a chunk of selected DLQ messages, the replacements to send instead, keyed by DLQ message id.</summary>
public delegate Task<IReadOnlyDictionary<string, OutgoingMessage>> ReplayRewrite(IReadOnlyList<DeadLetter> letters, CancellationToken ct);
