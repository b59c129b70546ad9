using Pipeline.Contracts;

namespace Pipeline.State;

/// <summary>
/// One <c>RUN#&lt;id&gt;/OUT#&lt;employeeId&gt;</c> item. <paramref name="DriftCorrected"/>: a Moodle write for a snapshot
/// the ledger had already applied (a full run found the account changed in Moodle itself).
/// </summary>
public sealed record RecordedOutcome(string EmployeeId, Outcome Outcome, string? Detail, DateTimeOffset RecordedAt, bool DriftCorrected = false);
