using Pipeline.Contracts;

namespace Pipeline.State;

/// <summary>Per-run outcomes, one per (run, employee), so redelivered messages never count twice.</summary>
public interface IOutcomeStore
{
    /// <summary>Writes the outcome once; returns false (changing nothing) when one is already recorded for this run and employee.</summary>
    Task<bool> TryRecordAsync(string runId, string employeeId, Outcome outcome, string? detail, CancellationToken ct) =>
        TryRecordAsync(runId, employeeId, outcome, detail, driftCorrected: false, ct);

    /// <summary>As above; <paramref name="driftCorrected"/> marks a write that put right an edit made in Moodle itself.</summary>
    Task<bool> TryRecordAsync(string runId, string employeeId, Outcome outcome, string? detail, bool driftCorrected, CancellationToken ct);

    /// <summary>Counts per outcome for the run; every <see cref="Outcome"/> is present, zero when none.</summary>
    Task<IReadOnlyDictionary<Outcome, int>> CountAsync(string runId, CancellationToken ct);

    /// <summary>How many outcomes of the run were recorded as drift corrected (read once, for the run's summary).</summary>
    Task<int> CountDriftCorrectedAsync(string runId, CancellationToken ct);

    /// <summary>Every recorded outcome of the run, ordered by employee id.</summary>
    Task<IReadOnlyList<RecordedOutcome>> ListAsync(string runId, CancellationToken ct);
}
