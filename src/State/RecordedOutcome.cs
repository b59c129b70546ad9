using Pipeline.Contracts;

namespace Pipeline.State;

/// <summary>One <c>RUN#&lt;id&gt;/OUT#&lt;employeeId&gt;</c> item.</summary>
public sealed record RecordedOutcome(string EmployeeId, Outcome Outcome, string? Detail, DateTimeOffset RecordedAt);
