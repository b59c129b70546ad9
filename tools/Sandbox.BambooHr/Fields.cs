namespace Pipeline.Sandbox.BambooHr;

/// <summary>The v1 field names the sandbox knows, with the type and label BambooHR reports for them.</summary>
internal static class Fields
{
    public const string Id = "id";
    public const string LastChanged = "lastChanged";
    public const string WorkEmail = "workEmail";
    public const string Status = "status";
    public const string HireDate = "hireDate";
    public const string TerminationDate = "terminationDate";
    public const string FirstName = "firstName";
    public const string LastName = "lastName";
    public const string PreferredName = "preferredName";

    /// <summary>Fields stored per employee (id and lastChanged are kept apart).</summary>
    public static readonly IReadOnlyList<FieldInfo> Stored =
    [
        new("employeeNumber", "text", "Employee #"),
        new("firstName", "text", "First Name"),
        new("lastName", "text", "Last Name"),
        new("preferredName", "text", "Preferred Name"),
        new("workEmail", "email", "Work Email"),
        new("status", "status", "Status"),
        new("hireDate", "date", "Hire Date"),
        new("terminationDate", "date", "Termination Date"),
        new("department", "list", "Department"),
        new("division", "list", "Division"),
        new("jobTitle", "list", "Job Title"),
        new("location", "list", "Location"),
        new("country", "country", "Country"),
    ];

    private static readonly Dictionary<string, FieldInfo> ByName = Stored
        .Append(new FieldInfo(LastChanged, "timestamp", "Last Changed"))
        .ToDictionary(f => f.Id, StringComparer.Ordinal);

    /// <summary>Fields a caller may request (everything stored, plus lastChanged).</summary>
    public static bool IsKnown(string name) => ByName.ContainsKey(name) || name == Id;

    public static FieldInfo Describe(string name) => ByName[name];

    public static bool IsStored(string name) => Stored.Any(f => f.Id == name);

    public static bool IsDate(string name) => name is HireDate or TerminationDate;

    /// <summary>The limit BambooHR has enforced on GET employee and custom reports since 2023-01-16.</summary>
    public const int MaxFieldsPerRequest = 400;
}

internal sealed record FieldInfo(string Id, string Type, string Name);
