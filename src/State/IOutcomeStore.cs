using Pipeline.Contracts;

namespace Pipeline.State;

/// <summary>Per-run outcomes, one per (run, employee), so redelivered messages never count twice.</summary>
public interface IOutcomeStore
{
    /// <summary>Writes the outcome once; returns false (changing nothing) when one is already recorded for this run and employee.</summary>
    Task<bool> TryRecordAsync(string runId, string employeeId, Outcome outcome, string? detail, CancellationToken ct);

    /// <summary>Counts per outcome for the run; every <see cref="Outcome"/> is present, zero when none.</summary>
    Task<IReadOnlyDictionary<Outcome, int>> CountAsync(string runId, CancellationToken ct);

    /// <summary>Every recorded outcome of the run, ordered by employee id.</summary>
    Task<IReadOnlyList<RecordedOutcome>> ListAsync(string runId, CancellationToken ct);
}
