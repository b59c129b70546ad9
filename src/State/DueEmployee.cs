namespace Pipeline.State;

/// <summary>
/// An employee whose decision changes by itself on <paramref name="Due"/> (a termination date, or the day a held-back
/// joiner may be created): the <c>DUE/&lt;date&gt;#&lt;employeeId&gt;</c> item. <paramref name="LastChanged"/> is the
/// BambooHR lastChanged of the snapshot that was published, so the re-publish is ordered like it.
/// </summary>
public sealed record DueEmployee(string EmployeeId, DateOnly Due, DateTimeOffset LastChanged);
