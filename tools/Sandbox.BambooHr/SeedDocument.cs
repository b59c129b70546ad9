using System.Text.Json.Serialization;

namespace Pipeline.Sandbox.BambooHr;

/// <summary>
/// The sandbox's whole state as JSON: what POST /_sandbox/bamboohr/load takes, what --Sandbox:SeedPath
/// points at, and what the generator returns. Every employee value is a string or null.
/// </summary>
public sealed class SeedDocument
{
    public string? CompanyDomain { get; set; }
    public IList<SeedEmployee> Employees { get; init; } = [];
    public IList<SeedDeleted> Deleted { get; init; } = [];

    /// <summary>Generator output only: the records a correct pipeline must refuse, and why. Ignored on load.</summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public IList<PoisonRecord>? Poison { get; init; }

    /// <summary>Generator output only: the id of the rehired employee. Ignored on load.</summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public string? RehireId { get; init; }
}

public sealed class SeedEmployee
{
    public string? Id { get; set; }
    public string? EmployeeNumber { get; set; }
    public string? FirstName { get; set; }
    public string? LastName { get; set; }
    public string? PreferredName { get; set; }
    public string? WorkEmail { get; set; }
    public string? Status { get; set; }
    public string? HireDate { get; set; }
    public string? TerminationDate { get; set; }
    public string? Department { get; set; }
    public string? Division { get; set; }
    public string? JobTitle { get; set; }
    public string? Location { get; set; }
    public string? Country { get; set; }
    public string? LastChanged { get; set; }

    /// <summary>
    /// Sandbox-only: when the record was created in BambooHR. Decides Inserted (created at or after
    /// since) versus Updated. Absent means "created at lastChanged".
    /// </summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public string? Created { get; set; }
}

public sealed class SeedDeleted
{
    public string? Id { get; set; }
    public string? LastChanged { get; set; }
}

public sealed record PoisonRecord(string Id, string Reason);
