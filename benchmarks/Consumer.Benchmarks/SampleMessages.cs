using System.Globalization;
using Pipeline.Contracts;

namespace Pipeline.Consumer.Benchmarks;

/// <summary>Queue message bodies shaped like the producer's: a mix of ASCII and non-ASCII names, all fields set.</summary>
internal static class SampleMessages
{
    private static readonly string[] FirstNames = ["Ada", "Zoë", "Łukasz", "José", "Søren", "Grace", "Alan", "Mary"];
    private static readonly string[] LastNames = ["Lovelace", "Brontë", "Wójcik", "Núñez", "Kierkegård", "Hopper", "Turing", "Jackson"];
    private static readonly string[] Departments = ["Engineering", "Finance", "Sales", "People", "Operations"];
    private static readonly string[] Countries = ["United Kingdom", "Germany", "France", "United States", "Spain"];

    public static EmployeeSnapshot Snapshot(int i)
    {
        var first = FirstNames[i % FirstNames.Length];
        var last = LastNames[i % LastNames.Length];
        var id = (1000 + i).ToString(CultureInfo.InvariantCulture);
        return new EmployeeSnapshot
        {
            Id = id,
            EmployeeNumber = "E" + id,
            FirstName = first,
            LastName = last,
            PreferredName = i % 5 == 0 ? "Sam" : null,
            WorkEmail = $"employee{id}@acme.example",
            Status = "Active",
            HireDate = "2021-03-01",
            TerminationDate = "0000-00-00",
            Department = Departments[i % Departments.Length],
            Division = "Technology",
            JobTitle = "Engineer",
            Location = "London",
            Country = Countries[i % Countries.Length],
        };
    }

    public static string Body(EmployeeSnapshot snapshot) =>
        EmployeeChangedCodec.Encode(EmployeeChanged.Create(
            "20260101T000000Z-bench", snapshot.Id, EmployeeAction.Updated,
            new DateTimeOffset(2026, 1, 5, 9, 15, 0, TimeSpan.Zero), snapshot, new DateTimeOffset(2026, 1, 5, 9, 16, 0, TimeSpan.Zero)));
}
