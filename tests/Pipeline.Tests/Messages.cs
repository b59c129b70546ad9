using Pipeline.Contracts;

namespace Pipeline.Pipeline.Tests;

/// <summary>Well-formed v1 messages for an employee, as the producer would publish them.</summary>
internal static class Messages
{
    public static EmployeeSnapshot Snapshot(string id, string department = "Engineering", string? email = null) => new()
    {
        Id = id,
        EmployeeNumber = "7" + id,
        FirstName = "Test",
        LastName = "Person" + id,
        WorkEmail = email ?? $"test.person{id}@acme.example",
        Status = "Active",
        HireDate = "2020-01-06",
        TerminationDate = "0000-00-00",
        Department = department,
        Division = "Technology",
        JobTitle = "Engineer",
        Location = "London",
        Country = "United Kingdom",
    };

    public static EmployeeChanged Changed(string runId, EmployeeSnapshot snapshot, DateTimeOffset lastChanged) =>
        EmployeeChanged.Create(runId, snapshot.Id, EmployeeAction.Updated, lastChanged, snapshot, DateTimeOffset.UtcNow);

    public static string RunId(string hint) => $"r-test-{hint}-{Guid.NewGuid():N}"[..30];
}
