namespace Pipeline.Queue;

/// <summary>Selects DLQ messages to replay. An empty <see cref="EmployeeIds"/> or a null field means "any".</summary>
public sealed record ReplayFilter(IReadOnlyCollection<string> EmployeeIds, string? ReasonCode, int? Max)
{
    public static ReplayFilter All { get; } = new([], null, null);
}
