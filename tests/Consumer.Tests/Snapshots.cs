using Pipeline.Consumer.Handling;
using Pipeline.Contracts;

namespace Pipeline.Consumer.Tests;

/// <summary>Employees and the queue messages the producer would publish for them.</summary>
internal static class Snapshots
{
    public static readonly DateTimeOffset T1 = new(2025, 6, 2, 9, 0, 0, TimeSpan.Zero);

    public static EmployeeSnapshot Active(string id, string department = "Engineering") => new()
    {
        Id = id,
        EmployeeNumber = "E" + id,
        FirstName = "Test",
        LastName = "Person" + id,
        WorkEmail = $"test.person{id}@acme.example",
        Status = "Active",
        HireDate = "2020-01-06",
        TerminationDate = "0000-00-00",
        Department = department,
        Division = "Technology",
        JobTitle = "Engineer",
        Location = "London",
        Country = "United Kingdom",
    };

    public static EmployeeSnapshot Leaver(string id) => Active(id) with { Status = "Inactive", TerminationDate = "2025-05-30" };

    /// <summary>The username and e-mail the default mapping gives <see cref="Active"/>.</summary>
    public static string Email(string id) => $"test.person{id}@acme.example";

    public static EmployeeChanged Changed(string runId, EmployeeSnapshot snapshot, DateTimeOffset? lastChanged = null, EmployeeAction action = EmployeeAction.Updated) =>
        EmployeeChanged.Create(runId, snapshot.Id, action, lastChanged ?? T1, snapshot, T1.AddMinutes(5));

    public static IncomingMessage Message(EmployeeChanged change, int receiveCount = 1) =>
        Raw(EmployeeChangedCodec.Encode(change), new Dictionary<string, string>
        {
            [MessageAttributes.RunId] = change.RunId,
            [MessageAttributes.EmployeeId] = change.EmployeeId,
        }, receiveCount);

    public static IncomingMessage Raw(string body, IReadOnlyDictionary<string, string> attributes, int receiveCount = 1)
    {
        var id = Guid.NewGuid().ToString("N");
        return new IncomingMessage(id, "receipt-" + id, body, receiveCount, attributes);
    }
}
