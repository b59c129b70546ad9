using Pipeline.Contracts;

namespace Pipeline.State;

/// <summary>Per-run outcomes, one per (run, employee), so redelivered messages never count twice.</summary>
public interface IOutcomeStore
{
    /// <summary>
    /// Writes the outcome once, with the employee's warnings (messages naming the employee and field, never a value);
    /// <paramref name="driftCorrected"/> marks a write that put right an edit made in Moodle itself. Returns false
    /// (changing nothing) when one is already recorded for this run and employee.
    /// </summary>
    Task<bool> TryRecordAsync(
        string runId, string employeeId, Outcome outcome, string? detail, IReadOnlyList<string> warnings, bool driftCorrected, CancellationToken ct);

    /// <summary>Counts per outcome for the run, and of employees whose outcome carries a warning.</summary>
    Task<OutcomeCounts> CountAsync(string runId, CancellationToken ct);

    /// <summary>How many outcomes of the run were recorded as drift corrected (read once, for the run's summary).</summary>
    Task<int> CountDriftCorrectedAsync(string runId, CancellationToken ct);

    /// <summary>Every recorded outcome of the run, ordered by employee id.</summary>
    Task<IReadOnlyList<RecordedOutcome>> ListAsync(string runId, CancellationToken ct);
}

public static class OutcomeStoreExtensions
{
    /// <summary>An outcome without warnings: dead-lettered, stale, or one whose data needed nothing fixed.</summary>
    public static Task<bool> TryRecordAsync(this IOutcomeStore store, string runId, string employeeId, Outcome outcome, string? detail, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(store);
        return store.TryRecordAsync(runId, employeeId, outcome, detail, [], driftCorrected: false, ct);
    }

    /// <summary>An outcome with the employee's warnings, not a drift correction.</summary>
    public static Task<bool> TryRecordAsync(
        this IOutcomeStore store, string runId, string employeeId, Outcome outcome, string? detail, IReadOnlyList<string> warnings, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(store);
        return store.TryRecordAsync(runId, employeeId, outcome, detail, warnings, driftCorrected: false, ct);
    }

    /// <summary>An outcome without warnings that may be a drift correction.</summary>
    public static Task<bool> TryRecordAsync(
        this IOutcomeStore store, string runId, string employeeId, Outcome outcome, string? detail, bool driftCorrected, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(store);
        return store.TryRecordAsync(runId, employeeId, outcome, detail, [], driftCorrected, ct);
    }
}
