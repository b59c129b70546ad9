using Pipeline.Contracts;

namespace Pipeline.State;

/// <summary>
/// One <c>RUN#&lt;id&gt;/OUT#&lt;employeeId&gt;</c> item. <see cref="Warnings"/> are what the employee's data needs fixing
/// in BambooHR though the sync went ahead (a department cut to fit); each names the employee id and the field, never
/// the value. <paramref name="DriftCorrected"/>: a Moodle write for a snapshot the ledger had already applied (a full
/// run found the account changed in Moodle itself). Compares by value, warnings included.
/// </summary>
public sealed record RecordedOutcome(string EmployeeId, Outcome Outcome, string? Detail, DateTimeOffset RecordedAt, bool DriftCorrected = false)
{
    public IReadOnlyList<string> Warnings { get; init; } = [];

    public bool Equals(RecordedOutcome? other) =>
        other is not null
        && EmployeeId == other.EmployeeId
        && Outcome == other.Outcome
        && Detail == other.Detail
        && RecordedAt == other.RecordedAt
        && DriftCorrected == other.DriftCorrected
        && Warnings.SequenceEqual(other.Warnings, StringComparer.Ordinal);

    public override int GetHashCode() => HashCode.Combine(EmployeeId, Outcome, Detail, RecordedAt, DriftCorrected, Warnings.Count);
}
