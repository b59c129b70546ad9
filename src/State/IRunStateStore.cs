using Pipeline.Contracts;

namespace Pipeline.State;

/// <summary>
/// The watermark and the one-run-at-a-time claim. Each method is one or two conditional writes (no transactions),
/// ordered so that a crash between them never moves the watermark wrongly.
/// </summary>
public interface IRunStateStore
{
    Task<PipelineState> GetStateAsync(CancellationToken ct);

    /// <summary>
    /// Writes <c>RUN#&lt;id&gt;/META</c> (status publishing, lease held by <paramref name="owner"/>), then claims
    /// <c>STATE/WATERMARK</c> only if no run is pending. Returns false, and leaves no run record behind, when another run holds the claim.
    /// </summary>
    Task<bool> TryClaimRunAsync(string runId, DateTimeOffset since, string owner, TimeSpan lease, CancellationToken ct) =>
        TryClaimRunAsync(runId, since, full: false, owner, lease, ct);

    /// <summary>As above; <paramref name="full"/> records that the run publishes every employee (<see cref="RunRecord.Full"/>).</summary>
    Task<bool> TryClaimRunAsync(string runId, DateTimeOffset since, bool full, string owner, TimeSpan lease, CancellationToken ct);

    Task<RunRecord?> GetRunAsync(string runId, CancellationToken ct);

    /// <summary>Extends the lease; throws <see cref="LeaseLostException"/> when <paramref name="owner"/> no longer holds the run.</summary>
    Task RenewLeaseAsync(string runId, string owner, TimeSpan lease, CancellationToken ct);

    /// <summary>
    /// Ends <paramref name="owner"/>'s lease at once (a sync that stops waiting for the drain): the next sync may take
    /// the run over without waiting for the lease to lapse. Does nothing when another producer holds the run now.
    /// </summary>
    Task ReleaseLeaseAsync(string runId, string owner, CancellationToken ct);

    /// <summary>
    /// Takes over the pending run <paramref name="runId"/> whose producer stopped renewing its lease (it was killed).
    /// Returns false while the lease is still current, or when the run is not the pending one.
    /// </summary>
    Task<bool> TryTakeOverRunAsync(string runId, string newOwner, TimeSpan lease, CancellationToken ct);

    /// <summary>Everything is on the queue: status draining, with the run's totals and latest change.</summary>
    Task MarkPublishedAsync(string runId, DateTimeOffset latest, int totalChanged, int published, CancellationToken ct);

    /// <summary>
    /// Only if <paramref name="runId"/> is the pending run: watermark := <paramref name="newWatermark"/>, claim released,
    /// summary stored, version + 1; then the run is marked completed. Returns false (changing nothing) otherwise.
    /// </summary>
    Task<bool> TryFinalizeRunAsync(string runId, DateTimeOffset newWatermark, RunSummary summary, CancellationToken ct);

    /// <summary>
    /// Releases the claim of <paramref name="runId"/> without moving the watermark and marks the run failed.
    /// Throws <see cref="InvalidOperationException"/> when <paramref name="runId"/> is not the pending run.
    /// </summary>
    Task AbandonRunAsync(string runId, string reason, RunSummary? summary, CancellationToken ct);

    /// <summary>
    /// The safeguard held <paramref name="runId"/> (which <paramref name="owner"/> is publishing and has published nothing of):
    /// status held, lease ended, <paramref name="summary"/> stored as the last run's. The run stays pending, the watermark unmoved.
    /// </summary>
    Task HoldRunAsync(string runId, string owner, RunSummary summary, CancellationToken ct);

    /// <summary>A sync looks at the held pending run again: status publishing, owned by <paramref name="owner"/>. False when it is not held or not pending.</summary>
    Task<bool> TryResumeHeldRunAsync(string runId, string owner, TimeSpan lease, CancellationToken ct);

    /// <summary>`pipeline approve`: the held pending run may publish. Returns null when approved, else why not (nothing changed).</summary>
    Task<string?> ApproveRunAsync(string runId, CancellationToken ct);

    /// <summary>
    /// Sets the watermark to <paramref name="to"/>. Refused (nothing changes) while a run is pending, or when
    /// <paramref name="to"/> is after the current watermark, unless <paramref name="force"/>; a forced rewind also releases the pending run's claim and marks it failed, so that
    /// run can no longer move the watermark past the rewind.
    /// </summary>
    Task<RewindResult> RewindAsync(DateTimeOffset to, bool force, CancellationToken ct);
}
